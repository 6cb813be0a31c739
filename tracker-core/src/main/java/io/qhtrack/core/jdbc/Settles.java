package io.qhtrack.core.jdbc;

import io.qhtrack.core.Origin;
import io.qhtrack.core.OutboxState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Group commit for settling claimed entries (delivered, retry, dead, expired): the dispatcher's answers arrive on many
 * threads at once, and each used to commit (and, on H2, checkpoint) by itself, which at a few hundred deliveries a
 * second queued them, and the visitors' adds behind them, on the database's commit. Here concurrent settles share a
 * transaction: the first caller to find no write under way writes everything queued, in one transaction committed
 * (and flushed) once; the others wait for it and get their own answer, so each still returns only once its row is
 * settled, as before. What arrives during a write is written by one of its callers next. No thread of its own.
 *
 * <p><b>When a write fails</b> ({@link JdbcFailure.Kind}), the outcome of the upload (360 has it, or refused it) is
 * not given up, since losing it means sending the conversion again. Every settle is written under its claim
 * ({@code … WHERE id = ? AND claim = ?}), so writing it again is safe:
 * <ul>
 *   <li>a conflict (deadlock, serialization failure) is written again at once, a few times;</li>
 *   <li>a data error splits the batch in halves until the settle at fault stands alone, so that one broken row does
 *       not fail the others (which would make the dispatcher send them again); that one fails;</li>
 *   <li>anything else (the database down, read-only, full) is written again with a backoff (up to a second) for as
 *       long as the claim's lease lasts. Past it, another dispatcher may claim the entry and send it again (the claim
 *       contract: a lapsed lease means the work is done again), so the settle fails then, and the entry is sent again
 *       once the database answers.</li>
 * </ul>
 * A commit that failed without saying whether it happened is written again too: a row already settled as asked,
 * without a claim, is then recognised as this settle's own.
 */
final class Settles {

    private static final Logger LOG = Logger.getLogger(JdbcOutbox.class.getName());

    /** Times a batch is written again at once after a conflict, before the backoff. */
    private static final int CONFLICT_RETRIES = 5;
    private static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** One settle: the row, its claim, and what it becomes. */
    static final class Item {
        final long id;
        final String claim;
        final Origin origin;
        final OutboxState state;
        /** How {@link #state} is stored for the row's platform ({@code PENDING} or {@code QUEUED}, …). */
        final String stored;
        final int attempts;
        final Instant at;
        final String error;
        /** Until when (this JVM's nanoTime) the settle may be written again: the end of the claim's lease. */
        final long retryUntilNanos;
        boolean done;
        boolean settled;
        RuntimeException failure;

        /** @param leaseUntil the end of the claim's lease, on the clock that gave {@code at}; null when unknown */
        Item(long id, String claim, String platform, Origin origin, OutboxState state, int attempts, Instant at,
                String error, Instant leaseUntil) {
            this.id = id;
            this.claim = claim;
            this.origin = origin;
            this.state = state;
            this.stored = Rows.stored(state, platform);
            this.attempts = attempts;
            this.at = at;
            this.error = error == null ? null : Rows.truncate(error);
            long leaseLeftMillis = leaseUntil == null ? 0 : Math.max(0, leaseUntil.toEpochMilli() - at.toEpochMilli());
            this.retryUntilNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(leaseLeftMillis);
        }

        private String describe() {
            return "outbox row " + id + " (" + state + ")";
        }
    }

    private final Transactions db;
    private final String table;
    private final String settleSql;
    private final PendingEstimate pending;

    private final Object lock = new Object();
    private List<Item> queue = new ArrayList<>();
    private boolean writing;
    private boolean paused;
    /** Signalled at close: ends a backoff. */
    private final Object closing = new Object();
    private volatile boolean closed;

    Settles(Transactions db, String table, PendingEstimate pending) {
        this.db = db;
        this.table = table;
        this.pending = pending;
        this.settleSql = "UPDATE " + table + " SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ?, "
                + "claim = NULL, lease_until = NULL WHERE id = ? AND claim = ?";
    }

