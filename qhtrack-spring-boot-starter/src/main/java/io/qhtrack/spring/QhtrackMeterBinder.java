package io.qhtrack.spring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.qhtrack.core.DeliveryEvent;
import io.qhtrack.core.OutboxState;
import io.qhtrack.core.ProductLine;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.core.Tracker;
import io.qhtrack.core.TrackerMetrics;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The tracker's meters, all named {@code qhtrack.*}:
 * <ul>
 *   <li>{@code qhtrack.reports} (counter), tag {@code outcome}: queued, not_attributed, duplicate, limited, invalid …
 *       — every report by its {@link TrackOutcome.Status};</li>
 *   <li>{@code qhtrack.uploads} (counter), tags {@code line} (the data_industry, e.g. {@code ocpc_ps_convert}) and
 *       {@code result}: delivered, will_retry, dead_lettered, expired;</li>
 *   <li>{@code qhtrack.backlog} (gauge): pending conversions in the outbox;</li>
 *   <li>{@code qhtrack.oldest.pending.age} (time gauge): how long the oldest pending conversion has waited;</li>
 *   <li>{@code qhtrack.dead.letters} (gauge): dead letters in the outbox, waiting for a fix and a replay.</li>
 * </ul>
 */
final class QhtrackMeterBinder implements MeterBinder {

    private final Tracker tracker;

    QhtrackMeterBinder(Tracker tracker) {
        this.tracker = tracker;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        TrackerMetrics metrics = tracker.metrics();
        for (TrackOutcome.Status status : TrackOutcome.Status.values()) {
            FunctionCounter.builder("qhtrack.reports", metrics, m -> m.reports(status))
                    .tag("outcome", status.name().toLowerCase(Locale.ROOT))
                    .description("conversions reported, by outcome")
                    .register(registry);
        }
        Map<ProductLine, Map<DeliveryEvent.Kind, Counter>> uploads = new EnumMap<>(ProductLine.class);
        for (ProductLine line : ProductLine.values()) {
            Map<DeliveryEvent.Kind, Counter> byKind = new EnumMap<>(DeliveryEvent.Kind.class);
            for (DeliveryEvent.Kind kind : DeliveryEvent.Kind.values()) {
                byKind.put(kind, Counter.builder("qhtrack.uploads")
                        .tag("line", line.wireName())
                        .tag("result", kind.name().toLowerCase(Locale.ROOT))
                        .description("upload attempts to 360 (and expiries), by product line and result")
                        .register(registry));
            }
            uploads.put(line, byKind);
        }
        tracker.addListener(e -> uploads.get(e.entry().upload().line()).get(e.kind()).increment());
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

    private static double deadLetters(Tracker tracker) {
        try {
            return tracker.outbox().counts().getOrDefault(OutboxState.DEAD, 0L);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
