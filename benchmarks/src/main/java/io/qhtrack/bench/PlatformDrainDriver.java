package io.qhtrack.bench;

import io.qhtrack.core.Click;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.DeliveryEvent;
import io.qhtrack.core.Event;
import io.qhtrack.core.Outboxes;
import io.qhtrack.core.RetryPolicy;
import io.qhtrack.core.Settings;
import io.qhtrack.core.Tracker;
import io.qhtrack.core.internal.Reports;
import io.qhtrack.core.spi.CredentialSet;
import io.qhtrack.core.spi.Line;
import io.qhtrack.core.spi.Outbox;
import io.qhtrack.core.spi.Platform;
import io.qhtrack.core.spi.Prepared;
import io.qhtrack.platform.baidu.Baidu;
import io.qhtrack.platform.tencent.Tencent;
import io.qhtrack.testkit.FakeBaidu;
import io.qhtrack.testkit.FakeTencent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntSupplier;
import javax.net.ssl.SSLContext;

/**
 * Draining a backlog of Baidu or Tencent conversions (issues 21 and 22): N conversions pending after an outage (put in
 * an in-memory outbox before the tracker starts), the fake answering every request after a latency over TLS, with the
 * default batch size (50) and with one conversion per request ({@code batch-size 1}), side by side. Tencent goes
 * through the engine's rate limiter ({@code qhtrack.tencent.rate}, 4000 requests per minute by default); the driver
 * prints the most requests FakeTencent received in any minute, and FakeTencent itself refuses (code 11017) what goes
 * beyond its own 4000 a minute.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.qhtrack.bench.PlatformDrainDriver 50000 50 50000 8000
 * </pre>
 * Arguments: N batched, the latency in ms, N for Baidu one per request, N for Tencent one per request.
 */
public final class PlatformDrainDriver {

    private static final String BAIDU_TOKEN = "drain-baidu-token";
    private static final String TENCENT_TOKEN = "drain-tencent-token";
    private static final long ACCOUNT_ID = 4242L;
    private static final long ACTION_SET_ID = 1100L;

    private PlatformDrainDriver() {
    }