    /**
     * Settles {@code item} (with whatever else is queued); whether its claim still held.
     *
     * @throws JdbcFailure when it could not be written (see the class comment)
     */
    boolean settle(Item item) {
        List<Item> batch;
        boolean interrupted = false;
        synchronized (lock) {
            queue.add(item);
            while (true) {
                if (item.done) {
                    return answer(item, interrupted);
                }
                if (!writing && !paused) {
                    writing = true;
                    batch = queue;
                    queue = new ArrayList<>();
                    break;
                }
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    interrupted = true; // the item may be in a write under way: wait for its answer all the same
                }
            }
        }
        try {
            batch.sort((a, b) -> Long.compare(a.id, b.id)); // rows locked in one order: no deadlock with another writer
            write(batch, false);
        } finally {
            synchronized (lock) {
                for (Item i : batch) {
                    i.done = true;
                }
                writing = false;
                lock.notifyAll();
            }
        }
        return answer(item, interrupted);
    }

    private static boolean answer(Item item, boolean interrupted) {
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (item.failure != null) {
            throw item.failure;
        }
        return item.settled;
    }

    /** Writes {@code batch}, each item ending settled or with its failure (never throws). */
    private void write(List<Item> batch, boolean ambiguousBefore) {
        List<Item> left = new ArrayList<>(batch);
        boolean ambiguous = ambiguousBefore;
        int conflicts = 0;
        long backoff = FIRST_BACKOFF_NANOS;
        while (!left.isEmpty()) {
            try {
                writeOnce(left, ambiguous);
                return;
            } catch (JdbcFailure f) {
                ambiguous |= f.ambiguous();
                if (closed) {
                    fail(left, f);
                    return;
                }
                if (f.kind() == JdbcFailure.Kind.CONFLICT && ++conflicts <= CONFLICT_RETRIES) {
                    continue;
                }
                if (f.kind() == JdbcFailure.Kind.DATA) {
                    if (left.size() == 1) {
                        fail(left, f);
                        return;
                    }
                    int half = left.size() / 2;
                    write(new ArrayList<>(left.subList(0, half)), ambiguous);
                    write(new ArrayList<>(left.subList(half, left.size())), ambiguous);
                    return;
                }
                long retryAt = System.nanoTime() + backoff;
                List<Item> lapsing = new ArrayList<>();
                for (Item i : left) {
                    if (i.retryUntilNanos - retryAt < 0) {
                        lapsing.add(i);
                    }
                }
                fail(lapsing, f);
                left.removeAll(lapsing);
                if (!left.isEmpty() && !backOff(backoff)) {
                    fail(left, f);
                    return;
                }
                backoff = Math.min(MAX_BACKOFF_NANOS, backoff * 2);
                conflicts = 0;
            }
        }
    }

    private void fail(List<Item> items, JdbcFailure f) {
        for (Item i : items) {
            i.failure = f;
            LOG.log(Level.WARNING, () -> "qhtrack: the result of " + i.describe() + " could not be recorded ("
                    + f.getMessage() + "); its claim's lease will lapse, and it is attempted again once the database "
                    + "answers");
        }
    }

    /** Waits {@code nanos} before the next try; false when the outbox was closed meanwhile. */
    private boolean backOff(long nanos) {
        long end = System.nanoTime() + nanos;
        synchronized (closing) {
            while (!closed) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(closing, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    private void writeOnce(List<Item> batch, boolean ambiguous) {
        long[] browserAway = {0};
        long finished = db.transaction("settle", c -> {
            long settledAway = 0;
            browserAway[0] = 0;
            try (PreparedStatement ps = db.prepare(c, settleSql)) {
                for (Item i : batch) {
                    ps.setString(1, i.stored);
                    ps.setInt(2, i.attempts);
                    ps.setLong(3, i.at.toEpochMilli());
                    ps.setString(4, i.error);
                    ps.setLong(5, i.id);
                    ps.setString(6, i.claim);
                    i.settled = ps.executeUpdate() == 1 || ambiguous && settledAsAsked(c, i);
                    if (i.settled && i.state != OutboxState.PENDING) {
                        settledAway++;
                        browserAway[0] += i.origin == Origin.BROWSER ? 1 : 0;
                    }
                }
            }
            return settledAway;
        }, true);
        pending.settled(finished, browserAway[0]);
        for (Item i : batch) {
            if (!i.settled) {
                LOG.log(Level.FINE, () -> "qhtrack: " + i.describe() + " was not settled: its claim lapsed and another "
                        + "dispatcher took it");
            }
        }
    }

    /** Whether the row is as {@code i} makes it, claim released: a commit that failed to say it happened did it. */
    private boolean settledAsAsked(Connection c, Item i) throws SQLException {
        try (PreparedStatement ps = db.prepare(c, "SELECT state, attempts, next_attempt_at, claim FROM " + table
                + " WHERE id = ?")) {
            ps.setLong(1, i.id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && i.stored.equals(rs.getString(1)) && rs.getInt(2) == i.attempts
                        && rs.getLong(3) == i.at.toEpochMilli() && rs.getString(4) == null;
            }
        }
    }

    /** Makes settles pile up instead of being written (tests: to see what one batch does). */
    void pause() {
        synchronized (lock) {
            paused = true;
        }
    }

    /** Lets the settles that piled up be written, in one batch. */
    void resume() {
        synchronized (lock) {
            paused = false;
            lock.notifyAll();
        }
    }

    /** Settles waiting to be written. */
    int queued() {
        synchronized (lock) {
            return queue.size();
        }
    }

    /** Ends the backoffs under way: their settles fail (the outbox is closed). */
    void close() {
        closed = true;
        synchronized (closing) {
            closing.notifyAll();
        }
    }
}
