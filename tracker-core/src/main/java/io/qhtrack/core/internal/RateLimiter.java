package io.qhtrack.core.internal;

import io.qhtrack.core.spi.RateLimit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The platforms' rate limits, per credential key on this node: at most {@link RateLimit#permits()} requests in any
 * {@link RateLimit#period()} (a sliding window, as Tencent counts "4000 calls per minute": a token bucket would let a
 * full bucket and a period's refill through in one period, twice the rate), and a pause when a platform asks to slow
 * down. A key remembers the times of its requests within the last period, at most {@code permits} of them. Time is the
 * caller's (the tracker's clock). Thread-safe; the keys it remembers are bounded (the least recently used is
 * forgotten).
 */
final class RateLimiter {

    /** Keys remembered at most: one per platform, tenant and set of credentials in use. */
    private static final int MAX_KEYS = 1_000;

    private static final class Window {
        /** The times of the requests within the last period, oldest first. */
        final Deque<Instant> sent = new ArrayDeque<>();
        Instant pausedUntil = Instant.MIN;
    }

    private final Map<String, Window> windows = new LinkedHashMap<String, Window>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
            return size() > MAX_KEYS;
        }
    };

    /**
     * Takes a permit for a request with {@code key} now: {@link Duration#ZERO} when one was taken, else how long to
     * wait for one (until the oldest request of the window leaves it, or the pause ends). Without a limit and without
     * a pause, always zero.
     */
    synchronized Duration acquire(String key, RateLimit limit, Instant now) {
        Window w = windows.get(key);
        if (w == null) {
            if (limit == null) {
                return Duration.ZERO;
            }
            w = new Window();
            windows.put(key, w);
        }
        if (now.isBefore(w.pausedUntil)) {
            return Duration.between(now, w.pausedUntil);
        }
        if (limit == null) {
            return Duration.ZERO;
        }
        Instant windowStart = now.minus(limit.period());
        while (!w.sent.isEmpty() && (!w.sent.peekFirst().isAfter(windowStart) || w.sent.size() > limit.permits())) {
            w.sent.pollFirst(); // out of the window, or beyond a limit that was lowered
        }
        if (w.sent.size() < limit.permits()) {
            w.sent.addLast(now);
            return Duration.ZERO;
        }
        return Duration.between(windowStart, w.sent.peekFirst());
    }

    /** No request with {@code key} until {@code until}: the platform asked to slow down. */
    synchronized void pause(String key, Instant until) {
        Window w = windows.get(key);
        if (w == null) {
            w = new Window();
            windows.put(key, w);
        }
        if (until.isAfter(w.pausedUntil)) {
            w.pausedUntil = until;
        }
    }
}
