package io.qhtrack.core.jdbc;

import io.qhtrack.core.ConfigurationException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Where {@link JdbcOutbox} gets its connections: an application's {@link DataSource} (pooled by the application;
 * a connection is closed after each operation), or a small pool of its own over {@link DriverManager} when it was
 * given a JDBC URL. The password is kept only to open connections: never in {@link #toString()}, logs or exceptions
 * ({@link Redaction} cleans what drivers say).
 */
abstract class JdbcConnections implements AutoCloseable {

    /** Borrows a connection; give it back with {@link #release}. */
    abstract Connection borrow() throws SQLException;

    /** Gives a connection back; {@code broken} ones are closed, not reused. */
    abstract void release(Connection c, boolean broken);

    @Override
    public abstract void close();

    /** Connections from a data source the application owns. */
    static JdbcConnections of(DataSource ds, String description) {
        return new JdbcConnections() {
            @Override
            Connection borrow() throws SQLException {
                return ds.getConnection();
            }

            @Override
            void release(Connection c, boolean broken) {
                closeQuietly(c);
            }

            @Override
            public void close() {
                // the application owns the data source
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }

    /**
     * The data source bound in JNDI at {@code name}, the servlet-container way; a name without {@code java:} is also
     * tried under {@code java:comp/env/}.
     *
     * @throws ConfigurationException naming {@code qhtrack.outbox.jndi} when there is none
     */
    static DataSource lookup(String name) {
        try {
            InitialContext ctx = new InitialContext();
            Object found;
            try {
                found = ctx.lookup(name);
            } catch (NamingException e) {
                if (name.startsWith("java:")) {
                    throw e;
                }
                found = ctx.lookup("java:comp/env/" + name);
            }
            if (!(found instanceof DataSource)) {
                throw new ConfigurationException("qhtrack.outbox.jndi", "'" + name + "' is "
                        + (found == null ? "null" : "a " + found.getClass().getName()) + ", not a DataSource");
            }
            return (DataSource) found;
        } catch (NamingException e) {
            throw new ConfigurationException("qhtrack.outbox.jndi", "'" + name + "' cannot be looked up: " + e);
        }
    }

    /** A pool of at most {@code maxIdle} idle connections opened with {@code driver}. */
    static JdbcConnections pool(Driver driver, String url, String user, String password, int maxIdle) {
        return new Pool(driver, url, user, password, maxIdle);
    }

    /**
     * The driver that accepts {@code url}: {@link DriverManager}'s, else one found with {@link ServiceLoader} by
     * the thread's context class loader. {@code DriverManager} scans for drivers once per JVM, so in a servlet
     * container a second web application (or a redeploy) with the driver in its own {@code WEB-INF/lib} would not
     * find it there.
     */
    static Optional<Driver> driverFor(String url) {
        try {
            return Optional.of(DriverManager.getDriver(url));
        } catch (SQLException notRegistered) {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            for (Driver d : ServiceLoader.load(Driver.class, loader != null ? loader : JdbcConnections.class.getClassLoader())) {
                try {
                    if (d.acceptsURL(url)) {
                        return Optional.of(d);
                    }
                } catch (SQLException ignored) {
                    // this driver cannot tell; try the next
                }
            }
            return Optional.empty();
        }
    }

    static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException | RuntimeException e) {
            // nothing more to do with it
        }
    }

    /** The tiny driver-backed pool. */
    private static final class Pool extends JdbcConnections {
        private static final long VALIDATE_AFTER_IDLE_NANOS = 30_000_000_000L;

        private final Driver driver;
        private final String url;
        private final Properties properties = new Properties();
        private final int maxIdle;
        private final Deque<Connection> idle = new ArrayDeque<>();
        private final Deque<Long> idleSince = new ArrayDeque<>();
        private boolean closed;

        Pool(Driver driver, String url, String user, String password, int maxIdle) {
            this.driver = driver;
            this.url = url;
            if (user != null) {
                properties.setProperty("user", user);
            }
            if (password != null) {
                properties.setProperty("password", password);
            }
            this.maxIdle = maxIdle;
        }

        @Override
        Connection borrow() throws SQLException {
            while (true) {
                Connection c;
                long since;
                synchronized (this) {
                    if (closed) {
                        throw new SQLException("the outbox is closed");
                    }
                    c = idle.pollFirst();
                    since = c == null ? 0 : idleSince.pollFirst();
                }
                if (c == null) {
                    try {
                        Connection opened = driver.connect(url, properties);
                        if (opened == null) {
                            throw new SQLException(driver.getClass().getName() + " does not accept the URL");
                        }
                        return opened;
                    } catch (SQLException e) {
                        // some drivers quote the URL, and the URL may hold a password
                        SQLException clean = new SQLException("cannot connect to " + Redaction.redact(url) + ": "
                                + Redaction.redact(e.getMessage()), e.getSQLState(), e.getErrorCode());
                        clean.setStackTrace(e.getStackTrace());
                        throw clean;
                    }
                }
                if (System.nanoTime() - since < VALIDATE_AFTER_IDLE_NANOS || isValid(c)) {
                    return c;
                }
                closeQuietly(c);
            }
        }

        private static boolean isValid(Connection c) {
            try {
                return c.isValid(2);
            } catch (SQLException e) {
                return false;
            }
        }

        @Override
        void release(Connection c, boolean broken) {
            if (!broken) {
                synchronized (this) {
                    if (!closed && idle.size() < maxIdle) {
                        idle.addFirst(c);
                        idleSince.addFirst(System.nanoTime());
                        return;
                    }
                }
            }
            closeQuietly(c);
        }

        @Override
        public void close() {
            synchronized (this) {
                closed = true;
                idle.forEach(JdbcConnections::closeQuietly);
                idle.clear();
                idleSince.clear();
            }
        }

        @Override
        public String toString() {
            return Redaction.redact(url);
        }
    }
}
