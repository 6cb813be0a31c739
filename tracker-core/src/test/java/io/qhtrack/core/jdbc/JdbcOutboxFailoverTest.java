package io.qhtrack.core.jdbc;

import static io.qhtrack.core.Origin.SERVER;
import static io.qhtrack.core.TrackerHarness.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Event;
import io.qhtrack.core.OutboxState;
import io.qhtrack.core.ProductLine;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.core.TrackerHarness;
import io.qhtrack.core.spi.Outbox;
import io.qhtrack.core.spi.OutboxEntry;
import io.qhtrack.testkit.Fake360;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox's PostgreSQL in the states an operator meets: a failover (stopped, back <b>read-only</b> for a few
 * seconds, SQLState 25006: the old primary, or a standby promoted late; then writable), serialization failures that do
 * not end, a deadlock with another connection, a settle while the database is stopped, and an application's pool that
 * lends no connection. Every conversion answered to the application ({@code QUEUED} or {@code HELD}) reaches 360
 * exactly once; none is refused, none is lost, and no wait outlasts {@code qhtrack.outbox.timeout}.
 */
class JdbcOutboxFailoverTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** What "within the bound" allows beyond it: scheduling on a shared 2-core machine, never a hang. */
    private static final Duration MARGIN = Duration.ofSeconds(3);
    private static final Instant T0 = JdbcOutboxContract.T0;
    private static final Instant DEADLINE = JdbcOutboxContract.DEADLINE;
    private static final Duration LEASE = JdbcOutboxContract.LEASE;
    private static final int NO_LIMIT = JdbcOutboxContract.NO_LIMIT;
    /** How long the database stays read-only: a few seconds, as a late promotion. */
    private static final Duration READ_ONLY_SPELL = Duration.ofSeconds(4);

    @Test
    void postgresqlStoppedThenReadOnlyThenWritableDeliversEveryAnsweredConversionExactlyOnce(@TempDir Path dir)
            throws Exception {
        int port = freePort();
        EmbeddedPostgres pg = postgres(dir, port, false);
        String url = "jdbc:postgresql://localhost:" + port + "/postgres";
        Map<String, TrackOutcome.Status> answered = new LinkedHashMap<>();
        try (TrackerHarness h = new TrackerHarness(TrackerHarness.START, b -> b.outbox(JdbcOutbox.builder().url(url)
                .user("postgres").table(JdbcTestDatabases.freshTable()).timeout(TIMEOUT).build()))) {
            report(h, "up", 3, answered);
            h.fake.awaitAccepted(3, Duration.ofSeconds(20));

            pg.close(); // stopped: conversions are held
            report(h, "stopped", 3, answered);

            pg = postgres(dir, port, true); // back, read-only: a failover that reached the old primary
            long readOnlyUntil = System.nanoTime() + READ_ONLY_SPELL.toNanos();
            int n = 0;
            while (System.nanoTime() < readOnlyUntil) { // the spell is real time: the committer retries meanwhile
                report(h, "readonly" + n++, 1, answered);
                Thread.sleep(200);
            }

            pg.close();
            pg = postgres(dir, port, false); // promoted: writable again
            report(h, "writable", 3, answered);

            List<String> expected = new ArrayList<>(answered.keySet());
            await("every answered conversion at 360", () -> acceptedTransIds(h.fake).containsAll(expected),
                    () -> "answered " + answered + "; 360 accepted " + acceptedTransIds(h.fake) + "; outbox "
                            + h.tracker.outbox());
            assertThat(answered.values()).as("%s", answered).containsOnly(TrackOutcome.Status.QUEUED,
                    TrackOutcome.Status.HELD);
            Map<String, Long> times = h.fake.accepted().stream().collect(Collectors.groupingBy(
                    Fake360.Received::transId, Collectors.counting()));
            assertThat(times).as("uploads accepted per trans_id").allSatisfy((t, k) -> assertThat(k).isEqualTo(1));
            assertThat(times.keySet()).containsExactlyInAnyOrderElementsOf(expected);
            await("every row settled", () -> h.tracker.outbox().counts().get(OutboxState.DELIVERED)
                    == expected.size(), () -> String.valueOf(h.tracker.outbox().counts()));
            System.out.println("failover: " + answered.size() + " conversions answered " + answered.values().stream()
                    .collect(Collectors.groupingBy(s -> s, Collectors.counting())) + ", each delivered once");
        } finally {
            pg.close();
        }
    }

    @Test
    void aClaimThatMeetsADeadlockIsMadeAgainAtOnceAndClaimsTheRow() throws Exception {
        String url = JdbcTestDatabases.postgresUrl();
        String table = JdbcTestDatabases.freshTable();
        JdbcOutbox o = JdbcOutbox.builder().url(url).user("postgres").table(table).timeout(TIMEOUT).build();
        try {
            o.add(JdbcOutboxContract.upload("deadlocked", "t"), T0, DEADLINE, NO_LIMIT);
            // the first two claims are rolled back as deadlock victims (a sequence counts them: it is not rolled back)
            JdbcTestDatabases.execute(url, "postgres", "CREATE SEQUENCE " + table + "_victims");
            JdbcTestDatabases.execute(url, "postgres", "CREATE FUNCTION " + table + "_deadlock() RETURNS trigger "
                    + "LANGUAGE plpgsql AS $$ BEGIN IF nextval('" + table + "_victims') <= 2 THEN RAISE EXCEPTION "
                    + "'deadlock detected' USING ERRCODE = '40P01'; END IF; RETURN NEW; END $$");
            JdbcTestDatabases.execute(url, "postgres", "CREATE TRIGGER " + table + "_deadlock BEFORE UPDATE ON "
                    + table + " FOR EACH ROW EXECUTE PROCEDURE " + table + "_deadlock()");

            List<OutboxEntry> claimed = o.claimDue(1, T0, Duration.ofMinutes(5));

            assertThat(claimed).extracting(e -> e.upload().clickId()).containsExactly("deadlocked");
            assertThat(o.counts()).containsEntry(OutboxState.PENDING, 1L);
        } finally {
            o.close();
        }
    }

    @Test
    void aSerializationFailureThatDoesNotEndIsHeldAndWrittenOnceItEndsNeverRefused() throws Exception {
        String url = JdbcTestDatabases.postgresUrl();
        String table = JdbcTestDatabases.freshTable();
        JdbcOutbox o = JdbcOutbox.builder().url(url).user("postgres").table(table).timeout(TIMEOUT).build();
        try {
            // the database answers every insert with a serialization failure, as a busy SERIALIZABLE one could
            JdbcTestDatabases.execute(url, "postgres", "CREATE FUNCTION " + table + "_conflict() RETURNS trigger "
                    + "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'could not serialize access' USING ERRCODE = "
                    + "'40001'; END $$");
            JdbcTestDatabases.execute(url, "postgres", "CREATE TRIGGER " + table + "_conflict BEFORE INSERT ON "
                    + table + " FOR EACH ROW EXECUTE PROCEDURE " + table + "_conflict()");

            List<Outbox.AddResult> answers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                answers.add(o.add(JdbcOutboxContract.upload("conflict" + i, "t"), T0, DEADLINE, NO_LIMIT));
            }
            assertThat(answers).containsOnly(Outbox.AddResult.HELD);
            assertThat(o.spilled()).isEqualTo(3);

            JdbcTestDatabases.execute(url, "postgres", "DROP TRIGGER " + table + "_conflict ON " + table);
            await("the held conversions written", () -> o.spilled() == 0, () -> o.spilled() + " held");
            assertThat(o.counts()).containsEntry(OutboxState.PENDING, 3L).containsEntry(OutboxState.DEAD, 0L);
        } finally {
            o.close();
        }
    }

    @Test
    void aDeadlockWithAnotherConnectionIsTriedAgainAndTheBatchWritten() throws Exception {
        String url = JdbcTestDatabases.postgresUrl();
        String table = JdbcTestDatabases.freshTable();
        JdbcOutbox o = JdbcOutbox.builder().url(url).user("postgres").table(table)
                .timeout(JdbcOutboxContract.PATIENT).build();
        ExecutorService visitors = Executors.newFixedThreadPool(2);
        long deadlocksBefore = deadlocks(url);
        try (Connection other = DriverManager.getConnection(url, "postgres", "")) {
            o.add(JdbcOutboxContract.upload("dlA", "0"), T0, DEADLINE, NO_LIMIT);
            o.add(JdbcOutboxContract.upload("dlB", "0"), T0, DEADLINE, NO_LIMIT);
            other.setAutoCommit(false);
            lockClick(other, table, "dlB");

            o.holdCommits();
            Future<Outbox.AddResult> a = visitors.submit(() -> o.add(JdbcOutboxContract.upload("dlA", "1"), T0,
                    DEADLINE, NO_LIMIT));
            Future<Outbox.AddResult> b = visitors.submit(() -> o.add(JdbcOutboxContract.upload("dlB", "1"), T0,
                    DEADLINE, NO_LIMIT));
            await("both adds queued", () -> o.queuedAdds() == 2, () -> o.queuedAdds() + " queued");
            o.releaseCommits(); // the committer locks dlA, then waits for dlB, which the other connection holds
            await("the committer waiting for dlB", () -> waitingOnALock(url) > 0, () -> "no one waits");
            lockClick(other, table, "dlA"); // a cycle: PostgreSQL aborts the committer's transaction (40P01)
            other.commit();

            assertThat(a.get(60, TimeUnit.SECONDS)).isEqualTo(Outbox.AddResult.ADDED);
            assertThat(b.get(60, TimeUnit.SECONDS)).isEqualTo(Outbox.AddResult.ADDED);
            await("PostgreSQL counting the deadlock", () -> deadlocks(url) > deadlocksBefore,
                    () -> deadlocks(url) + " deadlocks");
            assertThat(o.counts()).containsEntry(OutboxState.PENDING, 4L);
        } finally {
            o.releaseCommits();
            visitors.shutdownNow();
            o.close();
        }
    }

    @Test
    void aSettleWhileTheDatabaseIsStoppedIsWrittenWhenItAnswersAgainWithinTheLease(@TempDir Path dir)
            throws Exception {
        int port = freePort();
        EmbeddedPostgres pg = postgres(dir, port, false);
        String url = "jdbc:postgresql://localhost:" + port + "/postgres";
        JdbcOutbox o = JdbcOutbox.builder().url(url).user("postgres").table(JdbcTestDatabases.freshTable())
                .timeout(TIMEOUT).build();
        ExecutorService dispatcher = Executors.newSingleThreadExecutor();
        try {
            o.add(JdbcOutboxContract.upload("settle", "t"), T0, DEADLINE, NO_LIMIT);
            OutboxEntry claimed = o.claimDue(1, T0, LEASE).get(0);

            pg.close(); // 360 accepted the upload; the database is gone when its result is recorded
            Future<Boolean> delivered = dispatcher.submit(() -> o.markDelivered(claimed, T0.plusSeconds(1)));
            pg = postgres(dir, port, false);

            assertThat(delivered.get(60, TimeUnit.SECONDS)).isTrue();
            assertThat(o.find(claimed.id()).orElseThrow().state()).isEqualTo(OutboxState.DELIVERED);
            assertThat(o.claimDue(1, T0.plus(LEASE), LEASE)).as("sent again").isEmpty();
        } finally {
            dispatcher.shutdownNow();
            o.close();
            pg.close();
        }
    }

    @Test
    void borrowingFromAnApplicationsPoolThatLendsNothingIsBoundedByTheTimeout() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(JdbcTestDatabases.postgresUrl());
        config.setUsername("postgres");
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(Duration.ofSeconds(30).toMillis()); // Hikari's default
        try (HikariDataSource pool = new HikariDataSource(config)) {
            JdbcOutbox o = JdbcOutbox.builder().dataSource(pool).table(JdbcTestDatabases.freshTable())
                    .timeout(TIMEOUT).build();
            try {
                Connection busy = pool.getConnection(); // the application holds the pool's only connection
                long t0 = System.nanoTime();
                assertThat(o.add(JdbcOutboxContract.upload("pool", "t"), T0, DEADLINE, NO_LIMIT))
                        .isEqualTo(Outbox.AddResult.HELD);
                assertThatThrownBy(o::counts).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("qhtrack.outbox.timeout");
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertThat(millis).as("an add and a count, each bounded by the outbox timeout, not the pool's 30 s")
                        .isLessThan(TIMEOUT.multipliedBy(2).plus(MARGIN).toMillis());

                busy.close();
                await("the held conversion written", () -> o.spilled() == 0, () -> o.spilled() + " held");
                assertThat(o.counts()).containsEntry(OutboxState.PENDING, 1L);
            } finally {
                o.close();
            }
        }
    }

    private static void lockClick(Connection c, String table, String clickId) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeQuery("SELECT * FROM " + table + "_clicks WHERE click_id = '" + clickId + "' FOR UPDATE")
                    .close();
        }
    }

    private static long waitingOnALock(String url) {
        return queryLong(url, "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'");
    }

    private static long deadlocks(String url) {
        return queryLong(url, "SELECT deadlocks FROM pg_stat_database WHERE datname = 'postgres'");
    }

    private static long queryLong(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static void report(TrackerHarness h, String prefix, int n, Map<String, TrackOutcome.Status> answered) {
        for (int i = 0; i < n; i++) {
            String id = prefix + "-" + i;
            TrackOutcome o = h.tracker.report(TrackerHarness.click(ProductLine.PC_SEARCH, "fo-" + id),
                    Conversion.builder(Event.SUBMIT).transId(id).build());
            answered.put(id, o.status());
        }
    }

    private static List<String> acceptedTransIds(Fake360 fake) {
        return fake.accepted().stream().map(Fake360.Received::transId).collect(Collectors.toList());
    }

    /** PostgreSQL on {@code port} over the data directory in {@code dir} (kept between starts). */
    static EmbeddedPostgres postgres(Path dir, int port, boolean readOnly) throws IOException {
        EmbeddedPostgres.Builder b = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("data"))
                .setCleanDataDirectory(false).setPort(port);
        if (readOnly) {
            b.setServerConfig("default_transaction_read_only", "on");
        }
        return b.start();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
