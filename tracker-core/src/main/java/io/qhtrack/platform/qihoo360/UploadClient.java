package io.qhtrack.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpRetryException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends {@link SignedUpload}s to 360 over the JDK's {@link HttpURLConnection} and classifies every answer into an
 * {@link UploadResult} (never an exception). Thread-safe; share one per application.
 *
 * <ul>
 *   <li>TLS is verified: the certificate chain by the {@link SSLContext} (the JDK's default unless
 *       {@link Builder#sslContext(SSLContext)} says otherwise) and the host name by the TLS handshake itself, so
 *       that neither a JVM-wide {@code HttpsURLConnection} socket factory nor a host name verifier set by other code
 *       can weaken it. Plain {@code http} only to loopback ({@link Endpoints#check(URI)}).</li>
 *   <li>Redirects are not followed; a 3xx is a permanent failure naming {@code qhtrack.endpoint}.</li>
 *   <li>The body is sent in fixed-length streaming mode, so the JDK never sends a POST a second time on its own
 *       (it does so for buffered POSTs whose connection fails).</li>
 *   <li>Connect timeout, read timeout (the request timeout, for each wait on the server), and a bound on the whole
 *       exchange: connect + request timeout. Until the answer's headers are in, a shared watchdog thread
 *       disconnects an exchange that outlives it; while the body is read, the reading thread stops at the bound
 *       after each read, and a read already waiting then ends within the read timeout.</li>
 *   <li>At most {@link Builder#maxResponseBytes(int)} bytes of an answer are read; a longer answer (declared by its
 *       {@code Content-Length} or found while reading) is a transient failure and its connection is dropped.</li>
 *   <li>Answers are read to the end and closed, error answers too, so the JDK's keep-alive cache reuses the
 *       connection (it keeps up to {@code http.maxConnections}, default 5, idle connections per endpoint).</li>
 *   <li>{@link #sendAsync} runs on this client's own threads, at most {@link Builder#maxThreads(int)}; beyond that
 *       an upload fails at once (transient) rather than queueing without bound. Idle threads end; {@link #close()}
 *       ends them all. No thread of the client has a context class loader, so none pins a web application's.</li>
 * </ul>
 *
 * <pre>{@code
 * UploadClient client = UploadClient.builder().build();          // 360's endpoint, default timeouts
 * UploadResult r = client.send(client.sign(upload, credentials));
 * }</pre>
 */
public final class UploadClient implements AutoCloseable {

    /** Default time to establish a connection: {@value #DEFAULT_CONNECT_TIMEOUT_SECONDS} seconds. */
    public static final long DEFAULT_CONNECT_TIMEOUT_SECONDS = 5;
    /** Default time allowed for each wait on the server once connected: {@value #DEFAULT_REQUEST_TIMEOUT_SECONDS} s. */
    public static final long DEFAULT_REQUEST_TIMEOUT_SECONDS = 10;
    /** Default most bytes of an answer read: {@value #DEFAULT_MAX_RESPONSE_BYTES} (360's answers are tiny). */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 65536;
    /** Default most threads {@link #sendAsync} uses, that is uploads in flight at once: {@value #DEFAULT_MAX_THREADS}. */
    public static final int DEFAULT_MAX_THREADS = 256;

    /** 360's endpoint (section 4.2), used unless {@link Builder#endpoint(URI)} names another. */
    public static final URI DEFAULT_ENDPOINT = Endpoints.DEFAULT;

    private static final String CONNECT_TIMEOUT = Setting.HTTP_CONNECT_TIMEOUT.key();
    private static final String REQUEST_TIMEOUT = Setting.HTTP_REQUEST_TIMEOUT.key();
    private static final String MAX_RESPONSE_BYTES = Setting.HTTP_MAX_RESPONSE_BYTES.key();
    /** Not a setting: the tracker sizes the pool from {@code qhtrack.max-concurrency}. */
    private static final String MAX_THREADS = "maxThreads";
    private static final int LEAST_MAX_RESPONSE_BYTES = 1024;
    private static final int MOST_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
    private static final int MOST_MAX_THREADS = 4096;
    /** Socket timeouts are whole milliseconds in an {@code int}. */
    private static final Duration LONGEST_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);
    /** How long an idle thread of a client, or the watchdog, waits for work before it ends. */
    private static final long IDLE_THREAD_SECONDS = 30;
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    // The states of an exchange, in order; the watchdog may only disconnect one before READING.
    private static final int CONNECTING = 0;
    private static final int SENDING = 1;
    private static final int WAITING = 2;
    private static final int READING = 3;
    private static final int DONE = 4;
    private static final int TIMED_OUT = 5;

    /** Disconnects exchanges that outlive their bound before their answer's headers are in; one thread for all. */
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private final URI endpoint;
    private final URL endpointUrl;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Duration wholeExchangeTimeout;
    private final int connectTimeoutMillis;
    private final int requestTimeoutMillis;
    private final int maxResponseBytes;
    private final int maxThreads;
    private final Clock clock;
    private final SSLSocketFactory socketFactory;
    private final ThreadPoolExecutor pool;
    private volatile boolean closed;

    private UploadClient(Builder b, SSLContext tls) {
        this.endpoint = b.endpoint;
        this.endpointUrl = url(b.endpoint);
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.wholeExchangeTimeout = b.connectTimeout.plus(b.requestTimeout);
        this.connectTimeoutMillis = millis(b.connectTimeout);
        this.requestTimeoutMillis = millis(b.requestTimeout);
        this.maxResponseBytes = b.maxResponseBytes;
        this.maxThreads = b.maxThreads;
        this.clock = b.clock;
        // one instance for the client's life: the JDK's keep-alive cache only reuses a TLS connection for the same
        // socket factory
        this.socketFactory = new HostCheckingSocketFactory(tls.getSocketFactory());
        // no queue: a task runs on an idle thread or a new one, and beyond maxThreads it is refused
        this.pool = new ThreadPoolExecutor(0, b.maxThreads, IDLE_THREAD_SECONDS, TimeUnit.SECONDS,
                new SynchronousQueue<Runnable>(), threads("qhtrack-http-" + CLIENTS.incrementAndGet() + "-"));
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
        if (closed) {
            return ResponseClassifier.transientFailure("the upload client is closed");
        }
        return exchange(upload);
    }

    /**
     * Sends on one of this client's threads; the future always completes normally, with the classified answer. When
     * all {@link Builder#maxThreads(int)} threads are busy, or the client is closed, it is already complete with a
     * transient failure.
     */
    public CompletableFuture<UploadResult> sendAsync(SignedUpload upload) {
        Objects.requireNonNull(upload, "upload");
        CompletableFuture<UploadResult> answer = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                try {
                    answer.complete(exchange(upload));
                } catch (Throwable t) { // exchange() catches what the network throws; this is for Errors
                    answer.complete(ResponseClassifier.transientFailure("unexpected " + describe(t)));
                    throw t;
                }
            });
        } catch (RejectedExecutionException refused) {
            answer.complete(ResponseClassifier.transientFailure(pool.isShutdown() ? "the upload client is closed"
                    : "the upload client is saturated: all " + maxThreads + " of its threads (" + MAX_THREADS
                            + ") are busy with uploads"));
        }
        return answer;
    }

    /**
     * One exchange on the calling thread. A {@link HttpURLConnection} can be disconnected from another thread while
     * it connects, sends or waits for the headers; once the body is being read, closing it would wait for the
     * read in progress (the JDK's streams take a lock), so from then on this thread keeps the bound itself.
     */
    private UploadResult exchange(SignedUpload upload) {
        URL url;
        try {
            url = urlOf(upload.endpoint());
        } catch (ConfigurationException e) {
            return ResponseClassifier.refusedEndpoint(e.getMessage());
        }
        long deadline = System.nanoTime() + wholeExchangeTimeout.toNanos();
        AtomicInteger state = new AtomicInteger(CONNECTING);
        HttpURLConnection c = null;
        ScheduledFuture<?> watchdog = null;
        try {
            c = (HttpURLConnection) url.openConnection();
            HttpURLConnection connection = c;
            watchdog = WATCHDOG.schedule(() -> {
                for (int s = state.get(); s < READING; s = state.get()) {
                    if (state.compareAndSet(s, TIMED_OUT)) {
                        connection.disconnect();
                        return;
                    }
                }
            }, wholeExchangeTimeout.toNanos(), TimeUnit.NANOSECONDS);
            configure(c, upload.bodyUnsafe().length);
            c.setRequestProperty("App-Key", upload.appKey());
            c.setRequestProperty("App-Sign", upload.appSign());
            c.connect();
            advance(state, CONNECTING, SENDING);
            try (OutputStream out = c.getOutputStream()) {
                out.write(upload.bodyUnsafe());
            }
            advance(state, SENDING, WAITING);
            int status;
            try {
                status = c.getResponseCode();
            } catch (HttpRetryException e) {
                // in streaming mode the JDK answers a 401 or 407 so, having dropped the connection
                advance(state, WAITING, DONE);
                return ResponseClassifier.classify(e.responseCode(), new byte[0], Optional.<String>empty(), clock);
            }
            advance(state, WAITING, READING);
            if (status < 100) {
                throw new IOException("the answer is not HTTP");
            }
            Optional<String> retryAfter = Optional.ofNullable(c.getHeaderField("Retry-After"));
            long declared = c.getContentLengthLong();
            if (declared > maxResponseBytes) {
                c.disconnect();
                return ResponseClassifier.answerTooLarge(status, maxResponseBytes, new byte[0]);
            }
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            byte[] body;
            if (in == null) {
                body = new byte[0];
            } else {
                body = readAtMost(in, declared, deadline);
                if (body.length > maxResponseBytes) {
                    c.disconnect();
                    return ResponseClassifier.answerTooLarge(status, maxResponseBytes, body);
                }
                in.close(); // read to the end: the connection goes back to the keep-alive cache
            }
            advance(state, READING, DONE);
            return ResponseClassifier.classify(status, body, retryAfter, clock);
        } catch (IOException | RuntimeException e) {
            boolean timedOut = state.get() == TIMED_OUT;
            if (c != null) {
                c.disconnect();
            }
            if (timedOut || e instanceof Late) {
                return ResponseClassifier.transientFailure("the exchange took longer than " + wholeExchangeTimeout);
            }
            return ResponseClassifier.transientFailure(describe(e, state.get(), url));
        } finally {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
        }
    }

    private void configure(HttpURLConnection c, int length) {
        if (c instanceof HttpsURLConnection) {
            ((HttpsURLConnection) c).setSSLSocketFactory(socketFactory);
        }
        c.setConnectTimeout(connectTimeoutMillis);
        c.setReadTimeout(requestTimeoutMillis);
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode(length);
        try {
            c.setRequestMethod("POST");
        } catch (java.net.ProtocolException e) {
            throw new AssertionError("POST is an HTTP method", e);
        }
        c.setRequestProperty("Content-Type", SignedUpload.CONTENT_TYPE);
        c.setRequestProperty("Accept", "application/json");
    }

    /** Moves the exchange on, unless the watchdog has ended it. */
    private static void advance(AtomicInteger state, int from, int to) throws Late {
        if (!state.compareAndSet(from, to)) {
            throw new Late();
        }
    }

    /**
     * Reads the body to its end, but at most {@code maxResponseBytes + 1} bytes (returned as they are, for the
     * caller to refuse), and not past {@code deadline}.
     */
    private byte[] readAtMost(InputStream in, long declared, long deadline) throws IOException {
        int limit = maxResponseBytes + 1;
        byte[] buffer = new byte[declared >= 0 ? (int) declared + 1 : Math.min(limit, 1024)];
        int length = 0;
        while (true) {
            if (length == buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min(limit, 2L * buffer.length));
            }
            int n = in.read(buffer, length, buffer.length - length);
            if (n < 0) {
                return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
            }
            length += n;
            if (length == limit) {
                return buffer;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new Late();
            }
        }
    }

    /** The exchange outlived connect + request timeout. */
    private static final class Late extends IOException {
        private static final long serialVersionUID = 1L;
    }

    private URL urlOf(URI target) {
        return target.equals(endpoint) ? endpointUrl : url(Endpoints.check(target));
    }

    private static URL url(URI uri) {
        try {
            return uri.toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new ConfigurationException(Endpoints.SETTING, "'" + uri.getScheme() + "://" + uri.getHost()
                    + "…' is not a URL: " + e.getMessage());
        }
    }

    private String describe(Throwable t, int state, URL url) {
        String where = url.getHost() + ":" + (url.getPort() != -1 ? url.getPort() : url.getDefaultPort());
        if (t instanceof SocketTimeoutException) {
            if (state == CONNECTING) {
                String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
                return message.contains("connect")
                        ? "could not connect to " + where + " within the connect timeout (" + connectTimeoutMillis
                                + " ms)"
                        : "the TLS handshake with " + where + " took longer than " + requestTimeoutMillis + " ms";
            }
            return "no answer within " + requestTimeoutMillis + " ms";
        }
        if (t instanceof ConnectException) {
            return "connection to " + where + " refused or unreachable";
        }
        if (t instanceof IOException) {
            return "network error: " + t.getClass().getSimpleName() + (t.getMessage() == null ? "" : " " + t.getMessage());
        }
        return "unexpected " + describe(t);
    }

    private static String describe(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    /**
     * Stops taking uploads and lets this client's threads end once their exchange is over (each is bounded by
     * connect + request timeout); their futures still complete. Later {@link #send} and {@link #sendAsync} calls
     * answer a transient failure at once.
     */
    @Override
    public void close() {
        closed = true;
        pool.shutdown();
    }

    @Override
    public String toString() {
        return "UploadClient[" + endpoint + ", connect timeout " + connectTimeout + ", request timeout "
                + requestTimeout + ", at most " + maxResponseBytes + " answer bytes, " + maxThreads + " threads]";
    }

    private static int millis(Duration d) {
        return (int) ((d.toNanos() + 999_999) / 1_000_000); // rounded up: 0 would mean no timeout at all
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor w = new ScheduledThreadPoolExecutor(1, threads("qhtrack-http-watchdog-"));
        w.setRemoveOnCancelPolicy(true); // most exchanges end in time: their tasks must not pile up
        w.setKeepAliveTime(IDLE_THREAD_SECONDS, TimeUnit.SECONDS);
        w.allowCoreThreadTimeOut(true); // with nothing to watch the thread ends, so it pins nothing after undeploy
        return w;
    }

    /** Daemon threads without a context class loader (a web application's would be pinned by them). */
    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            t.setContextClassLoader(null);
            return t;
        };
    }

    /**
     * The TLS socket factory of a client: sockets check the server's host name during the handshake (endpoint
     * identification "HTTPS"), so the JDK then consults no {@code HostnameVerifier}, not even a JVM-wide lax one.
     */
    private static final class HostCheckingSocketFactory extends SSLSocketFactory {
        private final SSLSocketFactory tls;

        HostCheckingSocketFactory(SSLSocketFactory tls) {
            this.tls = tls;
        }

        private static Socket checking(Socket socket) {
            if (socket instanceof SSLSocket) {
                SSLSocket s = (SSLSocket) socket;
                SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                s.setSSLParameters(p);
            }
            return socket;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return tls.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return tls.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return checking(tls.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return checking(tls.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return checking(tls.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return checking(tls.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return checking(tls.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return checking(tls.createSocket(address, port, localAddress, localPort));
        }
    }

    /** Configures an {@link UploadClient}; each setter validates at once. */
    public static final class Builder {
        private URI endpoint = Endpoints.DEFAULT;
        private Duration connectTimeout = Duration.ofSeconds(DEFAULT_CONNECT_TIMEOUT_SECONDS);
        private Duration requestTimeout = Duration.ofSeconds(DEFAULT_REQUEST_TIMEOUT_SECONDS);
        private int maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        private int maxThreads = DEFAULT_MAX_THREADS;
        private SSLContext sslContext;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * The upload URL as text, as {@code qhtrack.endpoint} gives it; see {@link #endpoint(URI)}.
         *
         * @throws ConfigurationException naming {@code qhtrack.endpoint} when it is not a URL qhtrack may send to
         */
        public Builder endpoint(String endpoint) {
            return endpoint(Endpoints.parse(Objects.requireNonNull(endpoint, "endpoint")));
        }

        /**
         * The upload URL; HTTPS, or plain HTTP to a loopback address (tests, Fake360). Default
         * {@link #DEFAULT_ENDPOINT}.
         *
         * @throws ConfigurationException naming {@code qhtrack.endpoint} otherwise
         */
        public Builder endpoint(URI endpoint) {
            URI checked = Endpoints.check(Objects.requireNonNull(endpoint, "endpoint"));
            url(checked);
            this.endpoint = checked;
            return this;
        }

        /** Time allowed to connect; positive, rounded up to whole milliseconds, at most 24.8 days. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout(CONNECT_TIMEOUT, timeout);
            return this;
        }

        /**
         * Time allowed for each wait on the server once connected (TLS handshake, the answer's headers, each read
         * of its body); positive, rounded up to whole milliseconds, at most 24.8 days. The whole exchange is bounded
         * by connect + request timeout.
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout(REQUEST_TIMEOUT, timeout);
            return this;
        }

        /**
         * The most bytes of an answer read, {@value #LEAST_MAX_RESPONSE_BYTES} to 16 MiB; a longer answer is a
         * transient failure. Default {@value #DEFAULT_MAX_RESPONSE_BYTES}.
         */
        public Builder maxResponseBytes(int bytes) {
            if (bytes < LEAST_MAX_RESPONSE_BYTES || bytes > MOST_MAX_RESPONSE_BYTES) {
                throw new ConfigurationException(MAX_RESPONSE_BYTES, bytes + " is not between "
                        + LEAST_MAX_RESPONSE_BYTES + " and " + MOST_MAX_RESPONSE_BYTES);
            }
            this.maxResponseBytes = bytes;
            return this;
        }

        /**
         * The most threads {@link UploadClient#sendAsync} uses, one per upload in flight, 1 to
         * {@value #MOST_MAX_THREADS}. Default {@value #DEFAULT_MAX_THREADS}.
         */
        public Builder maxThreads(int threads) {
            if (threads < 1 || threads > MOST_MAX_THREADS) {
                throw new ConfigurationException(MAX_THREADS, threads + " is not between 1 and " + MOST_MAX_THREADS);
            }
            this.maxThreads = threads;
            return this;
        }

        /**
         * The TLS context whose trust decides which certificates are accepted, e.g. one trusting a test server's
         * self-signed certificate. Host names are checked whatever the context. Default: the JDK's default context.
         */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "sslContext");
            return this;
        }

        /** The clock for {@code request_time} and {@code Retry-After} dates. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The client. */
        public UploadClient build() {
            SSLContext tls = sslContext;
            if (tls == null) {
                try {
                    tls = SSLContext.getDefault();
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException("this JVM has no default TLS context", e);
                }
            }
            return new UploadClient(this, tls);
        }

        private static Duration timeout(String setting, Duration d) {
            Durations.positive(setting, d);
            if (d.compareTo(LONGEST_TIMEOUT) > 0) {
                throw new ConfigurationException(setting, d + " is longer than the longest socket timeout, "
                        + LONGEST_TIMEOUT);
            }
            return d;
        }
    }
}
