package io.qhtrack.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The outbox contract on an H2 database file, claiming with {@code SELECT … FOR UPDATE SKIP LOCKED}. */
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
    void h2IsDetectedAndClaimsSkippingLockedRows() {
        JdbcOutbox o = open();
        assertThat(o.dialect()).isEqualTo(JdbcOutbox.Dialect.H2);
        assertThat(o.claimsWithSkipLocked()).isTrue();
    }

    @Test
    void inMemoryH2IsNotDurable() {
        url = "jdbc:h2:mem:" + table;
        assertThat(open().isDurable()).isFalse();
    }
}
