package io.qhtrack.core;

import org.junit.jupiter.api.BeforeEach;

/**
 * The outbox contract with claims made by conditional update, as on databases without {@code SKIP LOCKED} (MySQL
 * before 8, MariaDB before 10.6), on an H2 database file.
 */
class JdbcOutboxH2OptimisticTest extends JdbcOutboxContract {

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
        return b.claimWithSkipLocked(false);
    }
}
