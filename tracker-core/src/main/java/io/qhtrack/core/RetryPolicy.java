package io.qhtrack.core;

import io.qhtrack.core.internal.Durations;
import io.qhtrack.core.spi.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Random;
import java.util.function.Predicate;

/**
 * When to try a failed upload again, as data: which verdicts to retry, exponential backoff with jitter, and the zone
 * of natural days ({@code qhtrack.zone}), by default {@value #DEFAULT_ZONE}: 360 takes a failed upload again within the
 * same natural day (FAQ 5.5), and the tracker counts per-click limits by natural day. How long a conversion may be
 * retried is its platform's delivery window. Immutable; {@link Builder#build()} copies.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.builder()
 *     .initialBackoff(Duration.ofSeconds(2))
 *     .maxBackoff(Duration.ofMinutes(10))
 *     .jitter(0.2)
 *     .build();
 * }</pre>
 */
public final class RetryPolicy {

    /** Natural days are counted in China time. */
    public static final String DEFAULT_ZONE = "Asia/Shanghai";
    /** Default first backoff: 1 second. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    /** Default longest backoff: 5 minutes. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(5);
    /** Default backoff growth per attempt: 2. */
    public static final double DEFAULT_MULTIPLIER = 2.0;
    /** Default jitter: each delay is varied by up to ±20%. */
    public static final double DEFAULT_JITTER = 0.2;

    /** The default {@link Builder#retryOn(Predicate)}: the verdicts of {@link Verdict.Kind#RETRY}. */
    private static final Predicate<Verdict> RETRY_KIND = v -> v.kind() == Verdict.Kind.RETRY;

    private final Predicate<Verdict> retryOn;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double multiplier;
    private final double jitter;
    private final ZoneId zone;

    private RetryPolicy(Builder b) {
        this.retryOn = b.retryOn;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.multiplier = b.multiplier;
        this.jitter = b.jitter;
        this.zone = b.zone;
    }

    /** The defaults: retry transient failures, 1 s doubling to 5 min, ±20% jitter, natural days in China time. */
    public static RetryPolicy defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether a failed attempt is worth repeating. By default the verdicts of {@link Verdict.Kind#RETRY}; never a
     * delivery or a parking.
     */
    public boolean shouldRetry(Verdict verdict) {
        return verdict.kind() != Verdict.Kind.DELIVERED && verdict.kind() != Verdict.Kind.PARK
                && retryOn.test(verdict);
    }

    /**
     * The delay before attempt {@code attemptsMade + 1}: {@code initialBackoff × multiplier^(attemptsMade-1)},
     * capped, varied by jitter, and never shorter than the server's {@code Retry-After} (the verdict's).
     */
    public Duration backoff(int attemptsMade, Verdict verdict, Random random) {
        double base = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, attemptsMade - 1));
        double capped = Math.min(base, maxBackoff.toMillis());
        double factor = jitter == 0 ? 1 : 1 + jitter * (2 * random.nextDouble() - 1);
        Duration delay = Duration.ofMillis(Math.max(1, Math.round(capped * factor)));
        Duration retryAfter = verdict.retryAfter().orElse(Duration.ZERO);
        return retryAfter.compareTo(delay) > 0 ? retryAfter : delay;
    }

    /** The end of the natural day (in {@link #zone()}) that {@code t} falls in: the last moment to send. */
    public Instant endOfNaturalDay(Instant t) {
        LocalDate day = t.atZone(zone).toLocalDate();
        return day.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** The zone whose natural days bound retries. */
    public ZoneId zone() {
        return zone;
    }

    /**
     * Policies are equal when they back off alike in the same zone and retry on the same predicate (the same
     * {@link Builder#retryOn(Predicate)} object, or both the default).
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RetryPolicy)) {
            return false;
        }
        RetryPolicy p = (RetryPolicy) o;
        return retryOn.equals(p.retryOn) && initialBackoff.equals(p.initialBackoff) && maxBackoff.equals(p.maxBackoff)
                && Double.compare(multiplier, p.multiplier) == 0 && Double.compare(jitter, p.jitter) == 0
                && zone.equals(p.zone);
    }

    @Override
    public int hashCode() {
        return Objects.hash(retryOn, initialBackoff, maxBackoff, multiplier, jitter, zone);
    }

    @Override
    public String toString() {
        return "RetryPolicy[backoff " + initialBackoff + " ×" + multiplier + " up to " + maxBackoff + ", jitter ±"
                + Math.round(jitter * 100) + "%, until the end of the natural day in " + zone + "]";
    }

    /** Builds a {@link RetryPolicy}; every setter validates at once and names the setting. */
    public static final class Builder {
        private Predicate<Verdict> retryOn = RETRY_KIND;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private double multiplier = DEFAULT_MULTIPLIER;
        private double jitter = DEFAULT_JITTER;
        private ZoneId zone = ZoneId.of(DEFAULT_ZONE);

        private Builder() {
        }

        /** Which verdicts to retry. Deliveries and parkings never are. */
        public Builder retryOn(Predicate<Verdict> predicate) {
            this.retryOn = Objects.requireNonNull(predicate, "retryOn");
            return this;
        }

        /** The first delay; positive. */
        public Builder initialBackoff(Duration d) {
            this.initialBackoff = Durations.positive(Setting.RETRY_INITIAL_BACKOFF, d);
            return this;
        }

        /** The longest delay; positive. */
        public Builder maxBackoff(Duration d) {
            this.maxBackoff = Durations.positive(Setting.RETRY_MAX_BACKOFF, d);
            return this;
        }

        /** Growth per attempt; at least 1. */
        public Builder multiplier(double m) {
            if (!(m >= 1.0) || Double.isInfinite(m)) {
                throw new ConfigurationException(Setting.RETRY_MULTIPLIER.key(), m + " is not a number ≥ 1");
            }
            this.multiplier = m;
            return this;
        }

        /** Random variation of each delay, from 0 (none) to 1 (±100%). */
        public Builder jitter(double j) {
            if (!(j >= 0.0 && j <= 1.0)) {
                throw new ConfigurationException(Setting.RETRY_JITTER.key(), j + " is not between 0 and 1");
            }
            this.jitter = j;
            return this;
        }

        /** The zone of natural days (360's is China time). */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, Setting.ZONE.key());
            return this;
        }


        /** The policy. */
        public RetryPolicy build() {
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new ConfigurationException(Setting.RETRY_MAX_BACKOFF.key(), maxBackoff
                        + " is shorter than " + Setting.RETRY_INITIAL_BACKOFF + " " + initialBackoff);
            }
            return new RetryPolicy(this);
        }
    }
}
