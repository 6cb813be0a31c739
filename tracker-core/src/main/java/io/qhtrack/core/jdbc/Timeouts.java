package io.qhtrack.core.jdbc;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The bounds derived from {@code qhtrack.outbox.timeout}, the longest a visitor's request waits on the outbox's
 * database.
 *
 * <ul>
 *   <li>{@link #waitNanos()}: what {@link JdbcOutbox#add} waits for its commit before it answers
 *       {@link io.qhtrack.core.spi.Outbox.AddResult#HELD};</li>
 *   <li>{@link #statementSeconds()}: each statement's query timeout, and the login and connect timeouts of the
 *       connections the outbox opens itself: the timeout rounded up to whole seconds (JDBC counts them so);</li>
 *   <li>{@link #networkMillis()}: how long a connection waits for the database's next bytes (the drivers'
 *       {@code socketTimeout}, or {@link java.sql.Connection#setNetworkTimeout}): twice the statement timeout, so
 *       that a statement the database cancels still reports its own error, while a database that stopped
 *       answering altogether is given up on.</li>
 * </ul>
 */
final class Timeouts {

    private final Duration wait;

    Timeouts(Duration wait) {
        this.wait = wait;
    }

    /** The timeout itself. */
    Duration duration() {
        return wait;
    }

    long waitNanos() {
        return wait.toNanos();
    }

    int statementSeconds() {
        long millis = wait.toMillis();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE / 2000, (millis + 999) / 1000));
    }

    int networkMillis() {
        return (int) TimeUnit.SECONDS.toMillis(2L * statementSeconds());
    }

    @Override
    public String toString() {
        return wait.toString();
    }
}
