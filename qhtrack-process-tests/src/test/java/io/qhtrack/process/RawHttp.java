package io.qhtrack.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP/1.1 as a script writes it: one request per connection, from a chosen local address. The whole of 127.0.0.0/8
 * is loopback, so a client bound to 127.0.0.2 reaches a server on 127.0.0.1 and the server sees 127.0.0.2 as the
 * client address (Java's HttpClient cannot bind a source address). Headers are sent exactly as given: no browser
 * adds {@code Sec-Fetch-*} or a cookie behind the script's back.
 */
final class RawHttp {

    /** The longest a connection, a request or an answer may take. */
    static final int TIMEOUT_MILLIS = 30_000;

    private final InetAddress local;
    private final URI base;

    RawHttp(InetAddress local, URI base) {
        this.local = local;
        this.base = base;
    }

    static RawHttp from(String localAddress, URI base) {
        try {
            return new RawHttp(InetAddress.getByName(localAddress), base);
        } catch (IOException e) {
            throw new IllegalArgumentException(localAddress, e);
        }
    }

    /** {@code Host} as a browser sends it for {@code base}. */
    String host() {
        return base.getHost() + ":" + base.getPort();
    }

    /** The site's origin, {@code http://host:port}. */
    String origin() {
        return "http://" + host();
    }

    /** Sends one request; {@code headers} are name, value, name, value … ({@code Host} and the framing are added). */
    Answer send(String method, String pathAndQuery, String... headers) throws IOException {
        StringBuilder request = new StringBuilder(method).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host()).append("\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        if (method.equals("POST")) {
            request.append("Content-Length: 0\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(local, 0));
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return Answer.read(socket.getInputStream());
        }
    }

    /** A status line and headers; the body is read to the end and dropped. */
    record Answer(int status, Map<String, List<String>> headers) {

        static Answer read(InputStream in) throws IOException {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            String[] lines = (end < 0 ? text : text.substring(0, end)).split("\r\n");
            if (lines.length == 0 || !lines[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP answer: " + text.substring(0, Math.min(200, text.length())));
            }
            int status = Integer.parseInt(lines[0].substring(9, 12));
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            k -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
                }
            }
            return new Answer(status, headers);
        }

        /** The value of the cookie {@code name} this answer sets, as {@code name=value}. */
        Optional<String> cookie(String name) {
            return headers.getOrDefault("set-cookie", List.of()).stream().filter(c -> c.startsWith(name + "="))
                    .map(c -> c.indexOf(';') < 0 ? c : c.substring(0, c.indexOf(';'))).findFirst();
        }
    }
}
