package io.qhtrack.core.jdbc;

import static io.qhtrack.core.TrackerHarness.await;
import static io.qhtrack.core.TrackerHarness.click;
import static io.qhtrack.core.TrackerHarness.SYNCHRONOUS;
import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.Account;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Credentials;
import io.qhtrack.core.DeliveryEvent;
import io.qhtrack.core.Event;
import io.qhtrack.core.OutboxState;
import io.qhtrack.core.ProductLine;
import io.qhtrack.core.RetryPolicy;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.core.Tracker;
import io.qhtrack.core.TrackerHarness;
import io.qhtrack.core.spi.Outbox;
import io.qhtrack.core.spi.OutboxEntry;
import io.qhtrack.testkit.Fake360;
import io.qhtrack.testkit.Fault;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A {@link Tracker} delivering through a {@link JdbcOutbox} on an H2 database file, to Fake360. */
class JdbcOutboxTrackerTest {

    /** 23:59:30 on 2026-03-10 in China: half a minute before the natural day ends. */
    private static final Instant BEFORE_MIDNIGHT = Instant.parse("2026-03-10T15:59:30Z");
    private static final Instant MIDNIGHT = Instant.parse("2026-03-10T16:00:00Z");

    private String url;

    @BeforeEach
    void freshDatabase() {
        url = JdbcTestDatabases.h2FileUrl();
    }

    private JdbcOutbox outbox() {
        return JdbcOutbox.builder().url(url).user("sa").build();
    }

    private static Conversion lead(String transId) {
        return Conversion.builder(Event.SUBMIT).transId(transId).build();
    }

    private static String describe(Outbox o, Fake360 fake) {
        return o.counts() + " " + o.list(OutboxState.PENDING, 5) + " " + fake.received();
    }

    // the dispatcher's own thread: its meaning is that the row is committed while the upload is still in flight
    @Test
    void conversionIsCommittedBeforeReportReturnsAndDeliveredOnce() {
        try (TrackerHarness h = new TrackerHarness(TrackerHarness.START, b -> b.outbox(outbox()))) {
            h.fake.failNext(Fault.stall(Duration.ofMillis(300)));
            TrackOutcome outcome = h.tracker.report(click(ProductLine.PC_SEARCH, "clickdb0001"), lead("lead-1"));

            assertThat(outcome.status()).isEqualTo(TrackOutcome.Status.QUEUED);
            try (JdbcOutbox reader = outbox()) {
                assertThat(reader.counts().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1);
            }
            Fake360.Received u = h.fake.awaitAccepted(1, Duration.ofSeconds(10)).get(0);
            assertThat(u.transId()).isEqualTo("lead-1");
            Outbox o = h.tracker.outbox();
            await("delivered", () -> o.counts().get(OutboxState.DELIVERED) == 1, () -> describe(o, h.fake));
            assertThat(o.list(OutboxState.DELIVERED, 5).get(0).attempts()).isEqualTo(1);
            assertThat(h.fake.received()).hasSize(1);
        }
    }

    @Test
    void anUploadRowEditedIntoSomethingUnreadableIsDeadLetteredAndTheOthersAreDelivered() {
        try (JdbcOutbox before = outbox()) {
            Instant deadline = TrackerHarness.START.plus(Duration.ofHours(1));
            for (String key : List.of("broken", "fine")) {
                before.add(io.qhtrack.core.Fixtures.stored("clickdb01" + key, lead(key)), TrackerHarness.START,
                        deadline, 5);
            }
        }
        JdbcTestDatabases.execute(url, "sa", "UPDATE qhtrack_outbox SET upload = '{\"data\":{}}' "
                + "WHERE trans_id = 'broken'");

        try (TrackerHarness h = new TrackerHarness(TrackerHarness.START,
                SYNCHRONOUS.andThen(b -> b.outbox(outbox())))) {
            Outbox o = h.tracker.outbox();
            assertThat(o.counts()).as(describe(o, h.fake)).containsEntry(OutboxState.DEAD, 1L)
                    .containsEntry(OutboxState.DELIVERED, 1L);
            assertThat(o.list(OutboxState.DEAD, 5).get(0).upload().conversionKey()).isEqualTo("broken");
            assertThat(h.fake.received()).extracting(Fake360.Received::transId).containsExactly("fine");
        }
    }

    @Test
    void sameConversionReportedOnTwoTrackersIsQueuedOnceAndDeliveredOnce() {
        try (TrackerHarness a = new TrackerHarness(TrackerHarness.START, SYNCHRONOUS.andThen(b -> b.outbox(outbox())));
                Tracker other = Tracker.builder().clock(a.clock).endpoint(a.fake.endpoint())
                        .credentials(Credentials.of(Account.SEARCH, TrackerHarness.SEARCH_KEY,
                                TrackerHarness.SEARCH_SECRET, null))
                        .pollInterval(Duration.ofMillis(20)).jmx(false).executor(Runnable::run).outbox(outbox())
                        .build()) {
            a.fake.failAlways(Fault.stall(Duration.ofMillis(200)));
            TrackOutcome first = a.tracker.report(click(ProductLine.PC_SEARCH, "clickdb0002"), lead("lead-2"));
            TrackOutcome second = other.report(click(ProductLine.PC_SEARCH, "clickdb0002"), lead("lead-2"));

            assertThat(first.status()).isEqualTo(TrackOutcome.Status.QUEUED);
            assertThat(second.status()).isEqualTo(TrackOutcome.Status.DUPLICATE);
            assertThat(a.fake.accepted()).hasSizeGreaterThanOrEqualTo(1);
            assertThat(other.outbox().counts()).as(describe(other.outbox(), a.fake))
                    .containsEntry(OutboxState.DELIVERED, 1L);
            assertThat(a.fake.accepted()).hasSize(1);
        }
    }

