package io.qhtrack.bench;

import io.qhtrack.filter.ConversionTriggerFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletException;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What {@link ConversionTriggerFilter} costs on a request it does not report (every page view of a site), against a
 * pass-through filter, on in-process fakes. The filter is registered in every web application that has the jar, so
 * this is paid by almost every request:
 *
 * <ul>
 *   <li>{@code triggerUnconfigured}: no {@code qhtrack.triggers}, no annotated servlet (the default);</li>
 *   <li>{@code triggerOtherMethod}: {@code qhtrack.triggers=POST /lead=SUBMIT, POST /order/*=ORDER} and a
 *       {@code GET} of a landing page;</li>
 *   <li>{@code triggerOtherPath}: the same triggers and a {@code POST} to a path none of them names.</li>
 * </ul>
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar TriggerFilterBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TriggerFilterBenchmark {

    static final String TRIGGERS = "POST /lead=SUBMIT, POST /order/*=ORDER";

    private final Filter passThrough = new PassThroughFilter();
    private final ConversionTriggerFilter unconfigured = new ConversionTriggerFilter();
    private final ConversionTriggerFilter configured = new ConversionTriggerFilter();

    private FakeRequest page;
    private FakeRequest otherPost;
    private FakeResponse response;
    private FilterBenchmark.Chain chain;

    @Setup(Level.Trial)
    public void setUp(Blackhole blackhole) throws ServletException {
        FakeServletContext context = new FakeServletContext(Map.of());
        unconfigured.init(new FakeFilterConfig(context, Map.of()));
        configured.init(new FakeFilterConfig(context, Map.of("qhtrack.triggers", TRIGGERS)));
        page = new FakeRequest(context, "/landing", FilterBenchmark.NO_CLICK_QUERY);
        otherPost = new FakeRequest(context, "/contact", null).method("POST");
        response = new FakeResponse();
        chain = new FilterBenchmark.Chain(blackhole);
    }

    private void run(Filter filter, FakeRequest request) throws IOException, ServletException {
        request.recycle();
        response.recycle();
        filter.doFilter(request, response, chain);
    }

    @Benchmark
    public void baselinePassThrough() throws IOException, ServletException {
        run(passThrough, page);
    }

    @Benchmark
    public void triggerUnconfigured() throws IOException, ServletException {
        run(unconfigured, page);
    }

    @Benchmark
    public void triggerOtherMethod() throws IOException, ServletException {
        run(configured, page);
    }

    @Benchmark
    public void triggerOtherPath() throws IOException, ServletException {
        run(configured, otherPost);
    }
}
