package io.qhtrack.core.jdbc;

import java.time.Duration;
import java.time.Instant;

/**
 * How many rows are pending, as this node knows it, for {@code qhtrack.outbox.capacity}, and how much of it the
 * browser uses, for {@code qhtrack.outbox.browser-share}: counted in the database now and then, and kept up to date in
 * between with what this node adds and settles. Other nodes' work shows at the next count: at least every
 * {@value #NEAR_FULL_SECONDS} s when the outbox (or the browser's share) is more than half full, every
 * {@value #FAR_FROM_FULL_SECONDS} s otherwise, and at most every {@value #NEAR_FULL_SECONDS} s while it is full. So
 * the capacity may be exceeded slightly, by what other nodes add between two counts.
 *
 * <p>The browser's use is its pending rows plus the per-click locks ({@code <table>_clicks} rows) that browser events
 * created and that are not yet pruned (a day after their natural day ends): what a flood of forged beacons leaves in
 * the database. Thread-safe.
 */
final class PendingEstimate {

    private static final long UNBOUNDED = JdbcOutbox.UNBOUNDED;
    private static final long NEAR_FULL_SECONDS = 1;
    private static final long FAR_FROM_FULL_SECONDS = 10;

    private final long capacity;
    private final long browserCapacity;
    private long estimate;
    private long browserEstimate;
    private Instant countedAt;

    /** @param browserShare the most of the capacity the browser may use, 0 to 1 */
    PendingEstimate(long capacity, double browserShare) {
        this.capacity = capacity;
        this.browserCapacity = capacity == UNBOUNDED ? UNBOUNDED : (long) Math.floor(capacity * browserShare);
    }

    long capacity() {
        return capacity;
    }

    long browserCapacity() {
        return browserCapacity;
    }

    /** Whether one more row may be added when {@code more} rows were just admitted but are not yet {@link #added}. */
    synchronized boolean admits(long more) {
        return capacity == UNBOUNDED || estimate + more < capacity;
    }

    /**
     * Whether one more browser row (and its click's lock) may be added when {@code more} were just admitted but are not
     * yet {@link #added}.
     */
    synchronized boolean admitsBrowser(long more) {
        return browserCapacity == UNBOUNDED || browserEstimate + more < browserCapacity;
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
        boolean nearFull = estimate >= capacity / 2 || browserEstimate >= browserCapacity / 2;
        Duration interval = Duration.ofSeconds(nearFull ? NEAR_FULL_SECONDS : FAR_FROM_FULL_SECONDS);
        return !now.isBefore(countedAt.plus(interval));
    }

    /** @param browser the browser's pending rows and its per-click locks */
    synchronized void counted(long pending, long browser, Instant at) {
        estimate = pending;
        browserEstimate = browser;
        countedAt = at;
    }

    /** @param browser how much of it (rows, and per-click locks created) the browser caused */
    synchronized void added(long n, long browser) {
        estimate += n;
        browserEstimate += browser;
    }

    /** @param browser how many of them were the browser's (their per-click locks stay until pruned) */
    synchronized void settled(long n, long browser) {
        estimate = Math.max(0, estimate - n);
        browserEstimate = Math.max(0, browserEstimate - browser);
    }
}
