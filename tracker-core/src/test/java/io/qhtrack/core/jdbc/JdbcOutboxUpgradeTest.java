package io.qhtrack.core.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Event;
import io.qhtrack.core.Fixtures;
import io.qhtrack.core.OutboxState;
import io.qhtrack.core.spi.Outbox;
import io.qhtrack.core.spi.OutboxEntry;
import io.qhtrack.core.spi.PlatformUpload;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A table made by the version before the platform seam (its schema files copied verbatim into
 * {@code schema-before-platforms/}), holding rows that version wrote, is upgraded at start-up and its rows read, sent
 * and de-duplicated as 360's, for the default tenant — on H2, PostgreSQL and MariaDB.
 */
class JdbcOutboxUpgradeTest {

    private static final Instant T0 = Instant.parse("2026-03-10T02:00:00Z");
    private static final Instant DEADLINE = Instant.parse("2026-03-10T16:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(1);

    private static String url(String dialect) {
        switch (dialect) {
            case "postgresql":
                return JdbcTestDatabases.postgresUrl();
            case "mysql":
                return JdbcTestDatabases.mariaDbUrl();
            default:
                return JdbcTestDatabases.h2FileUrl();
        }
    }

    private static String oldSchema(String dialect, String table) throws IOException {
        try (InputStream in = JdbcOutboxUpgradeTest.class.getResourceAsStream("schema-before-platforms/" + dialect
                + ".sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${table}", table);
        }
    }

    private static PlatformUpload lead(String clickId, String transId) {
        return Fixtures.stored(clickId, Conversion.builder(Event.SUBMIT).transId(transId).build());
    }

    /** Creates the old table and writes, with the old columns only, a row as the old version wrote it. */
    private static void oldTableWithRows(String url, String user, String dialect, String table) throws IOException {
        for (String sql : Schema.statements(oldSchema(dialect, table))) {
            JdbcTestDatabases.execute(url, user, sql);
        }
        for (String transId : List.of("old-1", "old-2")) {
            PlatformUpload u = lead("9356596331006111412", transId);
            JdbcTestDatabases.execute(url, user, "INSERT INTO " + table + " (line, click_id, event, trans_id, upload, "
                    + "state, origin, accepted_at, deadline, attempts, next_attempt_at) VALUES ('ps', "
                    + "'9356596331006111412', 'SUBMIT', '" + transId + "', '" + u.payload().replace("'", "''")
                    + "', 'PENDING', 'SERVER', " + T0.toEpochMilli() + ", " + DEADLINE.toEpochMilli() + ", 0, "
                    + T0.toEpochMilli() + ")");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"h2, sa", "postgresql, postgres", "mysql, root"})
    void anOldTableIsUpgradedAtStartUpAndItsRowsAreSentAndDeduplicatedAs360s(String dialect, String user)
            throws IOException {
        String url = url(dialect);
        String table = JdbcTestDatabases.freshTable();
        oldTableWithRows(url, user, dialect, table);

        try (JdbcOutbox o = JdbcOutbox.builder().url(url).user(user).table(table).build()) {
            List<OutboxEntry> claimed = o.claimDue(10, T0, LEASE);

            assertThat(claimed).hasSize(2);
            for (OutboxEntry e : claimed) {
                assertThat(e.upload().platform()).isEqualTo("qihoo360");
                assertThat(e.upload().tenant()).isEqualTo("default");
                assertThat(e.upload().line()).isEqualTo("ps");
                assertThat(e.upload().payload()).as("the upload, exactly as the old version stored it")
                        .isEqualTo(lead("9356596331006111412", e.upload().conversionKey()).payload());
            }
            assertThat(claimed).extracting(e -> e.upload().conversionKey()).containsExactlyInAnyOrder("old-1",
                    "old-2");
            assertThat(o.markDelivered(claimed.get(0), T0)).isTrue();

            // a new node reporting the same conversion finds the old row: one conversion, not two
            assertThat(o.add(lead("9356596331006111412", "old-1"), T0, DEADLINE, 5))
                    .isEqualTo(Outbox.AddResult.DUPLICATE);
            assertThat(o.add(lead("9356596331006111412", "new-3"), T0, DEADLINE, 5))
                    .isEqualTo(Outbox.AddResult.ADDED);
            assertThat(o.counts()).containsEntry(OutboxState.DELIVERED, 1L).containsEntry(OutboxState.PENDING, 2L);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"h2, sa", "postgresql, postgres", "mysql, root"})
    void withoutCreateSchemaAnOldTableIsRefusedNamingTheMigrationScript(String dialect, String user)
            throws IOException {
        String url = url(dialect);
        String table = JdbcTestDatabases.freshTable();
        oldTableWithRows(url, user, dialect, table);

        assertThatThrownBy(() -> JdbcOutbox.builder().url(url).user(user).table(table).createSchema(false).build()
                .close())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("platform")
                .hasMessageContaining("migration/v2-platforms/" + dialect + ".sql");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"h2, sa", "postgresql, postgres", "mysql, root"})
    void theShippedMigrationScriptUpgradesAnOldTableAsStartUpWould(String dialect, String user) throws IOException {
        String url = url(dialect);
        String table = JdbcTestDatabases.freshTable();
        oldTableWithRows(url, user, dialect, table);
        String script;
        try (InputStream in = Schema.class.getResourceAsStream("migration/v2-platforms/" + dialect + ".sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${table}", table);
        }
        for (String sql : Schema.statements(script)) {
            JdbcTestDatabases.execute(url, user, sql);
        }

        try (JdbcOutbox o = JdbcOutbox.builder().url(url).user(user).table(table).createSchema(false).build()) {
            assertThat(o.claimDue(10, T0, LEASE)).extracting(e -> e.upload().platform() + "/" + e.upload().tenant())
                    .containsExactly("qihoo360/default", "qihoo360/default");
            assertThat(o.add(lead("9356596331006111412", "old-2"), T0, DEADLINE, 5))
                    .isEqualTo(Outbox.AddResult.DUPLICATE);
        }
    }
}
