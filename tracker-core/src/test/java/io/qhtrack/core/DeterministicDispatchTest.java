package io.qhtrack.core;

import static io.qhtrack.core.PlatformsHarness.BACKOFF;
import static io.qhtrack.core.PlatformsHarness.baiduClick;
import static io.qhtrack.core.PlatformsHarness.lead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qhtrack.core.internal.InMemoryOutbox;
import io.qhtrack.core.spi.Outbox;
import io.qhtrack.core.spi.OutboxEntry;
import io.qhtrack.core.spi.PlatformUpload;
import io.qhtrack.testkit.Fake360;
import io.qhtrack.testkit.FakeBaidu;
import io.qhtrack.testkit.Fault;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link Tracker.Builder#executor} and {@link Tracker#dispatchNow()}: with {@code Runnable::run} a test delivers step
 * by step, on its own thread, against the real loopback fakes, with no wait on real time; on a pool, rounds never
 * overlap.
 */
class DeterministicDispatchTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @Test
    void withRunnableRunReportReturnsAfterTheUploadWasSentAndSettled() {
        try (TrackerHarness h = new TrackerHarness(TrackerHarness.START, b -> b.executor(Runnable::run))) {
            TrackOutcome outcome = h.tracker.report(TrackerHarness.click(ProductLine.PC_SEARCH, "sync0001"),
                    Conversion.builder(Event.ORDER).transIdFromOrderId("S-1").amountYuan("9.99").build());

            assertThat(outcome.status()).isEqualTo(TrackOutcome.Status.QUEUED);
            assertThat(h.fake.accepted()).extracting(Fake360.Received::clickId).containsExactly("sync0001");
            assertThat(h.events(DeliveryEvent.Kind.DELIVERED)).singleElement()
                    .satisfies(e -> assertThat(e.entry().upload().clickId()).isEqualTo("sync0001"));
            assertThat(h.tracker.outbox().counts().getOrDefault(OutboxState.PENDING, 0L)).isZero();
            assertThat(h.tracker.metrics().getInFlight()).isZero();
        }
    }

    @Test
    void aRetryIsSentOnlyOnceTheClockPassedItsBackoffAndDispatchNowIsCalled() {
        try (PlatformsHarness h = new PlatformsHarness(Map.of(), b -> b.executor(Runnable::run))) {
            h.baidu.failNext(Fault.httpStatus(503));
            h.tracker.report(baiduClick("bdvid-r1"), lead("r1"));
            assertThat(h.baidu.received()).hasSize(1);
            assertThat(h.events(DeliveryEvent.Kind.WILL_RETRY)).singleElement()
                    .satisfies(e -> assertThat(e.nextAttemptAt()).contains(PlatformsHarness.START.plus(BACKOFF)));

            h.dispatchNow();
            h.clock.advance(BACKOFF.minusSeconds(1));
            h.dispatchNow();
            assertThat(h.baidu.received()).as("not due yet").hasSize(1);

            h.clock.advance(Duration.ofSeconds(1));
            assertThat(h.baidu.received()).as("due, but nothing polls").hasSize(1);

            h.dispatchNow();
            assertThat(h.baidu.received()).hasSize(2);
            assertThat(h.baidu.accepted()).extracting(FakeBaidu.Item::bdVid).containsExactly("bdvid-r1");
            assertThat(h.events(DeliveryEvent.Kind.DELIVERED)).hasSize(1);
            assertThat(h.tracker.outbox().counts().getOrDefault(OutboxState.PENDING, 0L)).isZero();
        }
    }

    @Test
    void aBacklogOfSeveralBatchesIsDeliveredInOrderByOneDispatchNow() {
        try (PlatformsHarness h = new PlatformsHarness(Map.of(), b -> b.executor(Runnable::run))) {
            List<String> reported = backlog(h, "bdvid-o", 120);

            h.clock.advance(BACKOFF);
            h.dispatchNow();

            assertThat(h.baidu.received()).extracting(r -> r.items().size()).containsExactly(50, 50, 20);
            assertThat(h.baidu.accepted()).extracting(FakeBaidu.Item::bdVid).containsExactlyElementsOf(reported);
            assertThat(h.events(DeliveryEvent.Kind.DELIVERED)).hasSize(120);
            assertThat(h.tracker.outbox().counts().getOrDefault(OutboxState.PENDING, 0L)).isZero();
        }
    }

    @Test
    void theWakeUpOfEachSettledAnswerMakesTheDrainGoRoundAgainInsteadOfRecursing() {
        List<Integer> depths = new CopyOnWriteArrayList<>();
        // one conversion per request and one request at a time: each request after the first is started by the
        // round that the previous answer's settle asked for
        try (PlatformsHarness h = new PlatformsHarness(Map.of("qhtrack.baidu.batch-size", "1"), b -> b
                .executor(Runnable::run).maxConcurrency(1).listener(e -> {
                    if (e.kind() == DeliveryEvent.Kind.DELIVERED) {
                        depths.add(Thread.currentThread().getStackTrace().length);
                    }
                }))) {
            List<String> reported = backlog(h, "bdvid-d", 300);

            h.clock.advance(BACKOFF);
            h.dispatchNow();

            assertThat(h.baidu.received()).hasSize(300).allSatisfy(r -> assertThat(r.items()).hasSize(1));
            assertThat(h.baidu.accepted()).extracting(FakeBaidu.Item::bdVid).containsExactlyElementsOf(reported);
            assertThat(depths).hasSize(300).containsOnly(depths.get(0));
        }
    }

    @Test
    void onAPoolTwoRoundsNeverRunAtOnce() throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        RoundCounter outbox = new RoundCounter(new InMemoryOutbox());
        try (PlatformsHarness h = new PlatformsHarness(Map.of("qhtrack.baidu.batch-size", "1"),
                b -> b.executor(pool).outbox(outbox))) {
            int threads = 4;
            int each = 50;
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> reporters = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int n = t;
                Thread reporter = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int i = 0; i < each; i++) {
                        h.tracker.report(baiduClick("bdvid-p" + n + "-" + i), lead("p" + n + "-" + i));
                    }
                });
                reporter.start();
                reporters.add(reporter);
            }
            go.countDown();
            for (Thread reporter : reporters) {
                reporter.join(DEADLINE.toMillis());
            }

            h.awaitEvents(DeliveryEvent.Kind.DELIVERED, threads * each); // real concurrent I/O on the pool

            assertThat(h.baidu.accepted()).extracting(FakeBaidu.Item::bdVid).doesNotHaveDuplicates()
                    .hasSize(threads * each);
            assertThat(outbox.rounds.get()).as("rounds").isGreaterThan(1);
            assertThat(outbox.mostAtOnce.get()).as("rounds at once").isEqualTo(1);
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        }
    }

    @Test
    void closeWithRunnableRunGivesEachPendingConversionItsLastAttemptAndLosesNothing() {
        PlatformsHarness h = new PlatformsHarness(Map.of(), b -> b.executor(Runnable::run));
        try {
            h.baidu.failNext(Fault.httpStatus(503));
            h.tracker.report(baiduClick("bdvid-c1"), lead("c1"));
            h.tracker.report(baiduClick("bdvid-c2"), lead("c2"));
            assertThat(h.tracker.outbox().counts().getOrDefault(OutboxState.PENDING, 0L)).isEqualTo(1);

            long left = h.tracker.close(Duration.ofSeconds(30));

            assertThat(left).isZero();
            assertThat(h.baidu.accepted()).extracting(FakeBaidu.Item::bdVid)
                    .containsExactlyInAnyOrder("bdvid-c1", "bdvid-c2");
            assertThat(h.events(DeliveryEvent.Kind.DELIVERED)).hasSize(2);
        } finally {
            h.close();
        }
    }

    @Test
    void theParkedConversionsOfAnEarlierRunAreSentOnceAtBuild() {
        InMemoryOutbox outbox = new InMemoryOutbox();
        PlatformUpload upload = Fixtures.stored(TrackerHarness.click(ProductLine.PC_SEARCH, "park0001"),
                Conversion.builder(Event.ORDER).transIdFromOrderId("P-1").amountYuan("1.00").build());
        Instant start = TrackerHarness.START;
        outbox.add(upload, start.minusSeconds(60), start.plus(Duration.ofHours(12)), 5);
        OutboxEntry claimed = outbox.claimDue(10, start, Duration.ofMinutes(2)).get(0);
        outbox.markParked(claimed, start.minusSeconds(30), "credentials refused by an earlier run", true);

        try (TrackerHarness h = new TrackerHarness(start, b -> b.executor(Runnable::run).outbox(outbox))) {
            assertThat(h.fake.accepted()).extracting(Fake360.Received::clickId).containsExactly("park0001");
            assertThat(h.tracker.outbox().counts().getOrDefault(OutboxState.PARKED, 0L)).isZero();
        }
    }

    @Test
    void theReadmesExampleDeliversTheRetryOnceTheClockMovedAndDispatchNowIsCalled() {
        Click click = Click.of(ProductLine.PC_SEARCH, "readme0001", Instant.parse("2026-03-10T01:59:00Z"));
        Conversion lead = Conversion.builder(Event.SUBMIT).transId("form-1").build();
        // README.md, "Delivering step by step in your tests", line for line
        MutableClock clock = new MutableClock(Instant.parse("2026-03-10T02:00:00Z"));   // a Clock your test moves
        try (Fake360 fake = Fake360.builder().credentials("search-key", "search-secret").clock(clock).start();
                Tracker tracker = Tracker.builder().clock(clock).executor(Runnable::run).endpoint(fake.endpoint())
                        .credentials(Credentials.of(Account.SEARCH, "search-key", "search-secret", null)).build()) {
            fake.failNext(Fault.httpStatus(503));
            tracker.report(click, lead);                  // sent at once: 503, due again after the backoff
            assertThat(fake.accepted()).isEmpty();
            clock.advance(Duration.ofMinutes(1));
            tracker.dispatchNow();                        // the retry, sent and settled before this returns
            assertThat(fake.accepted()).hasSize(1);
        }
    }

    @Test
    void theExecutorIsRequired() {
        assertThatThrownBy(() -> Tracker.builder().executor(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("executor");
    }

    /**
     * Reports {@code count} Baidu leads while Baidu answers 503, so that each waits for its first retry, due at one
     * instant; then heals the fake. Returns the click ids in the order reported.
     */
    private static List<String> backlog(PlatformsHarness h, String prefix, int count) {
        h.baidu.failAlways(Fault.httpStatus(503));
        List<String> reported = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = prefix + i;
            h.tracker.report(baiduClick(id), lead(prefix + i));
            reported.add(id);
        }
        assertThat(h.events(DeliveryEvent.Kind.WILL_RETRY)).hasSize(count);
        h.baidu.healthy();
        h.baidu.clear();
        return reported;
    }

    /** An outbox that counts the rounds (each claims once) and the most that ran at once. */
    private static final class RoundCounter implements Outbox {
        final AtomicInteger rounds = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        private final AtomicInteger atOnce = new AtomicInteger();
        private final Outbox delegate;

        RoundCounter(Outbox delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<OutboxEntry> claimDue(int max, Instant now, Duration lease) {
            int n = atOnce.incrementAndGet();
            mostAtOnce.accumulateAndGet(n, Math::max);
            rounds.incrementAndGet();
            try {
                return delegate.claimDue(max, now, lease);
            } finally {
                atOnce.decrementAndGet();
            }
        }

        @Override
        public AddResult add(PlatformUpload upload, Instant acceptedAt, Instant deadline, int limitPerClick) {
            return delegate.add(upload, acceptedAt, deadline, limitPerClick);
        }

        @Override
        public boolean markDelivered(OutboxEntry claimed, Instant at) {
            return delegate.markDelivered(claimed, at);
        }

        @Override
        public boolean markRetry(OutboxEntry claimed, Instant nextAttemptAt, String error) {
            return delegate.markRetry(claimed, nextAttemptAt, error);
        }

        @Override
        public boolean postpone(OutboxEntry claimed, Instant nextAttemptAt, String why) {
            return delegate.postpone(claimed, nextAttemptAt, why);
        }

        @Override
        public boolean markDead(OutboxEntry claimed, Instant at, String error, boolean countAttempt) {
            return delegate.markDead(claimed, at, error, countAttempt);
        }

        @Override
        public boolean markExpired(OutboxEntry claimed, Instant at, String error, boolean countAttempt) {
            return delegate.markExpired(claimed, at, error, countAttempt);
        }

        @Override
        public boolean markParked(OutboxEntry claimed, Instant at, String why, boolean countAttempt) {
            return delegate.markParked(claimed, at, why, countAttempt);
        }

        @Override
        public int unpark(String platform, String tenant, Instant now) {
            return delegate.unpark(platform, tenant, now);
        }

        @Override
        public void wakeUpWith(Runnable dispatcherWakeUp) {
            delegate.wakeUpWith(dispatcherWakeUp);
        }

        @Override
        public List<OutboxEntry> list(OutboxState state, int limit) {
            return delegate.list(state, limit);
        }

        @Override
        public Optional<OutboxEntry> find(String id) {
            return delegate.find(id);
        }

        @Override
        public Map<OutboxState, Long> counts() {
            return delegate.counts();
        }

        @Override
        public Optional<Instant> oldestPending() {
            return delegate.oldestPending();
        }

        @Override
        public int replay(List<String> ids, Instant now) {
            return delegate.replay(ids, now);
        }

        @Override
        public int replay(String platform, Instant now) {
            return delegate.replay(platform, now);
        }

        @Override
        public int purge(OutboxState state, Instant before) {
            return delegate.purge(state, before);
        }

        @Override
        public boolean isDurable() {
            return delegate.isDurable();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
