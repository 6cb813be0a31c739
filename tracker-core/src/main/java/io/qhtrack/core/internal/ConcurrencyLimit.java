package io.qhtrack.core.internal;

/**
 * How many requests may be in flight at once: an AIMD limit. While the platforms answer and the limit is in use (at
 * least half of it in flight), each answer raises it by one, up to the configured maximum, so throughput follows demand
 * when they are healthy but slow; a sign of overload ({@link Answers#overloaded}: a timeout, a network error, HTTP 5xx
 * or 429) multiplies it by {@value #BACKOFF}, down to one. {@code Retry-After} is honoured separately, per entry.
 * Thread-safe.
 */
final class ConcurrencyLimit {

    /** The factor a sign of overload applies to the limit. */
    static final double BACKOFF = 0.75;
    /** Where the limit starts (never above the maximum): the fixed limit of earlier versions. */
    static final int INITIAL = 4;

    private final int max;
    private double limit;

    ConcurrencyLimit(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max: " + max + " is not positive");
        }
        this.max = max;
        this.limit = Math.min(INITIAL, max);
    }

    /** The current limit, 1 to the maximum. */
    synchronized int current() {
        return (int) limit;
    }

    /** The configured maximum. */
    int max() {
        return max;
    }

    /**
     * An attempt ended.
     *
     * @param inFlight uploads in flight when it ended, itself included
     * @param overloaded whether the answer was a sign of overload
     */
    synchronized void onAnswer(int inFlight, boolean overloaded) {
        if (overloaded) {
            limit = Math.max(1, limit * BACKOFF);
        } else if (inFlight * 2 >= (int) limit) {
            limit = Math.min(max, limit + 1);
        }
    }

    @Override
    public synchronized String toString() {
        return "AIMD limit " + (int) limit + " of " + max;
    }
}
