package io.qhtrack.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.Tracker;
import io.qhtrack.core.jdbc.JdbcOutbox;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The health of a tracker whose JDBC outbox has lost its database (a real H2 database, shut down): delivery trouble
 * in the details, UP by default — the application's own {@code db} component says the database is down — and DOWN
 * only with {@code qhtrack.health.down-on-delivery-trouble=true}.
 */
class QhtrackHealthTest {

    @Test
    void anOutboxDatabaseOutOfReachIsDeliveryTroubleAndStaysUpByDefault() throws Exception {
        try (Tracker tracker = trackerOnADatabaseThatIsShutDown("health-db-default")) {
            QhtrackHealth.Report report = QhtrackHealth.of(tracker, settings()).check();

            assertThat(report.up).isTrue();
            assertThat(report.details.get("deliveryTrouble").toString()).contains("the outbox's database cannot be reached");
        }
    }

    @Test
    void anOutboxDatabaseOutOfReachIsDownWhenTheApplicationAsksForIt() throws Exception {
        try (Tracker tracker = trackerOnADatabaseThatIsShutDown("health-db-down")) {
            QhtrackHealth.Report report = QhtrackHealth.of(tracker,
                    settings("qhtrack.health.down-on-delivery-trouble", "true")).check();

            assertThat(report.up).isFalse();
            assertThat(report.details.get("deliveryTrouble").toString()).contains("the outbox's database cannot be reached");
        }
    }

    @Test
    void withoutTroubleTheDetailsSayNoneAndTheComponentIsUpEvenWhenAskedForDown() {
        try (Tracker tracker = Tracker.builder().name("health-fine").jmx(false).build()) {
            QhtrackHealth.Report report = QhtrackHealth.of(tracker,
                    settings("qhtrack.health.down-on-delivery-trouble", "true")).check();

            assertThat(report.up).isTrue();
            assertThat(report.details).containsEntry("deliveryTrouble", java.util.Collections.emptyList())
                    .containsEntry("backlog", 0L).containsEntry("deadLetters", 0L)
                    .containsEntry("parkedPlatforms", java.util.Collections.emptyList()).doesNotContainKey("lastError");
        }
    }

    /** A tracker whose outbox's database existed at start-up and has been shut down since (IFEXISTS: not recreated). */
    private static Tracker trackerOnADatabaseThatIsShutDown(String name) throws Exception {
        JdbcDataSource creator = new JdbcDataSource();
        creator.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        JdbcDataSource existingOnly = new JdbcDataSource();
        existingOnly.setURL("jdbc:h2:mem:" + name + ";IFEXISTS=TRUE");
        try (Connection c = creator.getConnection()) {
            Tracker tracker = Tracker.builder().name(name).jmx(false)
                    .outbox(JdbcOutbox.builder().dataSource(existingOnly).build()).build();
            try (Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
            return tracker;
        }
    }

    private static SpringSettings settings(String... nameValues) {
        StandardEnvironment environment = new StandardEnvironment();
        Map<String, Object> values = new java.util.HashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            values.put(nameValues[i], nameValues[i + 1]);
        }
        environment.getPropertySources().addFirst(new MapPropertySource("test", values));
        return SpringSettings.of(environment);
    }
}
