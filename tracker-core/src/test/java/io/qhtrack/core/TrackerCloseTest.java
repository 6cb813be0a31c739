package io.qhtrack.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.jdbc.JdbcOutbox;
import io.qhtrack.testkit.Fake360;
import io.qhtrack.testkit.Fault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shutting down over a durable outbox: stop claiming, let what is in flight settle, leave the rest for next time. */
class TrackerCloseTest {

    @TempDir
    Path dir;

    private Tracker.Builder tracker(Fake360 fake, String url) {
        return Tracker.builder().jmx(false).endpoint(fake.endpoint()).maxConcurrency(4)
                .credentials(Credentials.of(Account.SEARCH, "k", "s", null))
                .outbox(JdbcOutbox.builder().url(url).build());
    }

    private static Click click(int i) {
        return Click.of(ProductLine.PC_SEARCH, "close" + i, java.time.Instant.now());
    }

    @Test
    void closingWithABacklogSettlesWhatIsInFlightAndTheNextStartDeliversTheRestOnce() {
        String url = "jdbc:h2:file:" + dir.resolve("outbox") + ";DB_CLOSE_ON_EXIT=FALSE";
        int n = 200;
        long leftAtClose;
        long deliveredBeforeClose;
        try (Fake360 slow = Fake360.builder().credentials("k", "s").start()) {
            slow.failAlways(Fault.stall(Duration.ofMillis(300)));
            // the first tracker keeps the dispatcher's thread: its meaning is closing while requests are in flight
            Tracker first = tracker(slow, url).build();
            for (int i = 0; i < n; i++) {
                assertThat(first.report(click(i), Conversion.builder(Event.SUBMIT).transId("t" + i).build())
                        .isQueued()).isTrue();
            }
            TrackerHarness.await("a first attempt", () -> !slow.received().isEmpty(), slow::toString);

            leftAtClose = first.close(Duration.ofSeconds(30));
            deliveredBeforeClose = first.metrics().getDelivered();

            // everything that reached 360 was settled as delivered before close returned: nothing is in limbo
            assertThat(slow.received()).hasSize((int) deliveredBeforeClose);
            assertThat(leftAtClose).isEqualTo(n - deliveredBeforeClose).isPositive();
        }
        try (Fake360 healthy = Fake360.builder().credentials("k", "s").start();
                // the next start delivers on this thread: the backlog is sent and settled when build() returns
                Tracker second = tracker(healthy, url).executor(Runnable::run).build()) {
            assertThat(healthy.accepted()).hasSize((int) leftAtClose);
            assertThat(second.metrics().getBacklog()).isZero();

            Map<String, Long> perTransId = healthy.accepted().stream()
                    .collect(Collectors.groupingBy(Fake360.Received::transId, Collectors.counting()));
            assertThat(perTransId).hasSize((int) leftAtClose).allSatisfy((t, count) -> assertThat(count).isOne());
        }
    }
}
