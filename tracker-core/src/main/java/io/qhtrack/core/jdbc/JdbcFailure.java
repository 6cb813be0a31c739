package io.qhtrack.core.jdbc;

import java.io.IOException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A database failure of the outbox, with what it means for the work that failed; its message and causes are
 * {@linkplain Redaction redacted}.
 */
final class JdbcFailure extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * What the failure says about trying again. Only {@link #DATA} is about the work itself; anything else is a state
     * of the database (down, read-only, full, in a conflict, shutting down, a schema or permission problem an operator
     * fixes) and the work is kept and tried again.
     */
    enum Kind {
        /**
         * The database cannot take the work now: it is down, unreachable, read-only (a failover), out of disk, memory
         * or connections, shutting down, or a statement or lock wait ran past its timeout; also any failure that is
         * neither {@link #CONFLICT} nor {@link #DATA}. Nothing is wrong with the work; keep it, try again later.
         */
        UNAVAILABLE,
        /** A deadlock or a serialization failure: the transaction was rolled back; try again at once. */
        CONFLICT,
        /**
         * The database refused a value of the work itself (SQLState class 22, data exception, or 23, integrity
         * constraint violation; MySQL's equivalents): the same work will fail again. Only this is dead-lettered, and
         * only for a conversion that fails alone.
         */
        DATA
    }

    /**
     * MySQL and MariaDB error codes of a refused value whose SQLState is the generic {@code HY000} (or none): they are
     * {@link Kind#DATA}. The others of class 22 and 23 have their SQLState.
     */
    private static final int[] MYSQL_DATA = {
        1366, // ER_TRUNCATED_WRONG_VALUE_FOR_FIELD: a string the column's character set cannot hold
        3819, // ER_CHECK_CONSTRAINT_VIOLATED (MySQL 8)
        4025, // ER_CONSTRAINT_FAILED (MariaDB CHECK)
        1048, // ER_BAD_NULL_ERROR
        1406, // ER_DATA_TOO_LONG
        1264, // ER_WARN_DATA_OUT_OF_RANGE
        1452, // ER_NO_REFERENCED_ROW_2 (a foreign key)
    };
    /** MySQL's and MariaDB's deadlock ({@code ER_LOCK_DEADLOCK}) and MariaDB's write conflict ({@code ER_CHECKREAD}). */
    private static final int[] MYSQL_CONFLICT = {1213, 1020};
    /** Exceptions of a chain looked at, at most. */
    private static final int MAX_CHAIN = 20;

    private final Kind kind;
    private final boolean ambiguous;

    /** @param cause the driver's exception (redacted), or {@code null} when the outbox itself refused the work */
    JdbcFailure(String message, SQLException cause, Kind kind, boolean ambiguous) {
        super(message, cause);
        this.kind = kind;
        this.ambiguous = ambiguous;
    }

    /** What the failure means for trying again. */
    Kind kind() {
        return kind;
    }

    /**
     * Whether it happened while committing, so that the transaction may or may not have been committed: only reading
     * the database again tells.
     */
    boolean ambiguous() {
        return ambiguous;
    }

    /** The SQLState of the driver's exception, or {@code ""}. */
    String sqlState() {
        return getCause() instanceof SQLException && ((SQLException) getCause()).getSQLState() != null
                ? ((SQLException) getCause()).getSQLState() : "";
    }

    /**
     * What {@code e} (or an exception chained to it) says about trying again. A connection that broke, a timeout or
     * an interrupt anywhere in the chain is {@link Kind#UNAVAILABLE} (whatever the statement was doing then); else a
     * data error ({@link Kind#DATA}) or a conflict ({@link Kind#CONFLICT}) named anywhere in it; else
     * {@link Kind#UNAVAILABLE}: PostgreSQL's classes 08 (connection), 25 (read-only transaction), 40 beyond the
     * retries, 53 (disk full, out of memory, too many connections), 55 (lock not available), 57 (cancelled, admin
     * shutdown, cannot connect now) and 58 (I/O error); MySQL's and MariaDB's 1290 and 1836 (read-only), 1114 (table
     * full), 1021 (disk full), 1205 (lock wait timeout), 1053 (shutdown), 2006 and 2013 (server gone); H2's 90097
     * (read-only database), 90098 and 90121 (closed), 90108 (out of memory), 90028 and 90031 (I/O: disk full), 50200
     * (lock timeout), 90135 (exclusive mode). A new code needs no entry: what is not a data error is not the
     * conversion's fault.
     */
    static Kind classify(SQLException e) {
        boolean conflict = false;
        boolean data = false;
        for (Throwable t : chain(e)) {
            if (t instanceof IOException || t instanceof InterruptedException || t instanceof SQLTimeoutException
                    || t instanceof SQLRecoverableException
                    || t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return Kind.UNAVAILABLE;
            }
            if (t instanceof SQLException) {
                SQLException x = (SQLException) t;
                String state = x.getSQLState() == null ? "" : x.getSQLState();
                if (isConnectionLoss(state)) {
                    return Kind.UNAVAILABLE;
                }
                // 40001 serialization failure (H2's deadlock too), 40P01 deadlock, H2's 90131 concurrent update
                conflict |= state.equals("40001") || state.equals("40P01") || state.equals("90131")
                        || t instanceof SQLTransactionRollbackException || contains(MYSQL_CONFLICT, x.getErrorCode());
                data |= state.startsWith("22") || state.startsWith("23") || t instanceof SQLDataException
                        || t instanceof SQLIntegrityConstraintViolationException || contains(MYSQL_DATA, x.getErrorCode());
            }
        }
        return data ? Kind.DATA : conflict ? Kind.CONFLICT : Kind.UNAVAILABLE;
    }

    /** Whether the SQLState or vendor code says that the database did not answer, so that idle connections are suspect. */
    static boolean brokeTheConnection(SQLException e) {
        for (Throwable t : chain(e)) {
            if (t instanceof IOException || t instanceof SQLRecoverableException
                    || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException && isConnectionLoss(((SQLException) t).getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** A connection exception (08), an admin or crash shutdown (57P), or H2's broken or closed connection. */
    private static boolean isConnectionLoss(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("90067")
                || state.equals("90098") || state.equals("90121"));
    }

    private static boolean contains(int[] codes, int code) {
        for (int c : codes) {
            if (c == code) {
                return true;
            }
        }
        return false;
    }

    /** {@code e}, its causes and its next exceptions (a batch's), each once, at most {@value #MAX_CHAIN}. */
    private static List<Throwable> chain(Throwable e) {
        List<Throwable> seen = new ArrayList<>();
        Deque<Throwable> todo = new ArrayDeque<>();
        todo.add(e);
        while (!todo.isEmpty() && seen.size() < MAX_CHAIN) {
            Throwable t = todo.poll();
            if (t == null || containsSame(seen, t)) {
                continue;
            }
            seen.add(t);
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            if (t instanceof SQLException && ((SQLException) t).getNextException() != null) {
                todo.add(((SQLException) t).getNextException());
            }
        }
        return seen;
    }

    private static boolean containsSame(List<Throwable> list, Throwable t) {
        for (Throwable x : list) {
            if (x == t) {
                return true;
            }
        }
        return false;
    }
}
