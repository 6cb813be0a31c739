package io.qhtrack.core.jdbc;

import java.time.Duration;
import java.time.Instant;

/**
 * How many rows are pending, as this node knows it, for {@code qhtrack.outbox.capacity}: counted in the database now
 * and then, and kept up to date in between with what this node adds and settles. Other nodes' work shows at the next
 * count: at least every {@value #NEAR_FULL_SECONDS} s when the outbox is more than half full, every
 * {@value #FAR_FROM_FULL_SECONDS} s otherwise, and at most every {@value #NEAR_FULL_SECONDS} s while it is full. So
 * the capacity may be exceeded slightly, by what other nodes add between two counts. Thread-safe.
 */
final class PendingEstimate {

    private static final long UNBOUNDED = JdbcOutbox.UNBOUNDED;
    private static final long NEAR_FULL_SECONDS = 1;
    private static final long FAR_FROM_FULL_SECONDS = 10;

    private final long capacity;
    private long estimate;
    private Instant countedAt;

    PendingEstimate(long capacity) {
        this.capacity = capacity;
    }

    long capacity() {
        return capacity;
    }

    /** Whether one more row may be added when {@code more} rows were just admitted but are not yet {@link #added}. */
    synchronized boolean admits(long more) {
        return capacity == UNBOUNDED || estimate + more < capacity;
    }

    /** Whether the rows were never counted yet (and there is a capacity to count them for). */
    synchronized boolean neverCounted() {
        return capacity != UNBOUNDED && countedAt == null;
    }

    /** Whether the outbox looks full and the last count is old enough to count again. */
    synchronized boolean mayRecountWhenFull(Instant now) {
        return countedAt == null || !now.isBefore(countedAt.plusSeconds(NEAR_FULL_SECONDS));
    }

    /** Whether it is time for a routine count. */
    synchronized boolean recountDue(Instant now) {
        if (capacity == UNBOUNDED) {
            return false;
        }
        if (countedAt == null) {
            return true;
        }
        Duration interval = Duration.ofSeconds(estimate >= capacity / 2 ? NEAR_FULL_SECONDS : FAR_FROM_FULL_SECONDS);
        return !now.isBefore(countedAt.plus(interval));
    }

    synchronized void counted(long pending, Instant at) {
        estimate = pending;
        countedAt = at;
    }

    synchronized void added(long n) {
        estimate += n;
    }

    synchronized void settled(long n) {
        estimate = Math.max(0, estimate - n);
    }
}
