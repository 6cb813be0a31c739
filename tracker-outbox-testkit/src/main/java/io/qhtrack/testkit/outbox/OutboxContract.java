package io.qhtrack.testkit.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.Origin;
import io.qhtrack.core.OutboxState;
import io.qhtrack.core.spi.Outbox;
import io.qhtrack.core.spi.Outbox.AddResult;
import io.qhtrack.core.spi.OutboxEntry;
import io.qhtrack.core.spi.PlatformUpload;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Outbox} contract as JUnit 5 tests: what every outbox must do, whatever stores its entries. qhtrack runs
 * it against its in-memory outbox and its JDBC outbox; run it against your own by subclassing it in your tests:
 *
 * <pre>{@code
 * class MyOutboxContractTest extends OutboxContract {
 *     protected Outbox newOutbox(Clock clock) {
 *         return new MyOutbox(freshTable());    // an outbox on an empty store
 *     }
 *     protected boolean durable() {
 *         return true;                          // what isDurable() answers
 *     }
 *     protected Outbox reopen(Clock clock) {
 *         return new MyOutbox(lastTable());     // the store of the last newOutbox, again
 *     }
 * }
 * }</pre>
 *
 * <p><b>What is checked.</b> The interface only, never how an implementation stores its entries: adding (the
 * de-duplication key and the delivery window, the per-click limit, the capacity and the browser's share of it), claiming
 * (due entries only, server entries before browser ones, oldest due first, up to the maximum, a lease that lapses,
 * never one entry to two claimers), settling (delivered, retry, postpone, dead, expired, parked; only under the claim
 * that holds the entry), parking and unparking per platform and tenant, replay, counts, listing, finding, purging,
 * durability, and that the platform, tenant, line, event, conversion key, event time, origin and payload of an entry
 * come back as they went in, the payload never printed.
 *
 * <p><b>Time.</b> The outbox SPI is given every instant it works with ({@code acceptedAt}, {@code now}, {@code at}),
 * and these tests take them from a clock they own and move: leases lapse and retries come due without any waiting. The
 * same clock is handed to {@link #newOutbox(Clock)}, for an implementation that keeps time of its own. Instants are
 * whole milliseconds: an outbox must keep at least that precision.
 *
 * <p><b>Where outboxes legitimately differ</b>, the contract asks: {@link #durable()} (and {@link #reopen(Clock)}), and
 * {@link #newBoundedOutbox(Clock, int)} for an outbox with a capacity. A test that a hook rules out is reported as
 * skipped (a JUnit assumption), with the reason, never passed silently.
 *
 * <p>The uploads are a neutral platform's ({@code contract}, {@code other}), built with {@link PlatformUpload#builder};
 * no platform of qhtrack's is involved.
 */
public abstract class OutboxContract {

    /** When every test starts: noon in Shanghai, 2 March 2026. */
    static final Instant START = Instant.parse("2026-03-02T04:00:00Z");
    /** The end of the delivery window of the conversions added at {@link #START}: midnight in Shanghai. */
    static final Instant DEADLINE = Instant.parse("2026-03-02T16:00:00Z");
    /** The next day's window's end. */
    static final Instant NEXT_DEADLINE = DEADLINE.plus(Duration.ofDays(1));
    /** The lease of every claim. */
    static final Duration LEASE = Duration.ofMinutes(2);
    /** No per-click limit: for the tests about other rules. */
    static final int NO_LIMIT = Integer.MAX_VALUE;
    /** The share of the capacity {@link #newBoundedOutbox} gives browser events. */
    static final double BROWSER_SHARE = 0.2;
    /** The platform of these tests' uploads. */
    static final String PLATFORM = "contract";
    /** Another platform. */
    static final String OTHER_PLATFORM = "other";
    /** How long a test waits for threads of its own, at most. */
    private static final long THREADS_TIMEOUT_SECONDS = 60;

    private final MovableClock clock = new MovableClock(START);
    private final List<Outbox> opened = new ArrayList<>();
    private Outbox outbox;

    // ------------------------------------------------------------------------------------------------ the hooks

    /**
     * A new outbox, on a store of its own that holds no entry, for one test (each test calls this once, before it
     * starts).
     *
     * @param clock the contract's clock: it moves only when a test moves it
     */
    protected abstract Outbox newOutbox(Clock clock);

    /**
     * Whether the outbox keeps its entries when the JVM dies: what {@link Outbox#isDurable()} must answer. When true,
     * {@link #reopen(Clock)} must be implemented too.
     */
    protected abstract boolean durable();

    /**
     * Another outbox on the store of the last {@link #newOutbox(Clock)} (as after a restart, or on another node), for
     * a {@linkplain #durable() durable} outbox. By default: unsupported.
     *
     * @param clock the contract's clock
     */
    protected Outbox reopen(Clock clock) {
        throw new UnsupportedOperationException(getClass().getName() + ": durable() is true, so reopen(Clock) must "
                + "open another outbox on the store of the last newOutbox(Clock)");
    }

    /**
     * A new outbox, as {@link #newOutbox(Clock)}, that holds at most {@code capacity} pending entries, at most
     * 0.2 of them from the browser ({@code qhtrack.outbox.browser-share}'s default); empty (the
     * default) for an outbox that has no capacity, whose tests of {@link AddResult#FULL} are then skipped.
     *
     * @param clock the contract's clock
     * @param capacity how many pending entries it holds at most
     */
    protected Optional<Outbox> newBoundedOutbox(Clock clock, int capacity) {
        return Optional.empty();
    }

    /** Releases an outbox a test opened, after the test. By default {@link Outbox#close()}. */
    protected void close(Outbox outboxToClose) {
        outboxToClose.close();
    }

    // ------------------------------------------------------------------------------------------------ the set-up

    @BeforeEach
    void openTheOutbox() {
        outbox = track(newOutbox(clock));
    }

    @AfterEach
    void closeTheOutboxes() {
        for (Outbox o : opened) {
            close(o);
        }
    }

    private Outbox track(Outbox o) {
        assertThat(o).as("the outbox the hook made").isNotNull();
        opened.add(o);
        return o;
    }

    private Outbox bounded(int capacity) {
        Optional<Outbox> o = newBoundedOutbox(clock, capacity);
        Assumptions.assumeTrue(o.isPresent(), "newBoundedOutbox(Clock, int) says this outbox has no capacity: "
                + "the capacity and the browser's share of it are not checked");
        return track(o.get());
    }

    private Instant now() {
        return clock.instant();
    }

    private Instant later(Duration by) {
        return clock.advance(by);
    }

    /** A server-side conversion of {@link #PLATFORM} for click {@code clickId}, with conversion key {@code key}. */
    private PlatformUpload upload(String clickId, String key) {
        return builder(PLATFORM, clickId, key).build();
    }

    /** The conversion {@code key} of click {@code c1}. */
    private PlatformUpload upload(String key) {
        return upload("c1", key);
    }

    private PlatformUpload.Builder builder(String platform, String clickId, String key) {
        return PlatformUpload.builder(platform, clickId).event("lead").conversionKey(key).eventTime(START
                .minusSeconds(30)).payload("{\"click\":\"" + clickId + "\",\"key\":\"" + key + "\"}");
    }

    private PlatformUpload browserEvent(String clickId) {
        return builder(PLATFORM, clickId, "").event("tap").origin(Origin.BROWSER).build();
    }

    private AddResult add(PlatformUpload u) {
        return outbox.add(u, now(), DEADLINE, NO_LIMIT);
    }

    private AddResult add(Outbox o, PlatformUpload u) {
        return o.add(u, now(), DEADLINE, NO_LIMIT);
    }

    /** Adds {@code u}, claims it (it must be the only entry due) and returns the claimed entry. */
    private OutboxEntry claimed(PlatformUpload u) {
        assertThat(add(u)).isEqualTo(AddResult.ADDED);
        List<OutboxEntry> c = outbox.claimDue(1, now(), LEASE);
        assertThat(c).as("claimed").hasSize(1);
        return c.get(0);
    }

    private OutboxEntry find(OutboxEntry e) {
        Optional<OutboxEntry> found = outbox.find(e.id());
        assertThat(found).as("entry %s", e.id()).isPresent();
        return found.get();
    }

    private List<String> ids(List<OutboxEntry> entries) {
        List<String> ids = new ArrayList<>();
        for (OutboxEntry e : entries) {
            ids.add(e.id());
        }
        return ids;
    }

    private long count(OutboxState state) {
        return outbox.counts().get(state);
    }

    // ------------------------------------------------------------------------------------------------ add

    @Test
    void anAddedConversionIsPendingDueAtOnceWithoutAttemptErrorOrClaim() {
        assertThat(add(upload("k"))).isEqualTo(AddResult.ADDED);

        List<OutboxEntry> pending = outbox.list(OutboxState.PENDING, 10);
        assertThat(pending).hasSize(1);
        OutboxEntry e = pending.get(0);
        assertThat(e.upload()).isEqualTo(upload("k"));
        assertThat(e.state()).isEqualTo(OutboxState.PENDING);
        assertThat(e.acceptedAt()).isEqualTo(START);
        assertThat(e.deadline()).isEqualTo(DEADLINE);
        assertThat(e.nextAttemptAt()).isEqualTo(START);
        assertThat(e.attempts()).isZero();
        assertThat(e.lastError()).isNull();
        assertThat(e.claim()).isNull();
    }

    @Test
    void anEntryKeepsItsPlatformTenantLineClickEventKeyEventTimeAndOrigin() {
        Instant eventTime = START.minusMillis(61_234);
        PlatformUpload u = PlatformUpload.builder(OTHER_PLATFORM, "click-7").tenant("shop-2").line("l2")
                .event("purchase").conversionKey("order-9").eventTime(eventTime).origin(Origin.BROWSER)
                .payload("{}").build();
        add(u);

        PlatformUpload back = outbox.claimDue(1, now(), LEASE).get(0).upload();

        assertThat(back.platform()).isEqualTo(OTHER_PLATFORM);
        assertThat(back.tenant()).isEqualTo("shop-2");
        assertThat(back.line()).isEqualTo("l2");
        assertThat(back.clickId()).isEqualTo("click-7");
        assertThat(back.event()).isEqualTo("purchase");
        assertThat(back.conversionKey()).isEqualTo("order-9");
        assertThat(back.eventTime()).isEqualTo(eventTime);
        assertThat(back.origin()).isEqualTo(Origin.BROWSER);
    }

    @Test
    void thePayloadComesBackExactlyAsItWasGiven() {
        String payload = "{\"name\":\"张三 \\\"quoted\\\" it's; -- \\\\ \",\"emoji\":\"\uD83D\uDE00\",\"n\":1.50}";
        add(builder(PLATFORM, "c1", "k").payload(payload).build());

        assertThat(outbox.claimDue(1, now(), LEASE).get(0).upload().payload()).isEqualTo(payload);
    }

    @Test
    void aConversionKeyOfTheLongestLengthAnOutboxMustStoreComesBackWhole() {
        char[] key = new char[PlatformUpload.MAX_CONVERSION_KEY_LENGTH];
        Arrays.fill(key, 'k');
        add(upload(new String(key)));

        assertThat(outbox.claimDue(1, now(), LEASE).get(0).upload().conversionKey())
                .hasSize(PlatformUpload.MAX_CONVERSION_KEY_LENGTH);
    }

    @Test
    void theSameConversionInTheSameWindowIsADuplicateAndNothingIsStored() {
        add(upload("k"));
        later(Duration.ofSeconds(5));

        assertThat(add(upload("k"))).isEqualTo(AddResult.DUPLICATE);
        assertThat(count(OutboxState.PENDING)).isEqualTo(1);
    }

    @Test
    void theSameConversionIsStillADuplicateAfterItWasDelivered() {
        OutboxEntry c = claimed(upload("k"));
        outbox.markDelivered(c, later(Duration.ofSeconds(1)));

        assertThat(add(upload("k"))).isEqualTo(AddResult.DUPLICATE);
    }

    @Test
    void theSameConversionIsStillADuplicateWhileItIsADeadLetter() {
        OutboxEntry c = claimed(upload("k"));
        outbox.markDead(c, later(Duration.ofSeconds(1)), "refused", true);

        assertThat(add(upload("k"))).isEqualTo(AddResult.DUPLICATE);
    }

    @Test
    void theSameConversionInAnotherDeliveryWindowIsANewEntry() {
        add(upload("k"));

        assertThat(outbox.add(upload("k"), later(Duration.ofDays(1)), NEXT_DEADLINE, NO_LIMIT))
                .isEqualTo(AddResult.ADDED);
    }

    @Test
    void eachPartOfTheDeduplicationKeyTellsConversionsApart() {
        add(upload("k"));

        assertThat(Arrays.asList(
                add(builder(OTHER_PLATFORM, "c1", "k").build()),
                add(builder(PLATFORM, "c1", "k").tenant("shop-2").build()),
                add(builder(PLATFORM, "c1", "k").line("l2").build()),
                add(upload("c2", "k")),
                add(builder(PLATFORM, "c1", "k").event("purchase").build()),
                add(upload("k2")))).containsOnly(AddResult.ADDED);
    }

    @Test
    void conversionKeysThatDifferOnlyInCaseOrTrailingSpaceAreDistinct() {
        assertThat(Arrays.asList(add(upload("abc")), add(upload("ABC")), add(upload("a ")), add(upload("a"))))
                .containsOnly(AddResult.ADDED);
    }

    @Test
    void anEmptyConversionKeyTakesPartInTheDeduplicationKey() {
        assertThat(add(upload(""))).isEqualTo(AddResult.ADDED);

        assertThat(add(upload(""))).isEqualTo(AddResult.DUPLICATE);
    }

    @Test
    void theOriginDoesNotTellConversionsApart() {
        add(upload("k"));

        assertThat(add(builder(PLATFORM, "c1", "k").origin(Origin.BROWSER).build())).isEqualTo(AddResult.DUPLICATE);
    }

    // ------------------------------------------------------------------------------------------------ per-click limit

    @Test
    void aClickGetsAtMostTheLimitOfConversionsOfAnEventPerWindow() {
        assertThat(Arrays.asList(outbox.add(upload("c1", "a"), now(), DEADLINE, 2),
                outbox.add(upload("c1", "b"), now(), DEADLINE, 2),
                outbox.add(upload("c1", "c"), now(), DEADLINE, 2),
                outbox.add(upload("c2", "a"), now(), DEADLINE, 2)))
                .containsExactly(AddResult.ADDED, AddResult.ADDED, AddResult.LIMITED, AddResult.ADDED);
        assertThat(count(OutboxState.PENDING)).isEqualTo(3);
    }

    @Test
    void theLimitCountsEachPlatformTenantLineAndEventApart() {
        outbox.add(upload("c1", "a"), now(), DEADLINE, 1);

        assertThat(Arrays.asList(
                outbox.add(builder(OTHER_PLATFORM, "c1", "b").build(), now(), DEADLINE, 1),
                outbox.add(builder(PLATFORM, "c1", "b").tenant("shop-2").build(), now(), DEADLINE, 1),
                outbox.add(builder(PLATFORM, "c1", "b").line("l2").build(), now(), DEADLINE, 1),
                outbox.add(builder(PLATFORM, "c1", "b").event("purchase").build(), now(), DEADLINE, 1)))
                .containsOnly(AddResult.ADDED);
    }

    @Test
    void theLimitStartsAgainInTheNextDeliveryWindow() {
        outbox.add(upload("c1", "a"), now(), DEADLINE, 1);

        assertThat(outbox.add(upload("c1", "b"), later(Duration.ofDays(1)), NEXT_DEADLINE, 1))
                .isEqualTo(AddResult.ADDED);
    }

    @Test
    void aRepeatAtTheLimitIsADuplicateAndNeverUsesUpTheLimit() {
        assertThat(outbox.add(upload("c1", "a"), now(), DEADLINE, 2)).isEqualTo(AddResult.ADDED);
        for (int i = 0; i < 3; i++) {
            assertThat(outbox.add(upload("c1", "a"), now(), DEADLINE, 2)).isEqualTo(AddResult.DUPLICATE);
        }
        assertThat(outbox.add(upload("c1", "b"), now(), DEADLINE, 2)).isEqualTo(AddResult.ADDED);

        assertThat(outbox.add(upload("c1", "b"), now(), DEADLINE, 2)).isEqualTo(AddResult.DUPLICATE);
    }

    @Test
    void theLimitCountsTheClicksConversionsWhateverTheirState() {
        outbox.add(upload("c1", "a"), now(), DEADLINE, 2);
        outbox.add(upload("c1", "b"), now(), DEADLINE, 2);
        List<OutboxEntry> c = outbox.claimDue(2, now(), LEASE);
        outbox.markDelivered(c.get(0), later(Duration.ofSeconds(1)));
        outbox.markDead(c.get(1), now(), "refused", true);

        assertThat(outbox.add(upload("c1", "c"), later(Duration.ofSeconds(1)), DEADLINE, 2))
                .isEqualTo(AddResult.LIMITED);
    }

    // ------------------------------------------------------------------------------------------------ capacity

    @Test
    void anOutboxAtCapacityAnswersFullAndTakesConversionsAgainOnceOneIsDelivered() {
        Outbox small = bounded(2);
        assertThat(add(small, upload("a"))).isEqualTo(AddResult.ADDED);
        assertThat(add(small, upload("b"))).isEqualTo(AddResult.ADDED);
        assertThat(add(small, upload("c"))).isEqualTo(AddResult.FULL);

        small.markDelivered(small.claimDue(1, now(), LEASE).get(0), later(Duration.ofSeconds(1)));

        assertThat(add(small, upload("c"))).isEqualTo(AddResult.ADDED);
    }

    @Test
    void aConversionRefusedAsFullIsNotRemembered() {
        Outbox small = bounded(1);
        add(small, upload("a"));
        assertThat(add(small, upload("b"))).isEqualTo(AddResult.FULL);
        small.markDelivered(small.claimDue(1, now(), LEASE).get(0), later(Duration.ofSeconds(1)));

        assertThat(add(small, upload("b"))).as("not a duplicate: it was never stored").isEqualTo(AddResult.ADDED);
    }

    @Test
    void browserEventsHoldAtMostTheirShareOfTheCapacity() {
        int capacity = 100;
        Outbox o = bounded(capacity);
        List<AddResult> flood = new ArrayList<>();
        for (int i = 0; i < capacity; i++) {
            flood.add(add(o, browserEvent("flood" + i)));
        }

        int added = Collections.frequency(flood, AddResult.ADDED);
        assertThat(added).isPositive().isLessThanOrEqualTo((int) Math.floor(capacity * BROWSER_SHARE));
        assertThat(flood.subList(0, added)).containsOnly(AddResult.ADDED);
        assertThat(flood.subList(added, capacity)).containsOnly(AddResult.FULL);
    }

    @Test
    void aServerSideConversionStillGetsInWhenTheBrowsersShareIsUsedUp() {
        Outbox o = bounded(100);
        AddResult last;
        int i = 0;
        do {
            last = add(o, browserEvent("flood" + i++));
        } while (last == AddResult.ADDED && i < 100);
        assertThat(last).as("the browser's share used up").isEqualTo(AddResult.FULL);

        assertThat(add(o, upload("lead"))).isEqualTo(AddResult.ADDED);
    }

    // ------------------------------------------------------------------------------------------------ claim

    @Test
    void claimTakesDueEntriesOnlyOldestDueFirstUpToTheMaximum() {
        outbox.add(upload("first"), START, DEADLINE, NO_LIMIT);
        outbox.add(upload("second"), START.plusSeconds(1), DEADLINE, NO_LIMIT);
        outbox.add(upload("third"), START.plusSeconds(2), DEADLINE, NO_LIMIT);
        outbox.add(upload("not yet due"), START.plusSeconds(100), DEADLINE, NO_LIMIT);
        clock.moveTo(START.plusSeconds(10));

        List<OutboxEntry> two = outbox.claimDue(2, now(), LEASE);
        List<OutboxEntry> rest = outbox.claimDue(10, now(), LEASE);

        assertThat(two).extracting(e -> e.upload().conversionKey()).containsExactly("first", "second");
        assertThat(rest).extracting(e -> e.upload().conversionKey()).containsExactly("third");
    }

    @Test
    void aClaimedEntryCarriesItsClaim() {
        add(upload("k"));

        assertThat(outbox.claimDue(1, now(), LEASE)).singleElement()
                .satisfies(e -> assertThat(e.claim()).isNotNull());
    }

    @Test
    void dueServerSideEntriesAreClaimedBeforeBrowserEventsDueEarlier() {
        outbox.add(browserEvent("early"), START, DEADLINE, NO_LIMIT);
        outbox.add(upload("lead"), later(Duration.ofSeconds(20)), DEADLINE, NO_LIMIT);

        assertThat(outbox.claimDue(2, now(), LEASE)).extracting(OutboxEntry::origin)
                .containsExactly(Origin.SERVER, Origin.BROWSER);
    }

    @Test
    void aBrowserEventRetriedIsStillClaimedAfterTheServerSideEntriesDueWithIt() {
        add(browserEvent("early"));
        outbox.markRetry(outbox.claimDue(1, now(), LEASE).get(0), START.plusSeconds(10), "HTTP 503");
        outbox.add(upload("lead"), later(Duration.ofSeconds(20)), DEADLINE, NO_LIMIT);

        assertThat(outbox.claimDue(2, now(), LEASE)).extracting(OutboxEntry::origin)
                .containsExactly(Origin.SERVER, Origin.BROWSER);
    }

    @Test
    void aClaimedEntryIsNotClaimedAgainUntilItsLeaseLapses() {
        add(upload("k"));
        outbox.claimDue(1, now(), LEASE);

        assertThat(outbox.claimDue(1, later(LEASE.minusMillis(1)), LEASE)).isEmpty();
        assertThat(outbox.claimDue(1, later(Duration.ofMillis(1)), LEASE)).hasSize(1);
    }

    @Test
    void settledEntriesAreNeverClaimed() {
        for (String key : Arrays.asList("delivered", "dead", "expired", "parked")) {
            add(upload(key));
        }
        List<OutboxEntry> c = outbox.claimDue(4, now(), LEASE);
        outbox.markDelivered(c.get(0), now());
        outbox.markDead(c.get(1), now(), "refused", true);
        outbox.markExpired(c.get(2), now(), "too late", false);
        outbox.markParked(c.get(3), now(), "credentials refused", true);

        assertThat(outbox.claimDue(10, later(Duration.ofHours(1)), LEASE)).isEmpty();
    }

    @Test
    void concurrentClaimersNeverShareAnEntry() throws Exception {
        int n = 200;
        for (int i = 0; i < n; i++) {
            add(upload("k" + i));
        }
        ConcurrentLinkedQueue<String> claimedIds = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService claimers = Executors.newFixedThreadPool(4);
        try {
            List<Future<Void>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                work.add(claimers.submit((Callable<Void>) () -> {
                    start.await();
                    List<OutboxEntry> got;
                    do {
                        got = outbox.claimDue(3, now(), LEASE);
                        claimedIds.addAll(ids(got));
                    } while (!got.isEmpty());
                    return null;
                }));
            }
            start.countDown();
            for (Future<Void> f : work) {
                f.get(THREADS_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } finally {
            claimers.shutdownNow();
        }

        assertThat(claimedIds).hasSize(n).doesNotHaveDuplicates();
    }

    // ------------------------------------------------------------------------------------------------ settle

    @Test
    void aDeliveredEntryIsCountedDeliveredAndIsNoLongerPending() {
        OutboxEntry c = claimed(upload("k"));

        assertThat(outbox.markDelivered(c, later(Duration.ofSeconds(1)))).isTrue();

        assertThat(count(OutboxState.DELIVERED)).isEqualTo(1);
        assertThat(count(OutboxState.PENDING)).isZero();
        assertThat(outbox.oldestPending()).isEmpty();
    }

    @Test
    void aRetryIsPendingAgainAtItsTimeWithOneMoreAttemptAndItsError() {
        OutboxEntry c = claimed(upload("k"));

        assertThat(outbox.markRetry(c, START.plusSeconds(30), "HTTP 503")).isTrue();

        OutboxEntry e = find(c);
        assertThat(e.state()).isEqualTo(OutboxState.PENDING);
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.nextAttemptAt()).isEqualTo(START.plusSeconds(30));
        assertThat(e.lastErrorMessage()).contains("HTTP 503");
        assertThat(e.claim()).isNull();
    }

    @Test
    void aRetryIsNotClaimedBeforeItsTime() {
        OutboxEntry c = claimed(upload("k"));
        outbox.markRetry(c, START.plusSeconds(30), "HTTP 503");

        assertThat(outbox.claimDue(1, later(Duration.ofSeconds(29)), LEASE)).isEmpty();
        assertThat(outbox.claimDue(1, later(Duration.ofSeconds(1)), LEASE)).singleElement()
                .satisfies(e -> assertThat(e.attempts()).isEqualTo(1));
    }

    @Test
    void aPostponedEntryIsPendingAgainAtItsTimeWithoutAnAttemptCounted() {
        OutboxEntry c = claimed(upload("k"));

        assertThat(outbox.postpone(c, START.plusSeconds(60), "rate limit")).isTrue();

        OutboxEntry e = find(c);
        assertThat(e.state()).isEqualTo(OutboxState.PENDING);
        assertThat(e.attempts()).isZero();
        assertThat(e.nextAttemptAt()).isEqualTo(START.plusSeconds(60));
        assertThat(e.lastErrorMessage()).contains("rate limit");
        assertThat(outbox.claimDue(1, later(Duration.ofSeconds(59)), LEASE)).isEmpty();
    }

    @Test
    void aDeadLetterKeepsItsErrorAndCountsAnAttemptOnlyWhenOneWasMade() {
        add(upload("attempted"));
        add(upload("not attempted"));
        List<OutboxEntry> c = outbox.claimDue(2, now(), LEASE);
        Instant at = later(Duration.ofSeconds(1));

        assertThat(outbox.markDead(c.get(0), at, "errno 2: unverified", true)).isTrue();
        assertThat(outbox.markDead(c.get(1), at, "no credentials", false)).isTrue();

        OutboxEntry attempted = find(c.get(0));
        assertThat(attempted.state()).isEqualTo(OutboxState.DEAD);
        assertThat(attempted.attempts()).isEqualTo(1);
        assertThat(attempted.lastErrorMessage()).contains("errno 2: unverified");
        assertThat(attempted.nextAttemptAt()).as("when it was settled").isEqualTo(at);
        assertThat(find(c.get(1)).attempts()).isZero();
    }

    @Test
    void anExpiredEntryKeepsItsErrorAndIsListed() {
        OutboxEntry c = claimed(upload("k"));

        assertThat(outbox.markExpired(c, later(Duration.ofSeconds(1)), "the window ended", false)).isTrue();

        OutboxEntry e = find(c);
        assertThat(e.state()).isEqualTo(OutboxState.EXPIRED);
        assertThat(e.attempts()).isZero();
        assertThat(e.lastErrorMessage()).contains("the window ended");
        assertThat(outbox.list(OutboxState.EXPIRED, 10)).extracting(OutboxEntry::id).containsExactly(c.id());
    }

    @Test
    void aParkedEntryKeepsItsDeadlineAndReason() {
        OutboxEntry c = claimed(upload("k"));

        assertThat(outbox.markParked(c, later(Duration.ofSeconds(1)), "credentials refused", true)).isTrue();

        OutboxEntry e = find(c);
        assertThat(e.state()).isEqualTo(OutboxState.PARKED);
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.deadline()).isEqualTo(DEADLINE);
        assertThat(e.lastErrorMessage()).contains("credentials refused");
        assertThat(count(OutboxState.PARKED)).isEqualTo(1);
    }

    @Test
    void settlingUnderALapsedClaimThatWasTakenAgainFails() {
        add(upload("k"));
        OutboxEntry first = outbox.claimDue(1, now(), LEASE).get(0);
        OutboxEntry second = outbox.claimDue(1, later(LEASE), LEASE).get(0);

        assertThat(outbox.markDelivered(first, later(Duration.ofSeconds(1)))).isFalse();
        assertThat(outbox.markRetry(first, now(), "late")).isFalse();
        assertThat(outbox.markDelivered(second, now())).isTrue();
        assertThat(count(OutboxState.DELIVERED)).isEqualTo(1);
    }

    @Test
    void settlingUnderALapsedClaimNobodyTookSucceedsAndTheEntryIsNotClaimedAgain() {
        OutboxEntry c = claimed(upload("k"));
        later(LEASE.plusSeconds(30));

        assertThat(outbox.markDelivered(c, now())).isTrue();
        assertThat(outbox.claimDue(10, later(Duration.ofSeconds(1)), LEASE)).isEmpty();
    }

    @Test
    void aSettledClaimCannotBeSettledAgain() {
        OutboxEntry c = claimed(upload("k"));
        assertThat(outbox.markRetry(c, START.plusSeconds(5), "HTTP 503")).isTrue();

        assertThat(outbox.markDelivered(c, later(Duration.ofSeconds(1)))).isFalse();
        assertThat(outbox.markDead(c, now(), "again", true)).isFalse();
    }

    @Test
    void anEntryThatWasNotClaimedCannotBeSettled() {
        add(upload("k"));
        OutboxEntry unclaimed = outbox.list(OutboxState.PENDING, 1).get(0);

        assertThat(outbox.markDelivered(unclaimed, now())).isFalse();
        assertThat(find(unclaimed).state()).isEqualTo(OutboxState.PENDING);
    }

    // ------------------------------------------------------------------------------------------------ park, unpark

    /** Adds {@code u}, claims and parks it. */
    private OutboxEntry parked(PlatformUpload u) {
        OutboxEntry c = claimed(u);
        assertThat(outbox.markParked(c, now(), "credentials refused", true)).isTrue();
        return c;
    }

    @Test
    void unparkMakesThePlatformsParkedEntriesPendingAndDueAtOnce() {
        OutboxEntry mine = parked(upload("k"));
        OutboxEntry other = parked(builder(OTHER_PLATFORM, "c1", "k").build());
        Instant at = later(Duration.ofMinutes(10));

        assertThat(outbox.unpark(PLATFORM, null, at)).isEqualTo(1);

        OutboxEntry e = find(mine);
        assertThat(e.state()).isEqualTo(OutboxState.PENDING);
        assertThat(e.nextAttemptAt()).isEqualTo(at);
        assertThat(e.deadline()).isEqualTo(DEADLINE);
        assertThat(find(other).state()).isEqualTo(OutboxState.PARKED);
        assertThat(outbox.claimDue(10, now(), LEASE)).extracting(OutboxEntry::id).containsExactly(mine.id());
    }

    @Test
    void unparkOfATenantLeavesTheOtherTenantsParked() {
        OutboxEntry shop = parked(builder(PLATFORM, "c1", "k").tenant("shop-2").build());
        OutboxEntry other = parked(upload("k"));

        assertThat(outbox.unpark(PLATFORM, "shop-2", later(Duration.ofMinutes(1)))).isEqualTo(1);

        assertThat(find(shop).state()).isEqualTo(OutboxState.PENDING);
        assertThat(find(other).state()).isEqualTo(OutboxState.PARKED);
    }

    @Test
    void unparkWithoutATenantTakesEveryTenant() {
        OutboxEntry shop = parked(builder(PLATFORM, "c1", "k").tenant("shop-2").build());
        OutboxEntry other = parked(upload("k"));

        assertThat(outbox.unpark(PLATFORM, null, later(Duration.ofMinutes(1)))).isEqualTo(2);

        assertThat(find(shop).state()).isEqualTo(OutboxState.PENDING);
        assertThat(find(other).state()).isEqualTo(OutboxState.PENDING);
    }

    @Test
    void unparkExpiresTheParkedEntriesWhoseDeadlinePassedKeepingTheirError() {
        OutboxEntry c = parked(upload("k"));
        clock.moveTo(DEADLINE.plus(Duration.ofHours(1)));

        assertThat(outbox.unpark(PLATFORM, null, now())).as("expired ones are not counted").isZero();

        OutboxEntry e = find(c);
        assertThat(e.state()).isEqualTo(OutboxState.EXPIRED);
        assertThat(e.lastErrorMessage()).hasValueSatisfying(m -> assertThat(m).contains("credentials refused"));
    }

    // ------------------------------------------------------------------------------------------------ replay

    @Test
    void replayWithoutIdsMakesEveryDeadLetterPendingAndDueNowButNoExpiredEntry() {
        add(upload("dead"));
        add(upload("expired"));
        List<OutboxEntry> c = outbox.claimDue(2, now(), LEASE);
        outbox.markDead(c.get(0), now(), "errno 2", true);
        outbox.markExpired(c.get(1), now(), "too late", true);
        Instant at = later(Duration.ofMinutes(1));

        assertThat(outbox.replay(Collections.<String>emptyList(), at)).isEqualTo(1);

        assertThat(outbox.claimDue(5, now(), LEASE)).extracting(OutboxEntry::id).containsExactly(c.get(0).id());
        assertThat(find(c.get(1)).state()).isEqualTo(OutboxState.EXPIRED);
    }

    @Test
    void aReplayedEntryKeepsItsAttemptsAndDeadline() {
        OutboxEntry c = claimed(upload("k"));
        outbox.markDead(c, now(), "errno 2", true);
        Instant at = later(Duration.ofMinutes(1));

        outbox.replay(Collections.singletonList(c.id()), at);

        OutboxEntry e = find(c);
        assertThat(e.state()).isEqualTo(OutboxState.PENDING);
        assertThat(e.nextAttemptAt()).isEqualTo(at);
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.deadline()).isEqualTo(DEADLINE);
    }

    @Test
    void replayByIdTakesDeadExpiredAndParkedEntriesOnly() {
        for (String key : Arrays.asList("dead", "expired", "parked", "delivered", "pending")) {
            add(upload(key));
        }
        List<OutboxEntry> c = outbox.claimDue(5, now(), LEASE);
        outbox.markDead(c.get(0), now(), "errno 2", true);
        outbox.markExpired(c.get(1), now(), "too late", true);
        outbox.markParked(c.get(2), now(), "credentials refused", true);
        outbox.markDelivered(c.get(3), now());
        outbox.markRetry(c.get(4), now(), "HTTP 503");
        List<String> ids = new ArrayList<>(ids(c));
        ids.add("no-such-entry");

        assertThat(outbox.replay(ids, later(Duration.ofMinutes(1)))).isEqualTo(3);

        assertThat(count(OutboxState.PENDING)).isEqualTo(4);
        assertThat(count(OutboxState.DELIVERED)).isEqualTo(1);
        assertThat(outbox.claimDue(10, now(), LEASE)).hasSize(4);
    }

    @Test
    void replayOfAPlatformTakesItsDeadLettersOnly() {
        OutboxEntry mine = claimed(upload("dead"));
        outbox.markDead(mine, now(), "errno 2", true);
        OutboxEntry other = claimed(builder(OTHER_PLATFORM, "c1", "dead").build());
        outbox.markDead(other, now(), "errno 2", true);
        OutboxEntry parked = parked(upload("parked"));

        assertThat(outbox.replay(PLATFORM, later(Duration.ofMinutes(1)))).isEqualTo(1);

        assertThat(find(mine).state()).isEqualTo(OutboxState.PENDING);
        assertThat(find(other).state()).isEqualTo(OutboxState.DEAD);
        assertThat(find(parked).state()).isEqualTo(OutboxState.PARKED);
    }

    // ------------------------------------------------------------------------------------------------ inspect

    @Test
    void countsHaveEveryStateAtZeroWhenEmpty() {
        Map<OutboxState, Long> counts = outbox.counts();

        assertThat(counts).containsOnlyKeys(OutboxState.values());
        assertThat(counts.values()).containsOnly(0L);
        assertThat(outbox.oldestPending()).isEmpty();
    }

    @Test
    void countsFollowEveryState() {
        for (String key : Arrays.asList("delivered", "dead", "expired", "parked", "pending")) {
            add(upload(key));
        }
        List<OutboxEntry> c = outbox.claimDue(4, now(), LEASE);
        outbox.markDelivered(c.get(0), now());
        outbox.markDead(c.get(1), now(), "errno 3", true);
        outbox.markExpired(c.get(2), now(), "too late", true);
        outbox.markParked(c.get(3), now(), "credentials refused", true);

        Map<OutboxState, Long> expected = new EnumMap<>(OutboxState.class);
        for (OutboxState s : OutboxState.values()) {
            expected.put(s, 1L);
        }
        assertThat(outbox.counts()).isEqualTo(expected);
    }

    @Test
    void theOldestPendingIsWhenTheEarliestPendingEntryWasAccepted() {
        add(upload("claimed and delivered"));
        outbox.markDelivered(outbox.claimDue(1, now(), LEASE).get(0), now());
        Instant second = later(Duration.ofSeconds(5));
        add(upload("second"));
        later(Duration.ofSeconds(5));
        add(upload("third"));

        assertThat(outbox.oldestPending()).contains(second);
    }

    @Test
    void listIsOldestFirstAndLimited() {
        for (int i = 0; i < 5; i++) {
            outbox.add(upload("k" + i), later(Duration.ofSeconds(1)), DEADLINE, NO_LIMIT);
        }

        assertThat(outbox.list(OutboxState.PENDING, 2)).extracting(e -> e.upload().conversionKey())
                .containsExactly("k0", "k1");
        assertThat(outbox.list(OutboxState.DEAD, 10)).isEmpty();
    }

    @Test
    void findReturnsTheEntryAsListed() {
        add(upload("k"));
        OutboxEntry listed = outbox.list(OutboxState.PENDING, 1).get(0);

        assertThat(outbox.find(listed.id())).contains(listed);
    }

    @Test
    void findOfAnUnknownOrMalformedIdIsEmpty() {
        add(upload("k"));

        assertThat(outbox.find("987654321")).isEmpty();
        assertThat(outbox.find("x' OR '1'='1")).isEmpty();
        assertThat(outbox.find("")).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ purge

    @Test
    void purgeDeletesTheStatesEntriesSettledBeforeTheCutoffOnly() {
        for (String key : Arrays.asList("old", "new", "expired")) {
            add(upload(key));
        }
        List<OutboxEntry> c = outbox.claimDue(3, now(), LEASE);
        outbox.markDead(c.get(0), START.plusSeconds(10), "errno 3", true);
        outbox.markDead(c.get(1), START.plusSeconds(20), "errno 3", true);
        outbox.markExpired(c.get(2), START.plusSeconds(10), "too late", true);

        assertThat(outbox.purge(OutboxState.DEAD, START.plusSeconds(15))).isEqualTo(1);

        assertThat(outbox.find(c.get(0).id())).isEmpty();
        assertThat(outbox.list(OutboxState.DEAD, 10)).extracting(OutboxEntry::id).containsExactly(c.get(1).id());
        assertThat(count(OutboxState.EXPIRED)).isEqualTo(1);
    }

    @Test
    void purgeNeverDeletesPendingEntries() {
        add(upload("k"));

        assertThat(outbox.purge(OutboxState.PENDING, later(Duration.ofDays(1)))).isZero();
        assertThat(count(OutboxState.PENDING)).isEqualTo(1);
    }

    // ------------------------------------------------------------------------------------------------ durability

    @Test
    void theOutboxSaysWhetherItIsDurable() {
        assertThat(outbox.isDurable()).isEqualTo(durable());
    }

    @Test
    void aDurableOutboxsEntriesAreThereForTheNextOutboxOnItsStore() {
        Assumptions.assumeTrue(durable(), "durable() is false: entries are not expected to outlive the outbox");
        add(upload("k"));
        close(outbox);
        opened.remove(outbox);

        Outbox reopened = track(reopen(clock));

        assertThat(reopened.list(OutboxState.PENDING, 10)).singleElement()
                .satisfies(e -> assertThat(e.upload()).isEqualTo(upload("k")));
    }

    @Test
    void aDurableOutboxsLeasesHoldForTheNextOutboxOnItsStore() {
        Assumptions.assumeTrue(durable(), "durable() is false: no other outbox shares its store");
        add(upload("k"));
        OutboxEntry byFirst = outbox.claimDue(1, now(), LEASE).get(0);
        Outbox second = track(reopen(clock));

        assertThat(second.claimDue(1, later(LEASE.minusMillis(1)), LEASE)).isEmpty();
        OutboxEntry bySecond = second.claimDue(1, later(Duration.ofMillis(1)), LEASE).get(0);
        assertThat(outbox.markDelivered(byFirst, now())).isFalse();
        assertThat(second.markDelivered(bySecond, now())).isTrue();
    }

    // ------------------------------------------------------------------------------------------------ what is printed

    @Test
    void neitherTheOutboxNorItsEntriesPrintThePayload() {
        String personal = "13800138000-visitor-phone";
        add(builder(PLATFORM, "c1", "k").payload("{\"phone\":\"" + personal + "\"}").build());
        OutboxEntry e = outbox.claimDue(1, now(), LEASE).get(0);
        outbox.markRetry(e, now(), "HTTP 503");

        assertThat(outbox.toString()).doesNotContain(personal);
        assertThat(outbox.list(OutboxState.PENDING, 10)).allSatisfy(
                listed -> assertThat(listed.toString()).doesNotContain(personal));
    }
}
