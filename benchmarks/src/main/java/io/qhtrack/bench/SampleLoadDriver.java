package io.qhtrack.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sample shop under concurrent lead-form POSTs (issue 15): {@code C} visitors, each landing on the page and then
 * posting {@code /lead} as fast as the server answers, for {@code S} seconds: first without a 360 click (the handler
 * runs, nothing is reported), then with one (each POST also reports a {@code SUBMIT} to the durable outbox), in
 * alternating rounds. Only the POST is timed. Prints the median and p99 of each and the difference of the medians:
 * what reporting adds to the visitor's POST.
 *
 * <p>Each lead comes from a visitor of its own (a new landing, with a new click id when there is one), as on a site
 * where each conversion is a different person's; the sample runs with its defaults (JDBC outbox on an H2 file):
 *
 * <pre>
 * PORT=18090 java -jar sample-webapp/target/sample-webapp.jar &amp;
 * java -cp benchmarks/target/benchmarks.jar io.qhtrack.bench.SampleLoadDriver http://127.0.0.1:18090 16 10 3
 * </pre>
 */
public final class SampleLoadDriver {

    private SampleLoadDriver() {
    }

    /** Arguments: base URL, concurrent visitors, seconds per round, rounds. */
    public static void main(String[] args) throws Exception {
        URI base = URI.create(args.length > 0 ? args[0] : "http://127.0.0.1:18090");
        int visitors = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        long[] withoutAll = new long[0];
        long[] withAll = new long[0];
        for (int r = 1; r <= rounds; r++) {
            long[] without = round(base, visitors, seconds, false, "n" + r);
            long[] with = round(base, visitors, seconds, true, "c" + r);
            System.out.printf(Locale.ROOT, "round %d, %d visitors: without a click median %.2f ms p99 %.2f ms (%d POSTs);"
                    + " with a click median %.2f ms p99 %.2f ms (%d POSTs); difference of medians %+.2f ms%n", r, visitors,
                    ms(percentile(without, 50)), ms(percentile(without, 99)), without.length,
                    ms(percentile(with, 50)), ms(percentile(with, 99)), with.length,
                    ms(percentile(with, 50) - percentile(without, 50)));
            withoutAll = concat(withoutAll, without);
            withAll = concat(withAll, with);
        }
        System.out.printf(Locale.ROOT, "all rounds, %d visitors: without a click median %.2f ms p99 %.2f ms; with a click "
                + "median %.2f ms p99 %.2f ms; the report adds %+.2f ms to the median POST%n", visitors,
                ms(percentile(withoutAll, 50)), ms(percentile(withoutAll, 99)), ms(percentile(withAll, 50)),
                ms(percentile(withAll, 99)), ms(percentile(withAll, 50) - percentile(withoutAll, 50)));
    }

    /** Lands, with a search click id when given one; returns the click cookie the filter set, or null. */
    private static String land(URI base, String clickId) throws IOException {
        URI page = base.resolve(clickId == null ? "/?utm_source=360" : "/?utm_source=360&qhclickid=" + clickId);
        HttpURLConnection c = (HttpURLConnection) page.toURL().openConnection();
        c.setInstanceFollowRedirects(false);
        drain(c);
        for (String header : c.getHeaderFields().getOrDefault("Set-Cookie", new ArrayList<>())) {
            if (header.startsWith("qhtrack_click=")) {
                return header.substring(0, header.indexOf(';'));
            }
        }
        if (clickId != null) {
            throw new IllegalStateException("no click cookie after landing: " + c.getHeaderFields());
        }
        return null;
    }

    private static final AtomicLong CLICK_IDS = new AtomicLong(8_817_632_001_234_500_000L);

    private static long[] round(URI base, int visitors, int seconds, boolean withClick, String tag) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(visitors);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong sequence = new AtomicLong();
        List<Future<long[]>> results = new ArrayList<>();
        for (int v = 0; v < visitors; v++) {
            int visitor = v;
            results.add(pool.submit(() -> {
                long[] nanos = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < end && n < nanos.length) {
                    String cookie = land(base, withClick ? Long.toString(CLICK_IDS.incrementAndGet()) : null);
                    String name = "load-" + tag + "-" + visitor + "-" + sequence.incrementAndGet();
                    long t0 = System.nanoTime();
                    postLead(base, cookie, name);
                    nanos[n++] = System.nanoTime() - t0;
                }
                return Arrays.copyOf(nanos, n);
            }));
        }
        long[] all = new long[0];
        for (Future<long[]> f : results) {
            all = concat(all, f.get());
        }
        pool.shutdown();
        Arrays.sort(all);
        return all;
    }

    private static void postLead(URI base, String cookie, String name) throws IOException {
        HttpURLConnection c = (HttpURLConnection) base.resolve("/lead").toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setInstanceFollowRedirects(false);
        c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
        if (cookie != null) {
            c.setRequestProperty("Cookie", cookie);
        }
        byte[] body = ("name=" + URLEncoder.encode(name, "UTF-8") + "&phone=13800138000").getBytes(StandardCharsets.UTF_8);
        c.setFixedLengthStreamingMode(body.length);
        try (OutputStream out = c.getOutputStream()) {
            out.write(body);
        }
        int status = drain(c);
        if (status >= 400) {
            throw new IllegalStateException("POST /lead answered " + status);
        }
    }

    private static int drain(HttpURLConnection c) throws IOException {
        int status = c.getResponseCode();
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
            byte[] buffer = new byte[8192];
            while (in != null && in.read(buffer) > 0) {
                // read to the end, so that the connection is kept alive for the next POST
            }
        }
        return status;
    }

    private static long percentile(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static long[] concat(long[] a, long[] b) {
        long[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        Arrays.sort(c);
        return c;
    }
}
