package io.qhtrack.core;

import io.qhtrack.core.internal.Durations;
import io.qhtrack.core.internal.HttpTransport;
import io.qhtrack.core.internal.Printable;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The tracker's options: the values that decide how a {@link Tracker} delivers (HTTP timeouts, the most bytes of an
 * answer, concurrency, lease, poll interval, drain timeout, de-duplication memory, the per-click limit, attribution,
 * the retry policy and its zone, its name and whether it publishes over JMX). Immutable and thread-safe; built once,
 * either from the settings with {@link #fromSettings(Settings)} (the one place the tracker's
 * {@link Setting.Scope#CORE} settings are parsed) or with a {@link Builder} whose setters each validate at once and
 * name the setting.
 *
 * <pre>{@code
 * TrackerOptions options = TrackerOptions.fromSettings(Settings.system()).toBuilder()
 *         .maxConcurrency(8)
 *         .build();
 * Tracker tracker = Tracker.builder().settings(Settings.system()).options(options).build();
 * }</pre>
 *
 * <p><b>Options and collaborators.</b> Options are values: what can be written in a properties file, compared,
 * printed and logged (there is no secret among them, and there must never be one). What the tracker works
 * <em>with</em> stays on {@link Tracker.Builder} as collaborators: the clock, the randomness of jitter and nonces,
 * the TLS context, the outbox, the platforms and their settings (360's {@code qhtrack.endpoint}, each platform's
 * keys), credentials and the credential resolver, and delivery listeners. The outbox's own settings
 * ({@code qhtrack.outbox.*} other than the lease) are read by {@link Outboxes}.
 *
 * <p>Every default is the {@link Setting} catalogue's typed default ({@link Setting#defaultAs(Class)}), so that a
 * default is written once: {@link #DEFAULT_MAX_CONCURRENCY} is {@code Setting.MAX_CONCURRENCY}'s, and so on.
 */
public final class TrackerOptions {

    /** Default time allowed to connect, per attempt ({@code qhtrack.http.connect-timeout}): 5 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Setting.HTTP_CONNECT_TIMEOUT.defaultAs(Duration.class);
    /** Default time allowed for each wait on the platform once connected ({@code qhtrack.http.request-timeout}): 10 s. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Setting.HTTP_REQUEST_TIMEOUT.defaultAs(Duration.class);
    /** Default most bytes of an answer read ({@code qhtrack.http.max-response-bytes}): 64 KiB. */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = Setting.HTTP_MAX_RESPONSE_BYTES.defaultAs(Integer.class);
    /**
     * Default bound on requests in flight at once ({@code qhtrack.max-concurrency}): 32. The dispatcher starts at 4
     * and adapts between 1 and this bound.
     */
    public static final int DEFAULT_MAX_CONCURRENCY = Setting.MAX_CONCURRENCY.defaultAs(Integer.class);
    /** Default number of keys remembered to refuse duplicates ({@code qhtrack.dedup.cache-size}): 100,000. */
    public static final long DEFAULT_DEDUPLICATION_CACHE_SIZE = Setting.DEDUP_CACHE_SIZE.defaultAs(Long.class);
    /** Default conversions of one event per click per delivery window ({@code qhtrack.limit.per-click}): 5. */
    public static final int DEFAULT_LIMIT_PER_CLICK = Setting.LIMIT_PER_CLICK.defaultAs(Integer.class);
    /** Default time a dispatcher holds a claimed entry ({@code qhtrack.outbox.lease}): 2 minutes. */
    public static final Duration DEFAULT_LEASE = Setting.OUTBOX_LEASE.defaultAs(Duration.class);
    /** Default time an idle dispatcher waits between looks at the outbox ({@code qhtrack.poll-interval}): 1 second. */
    public static final Duration DEFAULT_POLL_INTERVAL = Setting.POLL_INTERVAL.defaultAs(Duration.class);
    /** Default time {@link Tracker#close()} waits for the outbox to drain ({@code qhtrack.drain-timeout}): 10 s. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Setting.DRAIN_TIMEOUT.defaultAs(Duration.class);
    /** Default attribution ({@code qhtrack.attribution}): {@link Tracker.Attribution#LAST_CLICK}. */
    public static final Tracker.Attribution DEFAULT_ATTRIBUTION = parseAttribution(
            Setting.ATTRIBUTION.defaultAs(String.class));
    /** Whether metrics are published over JMX by default: {@value}. */
    public static final boolean DEFAULT_JMX = true;

    private static final String NAME_PATTERN = "[A-Za-z0-9._-]{1,64}";
    private static final TrackerOptions DEFAULTS = builder().build();

    private final String name;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int maxResponseBytes;
    private final int maxConcurrency;
    private final long deduplicationCacheSize;
    private final int limitPerClick;
    private final Duration lease;
    private final Duration pollInterval;
    private final Duration drainTimeout;
    private final Tracker.Attribution attribution;
    private final RetryPolicy retryPolicy;
    private final boolean jmx;

    private TrackerOptions(Builder b) {
        this.name = b.name;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.maxResponseBytes = b.maxResponseBytes;
        this.maxConcurrency = b.maxConcurrency;
        this.deduplicationCacheSize = b.deduplicationCacheSize;
        this.limitPerClick = b.limitPerClick;
        this.lease = b.lease;
        this.pollInterval = b.pollInterval;
        this.drainTimeout = b.drainTimeout;
        this.attribution = b.attribution;
        this.retryPolicy = b.retryPolicy;
        this.jmx = b.jmx;
    }

    /** The defaults: every value the {@link Setting} catalogue's default, no name (the tracker picks one), JMX on. */
    public static TrackerOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the {@linkplain #defaults() defaults}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The options the settings give: each {@link Setting.Scope#CORE} setting of the tracker that {@code settings}
     * defines ({@code qhtrack.http.*}, {@code qhtrack.outbox.lease}, {@code qhtrack.poll-interval},
     * {@code qhtrack.drain-timeout}, {@code qhtrack.max-concurrency}, {@code qhtrack.dedup.cache-size},
     * {@code qhtrack.limit.per-click}, {@code qhtrack.attribution}, {@code qhtrack.retry.*}, {@code qhtrack.zone}),
     * the default for each it leaves out.
     *
     * @throws ConfigurationException naming the first setting whose value cannot be used
     */
    public static TrackerOptions fromSettings(Settings settings) {
        return builder().settings(settings).build();
    }

    /** A builder holding these options, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.connectTimeout = connectTimeout;
        b.requestTimeout = requestTimeout;
        b.maxResponseBytes = maxResponseBytes;
        b.maxConcurrency = maxConcurrency;
        b.deduplicationCacheSize = deduplicationCacheSize;
        b.limitPerClick = limitPerClick;
        b.lease = lease;
        b.pollInterval = pollInterval;
        b.drainTimeout = drainTimeout;
        b.attribution = attribution;
        b.retryPolicy = retryPolicy;
        b.jmx = jmx;
        return b;
    }

    /** The name used for threads and JMX; empty when the tracker picks one ({@code tracker-N}). */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /** Time allowed to connect, per attempt ({@code qhtrack.http.connect-timeout}). */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Time allowed for each wait on the platform once connected ({@code qhtrack.http.request-timeout}). */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** The most bytes of an answer read ({@code qhtrack.http.max-response-bytes}). */
    public int maxResponseBytes() {
        return maxResponseBytes;
    }

    /** The most requests in flight at once ({@code qhtrack.max-concurrency}). */
    public int maxConcurrency() {
        return maxConcurrency;
    }

    /** How many recent keys are remembered in memory to refuse duplicates ({@code qhtrack.dedup.cache-size}). */
    public long deduplicationCacheSize() {
        return deduplicationCacheSize;
    }

    /** The most conversions of one event per click per delivery window ({@code qhtrack.limit.per-click}). */
    public int limitPerClick() {
        return limitPerClick;
    }

    /** How long a claimed entry is held before another dispatcher may take it ({@code qhtrack.outbox.lease}). */
    public Duration lease() {
        return lease;
    }

    /** How often an idle dispatcher looks at the outbox ({@code qhtrack.poll-interval}). */
    public Duration pollInterval() {
        return pollInterval;
    }

    /** How long {@link Tracker#close()} waits for pending conversions to be delivered ({@code qhtrack.drain-timeout}). */
    public Duration drainTimeout() {
        return drainTimeout;
    }

    /** How a conversion of a visitor with clicks of several platforms is attributed ({@code qhtrack.attribution}). */
    public Tracker.Attribution attribution() {
        return attribution;
    }

    /** When and how long to retry, and the zone of natural days ({@code qhtrack.retry.*}, {@code qhtrack.zone}). */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** Whether {@link TrackerMetrics} are published over JMX. */
    public boolean jmx() {
        return jmx;
    }

    /** The longest one attempt can take: connect timeout plus twice the request timeout. */
    Duration longestAttempt() {
        return longestAttempt(connectTimeout, requestTimeout);
    }

    private static Duration longestAttempt(Duration connectTimeout, Duration requestTimeout) {
        return connectTimeout.plus(requestTimeout).plus(requestTimeout);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TrackerOptions)) {
            return false;
        }
        TrackerOptions t = (TrackerOptions) o;
        return Objects.equals(name, t.name) && connectTimeout.equals(t.connectTimeout)
                && requestTimeout.equals(t.requestTimeout) && maxResponseBytes == t.maxResponseBytes
                && maxConcurrency == t.maxConcurrency && deduplicationCacheSize == t.deduplicationCacheSize
                && limitPerClick == t.limitPerClick && lease.equals(t.lease) && pollInterval.equals(t.pollInterval)
                && drainTimeout.equals(t.drainTimeout) && attribution == t.attribution
                && retryPolicy.equals(t.retryPolicy) && jmx == t.jmx;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, connectTimeout, requestTimeout, maxResponseBytes, maxConcurrency,
                deduplicationCacheSize, limitPerClick, lease, pollInterval, drainTimeout, attribution, retryPolicy, jmx);
    }

    @Override
    public String toString() {
        return "TrackerOptions[" + (name == null ? "" : "name " + name + ", ") + "connect " + connectTimeout
                + ", request " + requestTimeout + ", max response " + maxResponseBytes + " B, max concurrency "
                + maxConcurrency + ", dedup cache " + deduplicationCacheSize + ", limit per click " + limitPerClick
                + ", lease " + lease + ", poll " + pollInterval + ", drain " + drainTimeout + ", attribution "
                + attribution.name().toLowerCase(Locale.ROOT).replace('_', '-') + ", " + retryPolicy + ", jmx "
                + jmx + "]";
    }

    /** {@code qhtrack.attribution}'s value as an {@link Tracker.Attribution}: {@code last-click}, {@code all-platforms}. */
    private static Tracker.Attribution parseAttribution(String value) {
        String v = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Tracker.Attribution a : Tracker.Attribution.values()) {
            if (a.name().equals(v)) {
                return a;
            }
        }
        throw new ConfigurationException(Setting.ATTRIBUTION.key(), "'" + Printable.of(value, 40)
                + "' is not last-click or all-platforms");
    }

    /**
     * Builds {@link TrackerOptions}, starting from the defaults (or the options of {@link TrackerOptions#toBuilder()});
     * each setter validates at once and names the setting; {@link #build()} checks what depends on several.
     */
    public static final class Builder {
        private String name;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private int maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        private int maxConcurrency = DEFAULT_MAX_CONCURRENCY;
        private long deduplicationCacheSize = DEFAULT_DEDUPLICATION_CACHE_SIZE;
        private int limitPerClick = DEFAULT_LIMIT_PER_CLICK;
        private Duration lease = DEFAULT_LEASE;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;
        private Tracker.Attribution attribution = DEFAULT_ATTRIBUTION;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private boolean jmx = DEFAULT_JMX;

        private Builder() {
        }

        /**
         * Takes each tracker setting that {@code s} defines (see {@link TrackerOptions#fromSettings(Settings)}) and
         * leaves the options it does not define as they are, except the retry policy, which is replaced by the one the
         * settings give ({@code qhtrack.retry.*} and {@code qhtrack.zone}, defaults for what they leave out). The name
         * and JMX are not settings and are left alone.
         *
         * @throws ConfigurationException naming the first setting whose value cannot be used
         */
        public Builder settings(Settings s) {
            Objects.requireNonNull(s, "settings");
            s.duration(Setting.HTTP_CONNECT_TIMEOUT).ifPresent(this::connectTimeout);
            s.duration(Setting.HTTP_REQUEST_TIMEOUT).ifPresent(this::requestTimeout);
            s.integer(Setting.HTTP_MAX_RESPONSE_BYTES).ifPresent(n -> maxResponseBytes(clampToInt(n)));
            s.duration(Setting.DRAIN_TIMEOUT).ifPresent(this::drainTimeout);
            s.duration(Setting.OUTBOX_LEASE).ifPresent(this::lease);
            s.duration(Setting.POLL_INTERVAL).ifPresent(this::pollInterval);
            s.integer(Setting.MAX_CONCURRENCY).ifPresent(n -> maxConcurrency(clampToInt(n)));
            s.integer(Setting.DEDUP_CACHE_SIZE).ifPresent(this::deduplicationCacheSize);
            s.integer(Setting.LIMIT_PER_CLICK).ifPresent(n -> limitPerClick(clampToInt(n)));
            s.get(Setting.ATTRIBUTION).ifPresent(v -> attribution(parseAttribution(v)));
            retryPolicy(retryPolicy(s));
            return this;
        }

        private static RetryPolicy retryPolicy(Settings s) {
            RetryPolicy.Builder retry = RetryPolicy.builder();
            Optional<String> zone = s.get(Setting.ZONE);
            if (zone.isPresent()) {
                try {
                    retry.zone(ZoneId.of(zone.get()));
                } catch (DateTimeException e) {
                    throw new ConfigurationException(Setting.ZONE.key(), "'" + zone.get()
                            + "' is not a time zone id such as " + RetryPolicy.DEFAULT_ZONE);
                }
            }
            s.duration(Setting.RETRY_INITIAL_BACKOFF).ifPresent(retry::initialBackoff);
            s.duration(Setting.RETRY_MAX_BACKOFF).ifPresent(retry::maxBackoff);
            s.decimal(Setting.RETRY_MULTIPLIER).ifPresent(retry::multiplier);
            s.decimal(Setting.RETRY_JITTER).ifPresent(retry::jitter);
            return retry.build();
        }

        /** A long setting as an int, saturated, so that the range check names the value given. */
        private static int clampToInt(long n) {
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, n));
        }

        /** The name used for threads and JMX, 1 to 64 of {@code [A-Za-z0-9._-]}; default {@code tracker-N}. */
        public Builder name(String name) {
            if (name == null || !name.matches(NAME_PATTERN)) {
                throw new IllegalArgumentException("name: '" + name + "' is not 1-64 of [A-Za-z0-9._-]");
            }
            this.name = name;
            return this;
        }

        /**
         * Time allowed to connect, per attempt ({@code qhtrack.http.connect-timeout}); positive, at most 24.8 days.
         * Default 5 seconds.
         */
        public Builder connectTimeout(Duration d) {
            HttpTransport.builder().connectTimeout(d); // the transport's check, naming the setting
            this.connectTimeout = d;
            return this;
        }

        /**
         * Time allowed for each wait on the platform once connected ({@code qhtrack.http.request-timeout}); positive,
         * at most 24.8 days. Default 10 seconds.
         */
        public Builder requestTimeout(Duration d) {
            HttpTransport.builder().requestTimeout(d);
            this.requestTimeout = d;
            return this;
        }

        /** The most bytes of an answer read ({@code qhtrack.http.max-response-bytes}), 1 KiB to 16 MiB. */
        public Builder maxResponseBytes(int bytes) {
            HttpTransport.builder().maxResponseBytes(bytes);
            this.maxResponseBytes = bytes;
            return this;
        }

        /**
         * The most requests in flight at once ({@code qhtrack.max-concurrency}), 1 to 256; the dispatcher adapts below
         * it (it starts at 4, grows while the platforms are healthy but slow and demand is high, shrinks on timeouts,
         * 5xx and 429).
         */
        public Builder maxConcurrency(int n) {
            if (n < 1 || n > 256) {
                throw new ConfigurationException(Setting.MAX_CONCURRENCY.key(), n + " is not between 1 and 256");
            }
            this.maxConcurrency = n;
            return this;
        }

        /**
         * How many recent (platform, tenant, line, click, event, key) keys are remembered in memory
         * ({@code qhtrack.dedup.cache-size}); positive.
         */
        public Builder deduplicationCacheSize(long n) {
            if (n <= 0) {
                throw new ConfigurationException(Setting.DEDUP_CACHE_SIZE.key(), n + " is not positive");
            }
            this.deduplicationCacheSize = n;
            return this;
        }

        /**
         * At most this many conversions of one event per click per delivery window ({@code qhtrack.limit.per-click});
         * 1 to 1000.
         */
        public Builder limitPerClick(int n) {
            if (n < 1 || n > 1000) {
                throw new ConfigurationException(Setting.LIMIT_PER_CLICK.key(), n + " is not between 1 and 1000");
            }
            this.limitPerClick = n;
            return this;
        }

        /**
         * How long a claimed entry is held before another dispatcher may take it ({@code qhtrack.outbox.lease});
         * positive, and longer than the longest attempt (checked by {@link #build()}).
         */
        public Builder lease(Duration d) {
            this.lease = Durations.positive(Setting.OUTBOX_LEASE.key(), d);
            return this;
        }

        /** How often an idle dispatcher looks at the outbox ({@code qhtrack.poll-interval}); positive. */
        public Builder pollInterval(Duration d) {
            this.pollInterval = Durations.positive(Setting.POLL_INTERVAL.key(), d);
            return this;
        }

        /**
         * How long {@link Tracker#close()} waits for pending conversions ({@code qhtrack.drain-timeout}); not
         * negative.
         */
        public Builder drainTimeout(Duration d) {
            Objects.requireNonNull(d, Setting.DRAIN_TIMEOUT.key());
            if (d.isNegative()) {
                throw new ConfigurationException(Setting.DRAIN_TIMEOUT.key(), d + " is negative");
            }
            this.drainTimeout = d;
            return this;
        }

        /** How {@link Tracker#report(java.util.Collection, Conversion)} attributes ({@code qhtrack.attribution}). */
        public Builder attribution(Tracker.Attribution a) {
            this.attribution = Objects.requireNonNull(a, Setting.ATTRIBUTION.key());
            return this;
        }

        /** When and how long to retry, and the zone of natural days; default {@link RetryPolicy#defaults()}. */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy");
            return this;
        }

        /** Whether to publish {@link TrackerMetrics} over JMX; default true. */
        public Builder jmx(boolean enabled) {
            this.jmx = enabled;
            return this;
        }

        /** The name given so far, or {@code null} (for {@code Tracker.Builder}'s {@code toString}). */
        String givenName() {
            return name;
        }

        /**
         * The options.
         *
         * @throws ConfigurationException if the lease does not outlive the longest attempt (connect timeout plus twice
         *     the request timeout: a read already waiting when the exchange's deadline passes ends within its own
         *     read timeout): a claim that lapses while its request is in flight would let the entry be sent twice
         */
        public TrackerOptions build() {
            Duration longestAttempt = longestAttempt(connectTimeout, requestTimeout);
            if (lease.compareTo(longestAttempt) <= 0) {
                throw new ConfigurationException(Setting.OUTBOX_LEASE.key(), lease + " must be longer than "
                        + Setting.HTTP_CONNECT_TIMEOUT + " + 2 × " + Setting.HTTP_REQUEST_TIMEOUT + " ("
                        + longestAttempt + "), or an entry still in flight could be claimed and sent again");
            }
            return new TrackerOptions(this);
        }

        @Override
        public String toString() {
            return "TrackerOptions.Builder[" + new TrackerOptions(this) + "]";
        }
    }
}
