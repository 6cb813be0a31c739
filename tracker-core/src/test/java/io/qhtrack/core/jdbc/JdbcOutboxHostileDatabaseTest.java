package io.qhtrack.core.jdbc;

import static io.qhtrack.core.Origin.SERVER;
import static io.qhtrack.core.TrackerHarness.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qhtrack.core.Account;
import io.qhtrack.core.Click;
import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Credentials;
import io.qhtrack.core.Event;
import io.qhtrack.core.ProductLine;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.core.Tracker;
import io.qhtrack.core.spi.Outbox;
import io.qhtrack.core.spi.PlatformUpload;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The JDBC outbox when its database stops answering: a real PostgreSQL stopped mid-run and started again, and a
 * loopback socket that accepts connections but never answers. Every add answers within the timeout (asserted with a
 * generous margin: a hang is the failure looked for), nothing accepted is lost or written twice, and {@code close()}
 * returns.
 */
class JdbcOutboxHostileDatabaseTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** What "within the bound" allows beyond it: scheduling on a shared 2-core machine, never a hang. */
    private static final Duration MARGIN = Duration.ofSeconds(3);
    private static final Instant T0 = JdbcOutboxContract.T0;
    private static final Instant DEADLINE = JdbcOutboxContract.DEADLINE;
    private static final int NO_LIMIT = JdbcOutboxContract.NO_LIMIT;

    /** Held here: java.util.logging keeps loggers weakly, and one collected would lose the handler. */
    private final Logger jdbcLog = Logger.getLogger(JdbcOutbox.class.getName());
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private String table;

    @BeforeEach
    void freshTableAndLogCapture() {
        table = JdbcTestDatabases.freshTable();
        jdbcLog.addHandler(capture);
    }

    @AfterEach
    void stopCapture() {
        jdbcLog.removeHandler(capture);
    }

    private static PlatformUpload upload(String clickId, String transId) {
        return JdbcOutboxContract.upload(clickId, transId);
    }

    private boolean loggedAt(Level level, String text) {
        return logged.stream().anyMatch(r -> r.getLevel() == level && r.getMessage() != null
                && r.getMessage().contains(text));
    }

    /** An add, with how long it took. */
    private static final class Answer {
        final String transId;
        final Outbox.AddResult result;
        final long nanos;

        Answer(String transId, Outbox.AddResult result, long nanos) {
            this.transId = transId;
            this.result = result;
            this.nanos = nanos;
        }
    }

    private static Answer timedAdd(JdbcOutbox o, String clickId, String transId) {
        long t0 = System.nanoTime();
        Outbox.AddResult r = o.add(upload(clickId, transId), T0, DEADLINE, NO_LIMIT);
        return new Answer(transId, r, System.nanoTime() - t0);
    }

    private static long maxMillis(List<Answer> answers) {
        return TimeUnit.NANOSECONDS.toMillis(answers.stream().mapToLong(a -> a.nanos).max().orElse(0));
    }

    /** {@code n} adds of distinct conversions from {@code threads} threads at once. */
    private static List<Answer> addConcurrently(JdbcOutbox o, String prefix, int n, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Answer>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String id = prefix + i;
                futures.add(pool.submit(() -> timedAdd(o, id, id)));
            }
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> f : futures) {
                answers.add(f.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private static long millisOf(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    // ------------------------------------------------------------------------------------------------ a silent socket

    @Test
    void aDatabaseThatStopsAnsweringGetsEveryAddHeldWithinTheTimeoutAndCloseDoesNotHang() throws Exception {
        try (SilentDatabase db = new SilentDatabase("localhost", JdbcTestDatabases.postgresPort())) {
            JdbcOutbox o = JdbcOutbox.builder().url("jdbc:postgresql://127.0.0.1:" + db.port() + "/postgres")
                    .user("postgres").table(table).timeout(TIMEOUT).build();
            assertThat(o.add(upload("before", "t"), T0, DEADLINE, NO_LIMIT)).isEqualTo(Outbox.AddResult.ADDED);

            db.goSilent();
            List<Answer> answers = addConcurrently(o, "silent", 40, 8);

            assertThat(answers).extracting(a -> a.result).containsOnly(Outbox.AddResult.HELD);
            assertThat(maxMillis(answers)).isLessThan(TIMEOUT.plus(MARGIN).toMillis());
            assertThat(o.spilled()).isEqualTo(40);
            assertThat(loggedAt(Level.WARNING, "conversions are held in memory")).isTrue();

            long closing = millisOf(o::close);
            assertThat(closing).isLessThan(TIMEOUT.multipliedBy(2).plusSeconds(1).plus(MARGIN).toMillis());
            assertThat(loggedAt(Level.SEVERE, "40 conversion(s) held in memory are LOST")).as("%s", logged.stream()
                    .map(LogRecord::getMessage).collect(Collectors.toList())).isTrue();
            System.out.println("silent database: 40 adds HELD, slowest " + maxMillis(answers) + " ms (timeout "
                    + TIMEOUT.toMillis() + " ms); close() took " + closing + " ms");
        }
    }

    @Test
    void anApplicationsDataSourceOnADatabaseThatStopsAnsweringStillBoundsTheVisitor() throws Exception {
        try (SilentDatabase db = new SilentDatabase("localhost", JdbcTestDatabases.postgresPort())) {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setServerNames(new String[] {"127.0.0.1"});
            ds.setPortNumbers(new int[] {db.port()});
            ds.setDatabaseName("postgres");
            ds.setUser("postgres"); // and no timeout of its own: nothing bounds its connection attempts
            JdbcOutbox o = JdbcOutbox.builder().dataSource(ds).table(table).timeout(TIMEOUT).build();
            assertThat(o.add(upload("before", "t"), T0, DEADLINE, NO_LIMIT)).isEqualTo(Outbox.AddResult.ADDED);

            db.goSilent();
            List<Answer> answers = addConcurrently(o, "ds", 20, 4);

            assertThat(answers).extracting(a -> a.result).containsOnly(Outbox.AddResult.HELD);
            assertThat(maxMillis(answers)).isLessThan(TIMEOUT.plus(MARGIN).toMillis());
            assertThat(millisOf(o::close)).isLessThan(TIMEOUT.multipliedBy(2).plusSeconds(1).plus(MARGIN).toMillis());
        }
    }

    @Test
    void theSpillHoldsAtMostItsCapacityAndAnswersFullBeyond() {
        try (SilentDatabase db = new SilentDatabase("localhost", JdbcTestDatabases.postgresPort())) {
            JdbcOutbox o = JdbcOutbox.builder().url("jdbc:postgresql://127.0.0.1:" + db.port() + "/postgres")
                    .user("postgres").table(table).timeout(TIMEOUT).spillCapacity(3).build();
            db.goSilent();
            List<Outbox.AddResult> results = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                results.add(o.add(upload("cap" + i, "t"), T0, DEADLINE, NO_LIMIT));
            }
            assertThat(results).containsExactly(Outbox.AddResult.HELD, Outbox.AddResult.HELD, Outbox.AddResult.HELD,
                    Outbox.AddResult.FULL, Outbox.AddResult.FULL);
            assertThat(o.spilled()).isEqualTo(3);
            o.close();
            assertThat(loggedAt(Level.SEVERE, "3 conversion(s) held in memory are LOST")).isTrue();
        }
    }

    @Test
    void buildingOnADatabaseThatNeverAnswersFailsWithinTheTimeoutNamingTheSetting() {
        try (SilentDatabase db = SilentDatabase.neverAnswering()) {
            long millis = millisOf(() -> assertThatThrownBy(() -> JdbcOutbox.builder()
                    .url("jdbc:postgresql://127.0.0.1:" + db.port() + "/postgres?password=S3cr-silent")
                    .user("postgres").timeout(TIMEOUT).build())
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("qhtrack.outbox.jdbc-url")
                    .hasMessageNotContaining("S3cr"));
            assertThat(millis).isLessThan(TIMEOUT.plus(MARGIN).toMillis());
        }
    }

    @Test
    void reportAnswersHeldWhenTheDatabaseStopsAnsweringAndTheTrackerStillCloses() {
        try (SilentDatabase db = new SilentDatabase("localhost", JdbcTestDatabases.postgresPort());
                Fake360 fake = Fake360.builder().credentials("sk-hostile", "ss-hostile").start()) {
            Clock clock = Clock.fixed(T0, java.time.ZoneOffset.UTC);
            Tracker tracker = Tracker.builder().clock(clock).endpoint(fake.endpoint()).jmx(false)
                    .credentials(Credentials.of(Account.SEARCH, "sk-hostile", "ss-hostile", null))
                    .outbox(JdbcOutbox.builder().url("jdbc:postgresql://127.0.0.1:" + db.port() + "/postgres")
                            .user("postgres").table(table).timeout(TIMEOUT).build())
                    .build();
            db.goSilent();
            long t0 = System.nanoTime();
            TrackOutcome outcome = tracker.report(Click.of(ProductLine.PC_SEARCH, "reportheld", T0.minusSeconds(5)),
                    Conversion.builder(Event.SUBMIT).transId("lead-held").build());
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

            assertThat(outcome.status()).isEqualTo(TrackOutcome.Status.HELD);
            assertThat(millis).isLessThan(TIMEOUT.plus(MARGIN).toMillis());
            long closing = millisOf(() -> tracker.close(Duration.ZERO));
            assertThat(closing).isLessThan(Duration.ofSeconds(20).toMillis());
        }
    }

    // ------------------------------------------------------------------------------------------------ a real stop

    @Test
    void postgresqlStoppedMidRunAndStartedAgainLosesNothingAndWritesNothingTwice(@TempDir Path dir) throws Exception {
        int port = freePort();
        EmbeddedPostgres pg = startPostgres(dir, port);
        String url = "jdbc:postgresql://localhost:" + port + "/postgres";
        JdbcOutbox o = JdbcOutbox.builder().url(url).user("postgres").table(table).timeout(TIMEOUT).build();
        List<Answer> all = new ArrayList<>();
        try {
            all.addAll(addConcurrently(o, "up", 200, 4));
            // stopped while adds are in flight: pg_ctl stop -m fast terminates the sessions, then refuses connections
            ConcurrentLinkedQueue<Answer> during = new ConcurrentLinkedQueue<>();
            ExecutorService visitors = Executors.newFixedThreadPool(4);
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                running.add(visitors.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        String id = "stopping" + thread + "-" + i;
                        during.add(timedAdd(o, id, id));
                    }
                    return null;
                }));
            }
            await("adds under way", () -> during.size() >= 20, () -> during.size() + " answers");
            pg.close();
            for (Future<?> f : running) {
                f.get(60, TimeUnit.SECONDS);
            }
            visitors.shutdown();
            all.addAll(during);
            all.addAll(addConcurrently(o, "down", 200, 4));
            pg = startPostgres(dir, port);
            all.addAll(addConcurrently(o, "again", 200, 4));

            await("the spill to drain", () -> o.spilled() == 0, () -> o.spilled() + " held");
            Map<Outbox.AddResult, Long> byResult = all.stream().collect(Collectors.groupingBy(a -> a.result,
                    Collectors.counting()));
            assertThat(byResult.keySet()).containsOnly(Outbox.AddResult.ADDED, Outbox.AddResult.HELD);
            assertThat(byResult.get(Outbox.AddResult.HELD)).isGreaterThanOrEqualTo(200); // all the "down" ones
            assertThat(maxMillis(all)).isLessThan(TIMEOUT.plus(MARGIN).toMillis());

            Map<String, Integer> stored = transIds(url);
            assertThat(stored.values()).containsOnly(1);
            assertThat(stored.keySet()).isEqualTo(all.stream().map(a -> a.transId).collect(Collectors.toSet()));
            assertThat(loggedAt(Level.INFO, "answers again")).isTrue();
            System.out.println("PostgreSQL stopped and started: " + all.size() + " adds " + byResult + ", slowest "
                    + maxMillis(all) + " ms (timeout " + TIMEOUT.toMillis() + " ms); " + stored.size()
                    + " rows, each once");
        } finally {
            o.close();
            pg.close();
        }
    }

    private Map<String, Integer> transIds(String url) throws SQLException {
        Map<String, Integer> ids = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT trans_id FROM " + table)) {
            while (rs.next()) {
                ids.merge(rs.getString(1), 1, Integer::sum);
            }
        }
        return ids;
    }

    private static EmbeddedPostgres startPostgres(Path dir, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(dir.resolve("data")).setCleanDataDirectory(false)
                .setPort(port).start();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
