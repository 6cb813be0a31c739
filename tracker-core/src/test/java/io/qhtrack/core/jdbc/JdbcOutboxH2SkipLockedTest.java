package io.qhtrack.core.jdbc;

import org.junit.jupiter.api.BeforeEach;

/**
 * The outbox contract on an H2 database file with claims made by {@code SELECT … FOR UPDATE SKIP LOCKED} instead of
 * H2's default conditional update (which the other H2 test covers).
 */
class JdbcOutboxH2SkipLockedTest extends JdbcOutboxContract {

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

    @Override
    JdbcOutbox.Builder configure(JdbcOutbox.Builder b) {
        return b.claimWithSkipLocked(true);
    }
}
