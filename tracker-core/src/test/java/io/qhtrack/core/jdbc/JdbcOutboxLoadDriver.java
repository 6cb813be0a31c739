package io.qhtrack.core.jdbc;

import io.qhtrack.core.Account;
import io.qhtrack.core.Click;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Credentials;
import io.qhtrack.core.Event;
import io.qhtrack.core.Outboxes;
import io.qhtrack.core.ProductLine;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.core.Tracker;
import io.qhtrack.core.spi.Outbox;
import io.qhtrack.testkit.Fake360;
import io.qhtrack.testkit.Fault;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A load driver (not a test; run it by hand) for the JDBC outbox: how many conversions per second
 * {@link Tracker#report} accepts (the request thread's cost: validate, de-duplicate, commit one row), and how many per
 * second the dispatcher delivers to a local Fake360, on an H2 file and on PostgreSQL, with the in-memory outbox as
 * the baseline.
 *
 * <pre>
 * mvn -q -pl tracker-core -am test-compile
 * java -cp "$(cat cp.txt):tracker-core/target/classes:tracker-core/target/test-classes" \
 *     io.qhtrack.core.jdbc.JdbcOutboxLoadDriver [conversions=10000] [threads=8] [memory,h2,postgresql]
 * </pre>
 *
 * <p>Phases, each on a fresh table after a warm-up: <b>accept</b>: {@code threads} request threads report
 * {@code conversions} while Fake360 holds every upload (so the dispatcher is idle and only the request-thread cost is
 * measured); <b>drain</b>: a tracker on the same table delivers that backlog to a healthy Fake360 (delivered/s at
 * concurrency 4 and 16); <b>mixed</b>: reporting and delivering at once, until the last one is delivered.
 */
public final class JdbcOutboxLoadDriver {

    private static final String KEY = "sk-load";
    private static final String SECRET = "ss-load";
    private static final Instant NOON = Instant.parse("2026-03-10T04:00:00Z");
    private static final AtomicInteger RUN = new AtomicInteger();

    private JdbcOutboxLoadDriver() {
    }

    /** Runs every phase on the in-memory outbox, an H2 file and PostgreSQL, printing one line per phase. */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), NOON));
        System.out.printf(Locale.ROOT, "JVM %s, %d CPUs, %d conversions, %d request threads%n",
                System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors(), n, threads);
        String h2 = JdbcTestDatabases.h2FileUrl();
        String pg = JdbcTestDatabases.postgresUrl();
        List<String> dbs = args.length > 2 ? List.of(args[2].split(",")) : List.of("memory", "h2", "postgresql");
        for (String db : dbs) {
            String url = db.equals("h2") ? h2 : pg;
            String user = db.equals("h2") ? "sa" : "postgres";
            Supplier<Outbox> outbox = () -> db.equals("memory") ? Outboxes.inMemory(Integer.MAX_VALUE)
                    : JdbcOutbox.builder().url(url).user(user).table("load_" + RUN.get()).build();
            // makes the backlog pending again; on PostgreSQL also ANALYZE, as autovacuum would within a minute
            // (without statistics on a fresh table the planner sorts every due row at each claim)
            Runnable repend = () -> {
                JdbcTestDatabases.execute(url, user, "UPDATE load_" + RUN.get()
                        + " SET state = 'PENDING', attempts = 0, next_attempt_at = 0, claim = NULL, lease_until = NULL");
                if (db.equals("postgresql")) {
                    JdbcTestDatabases.execute(url, user, "ANALYZE load_" + RUN.get());
                }
            };
            RUN.incrementAndGet();
            accept(db + " warm-up", outbox, Math.min(n, 3000), threads, clock, null);
            RUN.incrementAndGet();
            accept(db, outbox, n, threads, clock, db.equals("memory") ? null : repend);
            RUN.incrementAndGet();
            mixed(db, outbox, n, threads, clock);
        }
        System.exit(0);
    }

    private static Tracker tracker(Fake360 fake, Outbox outbox, Clock clock, int concurrency) {
        return Tracker.builder().endpoint(fake.endpoint()).clock(clock).jmx(false).maxConcurrency(concurrency)
                .credentials(Credentials.of(Account.SEARCH, KEY, SECRET, null)).pollInterval(Duration.ofMillis(50))
                .deduplicationCacheSize(1_000_000).outbox(outbox).build();
    }

    private static Fake360 fake() {
        return Fake360.builder().credentials(KEY, SECRET).start();
    }

    /** Reports n conversions from {@code threads} threads; returns per-call nanoseconds. */
    private static long[] report(Tracker tracker, int n, int threads, Clock clock) throws Exception {
        long[] nanos = new long[n];
        String run = "r" + RUN.get() + "x";
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                work.add(pool.submit(() -> {
                    for (int i = first; i < n; i += threads) {
                        Click click = Click.of(ProductLine.PC_SEARCH, run + i, clock.instant());
                        Conversion c = Conversion.builder(Event.SUBMIT).transIdFromOrderId(run + i).build();
                        long t0 = System.nanoTime();
                        TrackOutcome o = tracker.report(click, c);
                        nanos[i] = System.nanoTime() - t0;
                        if (!o.isQueued()) {
                            throw new IllegalStateException(o.toString());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return nanos;
    }

    /** The accept phase, then (with {@code repend}, which makes the rows pending again) the drain phases. */
    private static void accept(String label, Supplier<Outbox> outboxes, int n, int threads, Clock clock,
            Runnable repend) throws Exception {
        boolean drain = repend != null;
        Outbox outbox = outboxes.get();
        double acceptedPerSecond;
        long[] nanos;
        try (Fake360 hanging = fake()) {
            hanging.failAlways(Fault.stall(Duration.ofMinutes(5)));
            Tracker tracker = tracker(hanging, outbox, clock, 1);
            long t0 = System.nanoTime();
            nanos = report(tracker, n, threads, clock);
            acceptedPerSecond = n / ((System.nanoTime() - t0) / 1e9);
            tracker.close(Duration.ZERO); // closes the JDBC outbox; the rows stay
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%-20s accept: %8.0f conversions/s accepted; report() p50 %6.0f µs, "
                + "p99 %6.0f µs%n", label, acceptedPerSecond, nanos[n / 2] / 1e3, nanos[n * 99 / 100] / 1e3);
        if (!drain) {
            return;
        }
        for (int concurrency : new int[] {4, 16}) {
            try (Fake360 healthy = fake()) {
                repend.run();
                Outbox again = outboxes.get();
                Tracker tracker = tracker(healthy, again, clock, concurrency);
                long t0 = System.nanoTime();
                healthy.awaitAccepted(n, Duration.ofMinutes(10));
                double deliveredPerSecond = n / ((System.nanoTime() - t0) / 1e9);
                tracker.close(Duration.ZERO);
                System.out.printf(Locale.ROOT, "%-20s drain:  %8.0f conversions/s delivered (concurrency %d)%n",
                        label, deliveredPerSecond, concurrency);
            }
        }
    }

    private static void mixed(String label, Supplier<Outbox> outboxes, int n, int threads, Clock clock)
            throws Exception {
        try (Fake360 healthy = fake()) {
            Tracker tracker = tracker(healthy, outboxes.get(), clock, 16);
            long t0 = System.nanoTime();
            report(tracker, n, threads, clock);
            double acceptedPerSecond = n / ((System.nanoTime() - t0) / 1e9);
            healthy.awaitAccepted(n, Duration.ofMinutes(10));
            double deliveredPerSecond = n / ((System.nanoTime() - t0) / 1e9);
            tracker.close(Duration.ZERO);
            System.out.printf(Locale.ROOT, "%-20s mixed:  %8.0f conversions/s accepted while delivering; all "
                    + "delivered at %6.0f/s (concurrency 16)%n", label, acceptedPerSecond, deliveredPerSecond);
        }
    }
}
