package io.qhtrack.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * What every fake is made of besides its rules and its records: the loopback HTTP server (plain or TLS),
 * its endpoint and view addresses, the faults and the latency. Each fake's public methods delegate here.
 * Thread-safe.
 */
final class FakeCore implements AutoCloseable {
    /** The longest latency accepted, so that a mistaken one cannot hang a build. */
    static final Duration MAX_LATENCY = Duration.ofMinutes(10);

    private final Platform platform;
    private final FaultPlan faults = new FaultPlan();
    private final LoopbackHttpServer server;
    private final URI endpoint;
    private final SSLContext clientSslContext;
    private volatile Duration latency;

    /**
     * Binds the port the builder asks for and starts serving {@code handler}.
     *
     * @throws UncheckedIOException if the port cannot be bound
     */
    FakeCore(Platform platform, String path, FakeBuilder<?, ?> settings, Function<HttpRequest, HttpAnswer> handler) {
        this.platform = platform;
        this.latency = settings.latencyOrDefault();
        int port = settings.portOrDefault();
        try {
            this.server = LoopbackHttpServer.start(platform.fakeName(), port, handler,
                    settings.tls ? TlsIdentity.serverContext().getSocketFactory() : null);
        } catch (IOException e) {
            throw new UncheckedIOException(platform.fakeName() + " cannot listen on 127.0.0.1:" + port + ": "
                    + e.getMessage(), e);
        }
        this.endpoint = URI.create((settings.tls ? "https" : "http") + "://127.0.0.1:" + server.port() + path);
        this.clientSslContext = settings.tls ? TlsIdentity.clientContext() : null;
    }

    URI endpoint() {
        return endpoint;
    }

    URI view() {
        return endpoint.resolve(ReceivedView.PAGE_PATH);
    }

    /** A context trusting the test certificate only; refused when this fake speaks plain HTTP. */
    SSLContext sslContext() {
        if (clientSslContext == null) {
            throw new IllegalStateException("this " + platform.fakeName() + " speaks plain HTTP (" + endpoint
                    + "); build it with " + platform.fakeName() + ".builder().tls() to serve HTTPS");
        }
        return clientSslContext;
    }

    void failNext(Fault fault) {
        faults.failNext(check(fault));
    }

    void failAlways(Fault fault) {
        faults.failAlways(check(fault));
    }

    void failRandomly(double probability, long seed, Fault... choices) {
        if (!(probability >= 0.0 && probability <= 1.0)) {
            throw new IllegalArgumentException("probability must be between 0.0 and 1.0 but was " + probability);
        }
        Objects.requireNonNull(choices, "choices");
        if (choices.length == 0) {
            throw new IllegalArgumentException("choices must name at least one fault");
        }
        List<Fault> list = Arrays.asList(choices);
        list.forEach(choice -> check(Objects.requireNonNull(choice, "choices must not contain null")));
        faults.failRandomly(probability, seed, list);
    }

    private Fault check(Fault fault) {
        return Objects.requireNonNull(fault, "fault").checkFor(platform);
    }

    void healthy() {
        faults.healthy();
    }

    /** The fault for the request being answered now, or null to answer it normally. */
    Fault nextFault() {
        return faults.next();
    }

    void latency(Duration latency) {
        this.latency = checkLatency(latency);
    }

    Duration latency() {
        return latency;
    }

    static Duration checkLatency(Duration latency) {
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative() || latency.compareTo(MAX_LATENCY) > 0) {
            throw new IllegalArgumentException("latency must be between " + Duration.ZERO + " and " + MAX_LATENCY
                    + " but was " + latency);
        }
        return latency;
    }

    /** Tells the listener about a record; a failing listener is reported on stderr and does not stop serving. */
    <R> void tell(Consumer<R> listener, R record) {
        try {
            listener.accept(record);
        } catch (RuntimeException e) {
            System.err.println(platform.fakeName() + ": request listener failed: " + e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
