package io.qhtrack.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.SSLSocketFactory;

/**
 * A small HTTP/1.1 server on 127.0.0.1, written on plain sockets so that a fake controls every byte:
 * persistent connections, one write per response (with {@code TCP_NODELAY}, so keep-alive clients see no
 * Nagle delay), holding a request without blocking others, and closing a connection without answering.
 *
 * <p>Each connection is served by its own thread, requests on it one after the other (no pipelining
 * concurrency, as in every HTTP/1.1 client). Request bodies may be sent with {@code Content-Length} or
 * chunked; {@code Expect: 100-continue} is honoured. Malformed requests get 400 and the connection is closed.
 *
 * <p>With TLS, each accepted TCP connection is wrapped in a server-mode TLS socket on its own thread, so a
 * slow or failed handshake holds up no one else; the plain socket underneath is what {@link #close()}
 * closes, which ends even a thread blocked in a TLS read at once.
 */
final class LoopbackHttpServer implements AutoCloseable {
    /** The address every server binds: IPv4 loopback, never a wildcard. */
    static final InetAddress LOOPBACK = loopback();

    /** Largest request body accepted; larger ones get 413. 360's uploads are a few hundred bytes. */
    static final int MAX_BODY_BYTES = 1 << 20;

    private static final int MAX_LINE_BYTES = 16 * 1024;
    private static final int MAX_HEADER_FIELDS = 200;
    private static final int READ_TIMEOUT_MILLIS = 120_000;
    private static final int BACKLOG = 128;

    /** The first byte of every TLS connection: a record of content type handshake (22). */
    private static final int TLS_HANDSHAKE_RECORD = 22;

    private final String name;
    private final ServerSocket serverSocket;
    private final Function<HttpRequest, HttpAnswer> handler;
    private final SSLSocketFactory tls;
    private final ExecutorService connections;
    private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private LoopbackHttpServer(String name, ServerSocket serverSocket, Function<HttpRequest, HttpAnswer> handler,
            SSLSocketFactory tls) {
        this.name = name;
        this.serverSocket = serverSocket;
        this.handler = handler;
        this.tls = tls;
        int port = serverSocket.getLocalPort();
        AtomicInteger threadNumber = new AtomicInteger();
        String threadPrefix = name.toLowerCase(Locale.ROOT) + "-" + port;
        this.connections = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, threadPrefix + "-connection-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.acceptor = new Thread(this::acceptLoop, threadPrefix + "-acceptor");
        this.acceptor.setDaemon(true);
    }

    /**
     * Binds 127.0.0.1:{@code port} (0 for a free port) and starts accepting connections, speaking plain
     * HTTP, or HTTPS when {@code tls} is not null.
     *
     * @param name the fake's name, e.g. {@code Fake360}: in thread names, the {@code Server} header and messages
     * @throws IOException if the port cannot be bound
     */
    static LoopbackHttpServer start(String name, int port, Function<HttpRequest, HttpAnswer> handler,
            SSLSocketFactory tls) throws IOException {
        ServerSocket serverSocket = new ServerSocket();
        try {
            serverSocket.setReuseAddress(true);
            serverSocket.bind(new InetSocketAddress(LOOPBACK, port), BACKLOG);
        } catch (IOException e) {
            serverSocket.close();
            throw e;
        }
        LoopbackHttpServer server = new LoopbackHttpServer(name, serverSocket, handler, tls);
        server.acceptor.start();
        return server;
    }

    /** The bound port. */
    int port() {
        return serverSocket.getLocalPort();
    }

