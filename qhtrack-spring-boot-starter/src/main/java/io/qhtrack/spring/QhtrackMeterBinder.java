package io.qhtrack.spring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.qhtrack.core.DeliveryEvent;
import io.qhtrack.core.OutboxState;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.core.Tracker;
import io.qhtrack.core.TrackerMetrics;
import io.qhtrack.core.spi.Line;
import io.qhtrack.core.spi.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The tracker's meters, all named {@code qhtrack.*}, tagged by {@code platform} (its id: {@code qihoo360},
 * {@code baidu}, {@code tencent} …):
 * <ul>
 *   <li>{@code qhtrack.reports} (counter), tags {@code platform} ({@value TrackerMetrics#NO_PLATFORM} for reports
 *       without a click) and {@code outcome}: queued, not_attributed, duplicate, limited, invalid … — every report by
 *       its {@link TrackOutcome.Status};</li>
 *   <li>{@code qhtrack.uploads} (counter), tags {@code platform}, {@code line} (the line's wire name, for 360 the
 *       data_industry, e.g. {@code ocpc_ps_convert}) and {@code result}: delivered, will_retry, dead_lettered,
 *       expired, parked …;</li>
 *   <li>{@code qhtrack.parked} (gauge), tag {@code platform}: 1 while the platform's deliveries are parked (its
 *       credentials were refused), else 0;</li>
 *   <li>{@code qhtrack.backlog} (gauge): pending conversions in the outbox;</li>
 *   <li>{@code qhtrack.oldest.pending.age} (time gauge): how long the oldest pending conversion has waited;</li>
 *   <li>{@code qhtrack.dead.letters} (gauge): dead letters in the outbox, waiting for a fix and a replay.</li>
 * </ul>
 *
 * <p>Public so that an application can declare its own bean of this type (say, for a tracker it builds itself), which
 * then replaces the auto-configured {@code qhtrackMeterBinder}.
 */
public final class QhtrackMeterBinder implements MeterBinder {

    private final Tracker tracker;

    /** The meters of {@code tracker}. */
    public QhtrackMeterBinder(Tracker tracker) {
        this.tracker = tracker;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        TrackerMetrics metrics = tracker.metrics();
        List<String> platforms = new ArrayList<>(metrics.getPlatforms());
        platforms.add(TrackerMetrics.NO_PLATFORM);
        for (String platform : platforms) {
            for (TrackOutcome.Status status : TrackOutcome.Status.values()) {
                FunctionCounter.builder("qhtrack.reports", metrics, m -> m.reports(platform, status))
                        .tag("platform", platform)
                        .tag("outcome", status.name().toLowerCase(Locale.ROOT))
                        .description("conversions reported, by platform and outcome")
                        .register(registry);
            }
        }
        for (String platform : metrics.getPlatforms()) {
            Gauge.builder("qhtrack.parked", metrics, m -> isParked(m, platform) ? 1 : 0)
                    .tag("platform", platform)
                    .description("1 while the platform's deliveries are parked (its credentials were refused)")
                    .register(registry);
        }
        for (Platform p : tracker.platforms()) {
            for (Line line : p.lines()) {
                for (DeliveryEvent.Kind kind : DeliveryEvent.Kind.values()) {
                    uploads(registry, p.id(), line.wireName(), kind); // at zero from the start, for dashboards
                }
            }
        }
        tracker.addListener(e -> uploads(registry, e.platform(), LineNames.wireName(tracker, e), e.kind()).increment());
        Gauge.builder("qhtrack.backlog", metrics, TrackerMetrics::getBacklog)
                .description("conversions pending in the outbox")
                .register(registry);
        TimeGauge.builder("qhtrack.oldest.pending.age", metrics, TimeUnit.SECONDS,
                TrackerMetrics::getOldestPendingAgeSeconds)
                .description("how long the oldest pending conversion has waited")
                .register(registry);
        Gauge.builder("qhtrack.dead.letters", tracker, QhtrackMeterBinder::deadLetters)
                .description("dead letters in the outbox (fix the cause, then replay them)")
                .register(registry);
    }

    /** The counter of one (platform, line, result): registered once, found again by its tags. */
    private static Counter uploads(MeterRegistry registry, String platform, String line, DeliveryEvent.Kind kind) {
        return Counter.builder("qhtrack.uploads")
                .tag("platform", platform)
                .tag("line", line)
                .tag("result", kind.name().toLowerCase(Locale.ROOT))
                .description("upload attempts (and expiries, parkings), by platform, line and result")
                .register(registry);
    }

    private static boolean isParked(TrackerMetrics metrics, String platform) {
        for (String parked : metrics.getParkedPlatforms()) {
            if (parked.equals(platform) || parked.startsWith(platform + "/")) {
                return true;
            }
        }
        return false;
    }

    private static double deadLetters(Tracker tracker) {
        try {
            return tracker.outbox().counts().getOrDefault(OutboxState.DEAD, 0L);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
