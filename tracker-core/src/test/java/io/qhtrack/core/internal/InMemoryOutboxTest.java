package io.qhtrack.core.internal;

import static io.qhtrack.core.Origin.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qhtrack.core.Click;
import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Event;
import io.qhtrack.core.Fixtures;
import io.qhtrack.core.Origin;
import io.qhtrack.core.OutboxState;
import io.qhtrack.core.Outboxes;
import io.qhtrack.core.ProductLine;
import io.qhtrack.core.RetryPolicy;
import io.qhtrack.core.Settings;
import io.qhtrack.core.spi.Outbox;
import io.qhtrack.core.spi.OutboxEntry;
import io.qhtrack.core.spi.PlatformUpload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class InMemoryOutboxTest {

    /** No per-click limit: these tests are about other rules. */
    static final int NO_LIMIT = Integer.MAX_VALUE;

    private static final Instant T0 = Instant.parse("2026-03-02T04:00:00Z");
    private static final Instant DEADLINE = RetryPolicy.defaults().endOfNaturalDay(T0);
    private static final Duration LEASE = Duration.ofMinutes(2);

    private final InMemoryOutbox outbox = new InMemoryOutbox(100);

    private static PlatformUpload upload(int i) {
        return Fixtures.stored(ProductLine.PC_SEARCH, Conversion.builder(Event.SUBMIT).transId("t-" + i).build());
    }

    private void add(int n) {
        for (int i = 0; i < n; i++) {
            assertThat(outbox.add(upload(i), T0.plusSeconds(i), DEADLINE, NO_LIMIT))
                    .isEqualTo(Outbox.AddResult.ADDED);
        }
    }

    @Test
    void theSameConversionKeyIsADuplicate() {
        add(1);

        assertThat(outbox.add(upload(0), T0, DEADLINE, NO_LIMIT)).isEqualTo(Outbox.AddResult.DUPLICATE);
        assertThat(outbox.counts().get(OutboxState.PENDING)).isEqualTo(1);
    }

    @Test
    void pendingEntriesBeyondCapacityAreRefusedAsFull() {
        InMemoryOutbox small = new InMemoryOutbox(2);
        small.add(upload(1), T0, DEADLINE, NO_LIMIT);
        small.add(upload(2), T0, DEADLINE, NO_LIMIT);

        assertThat(small.add(upload(3), T0, DEADLINE, NO_LIMIT)).isEqualTo(Outbox.AddResult.FULL);
    }

    @Test
    void claimsTakeDueEntriesOldestFirstUpToMax() {
        add(5);

        List<OutboxEntry> claimed = outbox.claimDue(3, T0.plusSeconds(10), LEASE);

        assertThat(claimed).extracting(e -> e.upload().conversionKey()).containsExactly("t-0", "t-1", "t-2");
        assertThat(claimed).allSatisfy(e -> assertThat(e.claim()).isNotNull());
    }

    @Test
    void entriesNotYetDueAreNotClaimed() {
        add(3);

        assertThat(outbox.claimDue(10, T0.plusSeconds(1), LEASE)).hasSize(2);
    }

    @Test
    void aClaimedEntryIsNotClaimedAgainUntilItsLeaseLapses() {
        add(1);
        outbox.claimDue(1, T0, LEASE);

        assertThat(outbox.claimDue(1, T0.plus(LEASE).minusSeconds(1), LEASE)).isEmpty();
        assertThat(outbox.claimDue(1, T0.plus(LEASE), LEASE)).hasSize(1);
    }

    @Test
    void settlingUnderALapsedClaimThatWasTakenAgainFails() {
        add(1);
        OutboxEntry first = outbox.claimDue(1, T0, LEASE).get(0);
        OutboxEntry second = outbox.claimDue(1, T0.plus(LEASE), LEASE).get(0);

        assertThat(outbox.markDelivered(first, T0.plus(LEASE))).isFalse();
        assertThat(outbox.markDelivered(second, T0.plus(LEASE))).isTrue();
    }

    @Test
    void settlingUnderALapsedClaimNobodyTookSucceedsAndTheEntryIsNotClaimedAgain() {
        add(1);
        OutboxEntry claimed = outbox.claimDue(1, T0, LEASE).get(0);
        assertThat(outbox.claimDue(0, T0.plus(LEASE), LEASE)).isEmpty(); // the lease lapses here

        assertThat(outbox.markDelivered(claimed, T0.plus(LEASE))).isTrue();
        assertThat(outbox.claimDue(10, T0.plus(LEASE).plusSeconds(1), LEASE)).isEmpty();
    }

    @Test
    void aSettledClaimCannotBeSettledTwice() {
        add(1);
        OutboxEntry claimed = outbox.claimDue(1, T0, LEASE).get(0);

        assertThat(outbox.markDelivered(claimed, T0)).isTrue();
        assertThat(outbox.markDead(claimed, T0, "again", true)).isFalse();
    }

    @Test
    void aRetryIsPendingAgainAtItsTimeWithOneMoreAttempt() {
        add(1);
        OutboxEntry claimed = outbox.claimDue(1, T0, LEASE).get(0);
        outbox.markRetry(claimed, T0.plusSeconds(30), "HTTP 503");

        assertThat(outbox.claimDue(1, T0.plusSeconds(29), LEASE)).isEmpty();
        OutboxEntry again = outbox.claimDue(1, T0.plusSeconds(30), LEASE).get(0);
        assertThat(again.attempts()).isEqualTo(1);
        assertThat(again.lastError()).isEqualTo("HTTP 503");
    }

    @Test
    void countsAndOldestPendingFollowEveryChange() {
        add(4);
        List<OutboxEntry> c = outbox.claimDue(3, T0.plusSeconds(10), LEASE);
        outbox.markDelivered(c.get(0), T0);
        outbox.markDead(c.get(1), T0, "errno 2", true);
        outbox.markExpired(c.get(2), T0, "day over", false);

        assertThat(outbox.counts()).containsEntry(OutboxState.PENDING, 1L).containsEntry(OutboxState.DELIVERED, 1L)
                .containsEntry(OutboxState.DEAD, 1L).containsEntry(OutboxState.EXPIRED, 1L);
        assertThat(outbox.oldestPending()).contains(T0.plusSeconds(3));
    }

    @Test
    void replayMakesDeadLettersPendingAndDueNow() {
        add(2);
        List<OutboxEntry> c = outbox.claimDue(2, T0.plusSeconds(5), LEASE);
        outbox.markDead(c.get(0), T0, "errno 2", true);
        outbox.markDead(c.get(1), T0, "errno 2", true);

        assertThat(outbox.replay(List.of(), T0.plusSeconds(60))).isEqualTo(2);
        assertThat(outbox.claimDue(10, T0.plusSeconds(60), LEASE)).hasSize(2);
    }

    @Test
    void purgeDeletesOnlyEntriesOfTheStateSettledBeforeTheCutoff() {
        add(2);
        List<OutboxEntry> c = outbox.claimDue(2, T0.plusSeconds(5), LEASE);
        outbox.markDead(c.get(0), T0, "old", true);
        outbox.markDead(c.get(1), T0.plusSeconds(100), "new", true);

        assertThat(outbox.purge(OutboxState.DEAD, T0.plusSeconds(50))).isEqualTo(1);
        assertThat(outbox.list(OutboxState.DEAD, 10)).extracting(OutboxEntry::lastError).containsExactly("new");
        assertThat(outbox.purge(OutboxState.PENDING, Instant.MAX)).isZero();
    }

    @Test
    void concurrentClaimersNeverShareAnEntry() throws Exception {
        InMemoryOutbox big = new InMemoryOutbox(5000);
        for (int i = 0; i < 5000; i++) {
            big.add(upload(i), T0, DEADLINE, NO_LIMIT);
        }
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Integer>> claimers = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            claimers.add(pool.submit(() -> {
                int n = 0;
                List<OutboxEntry> batch;
                while (!(batch = big.claimDue(7, T0, LEASE)).isEmpty()) {
                    for (OutboxEntry e : batch) {
                        assertThat(seen.add(e.id())).isTrue();
                        assertThat(big.markDelivered(e, T0)).isTrue();
                        n++;
                    }
                }
                return n;
            }));
        }
        int total = 0;
        for (Future<Integer> f : claimers) {
            total += f.get();
        }
        pool.shutdown();

        assertThat(total).isEqualTo(5000);
        assertThat(new HashSet<>(seen)).hasSize(5000);
        assertThat(big.counts().get(OutboxState.DELIVERED)).isEqualTo(5000);
    }

    @Test
    void aDeliveredEntryIsRememberedOnlyByItsFingerprintUntilItsDayEnds() {
        add(50);
        for (OutboxEntry e : outbox.claimDue(50, T0.plusSeconds(60), LEASE)) {
            outbox.markDelivered(e, T0.plusSeconds(60));
        }

        assertThat(outbox.held()).as("entry objects kept").isZero();
        assertThat(outbox.list(OutboxState.DELIVERED, 10)).isEmpty();
        assertThat(outbox.counts()).containsEntry(OutboxState.DELIVERED, 50L).containsEntry(OutboxState.PENDING, 0L);
        assertThat(outbox.add(upload(7), T0.plusSeconds(3600), DEADLINE, NO_LIMIT))
                .isEqualTo(Outbox.AddResult.DUPLICATE);

        Instant tomorrow = DEADLINE.plusSeconds(60);
        assertThat(outbox.add(upload(7), tomorrow, RetryPolicy.defaults().endOfNaturalDay(tomorrow), NO_LIMIT))
                .isEqualTo(Outbox.AddResult.ADDED);
        assertThat(outbox.counts()).containsEntry(OutboxState.DELIVERED, 0L).containsEntry(OutboxState.PENDING, 1L);
    }

    @Test
    void theLimitStillCountsTheDaysDeliveredConversionsOfAClick() {
        PlatformUpload first = Fixtures.stored(ProductLine.PC_SEARCH, Conversion.builder(Event.SUBMIT).transId("a").build());
        PlatformUpload second = Fixtures.stored(ProductLine.PC_SEARCH, Conversion.builder(Event.SUBMIT).transId("b").build());
        assertThat(second.clickId()).isEqualTo(first.clickId());
        outbox.add(first, T0, DEADLINE, 1);
        outbox.markDelivered(outbox.claimDue(1, T0, LEASE).get(0), T0);

        assertThat(outbox.add(second, T0.plusSeconds(1), DEADLINE, 1)).isEqualTo(Outbox.AddResult.LIMITED);
    }

    @Test
    void deadAndExpiredEntriesOutliveTheirDayUntilTheDeadRetention() {
        add(2);
        List<OutboxEntry> c = outbox.claimDue(2, T0.plusSeconds(5), LEASE);
        outbox.markDead(c.get(0), T0, "errno 2", true);
        outbox.markExpired(c.get(1), T0, "the natural day ended", true);
        Instant tomorrow = DEADLINE.plusSeconds(60);

        assertThat(outbox.add(upload(0), tomorrow, RetryPolicy.defaults().endOfNaturalDay(tomorrow), NO_LIMIT))
                .as("another day, another conversion").isEqualTo(Outbox.AddResult.ADDED);
        assertThat(outbox.find(c.get(0).id())).isPresent();
        assertThat(outbox.counts()).containsEntry(OutboxState.DEAD, 1L).containsEntry(OutboxState.EXPIRED, 1L);

        Instant later = T0.plus(InMemoryOutbox.DEFAULT_DEAD_RETENTION).plusSeconds(60);
        outbox.add(upload(99), later, RetryPolicy.defaults().endOfNaturalDay(later), NO_LIMIT);
        assertThat(outbox.find(c.get(0).id())).isEmpty();
        assertThat(outbox.counts()).containsEntry(OutboxState.DEAD, 0L).containsEntry(OutboxState.EXPIRED, 0L);
    }

    @Test
    void deadEntriesBeyondTheCapacityAreForgottenOldestFirstCountedAndLoggedOncePerMinute() {
        InMemoryOutbox small = new InMemoryOutbox(3);
        List<String> warnings = new CopyOnWriteArrayList<>();
        Logger log = Logger.getLogger(InMemoryOutbox.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel() == Level.WARNING) {
                    warnings.add(r.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        try {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                small.add(upload(i), T0, DEADLINE, NO_LIMIT);
                OutboxEntry e = small.claimDue(1, T0, LEASE).get(0);
                small.markDead(e, T0.plusSeconds(i), "errno 2", true);
                ids.add(e.id());
            }

            assertThat(small.list(OutboxState.DEAD, 10)).extracting(OutboxEntry::id)
                    .containsExactlyElementsOf(ids.subList(2, 5));
            assertThat(small.forgottenDeadLetters()).isEqualTo(2);
            assertThat(warnings).hasSize(1).allSatisfy(m -> assertThat(m).contains("forgotten"));
            assertThat(small.add(upload(0), T0.plusSeconds(10), DEADLINE, NO_LIMIT))
                    .as("a forgotten dead letter is still that day's conversion").isEqualTo(Outbox.AddResult.DUPLICATE);

            small.add(upload(5), T0.plusSeconds(30), DEADLINE, NO_LIMIT);
            small.markDead(small.claimDue(1, T0.plusSeconds(30), LEASE).get(0), T0.plusSeconds(30), "errno 2", true);
            assertThat(warnings).as("within the minute").hasSize(1);
            small.add(upload(6), T0.plusSeconds(90), DEADLINE, NO_LIMIT);
            small.markDead(small.claimDue(1, T0.plusSeconds(90), LEASE).get(0), T0.plusSeconds(90), "errno 2", true);
            assertThat(warnings).hasSize(2);
            assertThat(warnings.get(1)).contains("3 of the oldest were forgotten (4 in all)");
        } finally {
            log.removeHandler(capture);
        }
    }

    @Test
    void aFloodOfBrowserEventsGetsItsShareOnlyAndALeadStillGetsInAndIsClaimedFirst() {
        List<Outbox.AddResult> flood = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            flood.add(outbox.add(browserEvent("flood" + i).withOrigin(Origin.BROWSER), T0, DEADLINE, NO_LIMIT));
        }
        assertThat(flood.subList(0, 20)).containsOnly(Outbox.AddResult.ADDED); // 0.2 of 100
        assertThat(flood.subList(20, 1000)).containsOnly(Outbox.AddResult.FULL);

        assertThat(outbox.add(upload(1), T0.plusSeconds(1), DEADLINE, NO_LIMIT))
                .isEqualTo(Outbox.AddResult.ADDED);
        assertThat(outbox.claimDue(1, T0.plusSeconds(1), LEASE)).extracting(OutboxEntry::upload)
                .containsExactly(upload(1));
        assertThat(outbox.claimDue(50, T0.plusSeconds(1), LEASE)).hasSize(20)
                .allSatisfy(e -> assertThat(e.origin()).isEqualTo(Origin.BROWSER));
    }

    @Test
    void serverSideConversionsKeepTheWholeRemainingCapacity() {
        for (int i = 0; i < 20; i++) {
            outbox.add(browserEvent("b" + i).withOrigin(Origin.BROWSER), T0, DEADLINE, NO_LIMIT);
        }
        List<Outbox.AddResult> leads = new ArrayList<>();
        for (int i = 0; i < 81; i++) {
            leads.add(outbox.add(upload(i), T0, DEADLINE, NO_LIMIT));
        }
        assertThat(leads.subList(0, 80)).containsOnly(Outbox.AddResult.ADDED);
        assertThat(leads.get(80)).isEqualTo(Outbox.AddResult.FULL);
    }

    @Test
    void aBrowserEventRetriedIsStillClaimedAfterTheServerEntriesDueWithIt() {
        outbox.add(browserEvent("early").withOrigin(Origin.BROWSER), T0, DEADLINE, NO_LIMIT);
        outbox.markRetry(outbox.claimDue(1, T0, LEASE).get(0), T0.plusSeconds(10), "HTTP 503");
        outbox.add(upload(1), T0.plusSeconds(20), DEADLINE, NO_LIMIT);

        assertThat(outbox.claimDue(2, T0.plusSeconds(20), LEASE)).extracting(OutboxEntry::origin)
                .containsExactly(Origin.SERVER, Origin.BROWSER);
    }

    @Test
    void theBrowsersShareIsASettingBetweenZeroAndOne() {
        Outbox none = Outboxes.fromSettings(Settings.of(Map.of("qhtrack.outbox.capacity", "10",
                "qhtrack.outbox.browser-share", "0")));
        assertThat(none.add(browserEvent("x").withOrigin(Origin.BROWSER), T0, DEADLINE, NO_LIMIT))
                .isEqualTo(Outbox.AddResult.FULL);
        assertThatThrownBy(() -> Outboxes.fromSettings(Settings.of(Map.of("qhtrack.outbox.browser-share", "1.5"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("qhtrack.outbox.browser-share");
    }

    /** A tap on a phone link the page reported: what a forged beacon would cause too. */
    private static PlatformUpload browserEvent(String clickId) {
        Click click = Click.of(ProductLine.PC_SEARCH, clickId, T0.minusSeconds(60));
        return Fixtures.stored(click, Conversion.builder(Event.CALL_BUTTON).origin(Origin.BROWSER).build());
    }

    @Test
    void theSameConversionOnTheSameDayIsStillADuplicateAfterDelivery() {
        add(1);
        outbox.markDelivered(outbox.claimDue(1, T0, LEASE).get(0), T0);

        assertThat(outbox.add(upload(0), T0.plusSeconds(3600), DEADLINE, NO_LIMIT))
                .isEqualTo(Outbox.AddResult.DUPLICATE);
    }
}
