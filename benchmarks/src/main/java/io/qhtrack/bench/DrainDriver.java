package io.qhtrack.bench;

import static io.qhtrack.core.Origin.SERVER;

import io.qhtrack.core.Account;
import io.qhtrack.core.Click;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Credentials;
import io.qhtrack.core.DeliveryEvent;
import io.qhtrack.core.Event;
import io.qhtrack.core.spi.Outbox;
import io.qhtrack.core.Outboxes;
import io.qhtrack.core.OutboxState;
import io.qhtrack.core.ProductLine;
import io.qhtrack.core.RetryPolicy;
import io.qhtrack.core.Tracker;
import io.qhtrack.core.internal.Reports;
import io.qhtrack.core.spi.PlatformUpload;
import io.qhtrack.platform.qihoo360.Qihoo360;
import io.qhtrack.testkit.Fake360;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocketFactory;

/**
 * Delivery at peak, against Fake360 over TLS with an injected latency (issue 15):
 *
 * <ul>
 *   <li>{@code drain}: N conversions pending after an outage (put in the outbox before the tracker starts), delivered
 *       with the default delivery settings; then the same kind of conversion sent the way public integrations do
 *       (synchronously, a new TLS connection each), for as long as it takes to send M of them; rates compared.</li>
 *   <li>{@code steady}: the site converts at R per second for S seconds while 360 answers in L ms; the backlog
 *       (pending entries) is sampled every second.</li>
 * </ul>
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.qhtrack.bench.DrainDriver drain 50000 50 300
 * java -cp benchmarks/target/benchmarks.jar io.qhtrack.bench.DrainDriver steady 100 60 200
 * </pre>
 */
public final class DrainDriver {

    private static final String KEY = "drain-key";
    private static final String SECRET = "drain-secret";
    private static final Credentials CREDENTIALS = Credentials.of(Account.SEARCH, KEY, SECRET, null);

    private DrainDriver() {
    }

