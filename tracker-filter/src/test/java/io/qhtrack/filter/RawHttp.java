package io.qhtrack.filter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** HTTP/1.1 over a plain socket, for requests an HTTP client refuses to send and for exact header bytes. */
final class RawHttp {

    private RawHttp() {
    }

    /** A response: status, header lines exactly as received, body bytes (not de-chunked). */
    record Response(int status, List<String> headerLines, byte[] body) {

        /** Values of every header named {@code name} (case-insensitive), in order. */
        List<String> headers(String name) {
            List<String> values = new ArrayList<>();
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            for (String line : headerLines) {
                if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                    values.add(line.substring(prefix.length()).trim());
                }
            }
            return values;
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * Sends {@code head} (request line and headers, without the blank line; {@code Connection: close} is added, and
     * {@code Host} unless {@code head} has one) followed by {@code body}, and reads the whole response.
     */
    static Response exchange(int port, String head, byte[] body) throws IOException {
        return exchange(null, port, head, body);
    }

    /**
     * {@link #exchange(int, String, byte[])} from the local address {@code from} (say 127.0.0.2: the whole of
     * 127.0.0.0/8 is loopback), so that the server sees another client address; {@code null} for any.
     */
    static Response exchange(InetAddress from, int port, String head, byte[] body) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port, from, 0)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            boolean hasHost = head.toLowerCase(Locale.ROOT).contains("\r\nhost:");
            String fullHead = head + (hasHost ? "" : "\r\nHost: 127.0.0.1:" + port) + "\r\nConnection: close\r\n"
                    + (body.length > 0 ? "Content-Length: " + body.length + "\r\n" : "") + "\r\n";
            out.write(fullHead.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] all = in.readAllBytes();
            return parse(all);
        }
    }

    static Response exchange(int port, String head) throws IOException {
        return exchange(port, head, new byte[0]);
    }

    private static Response parse(byte[] all) {
        int end = -1;
        for (int i = 0; i + 3 < all.length; i++) {
            if (all[i] == '\r' && all[i + 1] == '\n' && all[i + 2] == '\r' && all[i + 3] == '\n') {
                end = i;
                break;
            }
        }
        if (end < 0) {
            throw new IllegalStateException("no complete response head in " + all.length + " bytes");
        }
        String[] lines = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        List<String> headers = new ArrayList<>(List.of(lines).subList(1, lines.length));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(all, end + 4, all.length - end - 4);
        return new Response(status, headers, body.toByteArray());
    }
}
