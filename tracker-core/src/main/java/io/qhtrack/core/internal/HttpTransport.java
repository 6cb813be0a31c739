package io.qhtrack.core.internal;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Setting;
import io.qhtrack.core.spi.HttpAnswer;
import io.qhtrack.core.spi.HttpCall;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpRetryException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
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
 * Sends {@link HttpCall}s (POST or GET, exactly their bytes and headers) over the JDK's {@link HttpURLConnection} and
 * tells how each exchange ended ({@link Exchange}, never an exception). Thread-safe; one per tracker.
 *
 * <ul>
 *   <li>TLS is verified: the certificate chain by the {@link SSLContext} (the JDK's default unless
 *       {@link Builder#sslContext(SSLContext)} says otherwise) and the host name by the TLS handshake itself, so
 *       that neither a JVM-wide {@code HttpsURLConnection} socket factory nor a host name verifier set by other code
 *       can weaken it. Plain {@code http} only to loopback ({@link Endpoints}).</li>
 *   <li>Redirects are not followed: a 3xx is an answer, for the engine to refuse.</li>
 *   <li>A body is sent in fixed-length streaming mode, so the JDK never sends a POST a second time on its own
 *       (it does so for buffered POSTs whose connection fails). Nothing is added to the call but
 *       {@code Content-Length} and {@code Host} (and the JDK's {@code User-Agent}).</li>
 *   <li>Connect timeout, read timeout (the request timeout, for each wait on the server), and a bound on the whole
 *       exchange: connect + request timeout. Until the answer's headers are in, a shared watchdog thread
 *       disconnects an exchange that outlives it; while the body is read, the reading thread stops at the bound
 *       after each read, and a read already waiting then ends within the read timeout.</li>
 *   <li>At most {@link Builder#maxResponseBytes(int)} bytes of an answer are read; a longer answer (declared by its
 *       {@code Content-Length} or found while reading) is {@link Exchange.Kind#TOO_LARGE} and its connection is
 *       dropped.</li>
 *   <li>Answers are read to the end and closed, error answers too, so the JDK's keep-alive cache reuses the
 *       connection.</li>
 *   <li>{@link #sendAsync} runs on this transport's own threads, at most {@link Builder#maxThreads(int)}; beyond that
 *       a call ends at once ({@link Exchange.Kind#NO_ANSWER}) rather than queueing without bound. Idle threads end;
 *       {@link #close()} ends them all. No thread of the transport has a context class loader, so none pins a web
 *       application's.</li>
 *   <li>The call's URL is never logged or put in a message: only {@link HttpCall#redactedUri()}, whose secret query
 *       parameters are masked.</li>
 * </ul>
 *
 * <p>Part of qhtrack's engine, not API: it may change in any release.
 */
public final class HttpTransport implements AutoCloseable {

    /** Default time to establish a connection: {@value #DEFAULT_CONNECT_TIMEOUT_SECONDS} seconds. */
    public static final long DEFAULT_CONNECT_TIMEOUT_SECONDS = 5;
    /** Default time allowed for each wait on the server once connected: {@value #DEFAULT_REQUEST_TIMEOUT_SECONDS} s. */
    public static final long DEFAULT_REQUEST_TIMEOUT_SECONDS = 10;
    /** Default most bytes of an answer read: {@value #DEFAULT_MAX_RESPONSE_BYTES}. */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 65536;
    /** Default most threads {@link #sendAsync} uses, that is requests in flight at once: {@value #DEFAULT_MAX_THREADS}. */
    public static final int DEFAULT_MAX_THREADS = 256;

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
    /** How long an idle thread of a transport, or the watchdog, waits for work before it ends. */
    private static final long IDLE_THREAD_SECONDS = 30;
    /** Headers of an answer kept, at most: enough for any platform's, bounded against a hostile server. */
    private static final int MAX_HEADERS = 100;
    private static final AtomicInteger TRANSPORTS = new AtomicInteger();

    // The states of an exchange, in order; the watchdog may only disconnect one before READING.
    private static final int CONNECTING = 0;
    private static final int SENDING = 1;
    private static final int WAITING = 2;
    private static final int READING = 3;
    private static final int DONE = 4;
    private static final int TIMED_OUT = 5;

    /** Disconnects exchanges that outlive their bound before their answer's headers are in; one thread for all. */
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Duration wholeExchangeTimeout;
    private final int connectTimeoutMillis;
    private final int requestTimeoutMillis;
    private final int maxResponseBytes;
    private final int maxThreads;
    private final SSLSocketFactory socketFactory;
    private final ThreadPoolExecutor pool;
    private volatile boolean closed;
    private final String name;

    private HttpTransport(Builder b, SSLContext tls) {
        this.name = b.name;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.wholeExchangeTimeout = b.connectTimeout.plus(b.requestTimeout);
        this.connectTimeoutMillis = millis(b.connectTimeout);
        this.requestTimeoutMillis = millis(b.requestTimeout);
        this.maxResponseBytes = b.maxResponseBytes;
        this.maxThreads = b.maxThreads;
        // one instance for the transport's life: the JDK's keep-alive cache only reuses a TLS connection for the same
        // socket factory
        this.socketFactory = new HostCheckingSocketFactory(tls.getSocketFactory());
        // no queue: a task runs on an idle thread or a new one, and beyond maxThreads it is refused
        this.pool = new ThreadPoolExecutor(0, b.maxThreads, IDLE_THREAD_SECONDS, TimeUnit.SECONDS,
                new SynchronousQueue<Runnable>(), threads("qhtrack-http-" + TRANSPORTS.incrementAndGet() + "-"));
    }

    /** A builder with the default timeouts and limits. */
    public static Builder builder() {
        return new Builder();
    }

    /** Sends on the calling thread and waits for the end of the exchange. Never throws for network or server trouble. */
    public Exchange send(HttpCall call) {
        Objects.requireNonNull(call, "call");
        if (closed) {
            return Exchange.noAnswer("the " + name + " is closed");
        }
        return exchange(call);
    }

    /**
     * Sends on one of this transport's threads; the future always completes normally. When all
     * {@link Builder#maxThreads(int)} threads are busy, or the transport is closed, it is already complete with
     * {@link Exchange.Kind#NO_ANSWER}.
     */
    public CompletableFuture<Exchange> sendAsync(HttpCall call) {
        Objects.requireNonNull(call, "call");
        CompletableFuture<Exchange> answer = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                try {
                    answer.complete(exchange(call));
                } catch (Throwable t) { // exchange() catches what the network throws; this is for Errors
                    answer.complete(Exchange.noAnswer("unexpected " + describe(t)));
                    throw t;
                }
            });
        } catch (RejectedExecutionException refused) {
            answer.complete(Exchange.noAnswer(pool.isShutdown() ? "the " + name + " is closed"
                    : "the " + name + " is saturated: all " + maxThreads + " of its threads (" + MAX_THREADS
                            + ") are busy"));
        }
        return answer;
    }

    /**
     * One exchange on the calling thread. A {@link HttpURLConnection} can be disconnected from another thread while
     * it connects, sends or waits for the headers; once the body is being read, closing it would wait for the
     * read in progress (the JDK's streams take a lock), so from then on this thread keeps the bound itself.
     */
    private Exchange exchange(HttpCall call) {
        URI uri = call.uri();
        Optional<String> refused = Endpoints.problemWith(uri);
        URL url;
        try {
            if (refused.isPresent()) {
                return Exchange.notSent(refused.get());
            }
            url = uri.toURL();
        } catch (java.net.MalformedURLException | IllegalArgumentException e) {
            return Exchange.notSent("'" + uri.getScheme() + "://" + uri.getHost() + "…' is not a URL");
        }
        boolean post = "POST".equals(call.method());
        byte[] body = call.bodyUnsafe();
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
            configure(c, call, post, body.length);
            c.connect();
            advance(state, CONNECTING, SENDING);
            if (post) {
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
            }
            advance(state, SENDING, WAITING);
            int status;
            try {
                status = c.getResponseCode();
            } catch (HttpRetryException e) {
                // in streaming mode the JDK answers a 401 or 407 so, having dropped the connection
                advance(state, WAITING, DONE);
                return Exchange.answer(new HttpAnswer(e.responseCode(), Collections.<String, String>emptyMap(),
                        new byte[0]));
            }
            advance(state, WAITING, READING);
            if (status < 100) {
                throw new IOException("the answer is not HTTP");
            }
            Map<String, String> headers = headers(c);
            long declared = c.getContentLengthLong();
            if (declared > maxResponseBytes) {
                c.disconnect();
                return Exchange.tooLarge(status, new byte[0], maxResponseBytes);
            }
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            byte[] answer;
            if (in == null) {
                answer = new byte[0];
            } else {
                answer = readAtMost(in, declared, deadline);
                if (answer.length > maxResponseBytes) {
                    c.disconnect();
                    return Exchange.tooLarge(status, answer, maxResponseBytes);
                }
                in.close(); // read to the end: the connection goes back to the keep-alive cache
            }
            advance(state, READING, DONE);
            return Exchange.answer(new HttpAnswer(status, headers, answer));
        } catch (IOException | RuntimeException e) {
            boolean timedOut = state.get() == TIMED_OUT;
            if (c != null) {
                c.disconnect();
            }
            if (timedOut || e instanceof Late) {
                return Exchange.noAnswer("the exchange took longer than " + wholeExchangeTimeout);
            }
            return Exchange.noAnswer(describe(e, state.get(), url));
        } finally {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
        }
    }

    private void configure(HttpURLConnection c, HttpCall call, boolean post, int length) {
        if (c instanceof HttpsURLConnection) {
            ((HttpsURLConnection) c).setSSLSocketFactory(socketFactory);
        }
        c.setConnectTimeout(connectTimeoutMillis);
        c.setReadTimeout(requestTimeoutMillis);
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        try {
            c.setRequestMethod(call.method());
        } catch (java.net.ProtocolException e) {
            throw new IllegalArgumentException("HTTP method " + call.method(), e);
        }
        if (post) {
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(length);
        }
        for (Map.Entry<String, String> h : call.headers().entrySet()) {
            c.setRequestProperty(h.getKey(), h.getValue());
        }
    }

    /** The answer's headers, the first value of each, at most {@value #MAX_HEADERS}. */
    private static Map<String, String> headers(HttpURLConnection c) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i <= MAX_HEADERS; i++) { // index 0 is the status line
            String name = c.getHeaderFieldKey(i);
            String value = c.getHeaderField(i);
            if (name == null && value == null) {
                break;
            }
            if (name != null && value != null) {
                headers.putIfAbsent(name, value);
            }
        }
        return headers;
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
            // the JDK's messages name the host and port at most, never the path or query
            return "network error: " + t.getClass().getSimpleName() + (t.getMessage() == null ? ""
                    : " " + Printable.of(t.getMessage(), 200));
        }
        return "unexpected " + describe(t);
    }

    private static String describe(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + Printable.of(t.getMessage(), 200));
    }

    /**
     * Stops taking calls and lets this transport's threads end once their exchange is over (each is bounded by
     * connect + request timeout); their futures still complete. Later calls end at once with
     * {@link Exchange.Kind#NO_ANSWER}.
     */
    @Override
    public void close() {
        closed = true;
        pool.shutdown();
    }

    /** The request timeout: each wait on the server. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** The connect timeout. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    @Override
    public String toString() {
        return "HttpTransport[connect timeout " + connectTimeout + ", request timeout " + requestTimeout + ", at most "
                + maxResponseBytes + " answer bytes, " + maxThreads + " threads]";
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
     * The TLS socket factory of a transport: sockets check the server's host name during the handshake (endpoint
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

    /** Configures an {@link HttpTransport}; each setter validates at once, naming the setting. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(DEFAULT_CONNECT_TIMEOUT_SECONDS);
        private Duration requestTimeout = Duration.ofSeconds(DEFAULT_REQUEST_TIMEOUT_SECONDS);
        private int maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        private int maxThreads = DEFAULT_MAX_THREADS;
        private SSLContext sslContext;
        private String name = "HTTP transport";

        private Builder() {
        }

        /** What messages call this transport ({@code the upload client is closed}); default {@code HTTP transport}. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
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
         * The most bytes of an answer read, {@value #LEAST_MAX_RESPONSE_BYTES} to 16 MiB; a longer answer is
         * {@link Exchange.Kind#TOO_LARGE}. Default {@value #DEFAULT_MAX_RESPONSE_BYTES}.
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
         * The most threads {@link HttpTransport#sendAsync} uses, one per request in flight, 1 to
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

        /** The transport. */
        public HttpTransport build() {
            SSLContext tls = sslContext;
            if (tls == null) {
                try {
                    tls = SSLContext.getDefault();
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException("this JVM has no default TLS context", e);
                }
            }
            return new HttpTransport(this, tls);
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
