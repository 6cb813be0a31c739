package io.qhtrack.core.jdbc;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
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

    /** What the failure says about trying again. */
    enum Kind {
        /**
         * The database did not answer, in time or at all: it is down, unreachable, shutting down, out of
         * connections, or a statement or lock wait ran past its timeout. Nothing is wrong with the work; try again
         * later.
         */
        UNAVAILABLE,
        /** A deadlock or a serialization failure: the transaction was rolled back; try again at once. */
        CONFLICT,
        /** The database refused the work itself (a constraint, a value, the schema): trying again will not help. */
        REFUSED
    }

    /** MySQL and MariaDB error codes of a database that does not answer in time, or at all. */
    private static final int[] MYSQL_UNAVAILABLE = {
        1205, // ER_LOCK_WAIT_TIMEOUT
        1927, // ER_CONNECTION_KILLED
        1969, // ER_STATEMENT_TIMEOUT (MariaDB max_statement_time)
        3024, // ER_QUERY_TIMEOUT (MySQL max_execution_time)
        2006, // CR_SERVER_GONE_ERROR
        2013, // CR_SERVER_LOST
        1040, // ER_CON_COUNT_ERROR
        1053, // ER_SERVER_SHUTDOWN
    };
    /** MySQL's and MariaDB's deadlock ({@code ER_LOCK_DEADLOCK}). */
    private static final int MYSQL_DEADLOCK = 1213;
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

    /** What {@code e} (or an exception chained to it) says about trying again. */
    static Kind classify(SQLException e) {
        boolean conflict = false;
        for (Throwable t : chain(e)) {
            if (t instanceof IOException || t instanceof InterruptedException || t instanceof SQLTimeoutException
                    || t instanceof SQLRecoverableException
                    || t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return Kind.UNAVAILABLE;
            }
            if (t instanceof SQLException) {
                SQLException x = (SQLException) t;
                String state = x.getSQLState() == null ? "" : x.getSQLState();
                if (isUnavailable(state, x.getErrorCode())) {
                    return Kind.UNAVAILABLE;
                }
                conflict |= state.equals("40001") || state.equals("40P01") || x.getErrorCode() == MYSQL_DEADLOCK;
            }
        }
        return conflict ? Kind.CONFLICT : Kind.REFUSED;
    }

    /** Whether the SQLState or vendor code says that the database did not answer, so that idle connections are suspect. */
    static boolean brokeTheConnection(SQLException e) {
        for (Throwable t : chain(e)) {
            if (t instanceof IOException || t instanceof SQLRecoverableException
                    || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException) {
                String state = ((SQLException) t).getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isUnavailable(String state, int code) {
        if (state.startsWith("08") // connection exception (standard)
                || state.startsWith("57P") // PostgreSQL: admin/crash shutdown, cannot connect now
                || state.startsWith("HYT") // timeout expired (ODBC/JDBC)
                || state.equals("57014") // query cancelled: a statement timeout (PostgreSQL, H2)
                || state.equals("55P03") // PostgreSQL lock_not_available (lock_timeout)
                || state.equals("53300") // PostgreSQL too_many_connections
                || state.equals("70100") // MariaDB: query interrupted
                || state.equals("50200") // H2 lock timeout
                || state.equals("90067") // H2 connection broken
                || state.equals("90121") // H2 database closed
                || state.equals("90098")) { // H2 database closed after a severe error
            return true;
        }
        for (int c : MYSQL_UNAVAILABLE) {
            if (code == c) {
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
