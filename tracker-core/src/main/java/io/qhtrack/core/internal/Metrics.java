package io.qhtrack.core.internal;

import io.qhtrack.core.DeliveryEvent;
import io.qhtrack.core.OutboxState;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.core.TrackerMetrics;
import io.qhtrack.core.spi.Outbox;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The tracker's {@link TrackerMetrics}: counters per platform, cheap to count and to read; gauges ask the outbox and
 * the dispatcher. Thread-safe.
 *
 * <p>Part of qhtrack's engine, not API: it may change in any release.
 */
public final class Metrics implements TrackerMetrics {

    /** Platforms counted at most (ids are checked, but a hostile outbox row could name many). */
    private static final int MAX_PLATFORMS = 64;
    /** Distinct answer codes counted per platform at most; the rest count under {@value #OTHER_CODE}. */
    private static final int MAX_CODES = 100;
    private static final String OTHER_CODE = "other";

    /** The counters of one platform. */
    private static final class PerPlatform {
        final Map<TrackOutcome.Status, LongAdder> reports = new EnumMap<>(TrackOutcome.Status.class);
        final Map<DeliveryEvent.Kind, LongAdder> deliveries = new EnumMap<>(DeliveryEvent.Kind.class);
        final ConcurrentMap<String, LongAdder> answers = new ConcurrentHashMap<>();
        final List<String> codes = Collections.synchronizedList(new ArrayList<String>());
        volatile String lastCode = "";

        PerPlatform() {
            for (TrackOutcome.Status s : TrackOutcome.Status.values()) {
                reports.put(s, new LongAdder());
            }
            for (DeliveryEvent.Kind k : DeliveryEvent.Kind.values()) {
                deliveries.put(k, new LongAdder());
            }
        }

        long answers(String code) {
            LongAdder n = answers.get(code);
            return n == null ? 0 : n.sum();
        }

        void answer(String code) {
            lastCode = code;
            LongAdder n = answers.get(code);
            if (n == null) {
                String counted = answers.size() >= MAX_CODES ? OTHER_CODE : code;
                n = answers.computeIfAbsent(counted, c -> {
                    codes.add(c);
                    return new LongAdder();
                });
            }
            n.increment();
        }
    }

    private final ConcurrentMap<String, PerPlatform> platforms = new ConcurrentHashMap<>();
    private final List<String> configured;
    private final LongAdder alerts = new LongAdder();
    private volatile IntSupplier concurrencyLimit = () -> 0;
    private volatile IntSupplier inFlight = () -> 0;
    private volatile Supplier<List<String>> parked = Collections::emptyList;
    private final Outbox outbox;
    private final Clock clock;

    /** Counters for {@code platforms} (and {@value TrackerMetrics#NO_PLATFORM}); gauges read {@code outbox}. */
    public Metrics(Collection<String> platforms, Outbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
        this.configured = Collections.unmodifiableList(new ArrayList<>(platforms));
        this.platforms.put(NO_PLATFORM, new PerPlatform());
        for (String p : platforms) {
            this.platforms.put(p, new PerPlatform());
        }
    }

    /** Where the delivery gauges come from, once the dispatcher exists. */
    public void deliveryGauges(IntSupplier limit, IntSupplier requestsInFlight, Supplier<List<String>> parkedPlatforms) {
        this.concurrencyLimit = limit;
        this.inFlight = requestsInFlight;
        this.parked = parkedPlatforms;
    }

    private PerPlatform of(String platform) {
        PerPlatform p = platforms.get(platform);
        if (p != null) {
            return p;
        }
        return platforms.size() >= MAX_PLATFORMS ? platforms.get(NO_PLATFORM)
                : platforms.computeIfAbsent(platform, k -> new PerPlatform());
    }

    /** Counts a report's outcome; {@code platform} is {@code null} for a report without a click. */
    public void recordReport(String platform, TrackOutcome.Status status) {
        of(platform == null ? NO_PLATFORM : platform).reports.get(status).increment();
    }

    /** Counts a delivery event. */
    public void recordDelivery(String platform, DeliveryEvent.Kind kind) {
        of(platform).deliveries.get(kind).increment();
    }

    /** Counts an answer that carried the platform's own code. */
    public void recordAnswer(String platform, String code) {
        of(platform).answer(code);
    }

    /** Counts a configuration alert. */
    public void recordAlert() {
        alerts.increment();
    }

    @Override
    public long reports(TrackOutcome.Status status) {
        long n = 0;
        for (PerPlatform p : platforms.values()) {
            n += p.reports.get(status).sum();
        }
        return n;
    }

