package io.qhtrack.core.internal;

import io.qhtrack.core.spi.RateLimit;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The platforms' rate limits, per credential key on this node: a token bucket of {@link RateLimit#permits()} tokens
 * refilled evenly over {@link RateLimit#period()}, and a pause when a platform asks to slow down. Time is the caller's
 * (the tracker's clock). Thread-safe; the keys it remembers are bounded (the least recently used is forgotten).
 */
final class RateLimiter {

    /** Keys remembered at most: one per platform, tenant and set of credentials in use. */
    private static final int MAX_KEYS = 10_000;

    private static final class Bucket {
        double tokens;
        Instant refilledAt;
        Instant pausedUntil = Instant.MIN;
    }

    private final Map<String, Bucket> buckets = new LinkedHashMap<String, Bucket>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_KEYS;
        }
    };

    /**
     * Takes a permit for a request with {@code key} now: {@link Duration#ZERO} when one was taken, else how long to
     * wait for one. Without a limit and without a pause, always zero.
     */
    synchronized Duration acquire(String key, RateLimit limit, Instant now) {
        Bucket b = buckets.get(key);
        if (b == null) {
            if (limit == null) {
                return Duration.ZERO;
            }
            b = new Bucket();
            b.tokens = limit.permits();
            b.refilledAt = now;
            buckets.put(key, b);
        }
        if (now.isBefore(b.pausedUntil)) {
            return Duration.between(now, b.pausedUntil);
        }
        if (limit == null) {
            return Duration.ZERO;
        }
        if (Double.isNaN(b.tokens)) {
            b.tokens = limit.permits(); // a bucket made by a pause: full once the pause is over
            b.refilledAt = now;
        }
        double perNano = limit.permits() / (double) limit.period().toNanos();
        long elapsed = Math.max(0, Duration.between(b.refilledAt, now).toNanos());
        b.tokens = Math.min(limit.permits(), b.tokens + elapsed * perNano);
        b.refilledAt = now;
        if (b.tokens >= 1) {
            b.tokens -= 1;
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil((1 - b.tokens) / perNano));
    }

    /** No request with {@code key} until {@code until}: the platform asked to slow down. */
    synchronized void pause(String key, Instant until) {
        Bucket b = buckets.get(key);
        if (b == null) {
            b = new Bucket();
            b.refilledAt = until;
            b.tokens = Double.NaN;
            buckets.put(key, b);
        }
        if (until.isAfter(b.pausedUntil)) {
            b.pausedUntil = until;
        }
    }
}
