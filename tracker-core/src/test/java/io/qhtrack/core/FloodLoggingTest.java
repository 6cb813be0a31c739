package io.qhtrack.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.spi.Outbox;
import io.qhtrack.testkit.Fault;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Outcomes that come in floods ({@code OUTBOX_FULL}, {@code REFUSED}, {@code THROTTLED}) are each logged at most once
 * a minute, by the tracker's clock, with the count since the last line and the last reason; the metrics count every
 * one. JUL records of the tracker's logger are captured as they are published.
 */
class FloodLoggingTest {

    private final Logger logger = Logger.getLogger(Tracker.class.getName());
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        logger.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        logger.removeHandler(capture);
    }

    /** The captured lines that name {@code status}, at INFO or above. */
    private List<String> linesAbout(TrackOutcome.Status status) {
        List<String> lines = new ArrayList<>();
        for (LogRecord r : records) {
            if (r.getLevel().intValue() >= Level.INFO.intValue() && r.getMessage().contains(status.name())) {
                lines.add(r.getMessage());
            }
        }
        return lines;
    }

    private static Conversion lead(int n) {
        return Conversion.builder(Event.SUBMIT).transId("flood-" + n).build();
    }

    @Test
    void aThousandOutboxFullOutcomesWithinAMinuteLogOneLineAndTheNextLineNamesTheirCount() {
        try (TrackerHarness h = new TrackerHarness(TrackerHarness.START, b -> b.outbox(Outboxes.inMemory(1)))) {
            h.fake.failAlways(Fault.stall(Duration.ofSeconds(5)));
            Click click = TrackerHarness.click(ProductLine.PC_SEARCH, "flood000001");
            assertThat(h.tracker.report(click, lead(0)).status()).isEqualTo(TrackOutcome.Status.QUEUED);

            for (int i = 1; i <= 1000; i++) {
                assertThat(h.tracker.report(click, lead(i)).status()).isEqualTo(TrackOutcome.Status.OUTBOX_FULL);
                h.clock.advance(Duration.ofMillis(50)); // 1000 outcomes over 50 seconds
            }

            assertThat(linesAbout(TrackOutcome.Status.OUTBOX_FULL)).singleElement().asString()
                    .contains("the outbox is full");
            assertThat(h.tracker.metrics().getOutboxFull()).isEqualTo(1000);

            h.clock.advance(Duration.ofSeconds(10));
            h.tracker.report(click, lead(1001));

            assertThat(linesAbout(TrackOutcome.Status.OUTBOX_FULL)).hasSize(2).last().asString()
                    .contains("1000 more OUTBOX_FULL").contains("the last: the outbox is full");
            assertThat(records).filteredOn(r -> r.getMessage().contains("OUTBOX_FULL"))
                    .allSatisfy(r -> assertThat(r.getLevel()).isEqualTo(Level.WARNING));
        }
    }

    @Test
    void refusalsAreSummarisedAndWhatIsCountedWhenTheTrackerClosesIsLogged() {
        TrackerHarness h = new TrackerHarness();
        for (int i = 0; i < 300; i++) {
            h.tracker.refuse("browser event PAY: not in qhtrack.browser-events (" + i + ")");
        }
        assertThat(linesAbout(TrackOutcome.Status.REFUSED)).singleElement().asString().contains("(0)");

        h.close();

        assertThat(linesAbout(TrackOutcome.Status.REFUSED)).hasSize(2).last().asString()
                .contains("299 more REFUSED").contains("(299)");
        assertThat(h.tracker.metrics().getRefused()).isEqualTo(300);
    }

    @Test
    void throttledBrowserEventsAreCountedUnderTheirOwnStatusQueueNothingAndAreSummarised() throws Exception {
        try (TrackerHarness h = new TrackerHarness(TrackerHarness.START, b -> b.name("flood-jmx").jmx(true))) {
            TrackOutcome outcome = null;
            for (int i = 0; i < 50; i++) {
                outcome = h.tracker.throttle("browser event CALL_BUTTON beyond its client address's budget\nforged");
            }

            assertThat(outcome.status()).isEqualTo(TrackOutcome.Status.THROTTLED);
            assertThat(outcome.message()).doesNotContain("\n");
            assertThat(h.tracker.metrics().getThrottled()).isEqualTo(50);
            assertThat(h.tracker.metrics().reports(TrackOutcome.Status.THROTTLED)).isEqualTo(50);
            assertThat(h.tracker.metrics().getNotQueued()).isZero();
            assertThat(h.tracker.outbox().counts().get(OutboxState.PENDING)).isZero();
            assertThat(linesAbout(TrackOutcome.Status.THROTTLED)).hasSize(1);
            assertThat(ManagementFactory.getPlatformMBeanServer().getAttribute(
                    new ObjectName("io.qhtrack:type=Tracker,name=\"flood-jmx\""), "Throttled")).isEqualTo(50L);
        }
    }

    @Test
    void aLoneOutcomeAfterAQuietMinuteIsLoggedAtOnceAsAFirstLine() {
        try (TrackerHarness h = new TrackerHarness()) {
            h.tracker.refuse("first");
            h.clock.advance(Duration.ofMinutes(5));
            h.tracker.refuse("second");

            assertThat(linesAbout(TrackOutcome.Status.REFUSED)).hasSize(2).last().asString().contains("second")
                    .doesNotContain("more REFUSED");
        }
    }
}