    @Override
    public long reports(String platform, TrackOutcome.Status status) {
        PerPlatform p = platforms.get(platform);
        return p == null ? 0 : p.reports.get(status).sum();
    }

    @Override
    public long deliveries(String platform, DeliveryEvent.Kind kind) {
        PerPlatform p = platforms.get(platform);
        return p == null ? 0 : p.deliveries.get(kind).sum();
    }

    private long deliveries(DeliveryEvent.Kind kind) {
        long n = 0;
        for (PerPlatform p : platforms.values()) {
            n += p.deliveries.get(kind).sum();
        }
        return n;
    }

    @Override
    public long answers(String platform, String code) {
        PerPlatform p = platforms.get(platform);
        return p == null ? 0 : p.answers(code);
    }

    @Override
    public List<String> answerCodes(String platform) {
        PerPlatform p = platforms.get(platform);
        if (p == null) {
            return Collections.emptyList();
        }
        synchronized (p.codes) {
            return new ArrayList<>(p.codes);
        }
    }

    @Override
    public String lastCode(String platform) {
        PerPlatform p = platforms.get(platform);
        return p == null ? "" : p.lastCode;
    }

    @Override
    public List<String> getPlatforms() {
        return configured;
    }

    @Override
    public List<String> getParkedPlatforms() {
        return parked.get();
    }

    @Override
    public long getParked() {
        return outbox.counts().getOrDefault(OutboxState.PARKED, 0L);
    }

    @Override
    public long getAlerts() {
        return alerts.sum();
    }

    @Override
    public long getQueued() {
        return reports(TrackOutcome.Status.QUEUED);
    }

    @Override
    public long getDuplicates() {
        return reports(TrackOutcome.Status.DUPLICATE);
    }

    @Override
    public long getNotQueued() {
        return reports(TrackOutcome.Status.NOT_ATTRIBUTED) + reports(TrackOutcome.Status.EVENT_NOT_OFFERED)
                + reports(TrackOutcome.Status.LINE_NOT_CONFIGURED) + reports(TrackOutcome.Status.INVALID)
                + reports(TrackOutcome.Status.STOPPED);
    }

    @Override
    public long getOutboxFull() {
        return reports(TrackOutcome.Status.OUTBOX_FULL);
    }

    @Override
    public long getLimited() {
        return reports(TrackOutcome.Status.LIMITED);
    }

    @Override
    public long getHeld() {
        return reports(TrackOutcome.Status.HELD);
    }

    @Override
    public long getRefused() {
        return reports(TrackOutcome.Status.REFUSED);
    }

    @Override
    public long getThrottled() {
        return reports(TrackOutcome.Status.THROTTLED);
    }

    @Override
    public int getConcurrencyLimit() {
        return concurrencyLimit.getAsInt();
    }

    @Override
    public int getInFlight() {
        return inFlight.getAsInt();
    }

    @Override
    public long getDelivered() {
        return deliveries(DeliveryEvent.Kind.DELIVERED);
    }

    @Override
    public long getRetried() {
        return deliveries(DeliveryEvent.Kind.WILL_RETRY);
    }

    @Override
    public long getDeadLettered() {
        return deliveries(DeliveryEvent.Kind.DEAD_LETTERED);
    }

    @Override
    public long getExpired() {
        return deliveries(DeliveryEvent.Kind.EXPIRED);
    }

    @Override
    public long getBacklog() {
        return outbox.counts().getOrDefault(OutboxState.PENDING, 0L);
    }

    @Override
    public long getOldestPendingAgeSeconds() {
        return outbox.oldestPending().map(t -> Math.max(0, Duration.between(t, clock.instant()).getSeconds())).orElse(0L);
    }

    @Override
    public String toString() {
        return "TrackerMetrics[queued=" + getQueued() + ", duplicates=" + getDuplicates() + ", notQueued="
                + getNotQueued() + ", refused=" + getRefused() + ", throttled=" + getThrottled() + ", limited="
                + getLimited() + ", outboxFull=" + getOutboxFull() + ", held=" + getHeld()
                + ", delivered=" + getDelivered() + ", retried=" + getRetried() + ", errno1/2/3=" + getFailedErrno1()
                + "/" + getFailedErrno2() + "/" + getFailedErrno3() + ", deadLettered=" + getDeadLettered()
                + ", expired=" + getExpired() + ", parked=" + deliveries(DeliveryEvent.Kind.PARKED) + "]";
    }
}
