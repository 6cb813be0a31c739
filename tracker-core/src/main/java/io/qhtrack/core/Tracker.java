package io.qhtrack.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.qhtrack.core.internal.Dispatcher;
import io.qhtrack.core.internal.Endpoints;
import io.qhtrack.core.internal.HttpTransport;
import io.qhtrack.core.internal.InMemoryOutbox;
import io.qhtrack.core.internal.LogSummary;
import io.qhtrack.core.internal.Metrics;
import io.qhtrack.core.internal.PlatformRegistry;
import io.qhtrack.core.internal.Printable;
import io.qhtrack.core.internal.Reports;
import io.qhtrack.core.spi.CredentialResolver;
import io.qhtrack.core.spi.CredentialSet;
import io.qhtrack.core.spi.Line;
import io.qhtrack.core.spi.Outbox;
import io.qhtrack.core.spi.Platform;
import io.qhtrack.core.spi.PlatformSetting;
import io.qhtrack.core.spi.PlatformUpload;
import io.qhtrack.core.spi.Prepared;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.net.ssl.SSLContext;
import javax.sql.DataSource;

/**
 * Reports conversions to the ad platforms the clicks came from: {@link #report(Click, Conversion)} adapts the
 * conversion to the click's platform and line (its codec), validates it, de-duplicates it and puts it in the
 * {@link Outbox}, then returns at once; a background dispatcher builds, signs and delivers it, retrying transient
 * failures with backoff until the end of the platform's delivery window (360: the natural day). Thread-safe; one per
 * application.
 *
 * <pre>{@code
 * Tracker tracker = Tracker.builder().settings(Settings.system()).build();   // outbox: qhtrack.outbox
 * TrackOutcome outcome = tracker.report(click, Conversion.builder(Event.ORDER)
 *         .transIdFromOrderId("A-1001").amountYuan("23.45").build());
 * }</pre>
 *
 * <p>The platforms are found on the class path ({@code ServiceLoader}, e.g. 360's {@code qihoo360}) or given with
 * {@link Builder#platform(Platform...)}, each configured with the settings; credentials are asked of a
 * {@link CredentialResolver} (by default: the settings) when needed, and never stored with a conversion.
 *
 * <p>{@code report} never throws because of bad data, a missing click or a platform being down: it returns a
 * {@link TrackOutcome}. Configuration mistakes fail in {@link Builder#build()}, naming the setting.
 */
