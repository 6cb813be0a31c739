package io.qhtrack.testkit;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * What every fake ({@link Fake360}, {@link FakeBaidu}, {@link FakeTencent}) is besides its platform's rules
 * and records: a loopback server (plain or TLS) with an endpoint and a view, the recording of every request,
 * faults and latency. A fake judges and records each request in {@link #answer}; this class serves the view,
 * holds answers for the latency and tells the command-line runner's listener.
 *
 * @param <R> the fake's record of one request
 */
abstract class LocalFake<R> implements AutoCloseable {
    /** The fake's clock: it stamps every record (and is what the fakes that check times check against). */
    final Clock clock;
    /** The server, faults and latency. */
    final FakeCore core;
    /** Every request received. */
    final Recording<R> recording;

    private final Platform platform;
    private final Consumer<R> listener;
    private final ReceivedView view;
    private volatile boolean ready;

    /** A request's record and the answer to send (before the latency). */
    static final class Answered<R> {
        final R record;
        final HttpAnswer answer;

        Answered(R record, HttpAnswer answer) {
            this.record = record;
            this.answer = answer;
        }
    }

    /**
     * Starts listening as the builder says. Requests are answered 503 until the subclass's constructor calls
     * {@link #ready()}.
     *
     * @param unit what {@code awaitAccepted} counts, e.g. {@code item}; {@code upload} when each request is one
     * @param acceptedUnits how many units a record accepted
     */
    LocalFake(Platform platform, String path, FakeBuilder<?, R> builder, String unit, ToIntFunction<R> acceptedUnits) {
        this.platform = platform;
        this.clock = builder.clockOrDefault();
        this.listener = builder.listener;
        this.core = new FakeCore(platform, path, builder, this::serve);
        this.recording = new Recording<>(platform.fakeName(), unit, core.endpoint(), acceptedUnits);
        this.view = new ReceivedView(platform, core.endpoint());
    }

    /** Called last by the subclass's constructor: from now on requests are judged. */
    final void ready() {
        ready = true;
    }

    /** Judges and records one request that is not for the view, at {@code receivedAt}. */
    abstract Answered<R> answer(HttpRequest request, Instant receivedAt);

    /** The record as the view shows it, every secret masked. */
    abstract ViewRow viewRow(R record);

    private HttpAnswer serve(HttpRequest request) {
        if (!ready) {
            return HttpAnswer.respond(503, HttpAnswer.TEXT, platform.fakeName() + " is still starting\n");
        }
        if (ReceivedView.wants(request)) {
            return view.answer(request, received().stream().map(this::viewRow).collect(Collectors.toList()));
        }
        Instant receivedAt = clock.instant();
        Duration heldFor = core.latency();
        Answered<R> answered = answer(request, receivedAt);
        core.tell(listener, answered.record);
        return answered.answer.after(heldFor);
    }

    /**
     * The URL to upload to: {@code http://127.0.0.1:PORT} and the fake's {@code PATH}, or {@code https://...}
     * when built with {@code tls()}.
     *
     * @return the endpoint
     */
    public URI endpoint() {
        return core.endpoint();
    }

    /**
     * The HTML view of what this fake received, newest first, secrets masked: {@code http://127.0.0.1:PORT/} (or
     * {@code https://}); {@code view().resolve("received.json")} gives the same as JSON. Handy in a debugger or
     * with the standalone jar; viewing is not an upload: it is not recorded, delayed or faulted.
     *
     * @return the view's address
     */
    public URI view() {
        return core.view();
    }

    /**
     * For a client of a fake built with {@code tls()}: an {@link SSLContext} that trusts exactly the testkit's
     * test certificate and nothing else, e.g. {@code HttpClient.newBuilder().sslContext(fake.sslContext())} or
     * {@code httpsConnection.setSSLSocketFactory(fake.sslContext().getSocketFactory())}. The certificate names
     * {@code 127.0.0.1} and {@code localhost}, so host name verification stays on (see {@link
     * Fake360#certificatePem()}).
     *
     * @return a context trusting the test certificate only
     * @throws IllegalStateException if this fake speaks plain HTTP
     */
    public SSLContext sslContext() {
        return core.sslContext();
    }

    /**
     * Every request received since start or {@code clear()}, in arrival order, accepted or not.
     *
     * @return an unmodifiable snapshot
     */
    public List<R> received() {
        return recording.snapshot(record -> true);
    }

    /** Like {@code awaitAccepted}, counting every received request: for tests of faults. */
    List<R> awaitReceived(int count, Duration timeout) {
        recording.awaitReceived(count, timeout);
        return received();
    }

    /**
     * Applies {@code fault} to the next upload (a POST on the endpoint path) that no earlier one-shot fault
     * takes; one-shot faults are used first-in first-out, before any standing fault.
     *
     * @param fault the fault
     * @throws IllegalArgumentException if {@code fault} is another fake's (such as {@code Fault.baiduStatus} given
     *     to Fake360) or a huge body shorter than this platform's success answer
     */
    public void failNext(Fault fault) {
        core.failNext(fault);
    }

    /**
     * Applies {@code fault} to every upload until {@link #healthy()}; replaces {@link #failRandomly}.
     *
     * @param fault the fault
     * @throws IllegalArgumentException if {@code fault} is another fake's or a too short huge body
     */
    public void failAlways(Fault fault) {
        core.failAlways(fault);
    }

    /**
     * Until {@link #healthy()}, applies to each upload, with {@code probability}, one of {@code choices}
     * drawn uniformly; the draws come from {@code new Random(seed)}, so a run is reproducible for a given
     * order of uploads. Replaces {@link #failAlways}.
     *
     * @param probability between 0 and 1
     * @param seed the seed of the draws
     * @param choices the faults drawn from
     * @throws IllegalArgumentException if {@code probability} is not between 0 and 1, no choice is given, or a
     *     choice is another fake's fault
     */
    public void failRandomly(double probability, long seed, Fault... choices) {
        core.failRandomly(probability, seed, choices);
    }

    /**
     * From now on, holds every answer for {@code latency} before sending it, like a slow server: requests
     * arriving later wait that long; answers already waiting keep the latency they arrived with. Each
     * connection waits on its own thread, so other connections are not held up; a stall ({@link
     * Fault#stall(Duration)}) comes on top. A record's {@code receivedAt()} stays the arrival time.
     *
     * @param latency between zero and {@link Fake360#MAX_LATENCY}
     * @throws IllegalArgumentException if {@code latency} is negative or longer than {@link Fake360#MAX_LATENCY}
     */
    public void latency(Duration latency) {
        core.latency(latency);
    }

    /**
     * The latency every answer is held for now; none unless set.
     *
     * @return the latency
     */
    public Duration latency() {
        return core.latency();
    }

    /** Forgets every fault: queued one-shot faults and the standing one. */
    public void healthy() {
        core.healthy();
    }

    /** Stops listening and closes every connection; held (stalled) requests end without an answer. */
    @Override
    public void close() {
        core.close();
    }
}
