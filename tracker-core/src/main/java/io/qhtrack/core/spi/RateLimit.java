package io.qhtrack.core.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * A bound on requests per credential key on one node: at most {@link #permits()} per {@link #period()} (Tencent: 4000
 * a minute). With N nodes sharing a key, set 1/N of the platform's limit on each. Immutable.
 */
public final class RateLimit {

    private final int permits;
    private final Duration period;

    private RateLimit(int permits, Duration period) {
        this.permits = permits;
        this.period = period;
    }

    /** {@code permits} requests per {@code period}; both positive. */
    public static RateLimit of(int permits, Duration period) {
        if (permits <= 0) {
            throw new IllegalArgumentException("permits: " + permits + " is not positive");
        }
        Objects.requireNonNull(period, "period");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period: " + period + " is not positive");
        }
        return new RateLimit(permits, period);
    }

    /**
     * Parses {@code N/PERIOD}, e.g. {@code 4000/PT1M}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static RateLimit parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + text + "' is not N/PERIOD such as 4000/PT1M");
        }
        try {
            return of(Integer.parseInt(text.substring(0, slash).trim()), Duration.parse(text.substring(slash + 1).trim()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not N/PERIOD such as 4000/PT1M: " + e.getMessage(), e);
        }
    }

    /** Requests allowed per period. */
    public int permits() {
        return permits;
    }

    /** The period. */
    public Duration period() {
        return period;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RateLimit && permits == ((RateLimit) o).permits && period.equals(((RateLimit) o).period);
    }

    @Override
    public int hashCode() {
        return 31 * permits + period.hashCode();
    }

    @Override
    public String toString() {
        return permits + "/" + period;
    }
}
