package io.qhtrack.core.jdbc;

import static io.qhtrack.core.TrackerHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.Account;
import io.qhtrack.core.Credentials;
import io.qhtrack.core.OutboxState;
import io.qhtrack.core.Tracker;
import io.qhtrack.core.spi.Outbox;
import io.qhtrack.testkit.Fake360;
import io.qhtrack.testkit.Fault;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A JVM that accepted conversions is killed with SIGKILL while 360 hangs on its uploads; a new JVM on the same
 * database delivers every one of them exactly once.
 */
class JdbcOutboxCrashTest {

    private static final String KEY = "sk-crash";
    private static final String SECRET = "ss-crash";
    private static final int CONVERSIONS = 200;
    private static final Duration CHILD_LEASE = Duration.ofMinutes(2);
    /** Both JVMs run their clocks from noon in China, so the test never straddles a natural day. */
    private static final Instant NOON = Instant.parse("2026-03-10T04:00:00Z");

    @Test
    void conversionsAcceptedByAKilledJvmAreDeliveredExactlyOnceFromAnH2File() throws Exception {
        crashAndRecover(JdbcTestDatabases.h2FileUrl(), "sa");
    }

    @Test
    void conversionsAcceptedByAKilledJvmAreDeliveredExactlyOnceFromPostgresql() throws Exception {
        crashAndRecover(JdbcTestDatabases.postgresUrl(), "postgres");
    }

    private void crashAndRecover(String url, String user) throws Exception {
        Duration offset = Duration.between(Instant.now(), NOON);
        String table = JdbcTestDatabases.freshTable();
        int inFlightAtKill;
        try (Fake360 hanging = Fake360.builder().credentials(KEY, SECRET).start()) {
            hanging.failAlways(Fault.stall(Duration.ofMinutes(5)));
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(), url, user, table,
                    hanging.endpoint().toString(), KEY, SECRET, Integer.toString(CONVERSIONS),
                    Long.toString(offset.toMillis()), Long.toString(CHILD_LEASE.toMillis()))
                    .redirectErrorStream(true).start();
            try {
                BlockingQueue<String> lines = new LinkedBlockingQueue<>();
                Thread reader = new Thread(() -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                            StandardCharsets.UTF_8))) {
                        for (String line = r.readLine(); line != null; line = r.readLine()) {
                            lines.add(line);
                        }
                    } catch (IOException e) {
                        lines.add("EOF " + e);
                    }
                });
                reader.setDaemon(true);
                reader.start();
                StringBuilder output = new StringBuilder();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                String line;
                do {
                    line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (line == null) {
                        throw new AssertionError("the child never said ACCEPTED; it printed:\n" + output);
                    }
                    output.append(line).append('\n');
                } while (!line.equals("ACCEPTED " + CONVERSIONS));
                await("the child's uploads to hang", () -> hanging.received().size() >= 1, hanging::toString);
            } finally {
                child.destroyForcibly(); // SIGKILL: no shutdown hook, no drain
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            inFlightAtKill = hanging.received().size();
        }

        // before any tracker runs on the table (a running one may deliver at once): every conversion is pending
        try (JdbcOutbox inspector = JdbcOutbox.builder().url(url).user(user).table(table).build()) {
            assertThat(inspector.counts()).containsEntry(OutboxState.PENDING, (long) CONVERSIONS)
                    .containsEntry(OutboxState.DELIVERED, 0L);
        }
        assertThat(inFlightAtKill).isBetween(1, Tracker.DEFAULT_MAX_CONCURRENCY);

        try (Fake360 healthy = Fake360.builder().credentials(KEY, SECRET).start();
                Tracker survivor = Tracker.builder().name("survivor").endpoint(healthy.endpoint())
                        .credentials(Credentials.of(Account.SEARCH, KEY, SECRET, null))
                        // the dead JVM's leases lapse two minutes after its clock
                        .clock(Clock.offset(Clock.systemUTC(), offset.plus(CHILD_LEASE).plusSeconds(1)))
                        .pollInterval(Duration.ofMillis(20)).maxConcurrency(16).jmx(false)
                        .outbox(JdbcOutbox.builder().url(url).user(user).table(table).build()).build()) {
            Outbox outbox = survivor.outbox();

            healthy.awaitAccepted(CONVERSIONS, Duration.ofSeconds(60));
            await("every row delivered", () -> outbox.counts().get(OutboxState.DELIVERED) == CONVERSIONS,
                    () -> outbox.counts().toString());

            List<Fake360.Received> accepted = healthy.accepted();
            Map<String, Long> perTransId = accepted.stream().collect(Collectors.groupingBy(Fake360.Received::transId,
                    Collectors.counting()));
            assertThat(perTransId).hasSize(CONVERSIONS).allSatisfy((t, n) -> assertThat(n).isEqualTo(1L));
            assertThat(accepted).noneMatch(Fake360.Received::duplicate);
            assertThat(healthy.received()).hasSize(CONVERSIONS);
            assertThat(perTransId.keySet()).isEqualTo(java.util.stream.IntStream.range(0, CONVERSIONS)
                    .mapToObj(i -> "crash-" + i).collect(Collectors.toSet()));
            assertThat(outbox.counts()).containsEntry(OutboxState.PENDING, 0L);
            System.out.println("crash test " + url + ": " + CONVERSIONS + " accepted, "
                    + inFlightAtKill + " in flight at SIGKILL; after restart " + perTransId.size()
                    + " delivered, each once");
        }
    }
}
