package io.qhtrack.platform.qihoo360;

import io.qhtrack.core.Credentials;
import io.qhtrack.core.internal.Answers;
import io.qhtrack.core.internal.Endpoints;
import io.qhtrack.core.internal.Exchange;
import io.qhtrack.core.internal.HttpTransport;
import io.qhtrack.core.spi.PlatformUpload;
import io.qhtrack.core.spi.Verdict;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;

/**
 * Sends 360 uploads by hand, without a tracker (a batch job, a one-off check): {@link #sign} serialises and signs an
 * {@link Upload} with the very code the tracker's dispatcher runs, and {@link #send} returns a classified
 * {@link UploadResult} (never an exception), read by the same rules as the tracker's: delivered only on
 * {@code errno 0}; {@link Errno} 1/2/3 permanent, with 360's advice. The HTTP machinery is the tracker's too: TLS with
 * the host name checked, plain http only to loopback, no redirects followed, fixed-length streaming, a bounded answer
 * and a bound on the whole exchange, a bounded thread pool for {@link #sendAsync}. Thread-safe; share one.
 *
 * <pre>{@code
 * Map<Account, Credentials> credentials = Credentials.fromSettings(Settings.system());
 * Preparation p = Upload.prepare(click, conversion, credentials, Instant.now());
 * try (UploadClient client = UploadClient.builder().build()) {        // 360's endpoint, default timeouts
 *     UploadResult r = client.send(client.sign(p.upload(), credentials.get(click.line().account())));
 * }
 * }</pre>
 */
public final class UploadClient implements AutoCloseable {

    /** Default time to establish a connection: {@value #DEFAULT_CONNECT_TIMEOUT_SECONDS} seconds. */
    public static final long DEFAULT_CONNECT_TIMEOUT_SECONDS = HttpTransport.DEFAULT_CONNECT_TIMEOUT_SECONDS;
    /** Default time allowed for each wait on the server once connected: {@value #DEFAULT_REQUEST_TIMEOUT_SECONDS} s. */
    public static final long DEFAULT_REQUEST_TIMEOUT_SECONDS = HttpTransport.DEFAULT_REQUEST_TIMEOUT_SECONDS;
    /** Default most bytes of an answer read: {@value #DEFAULT_MAX_RESPONSE_BYTES} (360's answers are tiny). */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = HttpTransport.DEFAULT_MAX_RESPONSE_BYTES;
    /** Default most threads {@link #sendAsync} uses, that is uploads in flight at once: {@value #DEFAULT_MAX_THREADS}. */
    public static final int DEFAULT_MAX_THREADS = HttpTransport.DEFAULT_MAX_THREADS;
    /** 360's endpoint (section 4.2), used unless {@link Builder#endpoint(URI)} names another. */
    public static final URI DEFAULT_ENDPOINT = Qihoo360Settings.DEFAULT_ENDPOINT;

    /** What the classifier is told it answers for: one upload (360 reads no more of it). */
    private static final List<PlatformUpload> ONE = Collections.singletonList(PlatformUpload.builder(Qihoo360.ID,
            "by-hand").event("SUBMIT").eventTime(Instant.EPOCH).payload("{}").build());

    private final URI endpoint;
    private final HttpTransport transport;
    private final Clock clock;
    private final String description;

    private UploadClient(Builder b) {
        this.endpoint = b.endpoint;
        this.transport = b.http.build();
        this.clock = b.clock;
        this.description = "UploadClient[" + endpoint + ", connect timeout " + b.connectTimeout + ", request timeout "
                + b.requestTimeout + ", at most " + b.maxResponseBytes + " answer bytes, " + b.maxThreads
                + " threads]";
    }

    /** A builder with 360's endpoint and the default timeouts and limits. */
    public static Builder builder() {
        return new Builder();
    }

    /** Where uploads go. */
    public URI endpoint() {
        return endpoint;
    }

    /** Serialises and signs {@code upload} for an attempt now ({@code request_time} from this client's clock). */
    public SignedUpload sign(Upload upload, Credentials credentials) {
        return SignedUpload.sign(endpoint, upload, credentials, clock.instant());
    }

    /** Sends on the calling thread and waits for the classified answer. Never throws for network or server trouble. */
    public UploadResult send(SignedUpload upload) {
        Objects.requireNonNull(upload, "upload");
        return result(transport.send(upload.call()));
    }

    /**
     * Sends on one of this client's threads; the future always completes normally, with the classified answer. When
     * all {@link Builder#maxThreads(int)} threads are busy, or the client is closed, it is already complete with a
     * transient failure.
     */
    public CompletableFuture<UploadResult> sendAsync(SignedUpload upload) {
        Objects.requireNonNull(upload, "upload");
        return transport.sendAsync(upload.call()).thenApply(this::result);
    }