    @Test
    void conversionStillFailingAtMidnightChinaTimeExpiresInsteadOfBeingRetried() {
        RetryPolicy policy = RetryPolicy.builder().initialBackoff(Duration.ofSeconds(20))
                .maxBackoff(Duration.ofMinutes(1)).jitter(0).build();
        try (TrackerHarness h = new TrackerHarness(BEFORE_MIDNIGHT,
                SYNCHRONOUS.andThen(b -> b.outbox(outbox()).retryPolicy(policy)))) {
            h.fake.failAlways(Fault.httpStatus(503));
            h.tracker.report(click(ProductLine.PC_SEARCH, "clickdb0003"), lead("lead-3"));
            // 23:59:30 failed; next at 23:59:50
            assertThat(h.events(DeliveryEvent.Kind.WILL_RETRY)).hasSizeGreaterThanOrEqualTo(1);

            h.advance(Duration.ofSeconds(20)); // 23:59:50 fails again; the next (00:00:30) is another day
            assertThat(h.events(DeliveryEvent.Kind.EXPIRED)).hasSizeGreaterThanOrEqualTo(1);

            OutboxEntry e = h.tracker.outbox().list(OutboxState.EXPIRED, 5).get(0);
            assertThat(e.attempts()).isEqualTo(2);
            assertThat(e.deadline()).isEqualTo(MIDNIGHT);
            assertThat(e.lastErrorMessage()).hasValueSatisfying(m -> assertThat(m).contains("natural day"));
            h.fake.healthy();
            h.advance(Duration.ofHours(1));
            assertThat(h.tracker.outbox().claimDue(10, h.clock.instant(), Duration.ofMinutes(1))).isEmpty();
            assertThat(h.fake.received()).hasSize(2);
        }
    }

    @Test
    void pendingConversionWhoseDayEndedBeforeItsNextAttemptExpiresUnsent() {
        RetryPolicy policy = RetryPolicy.builder().initialBackoff(Duration.ofSeconds(10)).jitter(0).build();
        try (TrackerHarness h = new TrackerHarness(BEFORE_MIDNIGHT,
                SYNCHRONOUS.andThen(b -> b.outbox(outbox()).retryPolicy(policy)))) {
            h.fake.failNext(Fault.httpStatus(503));
            h.tracker.report(click(ProductLine.PC_SEARCH, "clickdb0004"), lead("lead-4"));
            // next attempt at 23:59:40
            assertThat(h.events(DeliveryEvent.Kind.WILL_RETRY)).hasSizeGreaterThanOrEqualTo(1);

            h.clock.set(MIDNIGHT); // the dispatcher sees the day over before it tries again
            h.dispatchNow();
            assertThat(h.events(DeliveryEvent.Kind.EXPIRED)).hasSizeGreaterThanOrEqualTo(1);

            assertThat(h.tracker.outbox().list(OutboxState.EXPIRED, 5).get(0).attempts()).isEqualTo(1);
            assertThat(h.fake.received()).hasSize(1);
        }
    }

    @Test
    void deadLetterFromAWrongSecretIsDeliveredAfterReplayWithTheRightSecret() {
        String deadId;
        try (TrackerHarness wrong = new TrackerHarness(TrackerHarness.START, SYNCHRONOUS.andThen(b -> b.outbox(outbox())
                .credentials(Credentials.of(Account.SEARCH, TrackerHarness.SEARCH_KEY, "not-the-secret", null))))) {
            wrong.tracker.report(click(ProductLine.PC_SEARCH, "clickdb0005"), lead("lead-5"));
            assertThat(wrong.events(DeliveryEvent.Kind.DEAD_LETTERED)).hasSizeGreaterThanOrEqualTo(1);
            OutboxEntry dead = wrong.tracker.outbox().list(OutboxState.DEAD, 5).get(0);
            assertThat(dead.lastErrorMessage()).hasValueSatisfying(m -> assertThat(m).contains("errno 2"));
            assertThat(wrong.fake.rejected()).singleElement().satisfies(u -> assertThat(u.errno()).isEqualTo(2));
            deadId = dead.id();
        }
        try (TrackerHarness fixed = new TrackerHarness(TrackerHarness.START,
                SYNCHRONOUS.andThen(b -> b.outbox(outbox())))) {
            assertThat(fixed.tracker.replay(List.of())).isEqualTo(1);

            Fake360.Received u = fixed.fake.accepted().get(0);
            assertThat(u.transId()).isEqualTo("lead-5");
            Outbox o = fixed.tracker.outbox();
            assertThat(o.find(deadId).orElseThrow().state()).as(describe(o, fixed.fake))
                    .isEqualTo(OutboxState.DELIVERED);
            assertThat(o.find(deadId).orElseThrow().attempts()).isEqualTo(2);
        }
    }

    @Test
    void backlogAndOldestPendingAgeComeFromTheDatabase() {
        try (TrackerHarness h = new TrackerHarness(TrackerHarness.START,
                SYNCHRONOUS.andThen(b -> b.outbox(outbox())))) {
            h.fake.failAlways(Fault.httpStatus(503));
            h.tracker.report(click(ProductLine.PC_SEARCH, "clickdb0006"), lead("lead-6"));
            assertThat(h.events(DeliveryEvent.Kind.WILL_RETRY)).hasSizeGreaterThanOrEqualTo(1);
            h.clock.advance(Duration.ofSeconds(90));

            assertThat(h.tracker.metrics().getBacklog()).isEqualTo(1);
            assertThat(h.tracker.metrics().getOldestPendingAgeSeconds()).isEqualTo(90);
        }
    }
}
