package io.qhtrack.core.jdbc;

import java.sql.Connection;

/**
 * Tells the {@link JdbcOutbox} which transaction of the application the current thread is in, so that a conversion's
 * row joins it: the lead and its conversion commit or roll back together, and a rolled-back lead reports nothing (the
 * transactional outbox). Set it with {@link JdbcOutbox.Builder#transactions(TransactionJoiner)}; the Spring Boot
 * starter sets one that asks Spring's transaction synchronization. A plain JDBC application needs none: it names its
 * connection with {@link JdbcOutbox#joining(java.sql.Connection)}.
 *
 * <p>The connection must be to the outbox's own database (its table in the same schema). How the row joins, and what
 * happens when it cannot, is on {@link JdbcOutbox#joining(java.sql.Connection)}.
 */
public interface TransactionJoiner {

    /**
     * The connection of the transaction the current thread is in, on the outbox's database, or {@code null} when it
     * is in none (then the conversion is written by the outbox itself, as without a joiner). Called on the reporting
     * thread for each report: it must be cheap, and must never open a connection.
     */
    Connection currentTransaction();

    /**
     * Runs {@code action} once the current thread's transaction has committed, if this joiner can tell; the outbox
     * uses it to have its row delivered at once. By default it cannot: the dispatcher finds the row at its next look
     * ({@code qhtrack.poll-interval}, a second by default).
     */
    default void afterCommit(Runnable action) {
        // the dispatcher's next look finds the row
    }
}