    /** Entry point; see the class comment. */
    public static void main(String[] args) throws Exception {
        QuietLogs.apply();
        int n = arg(args, 0, 50_000);
        int latencyMs = arg(args, 1, 50);
        int baiduSingle = arg(args, 2, n);
        int tencentSingle = arg(args, 3, 8_000);
        List<String> rows = new ArrayList<>();
        rows.add(baidu(n, latencyMs, null));
        rows.add(baidu(baiduSingle, latencyMs, "1"));
        rows.add(tencent(n, latencyMs, null));
        rows.add(tencent(tencentSingle, latencyMs, "1"));
        System.out.println();
        System.out.println("| platform | batch-size | conversions | requests | seconds | conversions/s | requests/s "
                + "| most requests in any minute | refused |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static int arg(String[] args, int i, int otherwise) {
        return args.length > i ? Integer.parseInt(args[i]) : otherwise;
    }

    private static String baidu(int n, int latencyMs, String batchSize) throws Exception {
        try (FakeBaidu fake = FakeBaidu.builder().token(BAIDU_TOKEN).tls().latency(Duration.ofMillis(latencyMs))
                .start()) {
            Map<String, String> s = new HashMap<>();
            s.put("qhtrack.baidu.token", BAIDU_TOKEN);
            s.put("qhtrack.baidu.endpoint", fake.endpoint().toString());
            if (batchSize != null) {
                s.put("qhtrack.baidu.batch-size", batchSize);
            }
            String row = drain("baidu", new Baidu(), s, () -> fake.received().size(), fake.sslContext(), n, id -> Click.builder("baidu", id)
                    .landingUrl("https://shop.example.cn/landing?bd_vid=" + id).capturedAt(Instant.now()).build());
            List<Instant> at = new ArrayList<>();
            fake.received().forEach(r -> at.add(r.receivedAt()));
            return row + " | " + mostInAnyMinute(at) + " | " + fake.rejected().size() + " |";
        }
    }

    private static String tencent(int n, int latencyMs, String batchSize) throws Exception {
        try (FakeTencent fake = FakeTencent.builder().accessToken(TENCENT_TOKEN).accountId(ACCOUNT_ID)
                .userActionSetId(ACTION_SET_ID).domain("shop.example.cn").tls().latency(Duration.ofMillis(latencyMs))
                .start()) {
            Map<String, String> s = new HashMap<>();
            s.put("qhtrack.tencent.access-token", TENCENT_TOKEN);
            s.put("qhtrack.tencent.account-id", Long.toString(ACCOUNT_ID));
            s.put("qhtrack.tencent.user-action-set-id", Long.toString(ACTION_SET_ID));
            s.put("qhtrack.tencent.endpoint", fake.endpoint().toString());
            if (batchSize != null) {
                s.put("qhtrack.tencent.batch-size", batchSize);
            }
            String row = drain("tencent", new Tencent(), s, () -> fake.received().size(), fake.sslContext(), n, id -> Click.builder("tencent",
                    id).landingUrl("https://shop.example.cn/landing?gdt_vid=" + id).capturedAt(Instant.now()).build());
            List<Instant> at = new ArrayList<>();
            fake.received().forEach(r -> at.add(r.receivedAt()));
            return row + " | " + mostInAnyMinute(at) + " | " + fake.rejected().size() + " |";
        }
    }

    /** Fills an outbox with {@code n} leads, starts a tracker over it, and times the drain; the row's first cells. */
    private static String drain(String id, Platform unconfigured, Map<String, String> settingsMap, IntSupplier received,
            SSLContext tls, int n, Function<String, Click> click) throws Exception {
        Settings settings = Settings.of(settingsMap);
        Platform platform = unconfigured.configure(settings);
        CredentialSet credentials = platform.credentials(settings, Line.single()).orElseThrow();
        Outbox outbox = Outboxes.inMemory(n + 1);
        Instant now = Instant.now();
        Instant deadline = RetryPolicy.defaults().endOfNaturalDay(now).plus(Duration.ofDays(1));
        for (int i = 0; i < n; i++) {
            Prepared p = Reports.prepare(platform, click.apply(id + "drain" + i), Conversion.builder(Event.SUBMIT)
                    .transIdFromOrderId("lead-" + i).build(), (t, pl, l) -> java.util.Optional.of(credentials), now);
            outbox.add(p.upload(), now, deadline, Integer.MAX_VALUE);
        }
        CountDownLatch delivered = new CountDownLatch(n);
        long t0 = System.nanoTime();
        try (Tracker tracker = Tracker.builder().name("drain-" + id).settings(settings).sslContext(tls).outbox(outbox)
                .jmx(false).listener(e -> {
                    if (e.kind() == DeliveryEvent.Kind.DELIVERED) {
                        delivered.countDown();
                    }
                }).build()) {
            while (!delivered.await(200, TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() - t0 > TimeUnit.MINUTES.toNanos(10)) {
                    throw new IllegalStateException(id + " not drained in 10 minutes: " + tracker.metrics());
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            int requests = received.getAsInt();
            String batch = settingsMap.getOrDefault("qhtrack." + id + ".batch-size", "50 (default)");
            System.out.printf(Locale.ROOT, "%s, batch-size %s: %d conversions in %d requests, %.1f s = %.0f "
                    + "conversions/s, %.1f requests/s%n", id, batch, n, requests, seconds, n / seconds,
                    requests / seconds);
            return String.format(Locale.ROOT, "| %s | %s | %,d | %,d | %.1f | **%,.0f** | %.1f", id, batch, n,
                    requests, seconds, n / seconds, requests / seconds);
        }
    }

    /** The most instants of {@code at} within any 60 seconds. */
    private static int mostInAnyMinute(List<Instant> at) {
        List<Instant> sorted = new ArrayList<>(at);
        sorted.sort(null);
        int most = 0;
        int start = 0;
        for (int end = 0; end < sorted.size(); end++) {
            while (!sorted.get(start).isAfter(sorted.get(end).minusSeconds(60))) {
                start++;
            }
            most = Math.max(most, end - start + 1);
        }
        return most;
    }
}
