package io.qhtrack.core.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.ds.PGConnectionPoolDataSource;

/** How long the outbox's connections may wait on their database, and how many it opens. */
class JdbcConnectionsTest {

    private static final Timeouts TWO_SECONDS = new Timeouts(Duration.ofSeconds(2));

    /** Each row: URL, qhtrack.outbox.timeout, and the timeout properties the driver is given (name=value, sorted). */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "jdbc:postgresql://db/app                     | PT2S   | cancelSignalTimeout=2 connectTimeout=2 loginTimeout=2 socketTimeout=4",
        "jdbc:postgresql://db/app                     | PT0.3S | cancelSignalTimeout=1 connectTimeout=1 loginTimeout=1 socketTimeout=2",
        "jdbc:postgresql://db/app                     | PT2.5S | cancelSignalTimeout=3 connectTimeout=3 loginTimeout=3 socketTimeout=6",
        "jdbc:postgresql://db/app?socketTimeout=30    | PT2S   | cancelSignalTimeout=2 connectTimeout=2 loginTimeout=2",
        "jdbc:mariadb://db/app                        | PT2S   | connectTimeout=2000 socketTimeout=4000",
        "jdbc:mysql://db/app?connectTimeout=100       | PT2S   | socketTimeout=4000",
        "jdbc:h2:file:/data/app                       | PT2S   | ''",
    })
    void theDriversTimeoutsFollowTheOutboxTimeoutUnlessTheUrlSetsThem(String url, Duration timeout, String expected) {
        Map<String, String> sorted = new TreeMap<>();
        JdbcConnections.timeoutProperties(url, new Timeouts(timeout)).forEach((k, v) -> sorted.put((String) k,
                (String) v));
        StringBuilder actual = new StringBuilder();
        sorted.forEach((k, v) -> actual.append(actual.length() == 0 ? "" : " ").append(k).append('=').append(v));
        assertThat(actual.toString()).isEqualTo(expected);
    }

    @Test
    void aPostgresqlConnectionOpenedFromTheUrlWaitsAtMostTheSocketTimeout() throws SQLException {
        JdbcConnections pool = JdbcConnections.pool(JdbcConnections.driverFor(JdbcTestDatabases.postgresUrl())
                .orElseThrow(), JdbcTestDatabases.postgresUrl(), "postgres", null, 2, TWO_SECONDS);
        try {
            Connection c = pool.borrow();
            assertThat(c.getNetworkTimeout()).isEqualTo(4000);
            try (java.sql.Statement st = c.createStatement();
                    java.sql.ResultSet rs = st.executeQuery("SHOW statement_timeout")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("2s"); // on the server: no JDBC timer per statement
            }
            assertThat(pool.timesStatements()).isTrue();
            pool.release(c, false);
        } finally {
            pool.close();
        }
    }

    @Test
    void aMariaDbConnectionOpenedFromTheUrlWaitsAtMostTheSocketTimeout() throws SQLException {
        JdbcConnections pool = JdbcConnections.pool(JdbcConnections.driverFor(JdbcTestDatabases.mariaDbUrl())
                .orElseThrow(), JdbcTestDatabases.mariaDbUrl(), "root", null, 2, TWO_SECONDS);
        try {
            Connection c = pool.borrow();
            assertThat(c.getNetworkTimeout()).isEqualTo(4000);
            pool.release(c, false);
        } finally {
            pool.close();
        }
    }

    @Test
    void aConnectionOfTheApplicationsPoolHasANetworkTimeoutOnlyWhileTheOutboxHoldsIt() throws SQLException {
        PGConnectionPoolDataSource pg = new PGConnectionPoolDataSource();
        pg.setUrl(JdbcTestDatabases.postgresUrl());
        pg.setUser("postgres");
        JdbcConnectionPool applicationPool = JdbcConnectionPool.create(pg);
        applicationPool.setMaxConnections(1); // so the application gets back the very connection the outbox held
        try {
            JdbcConnections connections = JdbcConnections.of(applicationPool, "application pool", TWO_SECONDS);
            Connection lent = connections.borrow();
            assertThat(lent.getNetworkTimeout()).isEqualTo(4000);
            connections.release(lent, false);
            try (Connection c = applicationPool.getConnection()) {
                assertThat(c.getNetworkTimeout()).isZero();
            }
        } finally {
            applicationPool.dispose();
        }
    }

    @Test
    void thePoolLendsAtMostItsSizeAndSaysSoWhenNoneIsFreeInTime() throws SQLException {
        String url = JdbcTestDatabases.h2FileUrl();
        JdbcConnections pool = JdbcConnections.pool(JdbcConnections.driverFor(url).orElseThrow(), url, "sa", null, 2,
                new Timeouts(Duration.ofMillis(100)));
        try {
            Connection a = pool.borrow();
            Connection b = pool.borrow();
            assertThatThrownBy(pool::borrow).isInstanceOf(SQLTransientConnectionException.class)
                    .hasMessageContaining("qhtrack.outbox.pool-size").hasMessageContaining("all 2");
            pool.release(a, false);
            Connection again = pool.borrow();
            assertThat(again).isSameAs(a);
            pool.release(again, false);
            pool.release(b, true);
        } finally {
            pool.close();
        }
    }
}