    private UploadResult result(Exchange exchange) {
        return result(exchange, clock);
    }

    /** An exchange as an {@link UploadResult}, by the tracker's rules. */
    static UploadResult result(Exchange exchange, Clock clock) {
        Verdict v = Answers.settle(exchange, Qihoo360.DEFAULTS, ONE, clock).perItem().get(0);
        UploadResult.Outcome outcome = v.kind() == Verdict.Kind.DELIVERED ? UploadResult.Outcome.DELIVERED
                : v.kind() == Verdict.Kind.RETRY ? UploadResult.Outcome.TRANSIENT_FAILURE
                : UploadResult.Outcome.PERMANENT_FAILURE;
        Integer errno = v.code().filter(c -> c.matches("-?[0-9]{1,9}")).map(Integer::valueOf).orElse(null);
        String body = exchange.kind() == Exchange.Kind.ANSWER ? Answers.quote(exchange.answer().get().body())
                : exchange.kind() == Exchange.Kind.TOO_LARGE ? Answers.quote(exchange.start()) : null;
        return new UploadResult(outcome, exchange.status(), errno, v.message(), v.retryAfter().orElse(null), body);
    }

    /**
     * Stops taking uploads and lets this client's threads end once their exchange is over (each is bounded by
     * connect + request timeout); their futures still complete. Later {@link #send} and {@link #sendAsync} calls
     * answer a transient failure at once.
     */
    @Override
    public void close() {
        transport.close();
    }

    @Override
    public String toString() {
        return description;
    }

    /** Configures an {@link UploadClient}; each setter validates at once. */
    public static final class Builder {
        private final HttpTransport.Builder http = HttpTransport.builder().name("upload client");
        private URI endpoint = DEFAULT_ENDPOINT;
        private Duration connectTimeout = Duration.ofSeconds(DEFAULT_CONNECT_TIMEOUT_SECONDS);
        private Duration requestTimeout = Duration.ofSeconds(DEFAULT_REQUEST_TIMEOUT_SECONDS);
        private int maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        private int maxThreads = DEFAULT_MAX_THREADS;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * The upload URL as text, as {@code qhtrack.endpoint} gives it; see {@link #endpoint(URI)}.
         *
         * @throws io.qhtrack.core.ConfigurationException naming {@code qhtrack.endpoint} when it is not a URL qhtrack
         *     may send to
         */
        public Builder endpoint(String endpoint) {
            this.endpoint = Endpoints.parse(Qihoo360Settings.ENDPOINT, Objects.requireNonNull(endpoint, "endpoint"));
            return this;
        }

        /**
         * The upload URL; HTTPS, or plain HTTP to a loopback address (tests, Fake360). Default
         * {@link #DEFAULT_ENDPOINT}.
         *
         * @throws io.qhtrack.core.ConfigurationException naming {@code qhtrack.endpoint} otherwise
         */
        public Builder endpoint(URI endpoint) {
            this.endpoint = Endpoints.check(Qihoo360Settings.ENDPOINT, Objects.requireNonNull(endpoint, "endpoint"));
            return this;
        }

        /** Time allowed to connect; positive, rounded up to whole milliseconds, at most 24.8 days. */
        public Builder connectTimeout(Duration timeout) {
            http.connectTimeout(timeout);
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * Time allowed for each wait on the server once connected (TLS handshake, the answer's headers, each read
         * of its body); positive, rounded up to whole milliseconds, at most 24.8 days. The whole exchange is bounded
         * by connect + request timeout.
         */
        public Builder requestTimeout(Duration timeout) {
            http.requestTimeout(timeout);
            this.requestTimeout = timeout;
            return this;
        }

        /**
         * The most bytes of an answer read, 1024 to 16 MiB; a longer answer is a transient failure. Default
         * {@value #DEFAULT_MAX_RESPONSE_BYTES}.
         */
        public Builder maxResponseBytes(int bytes) {
            http.maxResponseBytes(bytes);
            this.maxResponseBytes = bytes;
            return this;
        }

        /** The most threads {@link UploadClient#sendAsync} uses, one per upload in flight, 1 to 4096. */
        public Builder maxThreads(int threads) {
            http.maxThreads(threads);
            this.maxThreads = threads;
            return this;
        }

        /**
         * The TLS context whose trust decides which certificates are accepted, e.g. one trusting a test server's
         * self-signed certificate. Host names are checked whatever the context. Default: the JDK's default context.
         */
        public Builder sslContext(SSLContext context) {
            http.sslContext(context);
            return this;
        }

        /** The clock for {@code request_time} and {@code Retry-After} dates. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The client. */
        public UploadClient build() {
            return new UploadClient(this);
        }
    }
}