public final class Tracker implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Tracker.class.getName());
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    /**
     * Default bound on requests in flight at once: 32 ({@code qhtrack.max-concurrency}). The dispatcher starts at 4 and
     * adapts between 1 and this bound (AIMD: up while the platforms answer and the limit is in use, down on timeouts,
     * 5xx and 429). The same as {@link TrackerOptions#DEFAULT_MAX_CONCURRENCY}.
     */
    public static final int DEFAULT_MAX_CONCURRENCY = TrackerOptions.DEFAULT_MAX_CONCURRENCY;
    /**
     * Default number of (platform, tenant, line, click, event, key) keys remembered to refuse duplicates: 100,000
     * ({@code qhtrack.dedup.cache-size}). The same as {@link TrackerOptions#DEFAULT_DEDUPLICATION_CACHE_SIZE}.
     */
    public static final long DEFAULT_DEDUPLICATION_CACHE_SIZE = TrackerOptions.DEFAULT_DEDUPLICATION_CACHE_SIZE;
    /** Default time a dispatcher holds a claimed entry before another may take it: 2 minutes ({@code qhtrack.outbox.lease}). */
    public static final Duration DEFAULT_LEASE = TrackerOptions.DEFAULT_LEASE;
    /** Default time the dispatcher waits between looks at the outbox when idle: 1 second. */
    public static final Duration DEFAULT_POLL_INTERVAL = TrackerOptions.DEFAULT_POLL_INTERVAL;
    /**
     * Default {@linkplain Builder#limitPerClick(int) conversions of one event per click per window}: 5
     * ({@code qhtrack.limit.per-click}). The same as {@link TrackerOptions#DEFAULT_LIMIT_PER_CLICK}.
     */
    public static final int DEFAULT_LIMIT_PER_CLICK = TrackerOptions.DEFAULT_LIMIT_PER_CLICK;
    /** How many limited (click, event) pairs are remembered so that each is logged once. */
    private static final long LIMIT_LOG_MEMORY = 10_000;
    /** Default time {@link #close()} waits for the outbox to drain: 10 seconds. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = TrackerOptions.DEFAULT_DRAIN_TIMEOUT;
    /** {@code OUTBOX_FULL}, {@code REFUSED} and {@code THROTTLED} are each logged at most once per this interval. */
    static final Duration LOG_SUMMARY_INTERVAL = Duration.ofMinutes(1);
    /** 360's endpoint setting, which {@link Builder#endpoint(URI)} and {@link #endpoint()} keep for 360 users. */
    private static final String QIHOO360_ENDPOINT = "qhtrack.endpoint";

    /** How a conversion is attributed when the visitor clicked ads of several platforms ({@code qhtrack.attribution}). */
    public enum Attribution {
        /** To the latest click, whatever its platform (the default). */
        LAST_CLICK,
        /** To the latest click of each platform clicked within the attribution window. */
        ALL_PLATFORMS
    }

    private final String name;
    private final TrackerOptions options;
    private final PlatformRegistry platforms;
    private final CredentialResolver credentials;
    private final Outbox outbox;
    private final HttpTransport transport;
    private final RetryPolicy policy;
    private final Clock clock;
    private final Duration drainTimeout;
    private final Attribution attribution;
    private final String endpoint360;
    private final Cache<String, Boolean> recentlyQueued;
    /** (platform, tenant, line, click, event, deadline) keys whose limit was already logged, so a flood logs one line. */
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

    private Tracker(Builder b, TrackerOptions o, PlatformRegistry platforms, Settings platformSettings) {
        this.options = o;
        this.name = o.name().isPresent() ? o.name().get() : "tracker-" + INSTANCES.incrementAndGet();
        this.platforms = platforms;
        this.credentials = b.resolver != null ? b.resolver : defaultResolver(platforms, platformSettings,
                b.credentials);
        this.outbox = b.outbox != null ? b.outbox
                : Outboxes.create(b.settings, Optional.<DataSource>empty());
        this.clock = b.clock;
        this.policy = o.retryPolicy();
        this.drainTimeout = o.drainTimeout();
        this.attribution = o.attribution();
        this.endpoint360 = platformSettings.get(QIHOO360_ENDPOINT).orElse(null);
        HttpTransport.Builder http = HttpTransport.builder().connectTimeout(o.connectTimeout())
                .requestTimeout(o.requestTimeout()).maxResponseBytes(o.maxResponseBytes())
                // twice the requests in flight: a thread still finishing one answer's callback never starves the next
                .maxThreads(2 * o.maxConcurrency());
        if (b.sslContext != null) {
            http.sslContext(b.sslContext);
        }
        this.transport = http.build();
        this.recentlyQueued = Caffeine.newBuilder()
                .maximumSize(o.deduplicationCacheSize())
                .expireAfterWrite(Duration.ofHours(25))
                .ticker(ticker(clock))
                .build();
        this.limitPerClick = o.limitPerClick();
        this.limitLogged = Caffeine.newBuilder().maximumSize(LIMIT_LOG_MEMORY).expireAfterWrite(Duration.ofHours(25))
                .ticker(ticker(clock)).build();
        List<String> ids = new ArrayList<>();
        for (Platform p : platforms.all()) {
            ids.add(p.id());
        }
        this.metrics = new Metrics(ids, outbox, clock);
        this.outboxFullLog = new LogSummary(LOG, Level.WARNING, TrackOutcome.Status.OUTBOX_FULL.name(),
                LOG_SUMMARY_INTERVAL, clock);
        this.refusedLog = new LogSummary(LOG, Level.INFO, TrackOutcome.Status.REFUSED.name(), LOG_SUMMARY_INTERVAL,
                clock);
        this.throttledLog = new LogSummary(LOG, Level.INFO, TrackOutcome.Status.THROTTLED.name(), LOG_SUMMARY_INTERVAL,
                clock);
        this.dispatcher = new Dispatcher(outbox, platforms, credentials, transport, policy, clock, b.random,
                b.secureRandom != null ? b.secureRandom : new SecureRandom(), o.maxConcurrency(), o.lease(),
                o.longestAttempt(), o.pollInterval(), metrics, b.executor);
        metrics.deliveryGauges(dispatcher::concurrencyLimit, dispatcher::inFlight, dispatcher::parked);
        outbox.wakeUpWith(dispatcher::wakeUp);
        b.listeners.forEach(dispatcher::addListener);
        this.jmxName = o.jmx() ? registerMBean() : null;
        logStartup();
        dispatcher.start(name);
    }

    /**
     * The credentials the settings give each platform's lines for the default tenant, read once (a half-configured
     * account fails here, naming its setting); 360's explicit {@link Credentials} replace its settings' account by
     * account.
     */
    private static CredentialResolver defaultResolver(PlatformRegistry platforms, Settings settings,
            Map<Account, Credentials> explicit) {
        Map<String, Map<String, Optional<CredentialSet>>> byPlatform = new HashMap<>();
        for (Platform p : platforms.all()) {
            Map<String, Optional<CredentialSet>> byLine = new HashMap<>();
            for (Line l : p.lines()) {
                Optional<CredentialSet> c = p.credentials(settings, l);
                if (Qihoo360Compat.ID.equals(p.id())) {
                    Optional<ProductLine> pl = ProductLine.find(l.id());
                    Credentials given = pl.isPresent() ? explicit.get(pl.get().account()) : null;
                    if (given != null) {
                        c = Optional.of(given.toCredentialSet());
                    }
                }
                byLine.put(l.id(), c == null ? Optional.<CredentialSet>empty() : c);
            }
            byPlatform.put(p.id(), byLine);
        }
        return (tenant, platform, line) -> {
            if (!Click.DEFAULT_TENANT.equals(tenant)) {
                return Optional.empty();
            }
            Map<String, Optional<CredentialSet>> byLine = byPlatform.get(platform.id());
            Optional<CredentialSet> c = byLine == null ? null : byLine.get(line.id());
            return c == null ? Optional.<CredentialSet>empty() : c;
        };
    }

    /** Caffeine's clock, read from ours, so that tests that move time move the caches' expiry too. */
    private static Ticker ticker(Clock clock) {
        return () -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    }

    /** A builder with the defaults: the platforms of the class path, no credentials, in-memory outbox. */
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
        metrics.recordReport(click == null ? null : click.platform(), outcome.status());
        if (outcome.status() == TrackOutcome.Status.OUTBOX_FULL) {
            outboxFullLog.record(outcome.message());
        } else if (outcome.status() != TrackOutcome.Status.QUEUED) {
            LOG.log(Level.FINE, () -> "qhtrack: not queued: " + outcome.status() + ": " + outcome.message());
        }
        return outcome;
    }

    /** Reports for a click that may be absent (the visitor did not come from an ad). */
    public TrackOutcome report(Optional<Click> click, Conversion conversion) {
        return report(click.orElse(null), conversion);
    }

    /**
     * Reports {@code conversion} for a visitor who clicked several ads (the filter keeps the latest click of each
     * platform): as {@code qhtrack.attribution} says, for the latest click only ({@link Attribution#LAST_CLICK}, the
     * default: the last ad click wins, across platforms), or for the latest click of each platform
     * ({@link Attribution#ALL_PLATFORMS}). The outcome is the latest click's; the others' are its
     * {@link TrackOutcome#others()}. No click at all: {@link TrackOutcome.Status#NOT_ATTRIBUTED}.
     */
    public TrackOutcome report(Collection<Click> clicks, Conversion conversion) {
        List<Click> latestFirst = new ArrayList<>();
        for (Click c : clicks) {
            if (c != null) {
                latestFirst.add(c);
            }
        }
        if (latestFirst.isEmpty()) {
            return report((Click) null, conversion);
        }
        latestFirst.sort(Comparator.comparing(Click::capturedAt).reversed());
        if (attribution == Attribution.LAST_CLICK) {
            return report(latestFirst.get(0), conversion);
        }
        Map<String, Click> latestOfEach = new LinkedHashMap<>();
        for (Click c : latestFirst) {
            latestOfEach.putIfAbsent(c.platform() + '|' + c.tenant(), c);
        }
        List<TrackOutcome> outcomes = new ArrayList<>();
        for (Click c : latestOfEach.values()) {
            outcomes.add(report(c, conversion));
        }
        return outcomes.get(0).withOthers(outcomes.subList(1, outcomes.size()));
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
        metrics.recordReport(null, status);
        log.record(outcome.message());
        return outcome;
    }

    /**
     * The natural day ({@code qhtrack.zone}) it is now by the tracker's clock: the day within which a conversion
     * reported now to 360 may be delivered, and within which a repeat is a {@link TrackOutcome.Status#DUPLICATE}.
     */
    public LocalDate naturalDay() {
        return clock.instant().atZone(policy.zone()).toLocalDate();
    }

    private TrackOutcome doReport(Click click, Conversion conversion) {
        if (conversion == null) {
            return TrackOutcome.of(TrackOutcome.Status.INVALID, "no conversion given");
        }
        if (click == null) {
            return TrackOutcome.of(TrackOutcome.Status.NOT_ATTRIBUTED, conversion.event().name()
                    + ": the visitor has no ad click");
        }
        if (!accepting) {
            return TrackOutcome.of(TrackOutcome.Status.STOPPED, "the tracker is shutting down");
        }
        Optional<Platform> found = platforms.find(click.platform());
        if (!found.isPresent() || !found.get().enabled()) {
            return TrackOutcome.of(TrackOutcome.Status.LINE_NOT_CONFIGURED, found.isPresent()
                    ? found.get().displayName() + " (" + click.platform() + ") is not enabled: configure it (its "
                            + "settings: " + settingNames(found.get()) + ")"
                    : "the click's platform '" + click.platform() + "' is not one this tracker reports to ("
                            + platformIds() + ")");
        }
        Platform platform = found.get();
        Instant now = clock.instant();
        Prepared prepared = Reports.prepare(platform, click, conversion, credentials, now);
        if (!prepared.isReady()) {
            return TrackOutcome.of(prepared.rejection(), prepared.message());
        }
        PlatformUpload upload = prepared.upload();
        if (!upload.platform().equals(click.platform()) || !upload.tenant().equals(click.tenant())
                || !upload.line().equals(click.lineId()) || !upload.clickId().equals(click.id())) {
            return TrackOutcome.of(TrackOutcome.Status.INVALID, platform.id() + "'s codec prepared " + upload
                    + " for " + click + ": not the click's");
        }
        if (upload.origin() != conversion.origin()) {
            upload = upload.withOrigin(conversion.origin());
        }
        if (!prepared.leftOut().isEmpty()) {
            PlatformUpload u = upload;
            LOG.log(Level.FINE, () -> "qhtrack: " + Reports.describe(platform, u.line(), u.event())
                    + " does not take " + prepared.leftOut() + "; left out");
        }
        Instant deadline = platform.window().deadline(now);
        // one buffer of the right size (the window's end takes at most 20 characters): no string per part
        String dedupKey = upload.appendDeduplicationKey(new StringBuilder(upload.deduplicationKeyLength() + 21))
                .append('|').append(deadline.getEpochSecond()).toString();
        if (recentlyQueued.asMap().putIfAbsent(dedupKey, Boolean.TRUE) != null) {
            return duplicate(platform, upload);
        }
        Outbox.AddResult added;
        try {
            added = outbox.add(upload, now, deadline, limitPerClick);
        } catch (RuntimeException e) {
            // not a database state (a durable outbox holds what its database cannot take): closed, or a bug
            recentlyQueued.invalidate(dedupKey);
            LOG.log(Level.SEVERE, "qhtrack: the outbox failed to take a conversion; it is NOT queued", e);
            return TrackOutcome.of(TrackOutcome.Status.OUTBOX_FULL, "the outbox failed: " + e);
        }
        switch (added) {
            case ADDED:
                dispatcher.wakeUp();
                return TrackOutcome.of(TrackOutcome.Status.QUEUED, Reports.describe(platform, upload.line(),
                        upload.event(), " queued"));
            case DUPLICATE:
                return duplicate(platform, upload);
            case LIMITED:
                recentlyQueued.invalidate(dedupKey);
                return limited(platform, upload, deadline);
            case HELD:
                dispatcher.wakeUp();
                return TrackOutcome.of(TrackOutcome.Status.HELD, describe(platform, upload) + " held in memory: the outbox's database did "
                        + "not answer in time; it is written when the database answers again");
            case JOINED:
                recentlyQueued.invalidate(dedupKey); // the transaction may roll back, and its retry is no repeat
                return TrackOutcome.of(TrackOutcome.Status.QUEUED, describe(platform, upload) + " queued in the application's transaction: "
                        + "delivered once it commits, not at all if it rolls back");
            case DEAD_LETTERED:
                recentlyQueued.invalidate(dedupKey);
                return TrackOutcome.of(TrackOutcome.Status.INVALID, describe(platform, upload) + " for click " + upload.clickId() + ": the "
                        + "outbox's database refused a value of it; kept as a dead letter, not delivered (see the log)");
            default:
                recentlyQueued.invalidate(dedupKey);
                return TrackOutcome.of(TrackOutcome.Status.OUTBOX_FULL, (conversion.origin() == Origin.BROWSER
                        ? "the browser's share of the outbox (qhtrack.outbox.browser-share) or the outbox is full ("
                        : "the outbox is full (") + outbox + "); " + upload.event() + " for click " + upload.clickId()
                        + " is not queued");
        }
    }

    /** The upload's line and event for messages ({@link Reports#describe(Platform, String, String)}). */
    private static String describe(Platform platform, PlatformUpload upload) {
        return Reports.describe(platform, upload.line(), upload.event());
    }

    private static String settingNames(Platform platform) {
        List<String> names = new ArrayList<>();
        for (PlatformSetting s : platform.settings()) {
            names.add(s.key());
        }
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private String platformIds() {
        List<String> ids = new ArrayList<>();
        for (Platform p : platforms.all()) {
            ids.add(p.id() + (p.enabled() ? "" : " (not enabled)"));
        }
        return ids.isEmpty() ? "none" : String.join(", ", ids);
    }

    /** Refuses one more conversion of this event for this click in its window, and says so once per click and event. */
    private TrackOutcome limited(Platform platform, PlatformUpload upload, Instant deadline) {
        String what = Reports.describe(platform, upload.line(), upload.event()) + " for click " + upload.clickId();
        String message = what + " reached qhtrack.limit.per-click (" + limitPerClick + ") in its window ("
                + platform.window() + "): not reported";
        String key = upload.clickKey() + '|' + deadline.getEpochSecond();
        if (limitLogged.asMap().putIfAbsent(key, Boolean.TRUE) == null) {
            LOG.log(Level.WARNING, () -> "qhtrack: " + message + "; further conversions of this click and event are "
                    + "refused until the window ends (logged once)");
        }
        return TrackOutcome.of(TrackOutcome.Status.LIMITED, message);
    }

    private static TrackOutcome duplicate(Platform platform, PlatformUpload upload) {
        return TrackOutcome.of(TrackOutcome.Status.DUPLICATE, Reports.describe(platform, upload.line(), upload.event())
                + " for click " + upload.clickId() + (upload.conversionKey().isEmpty() ? ""
                        : " (key " + upload.conversionKey() + ")") + " was already reported in its window ("
                + platform.window() + ")");
    }

    /** Adds a listener for delivery results. */
    public void addListener(DeliveryListener listener) {
        dispatcher.addListener(Objects.requireNonNull(listener, "listener"));
    }

    /** The counters and backlog gauges, per platform and in all. */
    public TrackerMetrics metrics() {
        return metrics;
    }

    /** The outbox, for inspection and replay. */
    public Outbox outbox() {
        return outbox;
    }

    /**
     * The platforms this tracker reports to, configured, enabled or not ({@link Platform#enabled()}): what the capture
     * filter captures for (the enabled ones) and what the CLI lists.
     */
    public List<Platform> platforms() {
        return platforms.all();
    }

    /** The platform with this id, if the tracker has it. */
    public Optional<Platform> platform(String id) {
        return platforms.find(id);
    }

    /** The credential resolver the dispatcher asks (by default: the settings, and 360's {@link Credentials}). */
    public CredentialResolver credentialResolver() {
        return credentials;
    }

    /** The 360 lines that have credentials (for the default tenant) and are therefore reported. */
    public List<ProductLine> configuredLines() {
        List<ProductLine> lines = new ArrayList<>();
        Optional<Platform> qihoo360 = platforms.find(Qihoo360Compat.ID);
        if (!qihoo360.isPresent()) {
            return lines;
        }
        for (ProductLine l : ProductLine.values()) {
            Optional<Line> line = qihoo360.get().line(l.shortName());
            if (line.isPresent() && hasCredentials(qihoo360.get(), line.get())) {
                lines.add(l);
            }
        }
        return lines;
    }

    private boolean hasCredentials(Platform platform, Line line) {
        try {
            Optional<CredentialSet> c = credentials.resolve(Click.DEFAULT_TENANT, platform, line);
            return c != null && c.isPresent();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Where 360's uploads go: {@code qhtrack.endpoint}, or 360's endpoint. */
    public URI endpoint() {
        if (endpoint360 != null) {
            return URI.create(endpoint360.trim());
        }
        return URI.create(Qihoo360Platform.builtIn().settings().stream().filter(s -> s.key().equals(QIHOO360_ENDPOINT))
                .map(PlatformSetting::defaultValue).findFirst().orElse("https://convert.dop.360.cn/uploadWebConvert"));
    }

    /** The tracker's name (thread and JMX names). */
    public String name() {
        return name;
    }

    /**
     * The options this tracker was built with, as {@link Builder#options(TrackerOptions)}, {@link Builder#settings}
     * and the builder's setters left them (the name, when it was not given, is {@link #name()}).
     */
    public TrackerOptions options() {
        return options;
    }

    /**
     * Makes dead (or, by id, expired or parked) entries pending again, after fixing their cause, and wakes the
     * dispatcher.
     *
     * @param ids the entries; empty means every dead entry
     */
    public int replay(List<String> ids) {
        int n = outbox.replay(ids, clock.instant());
        dispatcher.wakeUp();
        return n;
    }

    /**
     * Sends {@code platform}'s conversions again: its parked ones (its credentials were refused; each tenant's parking
     * ends) and its dead letters, keeping their deadlines (those past it end {@code EXPIRED}).
     *
     * @return how many were made pending
     */
    public int replay(String platform) {
        int n = dispatcher.unpark(Objects.requireNonNull(platform, "platform"));
        n += outbox.replay(platform, clock.instant());
        dispatcher.wakeUp();
        return n;
    }

    /**
     * Delivers what is due now. With an {@linkplain Builder#executor(Executor) injected executor}, runs one drain on
     * the calling thread: rounds (start what is ready, claim and start what is due) until a round finds nothing more
     * to do, each request a task on the executor (with {@code Runnable::run}: sent and settled before this returns,
     * retries due now included); if a drain is already running on another thread, it goes round once more instead.
     * Without one, wakes the dispatcher's thread and returns at once.
     *
     * <p>With an injected executor nothing polls the outbox: whoever injects it calls {@code dispatchNow()} when time
     * has moved (a test, after moving its {@link Clock} past a retry's backoff) or every poll interval (a
     * container's scheduler).
     */
    public void dispatchNow() {
        dispatcher.dispatchNow();
    }

    /** {@link #close(Duration)} with {@link Builder#drainTimeout(Duration) the configured drain timeout}. */
    @Override
    public void close() {
        close(drainTimeout);
    }

    /**
     * Stops taking new work, gives the dispatcher up to {@code drain} to deliver what is pending (with an in-memory
     * outbox, every pending entry is attempted once more at once), then stops and logs what remains. With an
     * {@linkplain Builder#executor(Executor) injected executor} it waits only while a drain or a request is under way
     * (with {@code Runnable::run}, the drain runs within this call and nothing is left to wait for).
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
        if (dispatcher.hasExecutor()) {
            // the drain that drainUntil asked for (with Runnable::run: already over) sends what it can; nothing polls
            waitWhile(() -> !dispatcher.idle(), deadlineNanos, false);
        } else {
            waitWhile(() -> dispatcher.inFlight() > 0 || !durable && pending() > 0, deadlineNanos, !durable);
        }
        try {
            dispatcher.stop(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int stillInFlight = dispatcher.inFlight();
        if (stillInFlight > 0) {
            LOG.log(Level.WARNING, "qhtrack: " + stillInFlight + " request(s) still in flight at shutdown; their "
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
        transport.close();
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

    private void logStartup() {
        List<String> reported = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> off = new ArrayList<>();
        for (Platform p : platforms.all()) {
            if (!p.enabled()) {
                off.add(p.id());
                continue;
            }
            for (Line l : p.lines()) {
                if (hasCredentials(p, l)) {
                    reported.add(Reports.describe(p, l));
                } else {
                    missing.add(Reports.describe(p, l) + " (" + p.howToConfigure(l) + ")");
                }
            }
        }
        LOG.log(Level.INFO, "qhtrack " + name + ": reporting " + reported + " of " + platforms
                + (missing.isEmpty() ? "" : "; not reported: " + String.join(", ", missing))
                + (off.isEmpty() ? "" : "; platforms not enabled: " + String.join(", ", off)) + "; outbox " + outbox);
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
        return "Tracker[" + name + ", " + platforms + ", " + transport + ", " + outbox + "]";
    }

    /** Configures a {@link Tracker}; setters validate at once and name the setting. */
    public static final class Builder {
        /** The values: every setter of one writes through to these ({@link TrackerOptions}). */
        private TrackerOptions.Builder options = TrackerOptions.builder();
        private final List<Platform> explicitPlatforms = new ArrayList<>();
        private Settings settings = property -> null;
        /** Values that override the settings for the platforms: {@link #endpoint(URI)}, the retry policy's zone. */
        private final Map<String, String> overrides = new HashMap<>();
        private final Map<Account, Credentials> credentials = new EnumMap<>(Account.class);
        private CredentialResolver resolver;
        private Outbox outbox;
        private SSLContext sslContext;
        private Clock clock = Clock.systemUTC();
        private Executor executor;
        private Random random = new Random();
        private SecureRandom secureRandom;
        private final List<DeliveryListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /**
         * Reads the configuration contract: every platform's settings (360's {@code qhtrack.endpoint},
         * {@code qhtrack.search.*}, {@code qhtrack.display.*}, {@code qhtrack.mobile.*} …, read by each platform) and
         * every {@link Setting.Scope#CORE} setting of the tracker ({@code qhtrack.http.*}, {@code qhtrack.zone},
         * {@code qhtrack.retry.*}, {@code qhtrack.outbox.lease}, {@code qhtrack.max-concurrency},
         * {@code qhtrack.dedup.cache-size}, {@code qhtrack.poll-interval}, {@code qhtrack.drain-timeout},
         * {@code qhtrack.attribution}), parsed by {@link TrackerOptions.Builder#settings(Settings)}: a setting given
         * replaces what a setter called before set, a setter called after replaces the setting; the retry policy is
         * the settings' as a whole. Unless {@link #outbox(Outbox)} names one, the outbox is the one
         * {@code qhtrack.outbox} asks for ({@link Outboxes#create(Settings, Optional)}).
         *
         * @throws ConfigurationException naming the first setting whose value cannot be used
         */
        public Builder settings(Settings s) {
            Objects.requireNonNull(s, "settings");
            if (!Outboxes.JDBC.equalsIgnoreCase(s.get(Setting.OUTBOX).orElse(Outboxes.MEMORY))) {
                Outboxes.fromSettings(s).close(); // an in-memory outbox holds nothing yet: this checks its settings now
            }
            PlatformRegistry.configure(explicitPlatforms, s); // each platform checks its settings now
            this.settings = s;
            credentials.clear();
            options.settings(s);
            overrides.remove(Setting.ZONE.key());
            return this;
        }

        /**
         * All the tracker's options at once, replacing every option set so far (by {@link #settings(Settings)} or a
         * setter); a setter called after changes one of them. The retry policy's zone is also the platforms'
         * {@code qhtrack.zone}, as with {@link #retryPolicy(RetryPolicy)}.
         */
        public Builder options(TrackerOptions o) {
            this.options = Objects.requireNonNull(o, "options").toBuilder();
            overrides.put(Setting.ZONE.key(), o.retryPolicy().zone().getId());
            return this;
        }

        /** The name used for threads and JMX; default {@code tracker-N} ({@link TrackerOptions.Builder#name}). */
        public Builder name(String name) {
            options.name(name);
            return this;
        }

        /**
         * Adds platforms beside those of the class path ({@code ServiceLoader}); one of the same id replaces the
         * class path's. Each is configured with the settings at {@link #build()}.
         */
        public Builder platform(Platform... platforms) {
            for (Platform p : platforms) {
                explicitPlatforms.add(Objects.requireNonNull(p, "platform"));
            }
            return this;
        }

        /** Adds (or replaces) one 360 account's credentials, in place of its settings. */
        public Builder credentials(Credentials c) {
            credentials.put(c.account(), c);
            return this;
        }

        /**
         * Where the dispatcher (and {@code report}) gets credentials, per tenant, platform and line, at each request:
         * e.g. one that serves several advertisers, or refreshes OAuth tokens. It replaces the default (the settings,
         * and {@link #credentials(Credentials)}).
         */
        public Builder credentialResolver(CredentialResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "credentialResolver");
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

        /** 360's upload URL, as {@code qhtrack.endpoint} gives it (which it overrides); default 360's. */
        public Builder endpoint(URI endpoint) {
            overrides.put(QIHOO360_ENDPOINT, Endpoints.check(QIHOO360_ENDPOINT, endpoint).toString());
            return this;
        }

        /** Time allowed to connect, per attempt; positive ({@code qhtrack.http.connect-timeout}). */
        public Builder connectTimeout(Duration d) {
            options.connectTimeout(d);
            return this;
        }

        /** Time allowed for each wait on the platform once connected ({@code qhtrack.http.request-timeout}). */
        public Builder requestTimeout(Duration d) {
            options.requestTimeout(d);
            return this;
        }

        /** The most bytes of an answer read ({@code qhtrack.http.max-response-bytes}), 1 KiB to 16 MiB. */
        public Builder maxResponseBytes(int bytes) {
            options.maxResponseBytes(bytes);
            return this;
        }

        /** The TLS context whose trust decides which certificates are accepted, e.g. a test server's. */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "sslContext");
            return this;
        }

        /** When and how long to retry; default {@link RetryPolicy#defaults()}. Its zone is {@code qhtrack.zone}. */
        public Builder retryPolicy(RetryPolicy policy) {
            options.retryPolicy(policy);
            overrides.put(Setting.ZONE.key(), policy.zone().getId());
            return this;
        }

        /** The clock for event times, windows, backoff, rate limits and de-duplication. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Where delivery runs, as Caffeine's {@code executor(Runnable::run)}: with it the tracker starts no thread of
         * its own for dispatching. Each wake-up (a conversion reported, an answer settled, a replay, {@link #close})
         * submits a drain to {@code executor}: rounds (start what is ready, claim and start what is due) run one at a
         * time, never two at once even on a pool, until a round finds nothing more to do; each request is a task on
         * {@code executor} that sends on its thread (bounded by the connect and request timeouts) and settles.
         *
         * <p>With {@code Runnable::run}, delivery is synchronous and deterministic, for tests:
         * {@link Tracker#report(Click, Conversion)} returns after the conversion was sent and its answer settled
         * (delivered, or due again after a backoff), and so does {@link Tracker#dispatchNow()}.
         *
         * <p>Nothing polls the outbox on an injected executor (there is no timer): entries due later (a retry after
         * its backoff, a rate limit, another node's lapsed claim in a durable outbox) are sent at the next wake-up.
         * Whoever injects an executor calls {@link Tracker#dispatchNow()} when time has moved (tests, after moving
         * the {@linkplain #clock(Clock) clock}) or every {@linkplain #pollInterval(Duration) poll interval} (a
         * container's scheduler). The parked entries of an earlier run are made pending again once, at
         * {@link #build()}, as with the dispatcher's thread.
         *
         * <p>Default (not called): the dispatcher's own daemon thread, woken at once by new work and every poll
         * interval, sending on the HTTP transport's threads.
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** The randomness of backoff jitter (seed it in tests). */
        public Builder random(Random random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** Where the nonces of signed requests come from (Tencent's); default a new {@link SecureRandom}. */
        public Builder secureRandom(SecureRandom random) {
            this.secureRandom = Objects.requireNonNull(random, "secureRandom");
            return this;
        }

        /**
         * The most requests in flight at once, 1 to 256; the dispatcher adapts below it (it starts at 4, grows while
         * the platforms are healthy but slow and demand is high, shrinks on timeouts, 5xx and 429).
         */
        public Builder maxConcurrency(int n) {
            options.maxConcurrency(n);
            return this;
        }

        /** How many recent (platform, tenant, line, click, event, key) keys are remembered in memory; positive. */
        public Builder deduplicationCacheSize(long n) {
            options.deduplicationCacheSize(n);
            return this;
        }

        /**
         * At most this many conversions of one event per click per delivery window (360: natural day), whatever
         * reports them (one line in a handler, a trigger, an annotation, a browser event); beyond, the outcome is
         * {@link TrackOutcome.Status#LIMITED}. 1 to 1000; default {@link TrackerOptions#DEFAULT_LIMIT_PER_CLICK 5}.
         * With a durable outbox the limit holds across every node that shares it.
         */
        public Builder limitPerClick(int n) {
            options.limitPerClick(n);
            return this;
        }

        /** How long a claimed entry is held before another dispatcher may take it. */
        public Builder lease(Duration d) {
            options.lease(d);
            return this;
        }

        /** How often an idle dispatcher looks at the outbox (new work wakes it at once). */
        public Builder pollInterval(Duration d) {
            options.pollInterval(d);
            return this;
        }

        /** How long {@link Tracker#close()} waits for pending conversions to be delivered. */
        public Builder drainTimeout(Duration d) {
            options.drainTimeout(d);
            return this;
        }

        /** How {@link Tracker#report(Collection, Conversion)} attributes ({@code qhtrack.attribution}). */
        public Builder attribution(Attribution a) {
            options.attribution(a);
            return this;
        }

        /** Whether to publish {@link TrackerMetrics} over JMX; default true. */
        public Builder jmx(boolean enabled) {
            options.jmx(enabled);
            return this;
        }

        /** Adds a listener for delivery results. */
        public Builder listener(DeliveryListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Builds and starts the tracker (its dispatcher thread, or its first drain on the
         * {@linkplain #executor(Executor) injected executor}).
         *
         * @throws ConfigurationException if the options cannot be used together ({@link TrackerOptions.Builder#build()}:
         *     the lease must outlive the longest attempt), or if a platform's settings cannot be used
         */
        public Tracker build() {
            TrackerOptions built = options.build();
            Map<String, String> given = new HashMap<>(overrides);
            Settings base = settings;
            Settings platformSettings = Settings.firstOf(given::get, base);
            PlatformRegistry registry = PlatformRegistry.configure(explicitPlatforms, platformSettings);
            return new Tracker(this, built, registry, platformSettings);
        }

        @Override
        public String toString() {
            String name = options.givenName();
            return "Tracker.Builder[" + (name == null ? "" : name + ", ") + "platforms "
                    + Arrays.toString(explicitPlatforms.toArray()) + "]";
        }
    }
}
