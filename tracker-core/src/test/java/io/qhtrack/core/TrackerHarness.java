package io.qhtrack.core;

import io.qhtrack.testkit.Fake360;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A Fake360 with all three accounts, a hand-moved clock, and a tracker reporting to it. Public for the tests of
 * {@code io.qhtrack.core.jdbc}.
 */
public final class TrackerHarness implements AutoCloseable {

    public static final String SEARCH_KEY = "sk-harness";
    public static final String SEARCH_SECRET = "ss-harness";
    static final String DISPLAY_KEY = "dk-harness";
    static final String DISPLAY_SECRET = "ds-harness";
    static final String JZQS = "424242";
    static final String MOBILE_KEY = "mk-harness";
    static final String MOBILE_SECRET = "ms-harness";

    /** 2026-03-10 10:00 in China. */
    public static final Instant START = Instant.parse("2026-03-10T02:00:00Z");
    /**
     * Delivery on the test's thread ({@link Tracker.Builder#executor executor(Runnable::run)}): a report returns after
     * its upload was sent and settled, and {@link #advance}/{@link #dispatchNow} send what the clock made due, so a
     * test needs no wait.
     */
    public static final Consumer<Tracker.Builder> SYNCHRONOUS = b -> b.executor(Runnable::run);

    public final MutableClock clock;
    public final Fake360 fake;
    public final Tracker tracker;
    final List<DeliveryEvent> events = new CopyOnWriteArrayList<>();

    TrackerHarness() {
        this(START, b -> { });
    }

    public TrackerHarness(Instant start, Consumer<Tracker.Builder> customise) {
        clock = new MutableClock(start);
        fake = Fake360.builder()
                .credentials(SEARCH_KEY, SEARCH_SECRET, "ocpc_ps_convert", "ocpc_ms_convert")
                .credentials(DISPLAY_KEY, DISPLAY_SECRET, "ocpc_zs_convert")
                .jzqs(DISPLAY_KEY, JZQS)
                .credentials(MOBILE_KEY, MOBILE_SECRET, "ocpc_web_convert")
                .clock(clock)
                .start();
        Tracker.Builder b = Tracker.builder()
                .clock(clock)
                .endpoint(fake.endpoint())
                .credentials(Credentials.of(Account.SEARCH, SEARCH_KEY, SEARCH_SECRET, null))
                .credentials(Credentials.of(Account.DISPLAY, DISPLAY_KEY, DISPLAY_SECRET, JZQS))
                .credentials(Credentials.of(Account.MOBILE, MOBILE_KEY, MOBILE_SECRET, null))
                .requestTimeout(Duration.ofSeconds(2))
                .pollInterval(Duration.ofMillis(20))
                .jmx(false)
                .listener(events::add);
        customise.accept(b);
        tracker = b.build();
    }

    public static Click click(ProductLine line, String id) {
        return Click.of(line, id, START.minusSeconds(60));
    }

    /** Moves the clock and lets the dispatcher see it. */
    public void advance(Duration d) {
        clock.advance(d);
        tracker.dispatchNow();
    }

    /** Lets the dispatcher look at the outbox now, e.g. after the clock was {@linkplain MutableClock#set set}. */
    public void dispatchNow() {
        tracker.dispatchNow();
    }

    public List<DeliveryEvent> events(DeliveryEvent.Kind kind) {
        List<DeliveryEvent> result = new ArrayList<>();
        for (DeliveryEvent e : events) {
            if (e.kind() == kind) {
                result.add(e);
            }
        }
        return result;
    }

    /** Polls a condition on real I/O, with a bounded deadline. */
    public static void await(String what, BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; " + state.get());
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(5); // polling real I/O, not waiting for time to pass
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** Waits until the listener has seen {@code n} events of {@code kind}, moving the clock as retries need. */
    public void awaitEvents(DeliveryEvent.Kind kind, int n) {
        await(n + " " + kind, () -> events(kind).size() >= n, () -> "events " + events + ", fake " + fake);
    }

    @Override
    public void close() {
        tracker.close(Duration.ZERO);
        fake.close();
    }
}
