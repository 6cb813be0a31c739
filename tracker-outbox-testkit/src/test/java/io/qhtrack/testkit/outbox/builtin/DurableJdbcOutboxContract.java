package io.qhtrack.testkit.outbox.builtin;

import io.qhtrack.core.jdbc.JdbcOutbox;
import io.qhtrack.core.spi.Outbox;
import io.qhtrack.testkit.outbox.OutboxContract;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The outbox contract on qhtrack's JDBC outbox in a database server: durable, so the contract also reopens the store
 * (a restart, another node); a table of its own for each test. A subclass starts its server and says how to reach it.
 */
abstract class DurableJdbcOutboxContract extends OutboxContract {

    /** Patient: a slow machine must not turn an add the contract expects ADDED into HELD. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicInteger TABLES = new AtomicInteger();

    private String table;

    /** A JDBC outbox on the server's database, in {@code table}, its timeout {@link #TIMEOUT}. */
    abstract JdbcOutbox.Builder on(String table);

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
