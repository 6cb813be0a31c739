package io.qhtrack.core.jdbc;

import static io.qhtrack.core.TrackerHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.Account;
import io.qhtrack.core.Click;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Credentials;
import io.qhtrack.core.Event;
import io.qhtrack.core.OutboxState;
import io.qhtrack.core.ProductLine;
import io.qhtrack.core.RetryPolicy;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.core.Tracker;
import io.qhtrack.core.spi.Outbox;
import io.qhtrack.testkit.Fake360;
import io.qhtrack.testkit.Fault;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Two trackers (two dispatchers, two connection pools: two nodes) share one PostgreSQL outbox while Fake360 fails
 * at random: every conversion is delivered exactly once.
 */
class JdbcOutboxTwoNodesTest {

    private static final String KEY = "sk-nodes";
    private static final String SECRET = "ss-nodes";
    private static final int CONVERSIONS = 3000;
    /** Clocks run from noon in China, so the test never straddles a natural day. */
    private static final Instant NOON = Instant.parse("2026-03-10T04:00:00Z");

    private static Tracker node(String name, Fake360 fake, Clock clock, String table) {
        return Tracker.builder().name(name).endpoint(fake.endpoint()).clock(clock)
                .credentials(Credentials.of(Account.SEARCH, KEY, SECRET, null))
                .retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ofMillis(5))
                        .maxBackoff(Duration.ofMillis(50)).build())
                .requestTimeout(Duration.ofSeconds(5)).maxConcurrency(16).pollInterval(Duration.ofMillis(20))
                .jmx(false)
                // patient: a report HELD by a slow commit on a loaded machine would change the counts below
                .outbox(JdbcOutbox.builder().url(JdbcTestDatabases.postgresUrl()).user("postgres").table(table)
                        .timeout(Duration.ofSeconds(30)).build())
                .build();
    }

    @Test
    void everyConversionIsDeliveredExactlyOnceByTwoNodesWhile360FailsAtRandom() throws Exception {
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), NOON));
        String table = JdbcTestDatabases.freshTable();
        try (Fake360 fake = Fake360.builder().credentials(KEY, SECRET).start();
                Tracker a = node("node-a", fake, clock, table);
                Tracker b = node("node-b", fake, clock, table)) {
            fake.failRandomly(0.3, 20260310L, Fault.httpStatus(503), Fault.httpStatus(502), Fault.dropConnection(),
                    Fault.stall(Duration.ofMillis(50)), Fault.garbage("<html>busy</html>"));
            List<Tracker> nodes = List.of(a, b);
            ExecutorService visitors = Executors.newFixedThreadPool(8);
            List<Future<List<TrackOutcome.Status>>> reports = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                reports.add(visitors.submit(() -> {
                    List<TrackOutcome.Status> statuses = new ArrayList<>();
                    for (int i = thread; i < CONVERSIONS; i += 8) {
                        Click click = Click.of(ProductLine.PC_SEARCH, "node" + i, clock.instant());
                        Conversion c = Conversion.builder(Event.SUBMIT).transId("n-" + i).build();
                        statuses.add(nodes.get(i % 2).report(click, c).status());
                        if (i % 10 == 0) { // a double submit that lands on the other node
                            statuses.add(nodes.get((i + 1) % 2).report(click, c).status());
                        }
                    }
                    return statuses;
                }));
            }
            List<TrackOutcome.Status> statuses = new ArrayList<>();
            for (Future<List<TrackOutcome.Status>> f : reports) {
                statuses.addAll(f.get(120, TimeUnit.SECONDS));
            }
            visitors.shutdown();
            assertThat(statuses.stream().filter(s -> s == TrackOutcome.Status.QUEUED).count()).isEqualTo(CONVERSIONS);
            assertThat(statuses.stream().filter(s -> s == TrackOutcome.Status.DUPLICATE).count())
                    .isEqualTo(CONVERSIONS / 10);

            Outbox outbox = a.outbox();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (outbox.counts().get(OutboxState.DELIVERED) < CONVERSIONS && System.nanoTime() < deadline) {
                fake.awaitAccepted(Math.min(CONVERSIONS, fake.accepted().size() + 1), Duration.ofSeconds(30));
            }
            await("every row delivered", () -> outbox.counts().get(OutboxState.DELIVERED) == CONVERSIONS,
                    () -> outbox.counts() + " " + fake);

            List<Fake360.Received> accepted = fake.accepted();
            Map<String, Long> perTransId = accepted.stream().collect(Collectors.groupingBy(Fake360.Received::transId,
                    Collectors.counting()));
            assertThat(perTransId).hasSize(CONVERSIONS);
            assertThat(perTransId.values()).containsOnly(1L);
            assertThat(accepted).hasSize(CONVERSIONS).noneMatch(Fake360.Received::duplicate);
            assertThat(outbox.counts()).containsEntry(OutboxState.PENDING, 0L).containsEntry(OutboxState.DEAD, 0L)
                    .containsEntry(OutboxState.EXPIRED, 0L);
            long failed = fake.received().size() - accepted.size();
            assertThat(failed).isPositive();
            // a node counts a delivery just after committing it
            await("both nodes to count every delivery",
                    () -> a.metrics().getDelivered() + b.metrics().getDelivered() == CONVERSIONS,
                    () -> "node-a " + a.metrics().getDelivered() + ", node-b " + b.metrics().getDelivered());
            assertThat(a.metrics().getDelivered()).isPositive();
            assertThat(b.metrics().getDelivered()).isPositive();
            System.out.println("two nodes: " + CONVERSIONS + " delivered exactly once (node-a "
                    + a.metrics().getDelivered() + ", node-b " + b.metrics().getDelivered() + ") after " + failed
                    + " failed attempts out of " + fake.received().size() + " requests");
        }
    }
}
