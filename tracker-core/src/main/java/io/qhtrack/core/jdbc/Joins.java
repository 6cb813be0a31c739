package io.qhtrack.core.jdbc;

import io.qhtrack.core.spi.Outbox.AddResult;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The transactional outbox: a conversion's row written in the application's own transaction, so that it commits or
 * rolls back with the lead. The transaction is the one {@link JdbcOutbox#joining(Connection)} names on this thread,
 * else the one the {@link TransactionJoiner} finds; a connection with auto-commit on is in none.
 *
 * <p>The application's transaction is never broken by qhtrack: the row is written under a savepoint, with the same
 * statements and rules as the outbox's own (the click's lock, its rows read, the insert-if-absent, each statement with
 * the statement timeout). When anything fails there, the transaction is rolled back to the savepoint (on PostgreSQL a
 * failed statement would otherwise abort the whole transaction) and the conversion is written by the outbox itself,
 * as without a transaction, so it is reported whatever the transaction does then. The click's lock row is held until
 * the application's transaction ends, so another report for the same click and event waits for it (up to the
 * statement timeout).
 */
final class Joins {

    private static final Logger LOG = Logger.getLogger(JdbcOutbox.class.getName());
    /** The transaction {@link JdbcOutbox#joining(Connection)} names on this thread, if any. */
    private static final ThreadLocal<Connection> NAMED = new ThreadLocal<>();

    private final Adds adds;
    private final Dialect dialect;
    private final TransactionJoiner joiner;
    private final AtomicBoolean fallbackLogged = new AtomicBoolean();
    private volatile Runnable wakeUp = () -> { };

    /** @param joiner the application's, or {@code null} */
    Joins(Adds adds, Dialect dialect, TransactionJoiner joiner) {
        this.adds = adds;
        this.dialect = dialect;
        this.joiner = joiner;
    }

    /** Names {@code c} as this thread's transaction; returns the one it replaces, to be restored. */
    static Connection name(Connection c) {
        Connection previous = NAMED.get();
        NAMED.set(c);
        return previous;
    }

    /** Restores the transaction a {@link #name} replaced. */
    static void restore(Connection previous) {
        if (previous == null) {
            NAMED.remove();
        } else {
            NAMED.set(previous);
        }
    }

    /** How the dispatcher is woken up once a joined row is committed (when the joiner can tell). */
    void wakeUpWith(Runnable dispatcherWakeUp) {
        this.wakeUp = dispatcherWakeUp;
    }

    /**
     * Writes {@code a} in the current thread's transaction, if it is in one.
     *
     * @return {@link AddResult#JOINED}, or {@link AddResult#DUPLICATE}, {@link AddResult#LIMITED} or
     *     {@link AddResult#FULL} as decided there; {@code null} when there is no transaction to join or the row could
     *     not be written in it (the caller then writes it the usual way)
     */
    AddResult add(PendingAdd a) {
        Connection named = NAMED.get();
        Connection c = named != null ? named : joiner != null ? joiner.currentTransaction() : null;
        if (c == null || !inTransaction(c)) {
            return null;
        }
        Savepoint savepoint;
        try {
            savepoint = c.setSavepoint();
        } catch (SQLException | RuntimeException | AbstractMethodError e) {
            fellBack(a, e);
            return null;
        }
        AddResult result;
        try {
            result = adds.writeIn(c, a, lockingReads(c));
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback(savepoint);
            } catch (SQLException r) {
                e.addSuppressed(r);
            }
            fellBack(a, e);
            return null;
        }
        release(c, savepoint);
        if (result != AddResult.ADDED) {
            return result;
        }
        if (named == null) {
            joiner.afterCommit(wakeUp);
        }
        return AddResult.JOINED;
    }

    private static boolean inTransaction(Connection c) {
        try {
            return !c.getAutoCommit() && !c.isClosed();
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Whether a click's rows must be read with a lock: on MySQL above READ COMMITTED a plain read sees the
     * transaction's snapshot, which may miss what another node committed for the click since.
     */
    private boolean lockingReads(Connection c) throws SQLException {
        return dialect == Dialect.MYSQL && c.getTransactionIsolation() > Connection.TRANSACTION_READ_COMMITTED;
    }

    private static void release(Connection c, Savepoint savepoint) {
        try {
            c.releaseSavepoint(savepoint);
        } catch (SQLException | RuntimeException | AbstractMethodError e) {
            // some drivers keep savepoints until the transaction ends; nothing is wrong
        }
    }

    private void fellBack(PendingAdd a, Throwable e) {
        String why = e instanceof SQLException ? "SQLState " + ((SQLException) e).getSQLState() + ", "
                + Redaction.redact(e.getMessage()) : String.valueOf(e);
        LOG.log(fallbackLogged.compareAndSet(false, true) ? Level.WARNING : Level.FINE, () -> "qhtrack: a conversion "
                + "could not join the application's transaction (" + why + "); it is written by the outbox itself, and "
                + "reported whatever the transaction does: " + a.describe() + " (logged once at WARNING)");
    }
}
