package io.qhtrack.core.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox contract on an H2 database file, claiming by conditional update (H2's default; the same path serves
 * MySQL before 8 and MariaDB before 10.6).
 */
class JdbcOutboxH2Test extends JdbcOutboxContract {

    private String url;

    @BeforeEach
    void freshFile() {
        url = JdbcTestDatabases.h2FileUrl();
    }

    @Override
    String url() {
        return url;
    }

    @Override
    String user() {
        return "sa";
    }

    @Test
    void h2IsDetectedAndClaimsByConditionalUpdate() {
        JdbcOutbox o = open();
        assertThat(o.dialect()).isEqualTo(Dialect.H2);
        assertThat(o.claimsWithSkipLocked()).isFalse();
    }

    @Test
    void inMemoryH2IsNotDurable() {
        url = "jdbc:h2:mem:" + table;
        assertThat(open().isDurable()).isFalse();
    }
}