    /** Stops accepting, closes every open connection (answered or not) and interrupts held requests. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(serverSocket);
        openSockets.forEach(LoopbackHttpServer::closeQuietly);
        connections.shutdownNow();
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue; // a failed accept (e.g. the client gave up) does not stop the server
            }
            openSockets.add(socket);
            if (closed) { // close() may have swept openSockets just before this one was added
                forget(socket);
                return;
            }
            try {
                connections.execute(() -> serve(socket));
            } catch (RejectedExecutionException e) {
                forget(socket);
            }
        }
    }

    private void serve(Socket tcp) {
        Socket socket = tcp;
        try {
            tcp.setTcpNoDelay(true);
            tcp.setSoTimeout(READ_TIMEOUT_MILLIS);
            if (tls != null) {
                socket = startTls(tcp);
                if (socket == null) {
                    return;
                }
            }
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            boolean keepAlive = true;
            while (keepAlive && !closed) {
                keepAlive = exchange(tcp.getPort(), in, out);
            }
        } catch (SocketTimeoutException | SocketException | EOFException e) {
            // idle or vanished client, or the server is closing: nothing to answer
        } catch (IOException e) {
            // the client went away mid-exchange, or a TLS handshake failed (a client not trusting the certificate)
        } finally {
            if (socket != tcp) {
                closeQuietly(socket);
            }
            forget(tcp);
        }
    }

    /**
     * Wraps the connection in a server-mode TLS socket, once its first byte shows a TLS handshake record;
     * answers a plain-HTTP request with 400 instead, and returns null when the connection ends or got 400.
     */
    private Socket startTls(Socket tcp) throws IOException {
        int first = tcp.getInputStream().read();
        if (first < 0) {
            return null;
        }
        if (first != TLS_HANDSHAKE_RECORD) {
            write(tcp.getOutputStream(), HttpAnswer.respond(400, HttpAnswer.TEXT,
                    "this port speaks HTTPS: use https://127.0.0.1:" + port() + "/\n"), false, false);
            return null;
        }
        Socket socket = tls.createSocket(tcp, new ByteArrayInputStream(new byte[] {(byte) first}), true);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        return socket; // the handshake runs on the first read, on this connection's thread
    }

    /** Reads one request and answers it; returns whether the connection stays open for another. */
    private boolean exchange(int remotePort, InputStream in, OutputStream out) throws IOException {
        RequestHead head;
        try {
            head = RequestHead.read(in);
            if (head == null) {
                return false; // the client closed an idle connection
            }
        } catch (BadRequest e) {
            write(out, HttpAnswer.respond(e.status, HttpAnswer.TEXT, e.getMessage() + "\n"), false, false);
            return false;
        }

        byte[] body;
        try {
            body = head.readBody(in, out);
        } catch (BadRequest e) {
            write(out, HttpAnswer.respond(e.status, HttpAnswer.TEXT, e.getMessage() + "\n"), false, false);
            return false;
        }

        HttpAnswer answer;
        try {
            answer = handler.apply(new HttpRequest(head.method, head.path, head.query, head.headers, body, remotePort));
        } catch (RuntimeException e) {
            System.err.println(name + ": internal error while answering " + head.method + " " + head.path + ": " + e);
            write(out, HttpAnswer.respond(500, HttpAnswer.TEXT, name + " internal error\n"), false, false);
            return false;
        }

        if (!answer.delay().isZero() && !hold(answer)) {
            return false;
        }
        if (answer.dropsConnection()) {
            return false; // serve() closes the socket: the client sees the connection end without a response
        }
        HugeBody huge = answer.hugeBody();
        if (huge != null) {
            // HTTP/1.0 knows no chunked coding: there the end of the connection ends the body
            boolean framed = !huge.chunked() || head.version.equals("HTTP/1.1");
            boolean keepAlive = framed && head.keepAlive() && !closed;
            writeHead(out, answer, framed ? huge : null, keepAlive);
            if (!head.method.equals("HEAD")) {
                huge.writeTo(out, framed && huge.chunked());
            }
            return keepAlive;
        }
        boolean keepAlive = head.keepAlive() && !closed;
        write(out, answer, keepAlive, head.method.equals("HEAD"));
        return keepAlive;
    }

