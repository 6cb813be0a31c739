package io.qhtrack.testkit;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The settings every fake's builder has: port, TLS, latency, clock, and the listener of {@code FakeXxxMain}.
 * Every setting may be given once; mistakes fail fast with a message naming the setting and the value.
 *
 * @param <B> the fake's builder
 * @param <R> the fake's record of one request
 */
abstract class FakeBuilder<B extends FakeBuilder<B, R>, R> {
    static final int UNSET = -1;

    int port = UNSET;
    boolean tls;
    Duration latency;
    Clock clock;
    Consumer<R> listener = request -> { };

    FakeBuilder() {}

    /** This builder, typed. */
    abstract B self();

    /** The port used when {@link #port(int)} was not called: 0, any free port. */
    int defaultPort() {
        return 0;
    }

    /**
     * The port to listen on, on 127.0.0.1; default 0: any free port (the fake's {@code endpoint()} tells
     * which).
     *
     * @param port between 0 and 65535
     * @return this builder
     * @throws IllegalArgumentException if {@code port} is not between 0 and 65535
     * @throws IllegalStateException if the port was already set
     */
    public B port(int port) {
        requireState(this.port == UNSET, "port was already set to %s", this.port);
        requireArgument(port >= 0 && port <= 65535, "port must be between 0 and 65535 but was %s", port);
        this.port = port;
        return self();
    }

    /**
     * Serves HTTPS instead of HTTP, on the same 127.0.0.1 port, with the testkit's self-signed test certificate
     * (for {@code IP:127.0.0.1} and {@code DNS:localhost}); clients trust it through the fake's {@code
     * sslContext()} or {@link Fake360#trustStore()}. HTTP/1.1 only (no ALPN, so HTTP/2 clients fall back),
     * keep-alive as over HTTP. Default: plain HTTP.
     *
     * @return this builder
     * @throws IllegalStateException if tls() was already called
     */
    public B tls() {
        requireState(!tls, "tls() was already called");
        this.tls = true;
        return self();
    }

    /**
     * Holds every answer for this long before sending it, like a slow server (without holding up other
     * connections); default none. Changeable later with the fake's {@code latency(Duration)}.
     *
     * @param latency between zero and {@link Fake360#MAX_LATENCY}
     * @return this builder
     * @throws IllegalArgumentException if {@code latency} is negative or longer than {@link Fake360#MAX_LATENCY}
     * @throws IllegalStateException if the latency was already set
     */
    public B latency(Duration latency) {
        requireState(this.latency == null, "latency was already set to %s", this.latency);
        this.latency = FakeCore.checkLatency(latency);
        return self();
    }

    /**
     * The clock stamping each request's {@code receivedAt()} (and, for the fakes that check times, the clock
     * they check against); default {@link Clock#systemUTC()}.
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalStateException if the clock was already set
     */
    public B clock(Clock clock) {
        requireState(this.clock == null, "clock was already set to %s", this.clock);
        this.clock = Objects.requireNonNull(clock, "clock");
        return self();
    }

    /** Called with each request as it is recorded, on the serving thread (used by the command-line runners). */
    B listener(Consumer<R> listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        return self();
    }

    /** The port to bind: the one set, or {@link #defaultPort()}. */
    int portOrDefault() {
        return port == UNSET ? defaultPort() : port;
    }

    /** The clock set, or {@link Clock#systemUTC()}. */
    Clock clockOrDefault() {
        return clock == null ? Clock.systemUTC() : clock;
    }

    /** The latency set, or none. */
    Duration latencyOrDefault() {
        return latency == null ? Duration.ZERO : latency;
    }

    /** {@code port=N[, tls][, latency=D]}, for a builder's {@code toString()}. */
    String commonSettings() {
        return "port=" + portOrDefault() + (tls ? ", tls" : "") + (latency == null ? "" : ", latency=" + latency);
    }

    static void requireArgument(boolean expression, String template, Object... args) {
        if (!expression) {
            throw new IllegalArgumentException(String.format(template, args));
        }
    }

    static void requireState(boolean expression, String template, Object... args) {
        if (!expression) {
            throw new IllegalStateException(String.format(template, args));
        }
    }
}
