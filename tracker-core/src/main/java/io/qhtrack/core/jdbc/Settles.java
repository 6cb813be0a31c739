package io.qhtrack.core.jdbc;

import io.qhtrack.core.OutboxState;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Group commit for settling claimed entries (delivered, retry, dead, expired): the dispatcher's answers arrive on many
 * threads at once, and each used to commit (and, on H2, checkpoint) by itself, which at a few hundred deliveries a
 * second queued them, and the visitors' adds behind them, on the database's commit. Here concurrent settles share a
 * transaction: the first caller to find no write under way writes everything queued, in one transaction committed
 * (and flushed) once; the others wait for it and get their own answer, so each still returns only once its row is
 * settled, as before. What arrives during a write is written by one of its callers next. No thread of its own.
 */
final class Settles {

    private static final Logger LOG = Logger.getLogger(JdbcOutbox.class.getName());

    /** One settle: the row, its claim, and what it becomes. */
    static final class Item {
        final long id;
        final String claim;
        final OutboxState state;
        final int attempts;
        final Instant at;
        final String error;
        boolean done;
        boolean settled;
        RuntimeException failure;

        Item(long id, String claim, OutboxState state, int attempts, Instant at, String error) {
            this.id = id;
            this.claim = claim;
            this.state = state;
            this.attempts = attempts;
            this.at = at;
            this.error = error;
        }
    }

    private final Transactions db;
    private final String settleSql;
    private final PendingEstimate pending;

    private final Object lock = new Object();
    private List<Item> queue = new ArrayList<>();
    private boolean writing;

    Settles(Transactions db, String table, PendingEstimate pending) {
        this.db = db;
        this.pending = pending;
        this.settleSql = "UPDATE " + table + " SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ?, "
                + "claim = NULL, lease_until = NULL WHERE id = ? AND claim = ?";
    }

    /** Settles {@code item} (with whatever else is queued); whether its claim still held. */
    boolean settle(Item item) {
        List<Item> batch;
        boolean interrupted = false;
        synchronized (lock) {
            queue.add(item);
            while (true) {
                if (item.done) {
                    return answer(item, interrupted);
                }
                if (!writing) {
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
        RuntimeException failure = null;
        try {
            write(batch);
        } catch (RuntimeException e) {
            failure = e;
        }
        synchronized (lock) {
            for (Item i : batch) {
                i.failure = failure;
                i.done = true;
            }
            writing = false;
            lock.notifyAll();
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

    private void write(List<Item> batch) {
        batch.sort((a, b) -> Long.compare(a.id, b.id)); // rows locked in one order: no deadlock with another writer
        long finished = db.transaction("settle", c -> {
            long settledAway = 0;
            try (PreparedStatement ps = db.prepare(c, settleSql)) {
                for (Item i : batch) {
                    ps.setString(1, i.state.name());
                    ps.setInt(2, i.attempts);
                    ps.setLong(3, i.at.toEpochMilli());
                    ps.setString(4, i.error == null ? null : Rows.truncate(i.error));
                    ps.setLong(5, i.id);
                    ps.setString(6, i.claim);
                    i.settled = ps.executeUpdate() == 1;
                    if (i.settled && i.state != OutboxState.PENDING) {
                        settledAway++;
                    }
                }
            }
            return settledAway;
        }, true);
        pending.settled(finished);
        for (Item i : batch) {
            if (!i.settled) {
                LOG.log(Level.FINE, () -> "qhtrack: outbox row " + i.id + " was not marked " + i.state
                        + ": its claim lapsed and another dispatcher took it");
            }
        }
    }
}
