package io.qhtrack.core.jdbc;

import static io.qhtrack.core.TrackerHarness.SYNCHRONOUS;
import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.Conversion;
import io.qhtrack.core.DeliveryEvent;
import io.qhtrack.core.Event;
import io.qhtrack.core.Origin;
import io.qhtrack.core.Outboxes;
import io.qhtrack.core.ProductLine;
import io.qhtrack.core.Settings;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.core.TrackerHarness;
import io.qhtrack.core.spi.Outbox;
import io.qhtrack.testkit.Fake360;
import io.qhtrack.testkit.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A flood of browser events (what a script can send without a browser) against a tracker whose outbox holds 100:
 * the flood gets the browser's share and no more, a lead reported after it is {@code QUEUED}, and the lead reaches 360
 * before any of the browser events, in memory and in the JDBC outbox on H2 and PostgreSQL.
 */
class BrowserShareTest {

    private static final int CAPACITY = 100;

    static Stream<Arguments> outboxes() {
        return Stream.of(
                Arguments.of("memory", (Supplier<Outbox>) () -> Outboxes.fromSettings(Settings.of(Map.of(
                        "qhtrack.outbox.capacity", Integer.toString(CAPACITY))))),
                Arguments.of("H2", (Supplier<Outbox>) () -> JdbcOutbox.builder().url(JdbcTestDatabases.h2FileUrl())
                        .user("sa").capacity(CAPACITY).timeout(JdbcOutboxContract.PATIENT).build()),
                Arguments.of("PostgreSQL", (Supplier<Outbox>) () -> JdbcOutbox.builder()
                        .url(JdbcTestDatabases.postgresUrl()).user("postgres").table(JdbcTestDatabases.freshTable())
                        .capacity(CAPACITY).timeout(JdbcOutboxContract.PATIENT).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outboxes")
    void aLeadAfterAThousandBrowserEventsIsQueuedAndDeliveredBeforeThem(String name, Supplier<Outbox> outbox) {
        try (TrackerHarness h = new TrackerHarness(TrackerHarness.START, SYNCHRONOUS.andThen(b -> b.outbox(outbox.get())
                .maxConcurrency(1)))) {
            h.fake.failAlways(Fault.httpStatus(503)); // nothing is delivered while the flood comes in

            List<TrackOutcome.Status> flood = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                flood.add(h.tracker.report(TrackerHarness.click(ProductLine.PC_SEARCH, "forged" + i),
                        Conversion.builder(Event.CALL_BUTTON).origin(Origin.BROWSER).build()).status());
            }
            TrackOutcome lead = h.tracker.report(TrackerHarness.click(ProductLine.PC_SEARCH, "visitor"),
                    Conversion.builder(Event.SUBMIT).transId("the-lead").build());

            Map<TrackOutcome.Status, Long> byStatus = flood.stream().collect(Collectors.groupingBy(s -> s,
                    Collectors.counting()));
            assertThat(byStatus.keySet()).containsOnly(TrackOutcome.Status.QUEUED, TrackOutcome.Status.OUTBOX_FULL);
            assertThat(byStatus.get(TrackOutcome.Status.QUEUED)).as("the browser's share of %s", CAPACITY)
                    .isBetween(1L, (long) (CAPACITY * 0.2));
            assertThat(lead.status()).isEqualTo(TrackOutcome.Status.QUEUED);

            // 360 answers again, and every retry is due: the lead goes first
            assertThat(h.events(DeliveryEvent.Kind.WILL_RETRY)).hasSize((int) (byStatus.get(TrackOutcome.Status.QUEUED) + 1));
            h.fake.healthy();
            h.fake.clear();
            h.advance(Duration.ofMinutes(10));
            List<Fake360.Received> accepted = h.fake.accepted();
            assertThat(accepted).hasSize((int) (byStatus.get(TrackOutcome.Status.QUEUED) + 1));
            assertThat(accepted.get(0).event()).as("the first upload after the flood").isEqualTo("SUBMIT");
            System.out.println(name + ": of 1000 browser events " + byStatus + "; the lead went first");
        }
    }
}
