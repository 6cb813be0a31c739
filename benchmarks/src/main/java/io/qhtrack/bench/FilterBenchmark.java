package io.qhtrack.bench;

import io.qhtrack.core.Settings;
import io.qhtrack.filter.BenchmarkFilters;
import io.qhtrack.filter.ClickIdCaptureFilter;
import io.qhtrack.platform.baidu.Baidu;
import io.qhtrack.platform.tencent.Tencent;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What {@link ClickIdCaptureFilter} costs per request, against a pass-through filter (the floor) and a naive filter
 * that calls {@code getParameter} for the three names (what public integrations do), on in-process fakes: no
 * container, no network, so the numbers are the filters' own work.
 *
 * <ul>
 *   <li>{@code *NoClick}: a typical landing query without click parameters (the hot path of every request);</li>
 *   <li>{@code qhtrackNoClickWithId}: the same with {@code &id=1024} added, a name ending in {@code d} as the three
 *       click parameters' names do;</li>
 *   <li>{@code qhtrackNoQuery}: no query string at all;</li>
 *   <li>{@code *Capture}: a search click arriving, no cookie yet: qhtrack decodes, validates, builds and adds the
 *       {@code Set-Cookie} header;</li>
 *   <li>{@code qhtrackSameClick}: the same click again with its cookie: qhtrack parses the cookie, finds the same
 *       click, writes nothing;</li>
 *   <li>{@code allPlatforms*}: the same with Baidu and Tencent on as well ({@code bd_vid}, {@code gdt_vid},
 *       {@code qz_gdt}: names ending in {@code d} and {@code t}); {@code allPlatformsNoClickWithFormat} adds
 *       {@code &format=json}, a name ending in {@code t}; {@code allPlatformsCaptureBaidu} captures a {@code bd_vid}
 *       click with its landing URL.</li>
 * </ul>
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar FilterBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FilterBenchmark {

    static final String NO_CLICK_QUERY = "utm_source=360&utm_medium=cpc&utm_campaign=%E6%98%A5%E5%AD%A3&kw=%E9%B2%9C"
            + "%E8%8A%B1&page=2";
    /** No click either, but a parameter whose name ends in {@code d} (as {@code qhclickid} and the others do). */
    static final String NO_CLICK_ID_QUERY = NO_CLICK_QUERY + "&id=1024";
    static final String CLICK_QUERY = NO_CLICK_QUERY + "&qhclickid=8817632001234567890";
    /** No click either, but a parameter whose name ends in {@code t} (as Tencent's {@code qz_gdt} does). */
    static final String NO_CLICK_FORMAT_QUERY = NO_CLICK_QUERY + "&format=json";
    static final String BAIDU_CLICK_QUERY = NO_CLICK_QUERY + "&bd_vid=Bd2025abcdef0123456789";
    static final String USER_AGENT = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";

    private final Filter passThrough = new PassThroughFilter();
    private final Filter naive = new NaiveGetParameterFilter();
    private final ClickIdCaptureFilter qhtrack = new ClickIdCaptureFilter();
    private final ClickIdCaptureFilter allPlatforms = BenchmarkFilters.capturing(List.of(
            new Baidu().configure(Settings.of(Map.of("qhtrack.baidu.token", "t"))),
            new Tencent().configure(Settings.of(Map.of("qhtrack.tencent.access-token", "t",
                    "qhtrack.tencent.account-id", "1", "qhtrack.tencent.user-action-set-id", "2")))));

    private FakeRequest noClick;
    private FakeRequest noClickWithId;
    private FakeRequest noQuery;
    private FakeRequest click;
    private FakeRequest sameClick;
    private FakeRequest noClickWithFormat;
    private FakeRequest baiduClick;
    private FakeResponse response;
    private Chain chain;

    /** The end of the chain: hands the request to the blackhole, as the application would use it. */
    static final class Chain implements FilterChain {
        private final Blackhole blackhole;

        Chain(Blackhole blackhole) {
            this.blackhole = blackhole;
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response) {
            blackhole.consume(request);
        }
    }

    @Setup(Level.Trial)
    public void setUp(Blackhole blackhole) throws ServletException, IOException {
        FakeServletContext context = new FakeServletContext(Map.of());
        qhtrack.init(new FakeFilterConfig(context, Map.of()));
        allPlatforms.init(new FakeFilterConfig(new FakeServletContext(Map.of()), Map.of()));
        noClickWithFormat = new FakeRequest(context, "/landing", NO_CLICK_FORMAT_QUERY).header("User-Agent",
                USER_AGENT);
        baiduClick = new FakeRequest(context, "/landing", BAIDU_CLICK_QUERY).header("User-Agent", USER_AGENT);
        noClick = new FakeRequest(context, "/landing", NO_CLICK_QUERY).header("User-Agent", USER_AGENT);
        noClickWithId = new FakeRequest(context, "/landing", NO_CLICK_ID_QUERY).header("User-Agent", USER_AGENT);
        noQuery = new FakeRequest(context, "/landing", null).header("User-Agent", USER_AGENT);
        click = new FakeRequest(context, "/landing", CLICK_QUERY).header("User-Agent", USER_AGENT);
        response = new FakeResponse();
        chain = new Chain(blackhole);
        // the cookie the capture path writes, sent back
        qhtrack.doFilter(click, response, chain);
        String setCookie = response.headerLines().stream().filter(h -> h.startsWith("Set-Cookie: ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no Set-Cookie in " + response.headerLines()));
        String cookie = setCookie.substring("Set-Cookie: ".length(), setCookie.indexOf(';'));
        sameClick = new FakeRequest(context, "/landing", CLICK_QUERY).header("User-Agent", USER_AGENT)
                .header("Cookie", "_ga=GA1.3.1234567890.1735689600; " + cookie + "; lang=zh-CN");
        click.recycle();
        response.recycle();
    }

    private void run(Filter filter, FakeRequest request) throws IOException, ServletException {
        request.recycle();
        response.recycle();
        filter.doFilter(request, response, chain);
    }

    @Benchmark
    public void baselineNoClick() throws IOException, ServletException {
        run(passThrough, noClick);
    }

    @Benchmark
    public void naiveGetParameterNoClick() throws IOException, ServletException {
        run(naive, noClick);
    }

    @Benchmark
    public void qhtrackNoClick() throws IOException, ServletException {
        run(qhtrack, noClick);
    }

    @Benchmark
    public void qhtrackNoClickWithId() throws IOException, ServletException {
        run(qhtrack, noClickWithId);
    }

    @Benchmark
    public void qhtrackNoQuery() throws IOException, ServletException {
        run(qhtrack, noQuery);
    }

    @Benchmark
    public void naiveGetParameterCapture() throws IOException, ServletException {
        run(naive, click);
    }

    @Benchmark
    public void qhtrackCapture() throws IOException, ServletException {
        run(qhtrack, click);
    }

    @Benchmark
    public void qhtrackSameClick() throws IOException, ServletException {
        run(qhtrack, sameClick);
    }

    @Benchmark
    public void allPlatformsNoClick() throws IOException, ServletException {
        run(allPlatforms, noClick);
    }

    @Benchmark
    public void allPlatformsNoClickWithId() throws IOException, ServletException {
        run(allPlatforms, noClickWithId);
    }

    @Benchmark
    public void allPlatformsNoClickWithFormat() throws IOException, ServletException {
        run(allPlatforms, noClickWithFormat);
    }

    @Benchmark
    public void allPlatformsCaptureBaidu() throws IOException, ServletException {
        run(allPlatforms, baiduClick);
    }
}
