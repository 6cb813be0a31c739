package io.qhtrack.bench;

import io.qhtrack.core.Click;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.DeliveryEvent;
import io.qhtrack.core.Event;
import io.qhtrack.core.Origin;
import io.qhtrack.core.spi.Outbox;
import io.qhtrack.core.Outboxes;
import io.qhtrack.core.spi.OutboxEntry;
import io.qhtrack.core.OutboxState;
import io.qhtrack.core.ProductLine;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.core.Tracker;
import io.qhtrack.core.spi.PlatformUpload;
import io.qhtrack.testkit.Fake360;
import io.qhtrack.testkit.Fault;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Heap held per conversion the tracker remembers, measured as the growth of the used heap after full GCs while a
 * real {@link Tracker} takes {@code --step} conversions at a time (each a PC-search {@code ORDER} with its own
 * 19-digit click id, a 32-character trans_id from the order id and an amount, as an application would report):
 *
 * <ol>
 *   <li><b>duplicate-check entry</b>: the tracker's de-duplication cache alone (its outbox stores nothing), which is
 *       all the heap a conversion costs with the JDBC outbox;</li>
 *   <li><b>queued conversion</b>: in the in-memory outbox, pending (360 stalled), plus its duplicate-check entry;</li>
 *   <li><b>delivered conversion, remembered until the end of its natural day</b>: in-memory outbox, delivered to
 *       a healthy Fake360 (whose own record is then cleared), plus its duplicate-check entry.</li>
 * </ol>
 *
 * <p>Each line gives the heap per entry over every step (the slope), so fixed costs (the cache's frequency sketch,
 * thread stacks, the HTTP client) do not count. Use a stop-the-world collector so that "used after GC" is exact.
 *
 * <p>Run: {@code java -XX:+UseSerialGC -Xmx2g -cp benchmarks/target/benchmarks.jar io.qhtrack.bench.MemoryFootprint}.
 */
public final class MemoryFootprint {

    private static int sequence;

    private MemoryFootprint() {
    }

    public static void main(String[] args) throws Exception {
        QuietLogs.apply();
        int step = 20_000;
        int steps = 4; // 80 000 < the default de-duplication cache size (100 000), so nothing is evicted
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--step" -> step = Integer.parseInt(args[i + 1]);
                case "--steps" -> steps = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.printf(Locale.ROOT, "# %s, max heap %d MiB; %d steps of %d conversions%n",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, steps, step);
        try (Fake360 healthy = Fake360.builder().credentials(ReportBenchmark.KEY, ReportBenchmark.SECRET).start();
                Fake360 stalled = Fake360.builder().credentials(ReportBenchmark.KEY, ReportBenchmark.SECRET).start()) {
            stalled.failAlways(Fault.stall(Fault.MAX_STALL));

            Tracker dedupOnly = builder(healthy).outbox(new DiscardingOutbox()).build();
            measure("duplicate-check entry (tracker cache; JDBC outbox keeps nothing else in heap)", dedupOnly,
                    step, steps, null);

            Tracker queued = builder(stalled).outbox(Outboxes.inMemory(10_000_000)).build();
            measure("queued conversion (in-memory outbox, pending) + its duplicate-check entry", queued, step, steps,
                    null);

            Tracker delivering = builder(healthy).outbox(Outboxes.inMemory(10_000_000)).build();
            measure("delivered conversion remembered until the end of its day (in-memory outbox) + its "
                    + "duplicate-check entry", delivering, step, steps, healthy);
        }
    }

    private static Tracker.Builder builder(Fake360 fake) {
        return Tracker.builder().endpoint(fake.endpoint()).credentials(ReportBenchmark.CREDENTIALS).jmx(false);
    }

