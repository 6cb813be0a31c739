package io.qhtrack.core;

import static io.qhtrack.core.Origin.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.internal.InMemoryOutbox;
import io.qhtrack.core.spi.Outbox;
import io.qhtrack.core.spi.OutboxEntry;
import io.qhtrack.core.spi.PlatformUpload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** At most {@code qhtrack.limit.per-click} conversions of one event per click per natural day. */
class PerClickLimitTest {

    private static final Instant T0 = Instant.parse("2026-03-02T04:00:00Z");
    private static final Instant DEADLINE = RetryPolicy.defaults().endOfNaturalDay(T0);

    private static PlatformUpload submit(String clickId, String transId) {
        return submit(ProductLine.PC_SEARCH, clickId, transId);
    }

    private static PlatformUpload submit(ProductLine line, String clickId, String transId) {
        return Fixtures.stored(Click.of(line, clickId, T0), Conversion.builder(Event.SUBMIT).transId(transId).build());
    }

    private static PlatformUpload order(String clickId, String transId) {
        return Fixtures.stored(Click.of(ProductLine.PC_SEARCH, clickId, T0),
                Conversion.builder(Event.ORDER).transId(transId).build());
    }

    @Test
    void theOutboxRefusesTheConversionAfterTheLimitOfOneClickAndEvent() {
        InMemoryOutbox outbox = new InMemoryOutbox(100);
        for (int i = 0; i < 3; i++) {
            assertThat(outbox.add(submit("click0001", "t" + i), T0, DEADLINE, 3))
                    .isEqualTo(Outbox.AddResult.ADDED);
        }

        assertThat(outbox.add(submit("click0001", "t3"), T0, DEADLINE, 3)).isEqualTo(Outbox.AddResult.LIMITED);
        assertThat(outbox.counts().get(OutboxState.PENDING)).isEqualTo(3);
    }

    @Test
    void aRepeatAtTheLimitIsStillADuplicate() {
        InMemoryOutbox outbox = new InMemoryOutbox(100);
        outbox.add(submit("click0001", "t0"), T0, DEADLINE, 1);

        assertThat(outbox.add(submit("click0001", "t0"), T0, DEADLINE, 1))
                .isEqualTo(Outbox.AddResult.DUPLICATE);
    }

    @Test
    void theLimitIsPerClickPerEventAndPerLine() {
        InMemoryOutbox outbox = new InMemoryOutbox(100);
        outbox.add(submit("click0001", "t0"), T0, DEADLINE, 1);

        assertThat(outbox.add(submit("click0002", "t1"), T0, DEADLINE, 1)).isEqualTo(Outbox.AddResult.ADDED);
        assertThat(outbox.add(order("click0001", "t2"), T0, DEADLINE, 1)).isEqualTo(Outbox.AddResult.ADDED);
        assertThat(outbox.add(submit(ProductLine.MOBILE_SEARCH, "click0001", "t3"), T0, DEADLINE, 1))
                .isEqualTo(Outbox.AddResult.ADDED);
    }

    @Test
    void deliveredAndDeadEntriesCountTowardsTheLimit() {
        InMemoryOutbox outbox = new InMemoryOutbox(100);
        outbox.add(submit("click0001", "t0"), T0, DEADLINE, 2);
        outbox.add(submit("click0001", "t1"), T0, DEADLINE, 2);
        List<OutboxEntry> claimed = outbox.claimDue(2, T0, Duration.ofMinutes(2));
        outbox.markDelivered(claimed.get(0), T0);
        outbox.markDead(claimed.get(1), T0, "errno 3", true);

        assertThat(outbox.add(submit("click0001", "t2"), T0, DEADLINE, 2)).isEqualTo(Outbox.AddResult.LIMITED);
    }

    @Test
    void theNextNaturalDayStartsAFreshCount() {
        InMemoryOutbox outbox = new InMemoryOutbox(100);
        outbox.add(submit("click0001", "t0"), T0, DEADLINE, 1);
        Instant tomorrow = T0.plus(Duration.ofDays(1));

        assertThat(outbox.add(submit("click0001", "t1"), tomorrow,
                RetryPolicy.defaults().endOfNaturalDay(tomorrow), 1))
                .isEqualTo(Outbox.AddResult.ADDED);
    }

    @Test
    void theTrackerAnswersLimitedCountsItAndLogsItOncePerClick() {
        List<LogRecord> warnings = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel() == Level.WARNING && r.getMessage().contains("limit.per-click")) {
                    warnings.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(Tracker.class.getName());
        log.addHandler(handler);
        try (TrackerHarness h = new TrackerHarness(TrackerHarness.START, b -> b.limitPerClick(2))) {
            Click click = TrackerHarness.click(ProductLine.PC_SEARCH, "leaked0001");
            List<TrackOutcome.Status> statuses = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                statuses.add(h.tracker.report(click, Conversion.builder(Event.SUBMIT).transId("form-" + i).build())
                        .status());
            }

            assertThat(statuses).containsExactly(TrackOutcome.Status.QUEUED, TrackOutcome.Status.QUEUED,
                    TrackOutcome.Status.LIMITED, TrackOutcome.Status.LIMITED, TrackOutcome.Status.LIMITED);
            assertThat(h.tracker.metrics().getLimited()).isEqualTo(3);
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0).getMessage()).contains("leaked0001", "SUBMIT", "ocpc_ps_convert");
        } finally {
            log.removeHandler(handler);
        }
    }

    @Test
    void theDefaultLimitIsFiveAndTheSettingNamesItsRange() {
        assertThat(Tracker.DEFAULT_LIMIT_PER_CLICK).isEqualTo(5);
        assertThat(Setting.LIMIT_PER_CLICK.defaultValue()).isEqualTo("5");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Tracker.builder().limitPerClick(0))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("qhtrack.limit.per-click: 0");
    }
}
