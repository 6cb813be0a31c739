package io.qhtrack.bench;

import static io.qhtrack.core.Origin.SERVER;

import io.qhtrack.core.Account;
import io.qhtrack.core.Click;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Credentials;
import io.qhtrack.core.Event;
import io.qhtrack.core.jdbc.JdbcOutbox;
import io.qhtrack.core.spi.Outbox;
import io.qhtrack.core.Outboxes;
import io.qhtrack.core.ProductLine;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.core.Tracker;
import io.qhtrack.core.internal.Reports;
import io.qhtrack.core.spi.CredentialResolver;
import io.qhtrack.core.spi.PlatformUpload;
import io.qhtrack.platform.qihoo360.Qihoo360;
import io.qhtrack.testkit.Fake360;
import io.qhtrack.testkit.Fault;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The request-thread cost of reporting one conversion: what the visitor's form submission waits for. Each call builds
 * a fresh {@code SUBMIT} with its own {@code trans_id} (as the application would) and hands it to
 * {@link Tracker#report(Click, Conversion)}, which prepares, de-duplicates and stores it in the outbox, then returns.
 *
 * <ul>
 *   <li>{@code qhtrackInMemory}: in-memory outbox, 360 (Fake360) stalled so the dispatcher sits at its concurrency
 *       limit and does no work: the request-thread cost alone. A new tracker each iteration, so the outbox holds
 *       only that iteration's conversions.</li>
 *   <li>{@code qhtrackInMemoryDelivering}: the same with a healthy Fake360, so the dispatcher signs and delivers on
 *       the other core at the same time (and competes for the outbox's lock).</li>
 *   <li>{@code qhtrackJdbcH2File}, {@code qhtrackJdbcPostgres}: the durable outbox (one committed INSERT per
 *       report; on H2 followed by a CHECKPOINT so it is on disk), 360 stalled as above.</li>
 *   <li>{@code conversionBuildOnly}: building the {@link Conversion} alone, included in every qhtrack figure;
 *       {@code partPrepareOnly} adds {@link Upload#prepare}; {@code partPrepareAndOutboxAdd} adds
 *       the in-memory outbox's add without a tracker around it. The rest of {@code qhtrackInMemory} is the tracker's
 *       own work: duplicate cache, metrics, waking the dispatcher.</li>
 *   <li>{@code naiveSynchronousUpload}: the baseline: what a public integration does in the request instead, a
 *       synchronous {@code HttpURLConnection} upload on a new connection to a healthy Fake360 on loopback
 *       ({@link NaiveIntegration}).</li>
 * </ul>
 *
 * <p>Every qhtrack call must answer {@code QUEUED}; a tear-down fails the run otherwise.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ReportBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReportBenchmark {

    private static final Qihoo360 QIHOO360 = new Qihoo360();
    private static final CredentialResolver RESOLVER = (tenant, platform, line) -> java.util.Optional.of(
            ReportBenchmark.CREDENTIALS.toCredentialSet());

    /** No per-click limit: the benchmark reports many conversions for few clicks. */
    static final int NO_LIMIT = Integer.MAX_VALUE;

    static final String KEY = "bench-search-key";
    static final String SECRET = "bench-search-secret-0123456789";
    static final Credentials CREDENTIALS = Credentials.of(Account.SEARCH, KEY, SECRET, null);
    static final String CLICK_ID = "8817632001234567890";

    static {
        QuietLogs.apply();
    }

    /** A Fake360 that holds every upload for 10 minutes: the dispatcher fills its slots and then waits. */
    @State(Scope.Benchmark)
    public static class Stalled360 {
        Fake360 fake;

        @Setup(Level.Trial)
        public void start() {
            fake = Fake360.builder().credentials(KEY, SECRET).start();
            fake.failAlways(Fault.stall(Fault.MAX_STALL));
        }

        @TearDown(Level.Trial)
        public void stop() {
            fake.close();
        }
    }

    /** A Fake360 that answers at once. */
    @State(Scope.Benchmark)
    public static class Healthy360 {
        Fake360 fake;

        @Setup(Level.Trial)
        public void start() {
            fake = Fake360.builder().credentials(KEY, SECRET).start();
        }

        @TearDown(Level.Iteration)
        public void forget() {
            fake.clear();
        }

        @TearDown(Level.Trial)
        public void stop() {
            fake.close();
        }
    }

    /**
     * A tracker, the visitors' clicks, and a counter for distinct trans_ids. Reports rotate over many clicks, each with a
     * per-click limit of 1000, so that what is measured is always a conversion put in the outbox, never the cheaper
     * {@code LIMITED} answer.
     */
    public abstract static class TrackerState {
        private static final int CLICKS = 1 << 16;
        Tracker tracker;
        final Click[] clicks = clicks();
        long next;
        long notQueued;
        TrackOutcome lastFailure;

        private static Click[] clicks() {
            Click[] clicks = new Click[CLICKS];
            Instant now = Instant.now();
            for (int i = 0; i < CLICKS; i++) {
                clicks[i] = Click.of(ProductLine.PC_SEARCH, CLICK_ID + i, now);
            }
            return clicks;
        }

        Tracker.Builder builder(Fake360 fake) {
            return Tracker.builder().endpoint(fake.endpoint()).credentials(CREDENTIALS).jmx(false).limitPerClick(1000);
        }

        TrackOutcome report() {
            long n = next++;
            TrackOutcome outcome = tracker.report(clicks[(int) (n & (CLICKS - 1))],
                    Conversion.builder(Event.SUBMIT).transId("lead-" + n).build());
            if (outcome.status() != TrackOutcome.Status.QUEUED) {
                notQueued++;
                lastFailure = outcome;
            }
            return outcome;
        }

        void closeTracker() {
            tracker.close(Duration.ZERO);
            if (notQueued > 0) {
                throw new IllegalStateException(notQueued + " report(s) were not queued, e.g. " + lastFailure);
            }
        }
    }

    @State(Scope.Thread)
    public static class InMemory extends TrackerState {
        @Setup(Level.Iteration)
        public void start(Stalled360 stalled) {
            tracker = builder(stalled.fake).outbox(Outboxes.inMemory(20_000_000)).build();
        }

        @TearDown(Level.Iteration)
        public void stop() {
            closeTracker();
        }
    }

    @State(Scope.Thread)
    public static class InMemoryDelivering extends TrackerState {
        @Setup(Level.Iteration)
        public void start(Healthy360 healthy) {
            tracker = builder(healthy.fake).outbox(Outboxes.inMemory(20_000_000)).build();
        }

        @TearDown(Level.Iteration)
        public void stop() {
            closeTracker();
        }
    }

    @State(Scope.Thread)
    public static class H2File extends TrackerState {
        Path directory;

        @Setup(Level.Trial)
        public void start(Stalled360 stalled) throws IOException {
            directory = Files.createTempDirectory("qhtrack-bench-h2");
            Outbox outbox = JdbcOutbox.builder().url("jdbc:h2:file:" + directory.resolve("outbox")).user("sa")
                    .password("").build();
            tracker = builder(stalled.fake).outbox(outbox).build();
        }

        @TearDown(Level.Trial)
        public void stop() {
            closeTracker();
            deleteTree(directory);
        }
    }

    @State(Scope.Thread)
    public static class Postgres extends TrackerState {
        EmbeddedPostgres postgres;

        @Setup(Level.Trial)
        public void start(Stalled360 stalled) throws IOException {
            postgres = EmbeddedPostgres.start();
            Outbox outbox = JdbcOutbox.builder().url("jdbc:postgresql://localhost:" + postgres.getPort()
                    + "/postgres").user("postgres").build();
            tracker = builder(stalled.fake).outbox(outbox).build();
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            try {
                closeTracker();
            } finally {
                postgres.close();
            }
        }
    }

    @State(Scope.Thread)
    public static class Naive {
        long next;
    }

    /** The parts of a report without the tracker around them: prepare the upload, add it to an in-memory outbox. */
    @State(Scope.Thread)
    public static class Parts {
        final Click click = Click.of(ProductLine.PC_SEARCH, CLICK_ID, Instant.now());
        final Instant deadline = Instant.now().plus(Duration.ofDays(1));
        Outbox outbox;
        long next;

        @Setup(Level.Iteration)
        public void start() {
            outbox = Outboxes.inMemory(20_000_000);
        }

        /** 360's codec prepares the conversion as the tracker does ({@code Reports.prepare}). */
        PlatformUpload prepare() {
            Conversion conversion = Conversion.builder(Event.SUBMIT).transId("lead-" + next++).build();
            return Reports.prepare(QIHOO360, click, conversion, RESOLVER, Instant.now()).upload();
        }
    }

    static void deleteTree(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Benchmark
    public TrackOutcome qhtrackInMemory(InMemory state) {
        return state.report();
    }

    @Benchmark
    public TrackOutcome qhtrackInMemoryDelivering(InMemoryDelivering state) {
        return state.report();
    }

    @Benchmark
    public TrackOutcome qhtrackJdbcH2File(H2File state) {
        return state.report();
    }

    @Benchmark
    public TrackOutcome qhtrackJdbcPostgres(Postgres state) {
        return state.report();
    }

    @Benchmark
    public Conversion conversionBuildOnly(Naive state) {
        return Conversion.builder(Event.SUBMIT).transId("lead-" + state.next++).build();
    }

    /** Building the conversion and {@link Upload#prepare} (adapt to the line, validate), no outbox. */
    @Benchmark
    public PlatformUpload partPrepareOnly(Parts parts) {
        return parts.prepare();
    }

    /** The same, then the in-memory outbox's add directly: no tracker (no duplicate cache, metrics, wake-up). */
    @Benchmark
    public Outbox.AddResult partPrepareAndOutboxAdd(Parts parts) {
        Outbox.AddResult result = parts.outbox.add(parts.prepare(), Instant.now(), parts.deadline, NO_LIMIT);
        if (result != Outbox.AddResult.ADDED) {
            throw new IllegalStateException("not added: " + result);
        }
        return result;
    }

    @Benchmark
    public boolean naiveSynchronousUpload(Naive state, Healthy360 healthy) {
        if (!NaiveIntegration.upload(healthy.fake.endpoint(), KEY, SECRET, CLICK_ID, "lead-" + state.next++)) {
            throw new IllegalStateException("Fake360 refused the naive upload");
        }
        return true;
    }
}
