package io.qhtrack.platform.qihoo360;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * A bare HTTP/1.1 server on loopback whose answers are scripted byte by byte, for what Fake360 does not do: answers
 * that never end, trickle or are huge, redirects, a connection dropped after the request, TLS with a chosen
 * certificate. It counts connections, requests and the bytes it wrote, so that tests can tell what the client did.
 */
final class ScriptedServer implements AutoCloseable {

    /** What the server does with one request; returns whether the connection stays open for the next one. */
    @FunctionalInterface
    interface Script {
        boolean answer(Request request, OutputStream out) throws IOException, InterruptedException;
    }

    /** One request as it arrived. */
    static final class Request {
        final String head;
        final byte[] body;
        final int connection;

        Request(String head, byte[] body, int connection) {
            this.head = head;
            this.body = body;
            this.connection = connection;
        }

        /** The first value of a header, or null. */
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private final ServerSocket server;
    private final boolean tls;
    private final Script script;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicLong written = new AtomicLong();
    private final AtomicInteger answering = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();

    private ScriptedServer(ServerSocket server, boolean tls, Script script) {
        this.server = server;
        this.tls = tls;
        this.script = script;
        Thread acceptor = new Thread(this::accept, "scripted-server-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A plain-HTTP server. */
    static ScriptedServer start(Script script) throws IOException {
        return new ScriptedServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), false, script);
    }

    /** An HTTPS server presenting the key and certificate of {@code context}. */
    static ScriptedServer startTls(SSLContext context, Script script) throws IOException {
        return new ScriptedServer(context.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress()), true, script);
    }

    /** A complete answer with a Content-Length, keeping the connection. */
    static Script answering(int status, String body) {
        return (request, out) -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 " + status + " Scripted\r\nContent-Type: application/json\r\nContent-Length: "
                    + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            return true;
        };
    }

    /** 360's success answer. */
    static Script delivering() {
        return answering(200, "{\"errno\":0,\"error\":\"Success\"}");
    }

    /** The upload URL of this server. */
    URI endpoint() {
        return URI.create((tls ? "https" : "http") + "://127.0.0.1:" + server.getLocalPort() + "/uploadWebConvert");
    }

    /** The same endpoint, for the given host name (e.g. {@code localhost}). */
    URI endpoint(String host) {
        return URI.create((tls ? "https" : "http") + "://" + host + ":" + server.getLocalPort() + "/uploadWebConvert");
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    /** Complete requests received so far (head and body). */
    int requests() {
        return requests.get();
    }

    /** Bytes the scripts have written so far. */
    long bytesWritten() {
        return written.get();
    }

    /** Scripts still running. */
    int answering() {
        return answering.get();
    }

    /** What went wrong in the server itself (not the client hanging up), for a test to report. */
    List<Throwable> failures() {
        return failures;
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            sockets.add(s);
            int n = connections.incrementAndGet();
            Thread t = new Thread(() -> serve(s, n), "scripted-server-connection-" + n);
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket socket, int connection) {
        try (Socket s = socket) {
            s.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = new FilterOutputStream(s.getOutputStream()) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    written.addAndGet(len);
                }
            };
            while (true) {
                Request request = read(in, connection);
                if (request == null) {
                    return;
                }
                requests.incrementAndGet();
                answering.incrementAndGet();
                boolean keep;
                try {
                    keep = script.answer(request, out);
                } finally {
                    answering.decrementAndGet();
                }
                if (!keep) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client hung up: what many scripts expect
        } catch (InterruptedException | RuntimeException e) {
            failures.add(e);
        }
    }

    /** Reads one request (head up to the empty line, then Content-Length bytes), or null at the end of the stream. */
    private static Request read(InputStream in, int connection) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : b == '\r' ? 1 : 0;
        }
        String text = new String(head.toByteArray(), StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        byte[] body = new byte[length];
        for (int off = 0; off < length; ) {
            int n = in.read(body, off, length - off);
            if (n < 0) {
                return null;
            }
            off += n;
        }
        return new Request(text, body, connection);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
