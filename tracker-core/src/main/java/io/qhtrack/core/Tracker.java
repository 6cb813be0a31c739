package io.qhtrack.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.qhtrack.core.text.Printable;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.net.ssl.SSLContext;

/**
 * Reports conversions to 360: {@link #report(Click, Conversion)} adapts the conversion to the click's line,
 * validates it, de-duplicates it and puts it in the {@link Outbox}, then returns at once; a background dispatcher
 * signs and delivers it, retrying transient failures with backoff until the end of its natural day. Thread-safe;
 * one per application.
 *
 * <pre>{@code
 * Tracker tracker = Tracker.builder().settings(Settings.system()).build();   // outbox: qhtrack.outbox
 * TrackOutcome outcome = tracker.report(click, Conversion.builder(Event.ORDER)
 *         .transIdFromOrderId("A-1001").amountYuan("23.45").build());
 * }</pre>
 *
 * <p>{@code report} never throws because of bad data, a missing click or 360 being down: it returns a
 * {@link TrackOutcome}. Configuration mistakes fail in {@link Builder#build()}, naming the setting.
 */
public final class Tracker implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Tracker.class.getName());
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    /**
     * Default bound on uploads in flight at once: {@value}. The dispatcher starts at 4 and adapts between 1 and this
     * bound (AIMD: up while 360 answers and the limit is in use, down on timeouts, 5xx and 429).
     */
    public static final int DEFAULT_MAX_CONCURRENCY = 32;
    /** Default number of (line, click, event, trans_id) keys remembered to refuse duplicates: {@value}. */
    public static final long DEFAULT_DEDUPLICATION_CACHE_SIZE = 100_000;
    /** Default time a dispatcher holds a claimed entry before another may take it: 2 minutes. */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(2);
    /** Default time the dispatcher waits between looks at the outbox when idle: 1 second. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    /** Default {@linkplain Builder#limitPerClick(int) conversions of one event per click per natural day}: {@value}. */
    public static final int DEFAULT_LIMIT_PER_CLICK = 5;
    /** How many limited (click, event) pairs are remembered so that each is logged once. */
    private static final long LIMIT_LOG_MEMORY = 10_000;
    /** Default time {@link #close()} waits for the outbox to drain: 10 seconds. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);
    /** {@code OUTBOX_FULL}, {@code REFUSED} and {@code THROTTLED} are each logged at most once per this interval. */
    static final Duration LOG_SUMMARY_INTERVAL = Duration.ofMinutes(1);

    private final String name;
    private final Map<Account, Credentials> credentials;
    private final Outbox outbox;
    private final UploadClient client;
    private final RetryPolicy policy;
    private final Clock clock;
    private final Duration drainTimeout;
    private final Cache<String, Boolean> recentlyQueued;
    /** (line, click, event, day) keys whose limit was already logged, so that a flood logs one line. */
    private final Cache<String, Boolean> limitLogged;
    private final int limitPerClick;
    private final Metrics metrics;
    private final Dispatcher dispatcher;
    private final ObjectName jmxName;
    private volatile boolean accepting = true;
    /** Reports between their check of {@code accepting} and their outcome; {@link #close} waits for them. */
    private final AtomicInteger reporting = new AtomicInteger();
    /** The outcomes that come in floods, each logged at most once per {@link #LOG_SUMMARY_INTERVAL}, with a count. */
    private final LogSummary outboxFullLog;
    private final LogSummary refusedLog;
    private final LogSummary throttledLog;

    private Tracker(Builder b) {
        this.name = b.name != null ? b.name : "tracker-" + INSTANCES.incrementAndGet();
        this.credentials = Collections.unmodifiableMap(new EnumMap<>(b.credentials));
        this.outbox = b.outbox != null ? b.outbox
                : b.outboxSettings != null ? Outbox.fromSettings(b.outboxSettings) : new InMemoryOutbox();
        this.clock = b.clock;
        this.policy = b.retryPolicy;
        this.drainTimeout = b.drainTimeout;
        UploadClient.Builder http = UploadClient.builder().endpoint(b.endpoint).connectTimeout(b.connectTimeout)
                .requestTimeout(b.requestTimeout).maxResponseBytes(b.maxResponseBytes)
                // twice the uploads in flight: a thread still finishing one upload's callback never starves the next
                .maxThreads(2 * b.maxConcurrency).clock(clock);
        if (b.sslContext != null) {
            http.sslContext(b.sslContext);
        }
        this.client = http.build();
        this.recentlyQueued = Caffeine.newBuilder()
                .maximumSize(b.deduplicationCacheSize)
                .expireAfterWrite(Duration.ofHours(25))
                .ticker(ticker(clock))
                .build();
        this.limitPerClick = b.limitPerClick;
        this.limitLogged = Caffeine.newBuilder().maximumSize(LIMIT_LOG_MEMORY).expireAfterWrite(Duration.ofHours(25))
                .ticker(ticker(clock)).build();
        this.metrics = new Metrics(outbox, clock);
        this.outboxFullLog = new LogSummary(LOG, Level.WARNING, TrackOutcome.Status.OUTBOX_FULL, LOG_SUMMARY_INTERVAL,
                clock);
        this.refusedLog = new LogSummary(LOG, Level.INFO, TrackOutcome.Status.REFUSED, LOG_SUMMARY_INTERVAL, clock);
        this.throttledLog = new LogSummary(LOG, Level.INFO, TrackOutcome.Status.THROTTLED, LOG_SUMMARY_INTERVAL,
                clock);
        this.dispatcher = new Dispatcher(outbox, client, credentials, policy, clock, b.random, b.maxConcurrency,
                b.lease, b.pollInterval, metrics);
        metrics.deliveryGauges(dispatcher::concurrencyLimit, dispatcher::inFlight);
        outbox.wakeUpWith(dispatcher::wakeUp);
        b.listeners.forEach(dispatcher::addListener);
        this.jmxName = b.jmx ? registerMBean() : null;
        logStartup(b.endpoint);
        dispatcher.start(name);
    }

    /** Caffeine's clock, read from ours, so that tests that move time move the caches' expiry too. */
    private static Ticker ticker(Clock clock) {
        return () -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    }

    /** A builder with the defaults: no credentials, 360's endpoint, in-memory outbox. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reports {@code conversion} for {@code click}. Returns once the conversion is in the outbox (or it is clear it
     * will not be); never throws for bad data or delivery trouble.
     */
    public TrackOutcome report(Click click, Conversion conversion) {
        TrackOutcome outcome;
        reporting.incrementAndGet();
        try {
            outcome = doReport(click, conversion);
        } finally {
            reporting.decrementAndGet();
        }
        metrics.recordReport(outcome.status());
        if (outcome.status() == TrackOutcome.Status.OUTBOX_FULL) {
            outboxFullLog.record(outcome.message());
        } else if (outcome.status() != TrackOutcome.Status.QUEUED) {
            LOG.log(Level.FINE, () -> "qhtrack: not queued: " + outcome.status() + ": " + outcome.message());
        }
        return outcome;
    }

    /**
     * Records a request that may not report anything (a browser event the server does not allow, a forged beacon):
     * nothing is queued; the outcome is {@link TrackOutcome.Status#REFUSED}, counted in the metrics and logged at
     * most once a minute with the count and the last reason. For adapters such as the filter's browser-event endpoint.
     *
     * @param why a sentence naming what was refused; escaped before it is logged
     */
    public TrackOutcome refuse(String why) {
        return notReported(TrackOutcome.Status.REFUSED, why, refusedLog);
    }

    /**
     * Records a browser event beyond its client address's budget ({@code qhtrack.browser-events.budget}): nothing is
     * queued; the outcome is {@link TrackOutcome.Status#THROTTLED}, counted in the metrics and logged at most once a
     * minute with the count and the last reason. For adapters such as the filter's browser-event endpoint, which keeps
     * the budgets; server-side conversions are never throttled.
     *
     * @param why a sentence naming what was throttled (never the client address); escaped before it is logged
     */
    public TrackOutcome throttle(String why) {
        return notReported(TrackOutcome.Status.THROTTLED, why, throttledLog);
    }

    private TrackOutcome notReported(TrackOutcome.Status status, String why, LogSummary log) {
        TrackOutcome outcome = TrackOutcome.of(status, Printable.of(why, 300));
        metrics.recordReport(status);
        log.record(outcome.message());
        return outcome;
    }

    /**
     * The natural day ({@code qhtrack.zone}) it is now by the tracker's clock: the day within which a conversion
     * reported now may be delivered, and within which a repeat is a {@link TrackOutcome.Status#DUPLICATE}.
     */
    public LocalDate naturalDay() {
        return clock.instant().atZone(policy.zone()).toLocalDate();
    }

    /** Reports for a click that may be absent (the visitor did not come from a 360 ad). */
    public TrackOutcome report(Optional<Click> click, Conversion conversion) {
        return report(click.orElse(null), conversion);
    }

    private TrackOutcome doReport(Click click, Conversion conversion) {
        if (conversion == null) {
            return TrackOutcome.of(TrackOutcome.Status.INVALID, "no conversion given");
        }
        if (click == null) {
            return TrackOutcome.of(TrackOutcome.Status.NOT_ATTRIBUTED, conversion.event().wireName()
                    + ": the visitor has no 360 click");
        }
        if (!accepting) {
            return TrackOutcome.of(TrackOutcome.Status.STOPPED, "the tracker is shutting down");
        }
        Instant now = clock.instant();
        Preparation prepared;
        try {
            prepared = Uploads.prepare(click, conversion, credentials, now);
        } catch (RuntimeException e) {
            return TrackOutcome.of(TrackOutcome.Status.INVALID, e.getMessage() == null ? e.toString() : e.getMessage());
        }
        if (!prepared.isReady()) {
            return TrackOutcome.of(prepared.rejection(), prepared.message());
        }
        if (!prepared.leftOut().isEmpty()) {
            LOG.log(Level.FINE, () -> "qhtrack: " + click.line().wireName() + " does not accept "
                    + prepared.leftOut() + " for " + conversion.event().wireName() + "; left out");
        }
        Upload upload = prepared.upload();
        Instant deadline = policy.endOfNaturalDay(now);
        String dedupKey = upload.deduplicationKey() + '|' + deadline.getEpochSecond();
        if (recentlyQueued.asMap().putIfAbsent(dedupKey, Boolean.TRUE) != null) {
            return duplicate(upload);
        }
        Outbox.AddResult added;
        try {
            added = outbox.add(upload, conversion.origin(), now, deadline, limitPerClick);
        } catch (RuntimeException e) {
            // not a database state (a durable outbox holds what its database cannot take): closed, or a bug
            recentlyQueued.invalidate(dedupKey);
            LOG.log(Level.SEVERE, "qhtrack: the outbox failed to take a conversion; it is NOT queued", e);
            return TrackOutcome.of(TrackOutcome.Status.OUTBOX_FULL, "the outbox failed: " + e);
        }
        switch (added) {
            case ADDED:
                dispatcher.wakeUp();
                return TrackOutcome.of(TrackOutcome.Status.QUEUED, upload.line().wireName() + " "
                        + upload.event().wireName() + " queued");
            case DUPLICATE:
                return duplicate(upload);
            case LIMITED:
                recentlyQueued.invalidate(dedupKey);
                return limited(upload, deadline);
            case HELD:
                dispatcher.wakeUp();
                return TrackOutcome.of(TrackOutcome.Status.HELD, upload.line().wireName() + " "
                        + upload.event().wireName() + " held in memory: the outbox's database did not answer in "
                        + "time; it is written when the database answers again");
            case JOINED:
                recentlyQueued.invalidate(dedupKey); // the transaction may roll back, and its retry is no repeat
                return TrackOutcome.of(TrackOutcome.Status.QUEUED, upload.line().wireName() + " "
                        + upload.event().wireName() + " queued in the application's transaction: delivered once it "
                        + "commits, not at all if it rolls back");
            case DEAD_LETTERED:
                recentlyQueued.invalidate(dedupKey);
                return TrackOutcome.of(TrackOutcome.Status.INVALID, upload.line().wireName() + " "
                        + upload.event().wireName() + " for click " + upload.clickId() + ": the outbox's database "
                        + "refused a value of it; kept as a dead letter, not delivered (see the log)");
            default:
                recentlyQueued.invalidate(dedupKey);
                return TrackOutcome.of(TrackOutcome.Status.OUTBOX_FULL, (conversion.origin() == Origin.BROWSER
                        ? "the browser's share of the outbox (qhtrack.outbox.browser-share) or the outbox is full ("
                        : "the outbox is full (") + outbox + "); " + upload.event().wireName() + " for click "
                        + upload.clickId() + " is not queued");
        }
    }

    /** Refuses one more conversion of this event for this click today, and says so once per click and event. */
    private TrackOutcome limited(Upload upload, Instant deadline) {
        String what = upload.line().wireName() + " " + upload.event().wireName() + " for click " + upload.clickId();
        String message = what + " reached qhtrack.limit.per-click (" + limitPerClick + ") today: not reported";
        String key = upload.line().shortName() + '|' + upload.clickId() + '|' + upload.event().wireName() + '|'
                + deadline.getEpochSecond();
        if (limitLogged.asMap().putIfAbsent(key, Boolean.TRUE) == null) {
            LOG.log(Level.WARNING, () -> "qhtrack: " + message + "; further conversions of this click and event are "
                    + "refused until the end of the natural day (logged once)");
        }
        return TrackOutcome.of(TrackOutcome.Status.LIMITED, message);
    }

    private static TrackOutcome duplicate(Upload upload) {
        return TrackOutcome.of(TrackOutcome.Status.DUPLICATE, upload.line().wireName() + " "
                + upload.event().wireName() + " for click " + upload.clickId() + upload.transId().map(t -> " trans_id "
                        + t).orElse("") + " was already reported today");
    }

    /** Adds a listener for delivery results. */
    public void addListener(DeliveryListener listener) {
        dispatcher.addListener(Objects.requireNonNull(listener, "listener"));
    }

    /** The counters and backlog gauges. */
    public TrackerMetrics metrics() {
        return metrics;
    }

    /** The outbox, for inspection and replay. */
    public Outbox outbox() {
        return outbox;
    }

    /** The lines that have credentials and are therefore reported. */
    public List<ProductLine> configuredLines() {
        List<ProductLine> lines = new ArrayList<>();
        for (ProductLine l : ProductLine.values()) {
            if (credentials.containsKey(l.account())) {
                lines.add(l);
            }
        }
        return lines;
    }

    /** Where uploads go. */
    public URI endpoint() {
        return client.endpoint();
    }

    /** The tracker's name (thread and JMX names). */
    public String name() {
        return name;
    }

    /** Makes dead entries pending again (after fixing their cause) and wakes the dispatcher. */
    public int replay(List<String> ids) {
        int n = outbox.replay(ids, clock.instant());
        dispatcher.wakeUp();
        return n;
    }

    /** Asks the dispatcher to look at the outbox now, e.g. after a test moved its clock. */
    void dispatchNow() {
        dispatcher.wakeUp();
    }

    /** {@link #close(Duration)} with {@link Builder#drainTimeout(Duration) the configured drain timeout}. */
    @Override
    public void close() {
        close(drainTimeout);
    }

    /**
     * Stops taking new work, gives the dispatcher up to {@code drain} to deliver what is pending (with an in-memory
     * outbox, every pending entry is attempted once more at once), then stops and logs what remains.
     *
     * @return the number of entries still pending, or -1 when the outbox cannot say (its database is gone)
     */
    public long close(Duration drain) {
        accepting = false;
        long deadlineNanos = System.nanoTime() + drain.toNanos();
        // reports that got past the check before it closed finish adding to the outbox, and are counted below
        waitWhile(() -> reporting.get() > 0, deadlineNanos, false);
        boolean durable = outbox.isDurable();
        if (durable) {
            dispatcher.stopClaiming(); // what is pending stays in the outbox for the next start
        } else {
            dispatcher.drainUntil(clock.instant().plus(drain));
        }
        waitWhile(() -> dispatcher.inFlight() > 0 || !durable && pending() > 0, deadlineNanos, !durable);
        try {
            dispatcher.stop(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int stillInFlight = dispatcher.inFlight();
        if (stillInFlight > 0) {
            LOG.log(Level.WARNING, "qhtrack: " + stillInFlight + " upload(s) still in flight at shutdown; their "
                    + "outcome is unknown, so they stay pending" + (durable ? " and are sent again after the lease" : ""));
        }
        long left = pending();
        if (left < 0) {
            LOG.log(Level.WARNING, "qhtrack: the outbox could not say what is left (was its database shut down "
                    + "first? with H2, add ;DB_CLOSE_ON_EXIT=FALSE to the URL)");
        } else if (left > 0) {
            LOG.log(durable ? Level.INFO : Level.SEVERE, durable
                    ? "qhtrack: " + left + " conversion(s) remain pending in the durable outbox; they are delivered "
                            + "when the application starts again"
                    : "qhtrack: " + left + " conversion(s) undelivered at shutdown are LOST with the in-memory outbox");
        }
        client.close();
        try {
            outbox.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "qhtrack: closing the outbox: " + e.getMessage());
        }
        outboxFullLog.flush();
        refusedLog.flush();
        throttledLog.flush();
        unregisterMBean();
        return left;
    }

    /** Waits (polling real progress, bounded by the deadline) while {@code condition} holds. */
    private void waitWhile(BooleanSupplier condition, long deadlineNanos, boolean nudge) {
        while (System.nanoTime() < deadlineNanos && condition.getAsBoolean()) {
            if (nudge) {
                dispatcher.wakeUp();
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private long pending() {
        try {
            return outbox.counts().getOrDefault(OutboxState.PENDING, 0L);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "qhtrack: cannot count pending conversions: " + e.getMessage());
            return -1;
        }
    }

    private void logStartup(URI endpoint) {
        List<String> missing = new ArrayList<>();
        for (ProductLine line : ProductLine.values()) {
            if (!credentials.containsKey(line.account())) {
                missing.add(line.wireName() + " (set " + line.account().settingPrefix() + ".key/.secret)");
            }
        }
        LOG.log(Level.INFO, "qhtrack " + name + ": reporting " + configuredLines() + " to " + endpoint
                + (missing.isEmpty() ? "" : "; not reported: " + String.join(", ", missing)) + "; outbox " + outbox);
        if (!outbox.isDurable()) {
            LOG.log(Level.WARNING, "qhtrack " + name + ": the outbox is in memory: conversions not yet delivered "
                    + "when this JVM crashes are lost (set qhtrack.outbox=jdbc to keep them)");
        }
    }

    /** Registers under {@code name}, or {@code name-2}, {@code name-3} … when another tracker holds the name. */
    private ObjectName registerMBean() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (int n = 1; n <= 100; n++) {
            try {
                ObjectName on = new ObjectName("io.qhtrack:type=Tracker,name="
                        + ObjectName.quote(n == 1 ? name : name + "-" + n));
                server.registerMBean(metrics, on);
                return on;
            } catch (InstanceAlreadyExistsException taken) {
                // another tracker in this JVM (a second web application) has it; try the next
            } catch (JMException e) {
                LOG.log(Level.WARNING, "qhtrack: metrics not published over JMX: " + e);
                return null;
            }
        }
        LOG.log(Level.WARNING, "qhtrack: metrics not published over JMX: 100 trackers named " + name);
        return null;
    }

    private void unregisterMBean() {
        if (jmxName != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(jmxName);
            } catch (JMException e) {
                LOG.log(Level.FINE, "qhtrack: JMX unregister: " + e);
            }
        }
    }

    @Override
    public String toString() {
        return "Tracker[" + name + ", lines " + configuredLines() + ", " + client + ", " + outbox + "]";
    }

    /** Configures a {@link Tracker}; setters validate at once and name the setting. */
    public static final class Builder {
        private String name;
        private final Map<Account, Credentials> credentials = new EnumMap<>(Account.class);
        private Outbox outbox;
        /** Where the default outbox comes from, when {@link #outbox(Outbox)} names none. */
        private Settings outboxSettings;
        private URI endpoint = UploadClient.DEFAULT_ENDPOINT;
        private int maxResponseBytes = UploadClient.DEFAULT_MAX_RESPONSE_BYTES;
        private SSLContext sslContext;
        private Duration connectTimeout = Duration.ofSeconds(UploadClient.DEFAULT_CONNECT_TIMEOUT_SECONDS);
        private Duration requestTimeout = Duration.ofSeconds(UploadClient.DEFAULT_REQUEST_TIMEOUT_SECONDS);
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private Clock clock = Clock.systemUTC();
        private Random random = new Random();
        private int maxConcurrency = DEFAULT_MAX_CONCURRENCY;
        private long deduplicationCacheSize = DEFAULT_DEDUPLICATION_CACHE_SIZE;
        private int limitPerClick = DEFAULT_LIMIT_PER_CLICK;
        private Duration lease = DEFAULT_LEASE;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;
        private boolean jmx = true;
        private final List<DeliveryListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /**
         * Reads the configuration contract: credentials ({@code qhtrack.search.*}, {@code qhtrack.display.*},
         * {@code qhtrack.mobile.*}) and every {@link Setting.Scope#CORE} setting of the tracker
         * ({@code qhtrack.endpoint}, {@code qhtrack.http.*}, {@code qhtrack.zone}, {@code qhtrack.retry.*},
         * {@code qhtrack.outbox.lease}, {@code qhtrack.max-concurrency}, {@code qhtrack.dedup.cache-size},
         * {@code qhtrack.poll-interval}, {@code qhtrack.drain-timeout}). Unless {@link #outbox(Outbox)} names one, the
         * outbox is the one {@code qhtrack.outbox} asks for ({@link Outbox#fromSettings(Settings)}).
         *
         * @throws ConfigurationException naming the first setting whose value cannot be used
         */
        public Builder settings(Settings s) {
            Objects.requireNonNull(s, "settings");
            if (!Outbox.JDBC.equalsIgnoreCase(s.get(Setting.OUTBOX).orElse(Outbox.MEMORY))) {
                Outbox.fromSettings(s).close(); // an in-memory outbox holds nothing yet: this checks its settings now
            }
            this.outboxSettings = s;
            credentials.clear();
            credentials.putAll(Credentials.fromSettings(s));
            Optional<String> endpoint = s.get(Setting.ENDPOINT);
            if (endpoint.isPresent()) {
                endpoint(Endpoints.parse(endpoint.get()));
            }
            s.duration(Setting.HTTP_CONNECT_TIMEOUT).ifPresent(this::connectTimeout);
            s.duration(Setting.HTTP_REQUEST_TIMEOUT).ifPresent(this::requestTimeout);
            s.integer(Setting.HTTP_MAX_RESPONSE_BYTES).ifPresent(n -> maxResponseBytes(clampToInt(n)));
            s.duration(Setting.DRAIN_TIMEOUT).ifPresent(this::drainTimeout);
            s.duration(Setting.OUTBOX_LEASE).ifPresent(this::lease);
            s.duration(Setting.POLL_INTERVAL).ifPresent(this::pollInterval);
            s.integer(Setting.MAX_CONCURRENCY).ifPresent(n -> maxConcurrency(clampToInt(n)));
            s.integer(Setting.DEDUP_CACHE_SIZE).ifPresent(this::deduplicationCacheSize);
            s.integer(Setting.LIMIT_PER_CLICK).ifPresent(n -> limitPerClick(clampToInt(n)));
            retryPolicy(retrySettings(s));
            return this;
        }

        private static RetryPolicy retrySettings(Settings s) {
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

        /** The name used for threads and JMX; default {@code tracker-N}. */
        public Builder name(String name) {
            if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException("name: '" + name + "' is not 1-64 of [A-Za-z0-9._-]");
            }
            this.name = name;
            return this;
        }

        /** Adds (or replaces) one account's credentials. */
        public Builder credentials(Credentials c) {
            credentials.put(c.account(), c);
            return this;
        }

        /**
         * The outbox; by default the one {@link #settings(Settings)} asks for, else an in-memory outbox of
         * {@value InMemoryOutbox#DEFAULT_CAPACITY} entries. The tracker closes it when it is closed.
         */
        public Builder outbox(Outbox outbox) {
            this.outbox = Objects.requireNonNull(outbox, "outbox");
            return this;
        }

        /** The upload URL; default 360's. */
        public Builder endpoint(URI endpoint) {
            this.endpoint = Endpoints.check(endpoint);
            return this;
        }

        /** See {@link UploadClient.Builder#connectTimeout(Duration)}. */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = Durations.positive(Setting.HTTP_CONNECT_TIMEOUT, d);
            return this;
        }

        /** See {@link UploadClient.Builder#requestTimeout(Duration)}. */
        public Builder requestTimeout(Duration d) {
            this.requestTimeout = Durations.positive(Setting.HTTP_REQUEST_TIMEOUT, d);
            return this;
        }

        /** See {@link UploadClient.Builder#maxResponseBytes(int)}. */
        public Builder maxResponseBytes(int bytes) {
            UploadClient.builder().maxResponseBytes(bytes); // the client's check, naming the setting
            this.maxResponseBytes = bytes;
            return this;
        }

        /** See {@link UploadClient.Builder#sslContext(SSLContext)}: e.g. to trust a test server's certificate. */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "sslContext");
            return this;
        }

        /** When and how long to retry; default {@link RetryPolicy#defaults()}. */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy");
            return this;
        }

        /** The clock for event times, natural days, backoff and de-duplication. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The randomness of backoff jitter (seed it in tests). */
        public Builder random(Random random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * The most uploads in flight at once, 1 to 256; the dispatcher adapts below it (it starts at 4, grows while
         * 360 is healthy but slow and demand is high, shrinks on timeouts, 5xx and 429).
         */
        public Builder maxConcurrency(int n) {
            if (n < 1 || n > 256) {
                throw new ConfigurationException(Setting.MAX_CONCURRENCY.key(), n + " is not between 1 and 256");
            }
            this.maxConcurrency = n;
            return this;
        }

        /** How many recent (line, click, event, trans_id) keys are remembered in memory; positive. */
        public Builder deduplicationCacheSize(long n) {
            if (n <= 0) {
                throw new ConfigurationException(Setting.DEDUP_CACHE_SIZE.key(), n + " is not positive");
            }
            this.deduplicationCacheSize = n;
            return this;
        }

        /**
         * At most this many conversions of one event per click per natural day, whatever reports them (one line in a
         * handler, a trigger, an annotation, a browser event); beyond, the outcome is
         * {@link TrackOutcome.Status#LIMITED}. 1 to 1000; default {@value Tracker#DEFAULT_LIMIT_PER_CLICK}. With a
         * durable outbox the limit holds across every node that shares it.
         */
        public Builder limitPerClick(int n) {
            if (n < 1 || n > 1000) {
                throw new ConfigurationException(Setting.LIMIT_PER_CLICK.key(), n + " is not between 1 and 1000");
            }
            this.limitPerClick = n;
            return this;
        }

        /** How long a claimed entry is held before another dispatcher may take it. */
        public Builder lease(Duration d) {
            this.lease = Durations.positive(Setting.OUTBOX_LEASE, d);
            return this;
        }

        /** How often an idle dispatcher looks at the outbox (new work wakes it at once). */
        public Builder pollInterval(Duration d) {
            this.pollInterval = Durations.positive(Setting.POLL_INTERVAL, d);
            return this;
        }

        /** How long {@link Tracker#close()} waits for pending conversions to be delivered. */
        public Builder drainTimeout(Duration d) {
            Objects.requireNonNull(d, Setting.DRAIN_TIMEOUT.key());
            if (d.isNegative()) {
                throw new ConfigurationException(Setting.DRAIN_TIMEOUT.key(), d + " is negative");
            }
            this.drainTimeout = d;
            return this;
        }

        /** Whether to publish {@link TrackerMetrics} over JMX; default true. */
        public Builder jmx(boolean enabled) {
            this.jmx = enabled;
            return this;
        }

        /** Adds a listener for delivery results. */
        public Builder listener(DeliveryListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }


        /**
         * Builds and starts the tracker (its dispatcher thread).
         *
         * @throws ConfigurationException if the lease does not outlive the longest attempt (connect timeout plus twice
         *     the request timeout: a read already waiting when the exchange's deadline passes ends within its own
         *     read timeout): a claim that lapses while its request is in flight would let the entry be sent twice
         */
        public Tracker build() {
            Duration longestAttempt = connectTimeout.plus(requestTimeout).plus(requestTimeout);
            if (lease.compareTo(longestAttempt) <= 0) {
                throw new ConfigurationException(Setting.OUTBOX_LEASE.key(), lease + " must be longer than "
                        + Setting.HTTP_CONNECT_TIMEOUT + " + 2 × " + Setting.HTTP_REQUEST_TIMEOUT + " ("
                        + longestAttempt + "), or an entry still in flight could be claimed and sent again");
            }
            return new Tracker(this);
        }
    }
}
