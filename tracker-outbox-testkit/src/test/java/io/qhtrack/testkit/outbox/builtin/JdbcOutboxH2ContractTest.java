package io.qhtrack.testkit.outbox.builtin;

import io.qhtrack.core.jdbc.JdbcOutbox;
import io.qhtrack.core.spi.Outbox;
import io.qhtrack.testkit.outbox.OutboxContract;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The outbox contract on qhtrack's JDBC outbox in an in-memory H2 database (kept while the JVM runs): a table of its
 * own for each test. An in-memory database is not durable, and the JDBC outbox says so.
 */
class JdbcOutboxH2ContractTest extends OutboxContract {

    private static final String URL = "jdbc:h2:mem:outbox-contract;DB_CLOSE_DELAY=-1";
    private static final AtomicInteger TABLES = new AtomicInteger();
    /** Patient: a slow machine must not turn an add the contract expects ADDED into HELD. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private String table;

    private JdbcOutbox.Builder onANewTable() {
        table = "contract_" + TABLES.incrementAndGet();
        return JdbcOutbox.builder().url(URL).user("sa").table(table).timeout(TIMEOUT);
    }

    @Override
    protected Outbox newOutbox(Clock clock) {
        return onANewTable().build();
    }

    @Override
    protected boolean durable() {
        return false;
    }

    @Override
    protected Optional<Outbox> newBoundedOutbox(Clock clock, int capacity) {
        return Optional.of(onANewTable().capacity(capacity).build());
    }
}
