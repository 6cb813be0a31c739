package io.qhtrack.core.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.Conversion;
import io.qhtrack.core.Event;
import io.qhtrack.core.OutboxState;
import io.qhtrack.core.ProductLine;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.core.TrackerHarness;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The transactional outbox with plain JDBC: a conversion reported inside {@link JdbcOutbox#joining} is written in the
 * application's transaction, so the lead and its conversion commit or roll back together, on H2 and PostgreSQL; and
 * qhtrack never breaks that transaction.
 */
@SuppressWarnings("try") // the joining scopes are used for their extent, not referenced
class JdbcOutboxTransactionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** What "within the bound" allows beyond it: scheduling on a shared 2-core machine, never a hang. */
    private static final Duration MARGIN = Duration.ofSeconds(3);

    /** A database for one test: its URL and user, and a fresh outbox table in it. */
    private static final class Db {
        final String url;
        final String user;
        final String table = JdbcTestDatabases.freshTable();

        Db(String url, String user) {
            this.url = url;
            this.user = user;
        }

        JdbcOutbox outbox() {
            return JdbcOutbox.builder().url(url).user(user).table(table).timeout(TIMEOUT).build();
        }

        /** The application's connection, in a transaction, with its own table of leads. */
        Connection application() throws SQLException {
            JdbcTestDatabases.execute(url, user, "CREATE TABLE IF NOT EXISTS " + table + "_leads (name VARCHAR(64))");
            Connection c = DriverManager.getConnection(url, user, "");
            c.setAutoCommit(false);
            return c;
        }

        long count(String sql) {
            try (Connection c = DriverManager.getConnection(url, user, ""); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            } catch (SQLException e) {
                throw new IllegalStateException(sql, e);
            }
        }

        long rows() {
            return count("SELECT COUNT(*) FROM " + table);
        }

        long leads() {
            return count("SELECT COUNT(*) FROM " + table + "_leads");
        }
    }

    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of("H2", (java.util.function.Supplier<Db>) () -> new Db(
                JdbcTestDatabases.h2FileUrl(), "sa")), Arguments.of("PostgreSQL",
                (java.util.function.Supplier<Db>) () -> new Db(JdbcTestDatabases.postgresUrl(), "postgres")));
    }

    private static void saveLead(Connection app, Db db, String name) throws SQLException {
        try (Statement st = app.createStatement()) {
            st.executeUpdate("INSERT INTO " + db.table + "_leads VALUES ('" + name + "')");
        }
    }

    private static TrackOutcome reportLead(TrackerHarness h, String clickId, String transId) {
        return h.tracker.report(TrackerHarness.click(ProductLine.PC_SEARCH, clickId),
                Conversion.builder(Event.SUBMIT).transId(transId).build());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aLeadAndItsConversionCommitTogetherAndTheConversionIsDelivered(String name,
            java.util.function.Supplier<Db> database) throws Exception {
        Db db = database.get();
        try (TrackerHarness h = new TrackerHarness(TrackerHarness.START, b -> b.outbox(db.outbox()));
                Connection app = db.application()) {
            TrackOutcome outcome;
            try (JdbcOutbox.Joining joining = JdbcOutbox.joining(app)) {
                saveLead(app, db, "张三");
                outcome = reportLead(h, "tx-commit", "lead-1");
            }
            assertThat(outcome.status()).isEqualTo(TrackOutcome.Status.QUEUED);
            assertThat(outcome.message()).contains("in the application's transaction");
            assertThat(db.rows()).as("not visible before the application commits").isZero();

            app.commit();

            assertThat(db.rows()).isEqualTo(1);
            h.dispatchNow();
            assertThat(h.fake.awaitAccepted(1, Duration.ofSeconds(20)).get(0).transId()).isEqualTo("lead-1");
            assertThat(db.leads()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRolledBackLeadReportsNothingAndItsRetryIsReportedAfresh(String name, java.util.function.Supplier<Db> database)
            throws Exception {
        Db db = database.get();
        try (TrackerHarness h = new TrackerHarness(TrackerHarness.START, b -> b.outbox(db.outbox()));
                Connection app = db.application()) {
            try (JdbcOutbox.Joining joining = JdbcOutbox.joining(app)) {
                saveLead(app, db, "李四");
                assertThat(reportLead(h, "tx-rollback", "lead-2").status()).isEqualTo(TrackOutcome.Status.QUEUED);
                app.rollback(); // e.g. the CRM refused the lead after the report
            }
            assertThat(db.rows()).isZero();
            assertThat(db.count("SELECT COUNT(*) FROM " + db.table + "_clicks")).isZero();
            assertThat(db.leads()).isZero();

            try (JdbcOutbox.Joining joining = JdbcOutbox.joining(app)) { // the application tries again
                saveLead(app, db, "李四");
                assertThat(reportLead(h, "tx-rollback", "lead-2").status()).as("not a duplicate of what rolled back")
                        .isEqualTo(TrackOutcome.Status.QUEUED);
                app.commit();
            }
            h.dispatchNow();
            assertThat(h.fake.awaitAccepted(1, Duration.ofSeconds(20))).singleElement()
                    .satisfies(u -> assertThat(u.transId()).isEqualTo("lead-2"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void thePerClickLimitHoldsInsideTheTransaction(String name, java.util.function.Supplier<Db> database)
            throws Exception {
        Db db = database.get();
        try (TrackerHarness h = new TrackerHarness(TrackerHarness.START, b -> b.outbox(db.outbox()).limitPerClick(1));
                Connection app = db.application();
                JdbcOutbox.Joining joining = JdbcOutbox.joining(app)) {
            assertThat(reportLead(h, "tx-limit", "a").status()).isEqualTo(TrackOutcome.Status.QUEUED);
            assertThat(reportLead(h, "tx-limit", "b").status()).isEqualTo(TrackOutcome.Status.LIMITED);
            app.commit();
            assertThat(db.rows()).isEqualTo(1);
        }
    }

    @Test
    void aFailingInsertUnderTheSavepointLeavesTheApplicationsTransactionUsable() throws Exception {
        Db db = new Db(JdbcTestDatabases.postgresUrl(), "postgres");
        try (TrackerHarness h = new TrackerHarness(TrackerHarness.START, b -> b.outbox(db.outbox()));
                Connection app = db.application()) {
            // the outbox's insert fails in the application's session only (as any failing statement would); on
            // PostgreSQL a failed statement aborts the whole transaction, unless it is rolled back to a savepoint
            JdbcTestDatabases.execute(db.url, db.user, "CREATE FUNCTION " + db.table + "_refuse() RETURNS trigger "
                    + "LANGUAGE plpgsql AS $$ BEGIN IF current_setting('app.refuse_outbox', true) = 'on' THEN RAISE "
                    + "EXCEPTION 'refused in this session' USING ERRCODE = '23514'; END IF; RETURN NEW; END $$");
            JdbcTestDatabases.execute(db.url, db.user, "CREATE TRIGGER " + db.table + "_refuse BEFORE INSERT ON "
                    + db.table + " FOR EACH ROW EXECUTE PROCEDURE " + db.table + "_refuse()");
            try (Statement st = app.createStatement()) {
                st.execute("SET LOCAL app.refuse_outbox = 'on'");
            }
            try (JdbcOutbox.Joining joining = JdbcOutbox.joining(app)) {
                saveLead(app, db, "王五");
                TrackOutcome outcome = reportLead(h, "tx-savepoint", "lead-3");
                saveLead(app, db, "赵六"); // the transaction goes on

                assertThat(outcome.status()).isEqualTo(TrackOutcome.Status.QUEUED);
                assertThat(outcome.message()).as("written by the outbox itself")
                        .doesNotContain("in the application's transaction");
                app.commit();
            }
            assertThat(db.leads()).isEqualTo(2);
            assertThat(db.rows()).isEqualTo(1);
            h.dispatchNow();
            assertThat(h.fake.awaitAccepted(1, Duration.ofSeconds(20)).get(0).transId()).isEqualTo("lead-3");
        }
    }

    @Test
    void aJoinedReportWaitingForAClickLockIsBoundedByTheTimeoutAndFallsBack() throws Exception {
        Db db = new Db(JdbcTestDatabases.postgresUrl(), "postgres");
        ExecutorService visitor = Executors.newSingleThreadExecutor();
        try (TrackerHarness h = new TrackerHarness(TrackerHarness.START, b -> b.outbox(db.outbox()));
                Connection first = db.application(); Connection second = db.application()) {
            try (JdbcOutbox.Joining joining = JdbcOutbox.joining(first)) {
                assertThat(reportLead(h, "tx-busy", "one").status()).isEqualTo(TrackOutcome.Status.QUEUED);
            } // the first transaction holds the click's lock until it ends
            Future<Long> took = visitor.submit(() -> {
                try (JdbcOutbox.Joining joining = JdbcOutbox.joining(second)) {
                    long t0 = System.nanoTime();
                    TrackOutcome o = reportLead(h, "tx-busy", "two");
                    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                    assertThat(o.status()).isEqualTo(TrackOutcome.Status.HELD);
                    saveLead(second, db, "still usable");
                    second.commit();
                    return millis;
                }
            });
            assertThat(took.get(60, TimeUnit.SECONDS)).as("the joined statement's timeout, then the outbox's")
                    .isLessThan(TIMEOUT.multipliedBy(2).plus(MARGIN).toMillis());

            first.commit();
            TrackerHarness.await("the held conversion written", () -> db.rows() == 2, () -> db.rows() + " rows");
            assertThat(db.leads()).isEqualTo(1);
            assertThat(h.tracker.outbox().counts().get(OutboxState.PENDING)
                    + h.tracker.outbox().counts().get(OutboxState.DELIVERED)).isEqualTo(2);
        } finally {
            visitor.shutdownNow();
        }
    }
}
