package io.qhtrack.core.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How the outbox's work runs on a connection: {@link #autoCommit} for one committed statement at a time,
 * {@link #transaction} for several that commit together (at READ COMMITTED). A connection is borrowed for each piece
 * of work and given back after it (closed instead of reused when the work failed); every statement made with
 * {@link #prepare} or {@link #statement} has the {@linkplain Timeouts#statementSeconds() statement timeout}.
 * Database failures come out as {@link JdbcFailure}s (an {@link IllegalStateException}) whose message and causes are
 * {@linkplain Redaction redacted}, and which say whether trying again may help.
 *
 * <p><b>H2.</b> H2 writes committed transactions to its file in the background (by default up to half a second
 * later). Unless the database runs with {@code WRITE_DELAY=0}, writes are forced to the file with {@code CHECKPOINT}
 * ({@link #flushH2}), so that a killed JVM loses nothing that was committed: once per transaction, which with group
 * commit is once per batch of conversions.
 */
final class Transactions implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JdbcOutbox.class.getName());

    /** A piece of work on a borrowed connection. */
    @FunctionalInterface
    interface Work<T> {
        T apply(Connection c) throws SQLException;
    }

    private final JdbcConnections connections;
    private final Timeouts timeouts;
    private volatile boolean checkpointAfterWrite;
    private volatile boolean closed;
    /** Whether every statement gets the query timeout, even when the outbox's own connections have it already. */
    private final boolean timesEveryStatement;
    /** The connections lent out right now, aborted by {@link #close} when they are still out. */
    private final Set<Connection> lent = ConcurrentHashMap.newKeySet();

    /**
     * @param checkpointAfterWrite whether to force H2 to write its file after each write (see
     *     {@link #mustCheckpoint})
     */
    Transactions(JdbcConnections connections, boolean checkpointAfterWrite, Timeouts timeouts) {
        this(connections, checkpointAfterWrite, timeouts, false);
    }

    private Transactions(JdbcConnections connections, boolean checkpointAfterWrite, Timeouts timeouts,
            boolean timesEveryStatement) {
        this.connections = connections;
        this.checkpointAfterWrite = checkpointAfterWrite;
        this.timeouts = timeouts;
        this.timesEveryStatement = timesEveryStatement;
    }

    /**
     * Statements for connections that are not the outbox's own (an application's transaction): each gets the
     * statement timeout as its query timeout, since nothing set one on the connection. Only {@link #prepare} and
     * {@link #statement} are for use.
     */
    Transactions forForeignConnections() {
        return new Transactions(connections, false, timeouts, true);
    }

    /** Whether an H2 file database writes its commits lazily, so that {@link #flushH2} must force them out. */
    static boolean mustCheckpoint(Connection c, Dialect dialect, boolean inMemory) {
        return dialect == Dialect.H2 && !inMemory && h2WriteDelay(c) != 0;
    }

    private static long h2WriteDelay(Connection c) {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS "
                        + "WHERE SETTING_NAME = 'WRITE_DELAY'")) {
            return rs.next() ? Long.parseLong(rs.getString(1).trim()) : -1;
        } catch (SQLException | NumberFormatException e) {
            return -1;
        }
    }

    /** A prepared statement with the statement timeout (unless the connection has it on the server's side). */
    PreparedStatement prepare(Connection c, String sql) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        if (timesEveryStatement || !connections.timesStatements()) {
            ps.setQueryTimeout(timeouts.statementSeconds());
        }
        return ps;
    }

    /** A statement with the statement timeout (unless the connection has it on the server's side). */
    Statement statement(Connection c) throws SQLException {
        Statement st = c.createStatement();
        if (timesEveryStatement || !connections.timesStatements()) {
            st.setQueryTimeout(timeouts.statementSeconds());
        }
        return st;
    }

    /** Runs {@code work} with auto-commit on: each statement commits by itself. */
    <T> T autoCommit(String what, Work<T> work) {
        return run(what, c -> {
            setAutoCommit(c, true);
            return work.apply(c);
        });
    }

    /** Runs {@code work} in one READ COMMITTED transaction, rolled back if it fails. */
    <T> T transaction(String what, Work<T> work) {
        return transaction(what, work, false);
    }

    /**
     * As {@link #transaction(String, Work)}; with {@code flush}, H2 is then {@linkplain #flushH2 flushed}. A failure
     * of the commit itself is {@linkplain JdbcFailure#ambiguous() ambiguous}: the transaction may have been
     * committed.
     */
    <T> T transaction(String what, Work<T> work, boolean flush) {
        boolean[] committing = {false};
        try {
            return run(what, c -> {
                boolean wasAuto = c.getAutoCommit();
                // READ COMMITTED everywhere: on MySQL it avoids gap locks that would make add() wait for a claim.
                // The outbox's own connections are opened so; an application's are set, and restored after.
                int isolation = connections.readCommitted() ? Connection.TRANSACTION_READ_COMMITTED
                        : c.getTransactionIsolation();
                if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
                    c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                }
                c.setAutoCommit(false);
                try {
                    T result = work.apply(c);
                    committing[0] = true; // from here on, a failure may come after the commit happened
                    c.commit();
                    if (flush) {
                        flushH2(c);
                    }
                    return result;
                } catch (SQLException | RuntimeException e) {
                    try {
                        c.rollback();
                    } catch (SQLException r) {
                        e.addSuppressed(r);
                    }
                    throw e;
                } finally {
                    c.setAutoCommit(wasAuto);
                    if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
                        c.setTransactionIsolation(isolation);
                    }
                }
            });
        } catch (JdbcFailure f) {
            if (committing[0] && !f.ambiguous()) {
                throw new JdbcFailure(f.getMessage(), (SQLException) f.getCause(), f.kind(), true);
            }
            throw f;
        }
    }

    private <T> T run(String what, Work<T> work) {
        if (closed) {
            throw new JdbcFailure("qhtrack JDBC outbox: " + what + ": the outbox is closed", null,
                    JdbcFailure.Kind.UNAVAILABLE, false);
        }
        Connection c;
        try {
            c = connections.borrow();
        } catch (SQLException e) {
            throw failure(what, e);
        }
        lent.add(c);
        boolean broken = false;
        try {
            return work.apply(c);
        } catch (SQLException e) {
            broken = true;
            if (JdbcFailure.brokeTheConnection(e)) {
                connections.evictIdle();
            }
            throw failure(what, e);
        } catch (RuntimeException e) {
            broken = true;
            throw e;
        } finally {
            lent.remove(c);
            connections.release(c, broken);
        }
    }

    private static void setAutoCommit(Connection c, boolean on) throws SQLException {
        if (c.getAutoCommit() != on) {
            c.setAutoCommit(on);
        }
    }

    /** H2 writes commits to its file lazily; force them out so that a killed JVM loses nothing committed. */
    void flushH2(Connection c) {
        if (!checkpointAfterWrite) {
            return;
        }
        try (Statement st = statement(c)) {
            st.execute("CHECKPOINT");
        } catch (SQLException e) {
            checkpointAfterWrite = false;
            LOG.log(Level.WARNING, "qhtrack: cannot force H2 to write the outbox to disk (" + Redaction.redact(
                    e.getMessage()) + "); conversions accepted within H2's write delay before a crash may be lost. "
                    + "Run the outbox as an H2 admin user, or add ;WRITE_DELAY=0 to the H2 URL");
        }
    }

    /**
     * The failure, with the driver's exception chained as a redacted copy: some drivers quote the URL, which may
     * hold a password, and a logged stack trace prints every cause's message.
     */
    private static JdbcFailure failure(String what, SQLException e) {
        return new JdbcFailure("qhtrack JDBC outbox: " + what + " failed: SQLState " + e.getSQLState() + ", "
                + Redaction.redact(e.getMessage()), Redaction.redacted(e), JdbcFailure.classify(e), false);
    }

    /**
     * Refuses further work, aborts the connections still lent out (a statement stuck on a database that stopped
     * answering then fails at once), and closes the idle ones (a data source the application owns stays open).
     */
    @Override
    public void close() {
        closed = true;
        List<Connection> stuck = new ArrayList<>(lent);
        for (Connection c : stuck) {
            try {
                c.abort(JdbcConnections.DIRECT);
            } catch (SQLException | RuntimeException | AbstractMethodError e) {
                JdbcConnections.closeQuietly(c);
            }
        }
        connections.close();
    }
}