    private static void measure(String what, Tracker tracker, int step, int steps, Fake360 deliveredTo)
            throws InterruptedException {
        CountDownLatch[] delivered = new CountDownLatch[1];
        if (deliveredTo != null) {
            tracker.addListener(e -> {
                if (e.kind() == DeliveryEvent.Kind.DELIVERED) {
                    delivered[0].countDown();
                }
            });
        }
        Instant now = Instant.now();
        long[] used = new long[steps + 1];
        used[0] = usedAfterGc();
        for (int s = 1; s <= steps; s++) {
            delivered[0] = new CountDownLatch(step);
            for (int i = 0; i < step; i++) {
                int n = ++sequence;
                Click click = Click.of(ProductLine.PC_SEARCH, Long.toString(8_817_632_000_000_000_000L + n), now);
                TrackOutcome outcome = tracker.report(click, Conversion.builder(Event.ORDER)
                        .transIdFromOrderId("order-" + n).amount(java.math.BigDecimal.valueOf(1000 + n % 100_000, 2)).build());
                if (outcome.status() != TrackOutcome.Status.QUEUED) {
                    throw new IllegalStateException("not queued: " + outcome);
                }
            }
            if (deliveredTo != null) {
                if (!delivered[0].await(5, TimeUnit.MINUTES)) {
                    throw new IllegalStateException(delivered[0].getCount() + " not delivered in 5 minutes");
                }
                deliveredTo.clear();
            }
            used[s] = usedAfterGc();
        }
        double perEntry = (double) (used[steps] - used[0]) / ((long) step * steps);
        StringBuilder points = new StringBuilder();
        for (int s = 1; s <= steps; s++) {
            points.append(String.format(Locale.ROOT, " %.0f", (double) (used[s] - used[s - 1]) / step));
        }
        System.out.printf(Locale.ROOT, "%-130s %6.0f B per entry (per step:%s B); outbox %s%n", what + ":",
                perEntry, points, tracker.outbox());
        tracker.close(Duration.ZERO);
    }

    /** Used heap after full collections, the least of a few readings. */
    static long usedAfterGc() throws InterruptedException {
        long least = Long.MAX_VALUE;
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
            least = Math.min(least, runtime.totalMemory() - runtime.freeMemory());
        }
        return least;
    }

    /** Accepts every conversion and keeps nothing: what is left in the heap is the tracker's own memory. */
    static final class DiscardingOutbox implements Outbox {
        @Override
        public AddResult add(PlatformUpload upload, Instant acceptedAt, Instant deadline, int limitPerClick) {
            return AddResult.ADDED;
        }

        @Override
        public List<OutboxEntry> claimDue(int max, Instant now, Duration lease) {
            return List.of();
        }

        @Override
        public boolean markDelivered(OutboxEntry claimed, Instant at) {
            return false;
        }

        @Override
        public boolean markRetry(OutboxEntry claimed, Instant nextAttemptAt, String error) {
            return false;
        }

        @Override
        public boolean markDead(OutboxEntry claimed, Instant at, String error, boolean countAttempt) {
            return false;
        }

        @Override
        public boolean markExpired(OutboxEntry claimed, Instant at, String error, boolean countAttempt) {
            return false;
        }

        @Override
        public List<OutboxEntry> list(OutboxState state, int limit) {
            return List.of();
        }

        @Override
        public Optional<OutboxEntry> find(String id) {
            return Optional.empty();
        }

        @Override
        public Map<OutboxState, Long> counts() {
            return Map.of();
        }

        @Override
        public Optional<Instant> oldestPending() {
            return Optional.empty();
        }

        @Override
        public int replay(List<String> ids, Instant now) {
            return 0;
        }

        @Override
        public int replay(String platform, Instant now) {
            return 0;
        }

        @Override
        public boolean postpone(OutboxEntry claimed, Instant nextAttemptAt, String why) {
            return false;
        }

        @Override
        public boolean markParked(OutboxEntry claimed, Instant at, String why, boolean countAttempt) {
            return false;
        }

        @Override
        public int unpark(String platform, String tenant, Instant now) {
            return 0;
        }

        @Override
        public int purge(OutboxState state, Instant before) {
            return 0;
        }

        @Override
        public boolean isDurable() {
            return true;
        }

        @Override
        public void close() {
            // nothing held
        }

        @Override
        public String toString() {
            return "DiscardingOutbox";
        }
    }
}