    /** Entry point; see the class comment. */
    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "drain";
        if (mode.equals("drain")) {
            drain(arg(args, 1, 50_000), arg(args, 2, 50), arg(args, 3, 300));
        } else {
            steady(arg(args, 1, 100), arg(args, 2, 60), arg(args, 3, 200));
        }
    }

    private static int arg(String[] args, int i, int otherwise) {
        return args.length > i ? Integer.parseInt(args[i]) : otherwise;
    }

    private static void drain(int n, int latencyMs, int baselineCount) throws Exception {
        try (Fake360 fake = Fake360.builder().credentials(KEY, SECRET).tls().latency(Duration.ofMillis(latencyMs))
                .start()) {
            Outbox outbox = Outboxes.inMemory(n + 1);
            Instant now = Instant.now();
            Instant deadline = RetryPolicy.defaults().endOfNaturalDay(now);
            for (int i = 0; i < n; i++) {
                outbox.add(upload("drain" + i, now), now, deadline, Integer.MAX_VALUE);
            }
            CountDownLatch delivered = new CountDownLatch(n);
            AtomicInteger maxLimit = new AtomicInteger();
            long cpu0 = DeliveryDriver.processCpuNanos();
            long t0 = System.nanoTime();
            try (Tracker tracker = Tracker.builder().name("drain").endpoint(fake.endpoint())
                    .sslContext(fake.sslContext()).credentials(CREDENTIALS).outbox(outbox).jmx(false)
                    .listener(e -> {
                        if (e.kind() == DeliveryEvent.Kind.DELIVERED) {
                            delivered.countDown();
                        }
                    }).build()) {
                while (!delivered.await(200, TimeUnit.MILLISECONDS)) {
                    maxLimit.accumulateAndGet(tracker.metrics().getConcurrencyLimit(), Math::max);
                    if (System.nanoTime() - t0 > TimeUnit.MINUTES.toNanos(20)) {
                        throw new IllegalStateException("not drained in 20 minutes: " + tracker.metrics());
                    }
                }
                long nanos = System.nanoTime() - t0;
                long cpu = DeliveryDriver.processCpuNanos() - cpu0;
                double rate = n / (nanos / 1e9);
                System.out.printf(Locale.ROOT, "qhtrack: %d pending conversions drained in %.1f s = %.0f uploads/s "
                        + "(TLS, %d ms latency; concurrency limit reached %d of %d; CPU %.0f µs per upload; "
                        + "http.maxConnections=%s)%n", n, nanos / 1e9, rate, latencyMs, maxLimit.get(),
                        Tracker.DEFAULT_MAX_CONCURRENCY, cpu / 1e3 / n,
                        System.getProperty("http.maxConnections", "5 (JDK default)"));
                fake.clear();

                SSLSocketFactory tls = fake.sslContext().getSocketFactory();
                long b0 = System.nanoTime();
                for (int i = 0; i < baselineCount; i++) {
                    if (!NaiveIntegration.upload(fake.endpoint(), tls, KEY, SECRET, "naive" + i, "naive-" + i)) {
                        throw new IllegalStateException("the naive upload was refused");
                    }
                }
                long baselineNanos = System.nanoTime() - b0;
                double baselineRate = baselineCount / (baselineNanos / 1e9);
                System.out.printf(Locale.ROOT, "baseline: %d synchronous uploads, a new TLS connection each, in %.1f s "
                        + "= %.1f uploads/s; 50,000 would take %.0f s%n", baselineCount, baselineNanos / 1e9,
                        baselineRate, n / baselineRate);
                System.out.printf(Locale.ROOT, "ratio qhtrack / baseline: %.1f×%n", rate / baselineRate);
            }
        }
    }

    private static void steady(int perSecond, int seconds, int latencyMs) throws Exception {
        try (Fake360 fake = Fake360.builder().credentials(KEY, SECRET).tls().latency(Duration.ofMillis(latencyMs))
                .start();
                Tracker tracker = Tracker.builder().name("steady").endpoint(fake.endpoint())
                        .sslContext(fake.sslContext()).credentials(CREDENTIALS).jmx(false).build()) {
            ScheduledExecutorService site = Executors.newSingleThreadScheduledExecutor();
            AtomicLong sequence = new AtomicLong();
            long periodNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
            site.scheduleAtFixedRate(() -> {
                long i = sequence.incrementAndGet();
                tracker.report(Click.of(ProductLine.PC_SEARCH, "steady" + i, Instant.now()),
                        Conversion.builder(Event.SUBMIT).transId("steady-" + i).build());
            }, 0, periodNanos, TimeUnit.NANOSECONDS);
            long maxBacklog = 0;
            StringBuilder samples = new StringBuilder();
            for (int s = 1; s <= seconds; s++) {
                Thread.sleep(1000); // sampling a real-time load once a second
                long backlog = tracker.outbox().counts().get(OutboxState.PENDING);
                maxBacklog = Math.max(maxBacklog, backlog);
                samples.append(s % 10 == 0 ? backlog + "\n" : backlog + " ");
            }
            site.shutdownNow();
            System.out.printf(Locale.ROOT, "steady: %d conversions/s for %d s, 360 answering in %d ms over TLS: "
                    + "reported %d, delivered %d, backlog max %d, at the end %d; concurrency limit %d of %d%n"
                    + "backlog each second:%n%s%n", perSecond, seconds, latencyMs, sequence.get(),
                    tracker.metrics().getDelivered(), maxBacklog, tracker.outbox().counts().get(OutboxState.PENDING),
                    tracker.metrics().getConcurrencyLimit(), Tracker.DEFAULT_MAX_CONCURRENCY, samples);
        }
    }

    private static PlatformUpload upload(String clickId, Instant now) {
        return Reports.prepare(new Qihoo360(), Click.of(ProductLine.PC_SEARCH, clickId, now),
                Conversion.builder(Event.SUBMIT).transId("t-" + clickId).build(),
                (tenant, platform, line) -> java.util.Optional.of(CREDENTIALS.toCredentialSet()), now).upload();
    }
}
