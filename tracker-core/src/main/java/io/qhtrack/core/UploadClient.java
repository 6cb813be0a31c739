package io.qhtrack.core;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends {@link SignedUpload}s to 360 over {@link HttpClient}: HTTP/1.1 with keep-alive connection reuse, a connect
 * timeout and a per-request timeout, and every answer classified into an {@link UploadResult} (never an exception).
 * Thread-safe; share one per application.
 *
 * <pre>{@code
 * UploadClient client = UploadClient.builder().build();          // 360's endpoint, default timeouts
 * UploadResult r = client.send(client.sign(upload, credentials));
 * }</pre>
 */
public final class UploadClient implements AutoCloseable {

    /** Default time to establish a connection: {@value #DEFAULT_CONNECT_TIMEOUT_SECONDS} seconds. */
    public static final long DEFAULT_CONNECT_TIMEOUT_SECONDS = 5;
    /** Default time for the whole exchange once sent: {@value #DEFAULT_REQUEST_TIMEOUT_SECONDS} seconds. */
    public static final long DEFAULT_REQUEST_TIMEOUT_SECONDS = 10;

    /** Interrupts exchanges that outlive {@link #wholeExchangeTimeout}; one daemon thread for every client. */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "qhtrack-http-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final URI endpoint;
    private final Duration requestTimeout;
    private final Duration wholeExchangeTimeout;
    private final Clock clock;
    private final HttpClient http;
    private final ExecutorService ownExecutor;

    private UploadClient(Builder b) {
        this.endpoint = b.endpoint;
        this.requestTimeout = b.requestTimeout;
        this.wholeExchangeTimeout = b.connectTimeout.plus(b.requestTimeout);
        this.clock = b.clock;
        this.ownExecutor = Executors.newCachedThreadPool(daemonThreads());
        // The client's selector thread inherits the context class loader of the thread that builds it: build it
        // with none, so that it never pins a web application's class loader after undeploy.
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(null);
        try {
            this.http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(b.connectTimeout)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .executor(ownExecutor)
                    .build();
        } finally {
            current.setContextClassLoader(previous);
        }
    }

    /** A builder with 360's endpoint and the default timeouts. */
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

    /** Sends and waits for the classified answer. Never throws for network or server trouble. */
    public UploadResult send(SignedUpload upload) {
        return exchange(request(upload));
    }

    /**
     * Sends on this client's own threads; the future always completes normally, with the classified answer.
     *
     * <p>Each exchange is the blocking {@link HttpClient#send} on a thread of this client. The JDK's
     * {@code sendAsync} would hand every completion to {@code CompletableFuture}'s default pool, which on a machine
     * with two cores starts a new thread per task: measured, that more than halved delivery throughput.
     */
    public CompletableFuture<UploadResult> sendAsync(SignedUpload upload) {
        HttpRequest request = request(upload);
        try {
            return CompletableFuture.supplyAsync(() -> exchange(request), ownExecutor);
        } catch (RejectedExecutionException closed) {
            return CompletableFuture.completedFuture(networkFailure(new IOException("the upload client is closed")));
        }
    }

    private HttpRequest request(SignedUpload upload) {
        Objects.requireNonNull(upload, "upload");
        return HttpRequest.newBuilder(upload.endpoint())
                .timeout(requestTimeout)
                .header("App-Key", upload.appKey())
                .header("App-Sign", upload.appSign())
                .header("Content-Type", SignedUpload.CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(upload.bodyUnsafe()))
                .build();
    }

    /**
     * One blocking exchange, bounded as a whole: {@link HttpRequest#timeout} only bounds the wait for the response
     * headers (before Java 26), so a server that sends headers and then stalls the body would hold this thread for
     * ever. A watchdog interrupts the exchange once connect + request timeout have passed.
     */
    private UploadResult exchange(HttpRequest request) {
        Thread worker = Thread.currentThread();
        AtomicBoolean timedOut = new AtomicBoolean();
        AtomicBoolean finished = new AtomicBoolean();
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
            synchronized (finished) { // never interrupts once the exchange is over
                if (!finished.get()) {
                    timedOut.set(true);
                    worker.interrupt();
                }
            }
        }, wholeExchangeTimeout.toNanos(), TimeUnit.NANOSECONDS);
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return ResponseClassifier.classify(response.statusCode(), response.body(),
                    response.headers().firstValue("Retry-After"), clock);
        } catch (InterruptedException e) {
            if (!timedOut.get()) {
                Thread.currentThread().interrupt();
                return networkFailure(e);
            }
            return networkFailure(new HttpTimeoutException("the exchange took longer than " + wholeExchangeTimeout));
        } catch (IOException | RuntimeException e) {
            return networkFailure(e);
        } finally {
            synchronized (finished) {
                finished.set(true);
            }
            watchdog.cancel(false);
            if (timedOut.get()) {
                Thread.interrupted(); // the watchdog's interrupt is ours; do not leak it to the caller
            }
        }
    }

    private UploadResult networkFailure(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        String what;
        if (t instanceof HttpConnectTimeoutException) {
            what = "could not connect to " + endpoint.getHost() + " within the connect timeout";
        } else if (t instanceof HttpTimeoutException) {
            what = t.getMessage() != null && t.getMessage().startsWith("the exchange took longer")
                    ? t.getMessage() : "no answer within " + requestTimeout.toMillis() + " ms";
        } else if (t instanceof ConnectException) {
            what = "connection to " + endpoint.getHost() + ":" + port() + " refused or unreachable";
        } else if (t instanceof IOException) {
            what = "network error: " + t.getClass().getSimpleName() + (t.getMessage() == null ? "" : " " + t.getMessage());
        } else {
            what = "unexpected " + t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        }
        return new UploadResult(UploadResult.Outcome.TRANSIENT_FAILURE, 0, null, what + "; will retry", null, null);
    }

    private int port() {
        return endpoint.getPort() != -1 ? endpoint.getPort() : "https".equalsIgnoreCase(endpoint.getScheme()) ? 443 : 80;
    }

    /**
     * Releases the client's threads. On Java 21 and later the HTTP client itself is closed too (its selector thread
     * stops); on Java 17 that thread ends when the client is garbage-collected.
     */
    @Override
    public void close() {
        ownExecutor.shutdown();
        if (http instanceof AutoCloseable) {
            try {
                ((AutoCloseable) http).close();
            } catch (Exception e) {
                // closing is best effort
            }
        }
    }

    @Override
    public String toString() {
        return "UploadClient[" + endpoint + ", request timeout " + requestTimeout + "]";
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "qhtrack-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Configures an {@link UploadClient}; each setter validates at once. */
    public static final class Builder {
        private URI endpoint = Endpoints.DEFAULT;
        private Duration connectTimeout = Duration.ofSeconds(DEFAULT_CONNECT_TIMEOUT_SECONDS);
        private Duration requestTimeout = Duration.ofSeconds(DEFAULT_REQUEST_TIMEOUT_SECONDS);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The upload URL; HTTPS, or HTTP to loopback. Default {@link Endpoints#DEFAULT}. */
        public Builder endpoint(URI endpoint) {
            this.endpoint = Endpoints.check(Objects.requireNonNull(endpoint, "endpoint"));
            return this;
        }

        /** Time allowed to connect; positive. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Durations.positive("qhtrack.http.connect-timeout", timeout);
            return this;
        }

        /** Time allowed for the answer once the request is sent; positive. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Durations.positive("qhtrack.http.request-timeout", timeout);
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
