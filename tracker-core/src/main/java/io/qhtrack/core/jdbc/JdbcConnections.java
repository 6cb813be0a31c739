package io.qhtrack.core.jdbc;

import io.qhtrack.core.ConfigurationException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Where {@link JdbcOutbox} gets its connections: an application's {@link DataSource} (pooled by the application;
 * a connection is closed after each operation), or a small bounded pool of its own over {@link DriverManager} when
 * it was given a JDBC URL. The password is kept only to open connections: never in {@link #toString()}, logs or
 * exceptions ({@link Redaction} cleans what drivers say).
 *
 * <p><b>Bounded waits.</b> The pool holds at most {@code qhtrack.outbox.pool-size} connections and waits at most the
 * {@linkplain Timeouts#statementSeconds() statement timeout} for a free one. The connections it opens get the
 * drivers' own timeouts unless the URL sets them: PostgreSQL's {@code loginTimeout}, {@code connectTimeout},
 * {@code cancelSignalTimeout} and {@code socketTimeout} (seconds), MariaDB's and MySQL's {@code connectTimeout} and
 * {@code socketTimeout} (milliseconds); a PostgreSQL connection also gets the statement timeout as its
 * {@code statement_timeout}, so that statements need no JDBC query timeout. A connection of an application's data
 * source is waited for at most the statement timeout too (on a helper thread, so that the application's pool keeps its
 * own settings), and gets {@link Connection#setNetworkTimeout} while the outbox uses it, when it has none, reset when
 * given back.
 */
abstract class JdbcConnections implements AutoCloseable {

    /** Runs at once on the calling thread: what {@link Connection#setNetworkTimeout} and {@code abort} are given. */
    static final Executor DIRECT = Runnable::run;

    /** Borrows a connection; give it back with {@link #release}. */
    abstract Connection borrow() throws SQLException;

    /** Gives a connection back; {@code broken} ones are closed, not reused. */
    abstract void release(Connection c, boolean broken);

    /**
     * Whether every connection lent is at READ COMMITTED already, so that a transaction need not ask (a round trip
     * with some drivers) and restore it: true for the outbox's own connections.
     */
    boolean readCommitted() {
        return false;
    }

    /**
     * Whether every connection lent has the statement timeout on the server's side already (PostgreSQL's
     * {@code statement_timeout}, set when the outbox opens the connection), so that no statement needs a JDBC query
     * timeout, which the PostgreSQL driver runs with one timer thread shared by every connection.
     */
    boolean timesStatements() {
        return false;
    }

    /** Closes the idle connections: the database stopped answering, so they are all suspect. */
    void evictIdle() {
        // nothing idle is kept by default
    }

    @Override
    public abstract void close();

    /** Connections from a data source the application owns, with a network timeout while the outbox holds them. */
    static JdbcConnections of(DataSource ds, String description, Timeouts timeouts) {
        return new Borrowed(ds, description, timeouts);
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

    /**
     * A pool of at most {@code size} connections opened with {@code driver}, each bounded by {@code timeouts} (the
     * driver's own timeout properties, unless the URL sets them).
     */
    static JdbcConnections pool(Driver driver, String url, String user, String password, int size,
            Timeouts timeouts) {
        return new Pool(driver, url, user, password, size, timeouts);
    }

    /**
     * The timeout properties a connection to {@code url} is opened with: those the driver knows (PostgreSQL, MariaDB,
     * MySQL), except those the URL already sets.
     */
    static Properties timeoutProperties(String url, Timeouts timeouts) {
        Properties p = new Properties();
        String lower = url.toLowerCase(Locale.ROOT);
        String seconds = Integer.toString(timeouts.statementSeconds());
        if (lower.startsWith("jdbc:postgresql:")) {
            putUnlessInUrl(p, url, "loginTimeout", seconds);
            putUnlessInUrl(p, url, "connectTimeout", seconds);
            putUnlessInUrl(p, url, "cancelSignalTimeout", seconds);
            putUnlessInUrl(p, url, "socketTimeout", Integer.toString(timeouts.networkMillis() / 1000));
        } else if (lower.startsWith("jdbc:mariadb:") || lower.startsWith("jdbc:mysql:")) {
            putUnlessInUrl(p, url, "connectTimeout", Long.toString(TimeUnit.SECONDS.toMillis(
                    timeouts.statementSeconds())));
            putUnlessInUrl(p, url, "socketTimeout", Integer.toString(timeouts.networkMillis()));
        }
        return p;
    }

    private static void putUnlessInUrl(Properties p, String url, String name, String value) {
        if (!Pattern.compile("(?i)[?&;(,]" + name + "=").matcher(url).find()) {
            p.setProperty(name, value);
        }
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

    /**
     * The connections of an application's data source, each with a network timeout while the outbox holds it.
     *
     * <p><b>A bounded borrow.</b> How long {@link DataSource#getConnection()} waits is the application's pool's own
     * setting (Hikari's {@code connectionTimeout}, 30 s by default; Tomcat's {@code maxWait}), and a JNDI data source
     * may have none. The outbox does not change the application's pool: {@code setLoginTimeout} does not bound the wait
     * for a pooled connection in Hikari (it passes it on to the driver's login for new physical connections), other
     * pools read it their own way, and it would change the pool for the whole application. Instead the borrow
     * runs on a helper thread and is waited for at most the statement timeout; a borrow that takes longer is
     * {@linkplain JdbcFailure.Kind#UNAVAILABLE unavailable} (SQLState {@code HYT01}), and the connection it gets later
     * goes straight back to the pool. At most {@value #MAX_BORROWERS} borrows wait at once; beyond, a borrow fails at
     * once the same way.
     */
    private static final class Borrowed extends JdbcConnections {
        /** Borrows waiting on the application's pool at once, at most. */
        static final int MAX_BORROWERS = 4;
        private static final long KEEP_IDLE_BORROWER_SECONDS = 60;

        private final DataSource ds;
        private final String description;
        private final int networkMillis;
        private final int borrowSeconds;
        private final ThreadPoolExecutor borrowers;
        /** The connections whose network timeout the outbox set, and must reset. */
        private final Set<Connection> timed = Collections.newSetFromMap(new IdentityHashMap<>());

        Borrowed(DataSource ds, String description, Timeouts timeouts) {
            this.ds = ds;
            this.description = description;
            this.networkMillis = timeouts.networkMillis();
            this.borrowSeconds = timeouts.statementSeconds();
            this.borrowers = new ThreadPoolExecutor(0, MAX_BORROWERS, KEEP_IDLE_BORROWER_SECONDS, TimeUnit.SECONDS,
                    new SynchronousQueue<>(), r -> {
                        Thread t = new Thread(r, "qhtrack-outbox-borrow");
                        t.setDaemon(true);
                        return t;
                    });
        }

        @Override
        Connection borrow() throws SQLException {
            Connection c = borrowWithin(borrowSeconds);
            try {
                if (c.getNetworkTimeout() == 0) {
                    c.setNetworkTimeout(DIRECT, networkMillis);
                    synchronized (timed) {
                        timed.add(c);
                    }
                }
            } catch (SQLException | RuntimeException | AbstractMethodError e) {
                // a driver without network timeouts (or a JDBC 4.0 one): its own settings bound it
            }
            return c;
        }

        private Connection borrowWithin(int seconds) throws SQLException {
            CompletableFuture<Connection> borrowing = new CompletableFuture<>();
            try {
                borrowers.execute(() -> {
                    try {
                        borrowing.complete(ds.getConnection());
                    } catch (Throwable e) {
                        borrowing.completeExceptionally(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                throw new SQLTransientConnectionException(description + " lent no connection: " + MAX_BORROWERS
                        + " borrows are already waiting for one", "HYT01");
            }
            try {
                return borrowing.get(seconds, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                borrowing.thenAccept(JdbcConnections::closeQuietly); // back to the pool whenever it comes
                throw new SQLTransientConnectionException(description + " lent no connection within " + seconds
                        + " s (qhtrack.outbox.timeout)", "HYT01");
            } catch (InterruptedException e) {
                borrowing.thenAccept(JdbcConnections::closeQuietly);
                Thread.currentThread().interrupt();
                throw new SQLTransientConnectionException("interrupted while waiting for a connection", "HYT01");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof SQLException) {
                    throw (SQLException) cause;
                }
                if (cause instanceof RuntimeException) {
                    throw (RuntimeException) cause;
                }
                throw new SQLException(description + " failed to lend a connection: " + cause, cause);
            }
        }

        @Override
        void release(Connection c, boolean broken) {
            boolean reset;
            synchronized (timed) {
                reset = timed.remove(c);
            }
            if (reset && !broken) {
                try {
                    c.setNetworkTimeout(DIRECT, 0);
                } catch (SQLException | RuntimeException e) {
                    // it is closed below in any case, and the application's pool decides whether to keep it
                }
            }
            closeQuietly(c);
        }

        @Override
        public void close() {
            borrowers.shutdown(); // the application owns the data source
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /** The small driver-backed pool: at most {@code size} connections, idle ones revalidated after a while. */
    private static final class Pool extends JdbcConnections {
        private static final long VALIDATE_AFTER_IDLE_NANOS = 30_000_000_000L;

        private final Driver driver;
        private final String url;
        private final Properties properties;
        private final int size;
        private final Timeouts timeouts;
        private final Semaphore permits;
        private final boolean postgresql;
        private final Deque<Connection> idle = new ArrayDeque<>();
        private final Deque<Long> idleSince = new ArrayDeque<>();
        private boolean closed;

        Pool(Driver driver, String url, String user, String password, int size, Timeouts timeouts) {
            this.driver = driver;
            this.url = url;
            this.properties = timeoutProperties(url, timeouts);
            if (user != null) {
                properties.setProperty("user", user);
            }
            if (password != null) {
                properties.setProperty("password", password);
            }
            this.size = size;
            this.timeouts = timeouts;
            this.permits = new Semaphore(size, true);
            // unless the URL sets statement_timeout itself (options=-c statement_timeout=…)
            String lower = url.toLowerCase(Locale.ROOT);
            this.postgresql = lower.startsWith("jdbc:postgresql:") && !lower.contains("statement_timeout");
        }

        @Override
        Connection borrow() throws SQLException {
            try {
                if (!permits.tryAcquire(timeouts.statementSeconds(), TimeUnit.SECONDS)) {
                    throw new SQLTransientConnectionException("no free connection within " + timeouts.statementSeconds()
                            + " s: all " + size + " (qhtrack.outbox.pool-size) are in use", "HYT01");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLTransientConnectionException("interrupted while waiting for a free connection", "HYT01");
            }
            boolean lent = false;
            try {
                Connection c = take();
                lent = true;
                return c;
            } finally {
                if (!lent) {
                    permits.release();
                }
            }
        }

        private Connection take() throws SQLException {
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
                    return open();
                }
                if (System.nanoTime() - since < VALIDATE_AFTER_IDLE_NANOS || isValid(c)) {
                    return c;
                }
                closeQuietly(c);
            }
        }

        private Connection open() throws SQLException {
            try {
                Connection opened = driver.connect(url, properties);
                if (opened == null) {
                    throw new SQLException(driver.getClass().getName() + " does not accept the URL");
                }
                try {
                    opened.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                    if (postgresql) {
                        try (Statement st = opened.createStatement()) {
                            st.execute("SET statement_timeout = " + TimeUnit.SECONDS.toMillis(
                                    timeouts.statementSeconds()));
                        }
                    }
                } catch (SQLException | RuntimeException e) {
                    closeQuietly(opened);
                    throw e;
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

        private boolean isValid(Connection c) {
            try {
                return c.isValid(timeouts.statementSeconds());
            } catch (SQLException e) {
                return false;
            }
        }

        @Override
        void release(Connection c, boolean broken) {
            try {
                if (!broken) {
                    synchronized (this) {
                        if (!closed && idle.size() < size) {
                            idle.addFirst(c);
                            idleSince.addFirst(System.nanoTime());
                            return;
                        }
                    }
                }
                closeQuietly(c);
            } finally {
                permits.release();
            }
        }

        @Override
        boolean readCommitted() {
            return true;
        }

        @Override
        boolean timesStatements() {
            return postgresql;
        }

        @Override
        void evictIdle() {
            Deque<Connection> suspects;
            synchronized (this) {
                suspects = new ArrayDeque<>(idle);
                idle.clear();
                idleSince.clear();
            }
            suspects.forEach(JdbcConnections::closeQuietly);
        }

        @Override
        public void close() {
            synchronized (this) {
                closed = true;
            }
            evictIdle();
        }

        @Override
        public String toString() {
            return Redaction.redact(url);
        }
    }
}