    /** Sleeps for the answer's delay; false when interrupted because the server is closing. */
    private static boolean hold(HttpAnswer answer) {
        try {
            TimeUnit.NANOSECONDS.sleep(answer.delay().toNanos());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Writes a response whose body is in memory, head and body in one write. */
    private void write(OutputStream out, HttpAnswer answer, boolean keepAlive, boolean headOnly)
            throws IOException {
        byte[] headBytes = head(answer, "Content-Length: " + answer.body().length, keepAlive);
        byte[] bodyBytes = headOnly ? new byte[0] : answer.body();
        byte[] message = new byte[headBytes.length + bodyBytes.length];
        System.arraycopy(headBytes, 0, message, 0, headBytes.length);
        System.arraycopy(bodyBytes, 0, message, headBytes.length, bodyBytes.length);
        out.write(message);
        out.flush();
    }

    /**
     * Writes the head of a response with a streamed body: framed by {@code Content-Length} or chunked coding
     * as the body says, or, when {@code framing} is null, by closing the connection.
     */
    private void writeHead(OutputStream out, HttpAnswer answer, HugeBody framing, boolean keepAlive)
            throws IOException {
        String length = framing == null ? null
                : framing.chunked() ? "Transfer-Encoding: chunked" : "Content-Length: " + framing.length();
        out.write(head(answer, length, keepAlive));
    }

    private byte[] head(HttpAnswer answer, String framing, boolean keepAlive) {
        int status = answer.status();
        StringBuilder head = new StringBuilder(256)
                .append("HTTP/1.1 ").append(status).append(' ').append(reasonPhrase(status)).append("\r\n")
                .append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)))
                .append("\r\n")
                .append("Server: ").append(name).append("\r\n");
        if (answer.contentType() != null) {
            head.append("Content-Type: ").append(answer.contentType()).append("\r\n");
        }
        if (framing != null) {
            head.append(framing).append("\r\n");
        }
        for (Map.Entry<String, String> header : answer.headers().entrySet()) {
            head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
        }
        head.append(keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n").append("\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private void forget(Socket socket) {
        openSockets.remove(socket);
        closeQuietly(socket);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing is best effort
        }
    }

    static String reasonPhrase(int status) {
        switch (status) {
            case 100: return "Continue";
            case 200: return "OK";
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 408: return "Request Timeout";
            case 413: return "Content Too Large";
            case 417: return "Expectation Failed";
            case 429: return "Too Many Requests";
            case 431: return "Request Header Fields Too Large";
            case 500: return "Internal Server Error";
            case 501: return "Not Implemented";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            case 504: return "Gateway Timeout";
            case 505: return "HTTP Version Not Supported";
            default: return "Status " + status;
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new AssertionError("a 4-byte address is always valid", e);
        }
    }

    /** A request the server refuses before it reaches the handler. */
    private static final class BadRequest extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** The request line and header fields, and how to read the body that follows them. */
    private static final class RequestHead {
        final String method;
        final String path;
        final String query;
        final String version;
        final HttpHeaders headers;

        private RequestHead(String method, String target, String version, HttpHeaders headers) throws BadRequest {
            this.method = method;
            this.path = pathOf(target);
            this.query = queryOf(target);
            this.version = version;
            this.headers = headers;
        }

