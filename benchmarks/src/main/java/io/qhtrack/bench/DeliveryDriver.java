package io.qhtrack.bench;

import io.qhtrack.core.Account;
import io.qhtrack.core.Click;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Credentials;
import io.qhtrack.core.DeliveryEvent;
import io.qhtrack.core.Event;
import io.qhtrack.core.spi.Outbox;
import io.qhtrack.core.Outboxes;
import io.qhtrack.core.ProductLine;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.core.Tracker;
import io.qhtrack.platform.qihoo360.Upload;
import io.qhtrack.platform.qihoo360.UploadClient;
import io.qhtrack.platform.qihoo360.UploadResult;
import io.qhtrack.testkit.Fake360;
import io.qhtrack.testkit.Fault;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivery to Fake360 over loopback, qhtrack's dispatcher against the synchronous upload of public integrations
 * ({@link NaiveIntegration}: a new {@code HttpURLConnection} per conversion, in the request thread).
 *
 * <ol>
 *   <li><b>Throughput, healthy 360.</b> qhtrack: one thread reports {@code --conversions} conversions as fast as it
 *       can (in-memory outbox), and the clock stops when the dispatcher has had the last one accepted; uploads/s for
 *       each {@code --concurrency} (the tracker's {@code maxConcurrency}). Synchronous: the same number uploaded by
 *       {@code --sync-threads} request threads.</li>
 *   <li><b>360 answering in {@code --stall-ms}.</b> The delay a visitor's form submission suffers: qhtrack's
 *       {@code report} latency vs. the synchronous upload's, over {@code --slow} conversions each; and how long the
 *       dispatcher then needs to deliver them.</li>
 * </ol>
 *
 * <p>Everything (Fake360, the tracker's dispatcher and its HTTP client, the reporting threads) shares this
 * machine's cores; the throughput lines give the JVM's CPU time per upload (Fake360's share included, the same
 * for both). Bounded: a few thousand uploads and a few seconds per phase.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.qhtrack.bench.DeliveryDriver}.
 */
public final class DeliveryDriver {

    private static final Click CLICK = Click.of(ProductLine.PC_SEARCH, ReportBenchmark.CLICK_ID, Instant.now());
    private static final AtomicLong TRANS_IDS = new AtomicLong();

    private DeliveryDriver() {
    }

    public static void main(String[] args) throws Exception {
        QuietLogs.apply();
        int conversions = 5000;
        int[] concurrencies = {4, 16};
        int[] syncThreads = {1, 4};
        int stallMillis = 200;
        int slow = 40;
        for (int i = 0; i < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--conversions" -> conversions = Integer.parseInt(value);
                case "--concurrency" -> concurrencies = ints(value);
                case "--sync-threads" -> syncThreads = ints(value);
                case "--stall-ms" -> stallMillis = Integer.parseInt(value);
                case "--slow" -> slow = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        try (Fake360 fake = Fake360.builder().credentials(ReportBenchmark.KEY, ReportBenchmark.SECRET).start()) {
            System.out.println("# warm-up (not reported)");
            for (int round = 0; round < 2; round++) {
                qhtrackThroughput(fake, 2000, 4, false);
                synchronousThroughput(fake, 2000, 4, false);
            }
            System.out.printf(Locale.ROOT, "%n# one upload at a time to a healthy Fake360, %d uploads%n", conversions / 2);
            sequentialLatency(fake, conversions / 2);

            System.out.printf(Locale.ROOT, "%n# throughput to a healthy Fake360, %d conversions%n", conversions);
            for (int c : concurrencies) {
                qhtrackThroughput(fake, conversions, c, true);
            }
            for (int t : syncThreads) {
                synchronousThroughput(fake, conversions, t, true);
            }

            System.out.printf(Locale.ROOT, "%n# Fake360 answering in %d ms, %d conversions%n", stallMillis, slow);
            fake.failAlways(Fault.stall(Duration.ofMillis(stallMillis)));
            for (int c : concurrencies) {
                qhtrackSlow(fake, slow, c);
            }
            synchronousSlow(fake, slow);
            fake.healthy();
        }
    }

    private static int[] ints(String list) {
        return Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static Tracker tracker(Fake360 fake, int concurrency, CountDownLatch delivered) {
        Tracker tracker = Tracker.builder().endpoint(fake.endpoint()).credentials(ReportBenchmark.CREDENTIALS)
                .jmx(false).maxConcurrency(concurrency).outbox(Outboxes.inMemory(1_000_000)).build();
        tracker.addListener(event -> {
            if (event.kind() == DeliveryEvent.Kind.DELIVERED) {
                delivered.countDown();
            } else {
                System.out.println("unexpected delivery event: " + event.kind() + " " + event.verdict());
            }
        });
        return tracker;
    }

    private static Conversion nextConversion() {
        return Conversion.builder(Event.SUBMIT).transId("lead-" + TRANS_IDS.incrementAndGet()).build();
    }

    /**
     * One upload at a time, timed from the call to the classified answer: qhtrack's {@link UploadClient}
     * ({@code HttpURLConnection} on a kept-alive connection, fixed-length streaming, timeouts, bounded answer)
     * against the naive {@code HttpURLConnection} on a new connection. Explains the throughput figures: the
     * per-upload cost of the transport. (Before a streaming POST goes on a kept-alive connection, the JDK checks
     * that the server has not closed it, with a read of up to 1 ms; a new connection skips that check.)
     */
    private static void sequentialLatency(Fake360 fake, int n) {
        fake.clear();
        Map<Account, Credentials> credentials = Map.of(Account.SEARCH, ReportBenchmark.CREDENTIALS);
        long[] clientNanos = new long[n];
        long[] naiveNanos = new long[n];
        try (UploadClient client = UploadClient.builder().endpoint(fake.endpoint()).build()) {
            for (int round = 0; round < 2; round++) { // the first round warms up
                for (int i = 0; i < n; i++) {
                    Upload upload = Upload.prepare(CLICK, nextConversion(), credentials,
                            Instant.now()).upload();
                    long t0 = System.nanoTime();
                    UploadResult result = client.send(client.sign(upload, ReportBenchmark.CREDENTIALS));
                    clientNanos[i] = System.nanoTime() - t0;
                    if (!result.isDelivered()) {
                        throw new IllegalStateException("not delivered: " + result);
                    }
                    t0 = System.nanoTime();
                    if (!NaiveIntegration.upload(fake.endpoint(), ReportBenchmark.KEY, ReportBenchmark.SECRET,
                            ReportBenchmark.CLICK_ID, "lead-" + TRANS_IDS.incrementAndGet())) {
                        throw new IllegalStateException("Fake360 refused a synchronous upload");
                    }
                    naiveNanos[i] = System.nanoTime() - t0;
                }
                fake.clear();
            }
        }
        System.out.println("qhtrack UploadClient.send (sign + send + classify), one at a time: " + summary(clientNanos));
        System.out.println("synchronous HttpURLConnection upload, one at a time:               " + summary(naiveNanos));
    }

    private static void qhtrackThroughput(Fake360 fake, int n, int concurrency, boolean print)
            throws InterruptedException {
        fake.clear();
        CountDownLatch delivered = new CountDownLatch(n);
        long[] reportNanos = new long[n];
        Tracker tracker = tracker(fake, concurrency, delivered);
        try {
            long cpu = processCpuNanos();
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                TrackOutcome outcome = tracker.report(CLICK, nextConversion());
                reportNanos[i] = System.nanoTime() - t0;
                if (outcome.status() != TrackOutcome.Status.QUEUED) {
                    throw new IllegalStateException("not queued: " + outcome);
                }
            }
            long reported = System.nanoTime();
            if (!delivered.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException(delivered.getCount() + " of " + n + " not delivered in 5 minutes");
            }
            long end = System.nanoTime();
            cpu = processCpuNanos() - cpu;
            int accepted = fake.accepted().size();
            if (print) {
                System.out.printf(Locale.ROOT, "qhtrack dispatcher, maxConcurrency %2d: %8.0f uploads/s (%d in %.2f s; "
                        + "accepted by Fake360: %d; JVM CPU %.0f µs per upload); report() while it delivers: %s; all "
                        + "reported after %.1f ms%n", concurrency, n / seconds(end - start), n, seconds(end - start),
                        accepted, cpu / 1e3 / n, summary(reportNanos), (reported - start) / 1e6);
            }
        } finally {
            tracker.close(Duration.ofSeconds(5));
        }
    }

    private static void synchronousThroughput(Fake360 fake, int n, int threads, boolean print) throws Exception {
        fake.clear();
        long[] uploadNanos = new long[n];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> work = new ArrayList<>();
            long cpu = processCpuNanos();
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                int first = t;
                int step = threads;
                work.add(pool.submit(() -> {
                    for (int i = first; i < n; i += step) {
                        long t0 = System.nanoTime();
                        if (!NaiveIntegration.upload(fake.endpoint(), ReportBenchmark.KEY, ReportBenchmark.SECRET,
                                ReportBenchmark.CLICK_ID, "lead-" + TRANS_IDS.incrementAndGet())) {
                            throw new IllegalStateException("Fake360 refused a synchronous upload");
                        }
                        uploadNanos[i] = System.nanoTime() - t0;
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
            long end = System.nanoTime();
            cpu = processCpuNanos() - cpu;
            if (print) {
                System.out.printf(Locale.ROOT, "synchronous HttpURLConnection, %2d request thread(s): %8.0f uploads/s "
                        + "(%d in %.2f s; accepted by Fake360: %d; JVM CPU %.0f µs per upload); each request waits: "
                        + "%s%n", threads, n / seconds(end - start), n, seconds(end - start), fake.accepted().size(),
                        cpu / 1e3 / n, summary(uploadNanos));
            }
        } finally {
            pool.shutdown();
        }
    }

    private static void qhtrackSlow(Fake360 fake, int n, int concurrency) throws InterruptedException {
        fake.clear();
        CountDownLatch delivered = new CountDownLatch(n);
        long[] reportNanos = new long[n];
        Tracker tracker = tracker(fake, concurrency, delivered);
        try {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                TrackOutcome outcome = tracker.report(CLICK, nextConversion());
                reportNanos[i] = System.nanoTime() - t0;
                if (outcome.status() != TrackOutcome.Status.QUEUED) {
                    throw new IllegalStateException("not queued: " + outcome);
                }
            }
            if (!delivered.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException(delivered.getCount() + " of " + n + " not delivered in 5 minutes");
            }
            long end = System.nanoTime();
            System.out.printf(Locale.ROOT, "qhtrack, maxConcurrency %2d: the visitor waits %s; all %d delivered after "
                    + "%.2f s (%.1f uploads/s)%n", concurrency, summary(reportNanos), n, seconds(end - start),
                    n / seconds(end - start));
        } finally {
            tracker.close(Duration.ofSeconds(5));
        }
    }

    private static void synchronousSlow(Fake360 fake, int n) {
        fake.clear();
        long[] uploadNanos = new long[n];
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            if (!NaiveIntegration.upload(fake.endpoint(), ReportBenchmark.KEY, ReportBenchmark.SECRET,
                    ReportBenchmark.CLICK_ID, "lead-" + TRANS_IDS.incrementAndGet())) {
                throw new IllegalStateException("Fake360 refused a synchronous upload");
            }
            uploadNanos[i] = System.nanoTime() - t0;
        }
        long end = System.nanoTime();
        System.out.printf(Locale.ROOT, "synchronous HttpURLConnection, 1 request thread: the visitor waits %s; all %d "
                + "delivered after %.2f s (%.1f uploads/s)%n", summary(uploadNanos), n, seconds(end - start),
                n / seconds(end - start));
    }

    /** CPU time of the whole JVM (every thread: Fake360's too), or 0 where the platform does not say. */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime());
        }
        return 0;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** Median, 99th percentile and maximum of latencies, in µs or ms. */
    static String summary(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return "median " + time(sorted[sorted.length / 2]) + ", p99 "
                + time(sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)]) + ", max "
                + time(sorted[sorted.length - 1]);
    }

    private static String time(long nanos) {
        return nanos >= 1_000_000 ? String.format(Locale.ROOT, "%.1f ms", nanos / 1e6)
                : String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
    }
}