        /** Reads the head of the next request, or returns null if the connection ends before it starts. */
        static RequestHead read(InputStream in) throws IOException {
            String requestLine = readLine(in, true);
            for (int blank = 0; requestLine != null && requestLine.isEmpty() && blank < 4; blank++) {
                requestLine = readLine(in, true); // RFC 9112 2.2: ignore empty lines before the request line
            }
            if (requestLine == null) {
                return null;
            }
            String[] parts = requestLine.split(" ", -1);
            if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
                throw new BadRequest(400, "malformed request line");
            }
            String version = parts[2];
            if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
                throw new BadRequest(505, "only HTTP/1.0 and HTTP/1.1 are spoken here, not " + version);
            }
            HttpHeaders headers = new HttpHeaders();
            for (int count = 0; ; count++) {
                String line = readLine(in, false);
                if (line.isEmpty()) {
                    break;
                }
                if (count == MAX_HEADER_FIELDS) {
                    throw new BadRequest(431, "too many header fields");
                }
                int colon = line.indexOf(':');
                if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t'
                        || Character.isWhitespace(line.charAt(colon - 1))) {
                    throw new BadRequest(400, "malformed header field");
                }
                headers.add(line.substring(0, colon), Text.strip(line.substring(colon + 1)));
            }
            return new RequestHead(parts[0], parts[1], version, headers);
        }

        boolean keepAlive() {
            if (headers.hasToken("Connection", "close")) {
                return false;
            }
            return version.equals("HTTP/1.1") || headers.hasToken("Connection", "keep-alive");
        }

        byte[] readBody(InputStream in, OutputStream out) throws IOException {
            boolean chunked = false;
            long length = 0;
            if (!headers.all("Transfer-Encoding").isEmpty()) {
                if (!headers.all("Content-Length").isEmpty()) {
                    throw new BadRequest(400, "both Transfer-Encoding and Content-Length");
                }
                String codings = String.join(",", headers.all("Transfer-Encoding")).trim().toLowerCase(Locale.ROOT);
                if (!codings.equals("chunked")) {
                    throw new BadRequest(501, "unsupported Transfer-Encoding " + codings);
                }
                chunked = true;
            } else if (!headers.all("Content-Length").isEmpty()) {
                length = contentLength();
                if (length > MAX_BODY_BYTES) {
                    throw new BadRequest(413, "request body larger than " + MAX_BODY_BYTES + " bytes");
                }
            }
            if ((chunked || length > 0) && headers.first("Expect") != null) {
                if (!headers.first("Expect").equalsIgnoreCase("100-continue")) {
                    throw new BadRequest(417, "unsupported expectation");
                }
                if (version.equals("HTTP/1.1")) {
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
            }
            return chunked ? readChunked(in) : readFully(in, (int) length);
        }

        private long contentLength() throws BadRequest {
            String value = null;
            for (String each : headers.all("Content-Length")) {
                for (String part : each.split(",", -1)) {
                    String trimmed = part.trim();
                    if (trimmed.isEmpty() || trimmed.length() > 18 || !trimmed.chars().allMatch(c -> c >= '0' && c <= '9')) {
                        throw new BadRequest(400, "malformed Content-Length");
                    }
                    if (value != null && !value.equals(trimmed)) {
                        throw new BadRequest(400, "conflicting Content-Length values");
                    }
                    value = trimmed;
                }
            }
            return Long.parseLong(value);
        }

        private static byte[] readChunked(InputStream in) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = readLine(in, false);
                int semicolon = sizeLine.indexOf(';');
                String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
                int size;
                try {
                    size = Integer.parseInt(hex, 16);
                } catch (NumberFormatException e) {
                    throw new BadRequest(400, "malformed chunk size");
                }
                if (size < 0 || body.size() + (long) size > MAX_BODY_BYTES) {
                    throw new BadRequest(413, "request body larger than " + MAX_BODY_BYTES + " bytes");
                }
                if (size == 0) {
                    while (!readLine(in, false).isEmpty()) {
                        // discard trailer fields
                    }
                    return body.toByteArray();
                }
                body.write(readFully(in, size));
                if (!readLine(in, false).isEmpty()) {
                    throw new BadRequest(400, "chunk not followed by CRLF");
                }
            }
        }

        private static byte[] readFully(InputStream in, int length) throws IOException {
            byte[] bytes = new byte[length];
            int read = 0;
            while (read < length) {
                int n = in.read(bytes, read, length - read);
                if (n < 0) {
                    throw new EOFException("connection closed after " + read + " of " + length + " body bytes");
                }
                read += n;
            }
            return bytes;
        }

        /**
         * Reads a line ended by LF (a CR before it is dropped) as ISO-8859-1. Returns null at end of stream
         * only when {@code nullAtEnd} and no byte was read; otherwise a truncated line is an error.
         */
        private static String readLine(InputStream in, boolean nullAtEnd) throws IOException {
            StringBuilder line = new StringBuilder();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    if (nullAtEnd && line.length() == 0) {
                        return null;
                    }
                    throw new EOFException("connection closed in the middle of a line");
                }
                if (b == '\n') {
                    int last = line.length() - 1;
                    if (last >= 0 && line.charAt(last) == '\r') {
                        line.setLength(last);
                    }
                    return line.toString();
                }
                if (line.length() == MAX_LINE_BYTES) {
                    throw new BadRequest(400, "line longer than " + MAX_LINE_BYTES + " bytes");
                }
                line.append((char) b);
            }
        }

        /** The query of an origin-form or absolute-form request target, not decoded; null without one. */
        private static String queryOf(String target) throws BadRequest {
            if (target.startsWith("/")) {
                int query = target.indexOf('?');
                return query < 0 ? null : target.substring(query + 1);
            }
            if (target.equals("*")) {
                return null;
            }
            try {
                return new URI(target).getRawQuery();
            } catch (URISyntaxException e) {
                throw new BadRequest(400, "malformed request target");
            }
        }

        /** The path of an origin-form ({@code /a?b}) or absolute-form ({@code http://h/a?b}) request target. */
        private static String pathOf(String target) throws BadRequest {
            if (target.startsWith("/")) {
                int query = target.indexOf('?');
                return query < 0 ? target : target.substring(0, query);
            }
            if (target.equals("*")) {
                return target;
            }
            try {
                String path = new URI(target).getRawPath();
                return path == null || path.isEmpty() ? "/" : path;
            } catch (URISyntaxException e) {
                throw new BadRequest(400, "malformed request target");
            }
        }
    }
}
