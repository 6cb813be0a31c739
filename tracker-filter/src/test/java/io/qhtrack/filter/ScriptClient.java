package io.qhtrack.filter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A script, not a browser: raw HTTP/1.1 requests to a server on loopback (a {@link ShopServer}, or any with its
 * paths) from one local address (any of 127.0.0.0/8, so that the server sees another client), with whatever headers
 * a script likes, cookies carried by hand.
 */
final class ScriptClient {

    /** A page view id of the form the browser script draws. */
    static final String PAGE_VIEW = "0123456789abcdef0123456789abcdef";

    private final int port;
    private final InetAddress from;
    private final String origin;
    private final List<String> headers;

    private ScriptClient(int port, InetAddress from, String origin, List<String> headers) {
        this.port = port;
        this.from = from;
        this.origin = origin;
        this.headers = headers;
    }

    /** A script on {@code fromAddress} (e.g. {@code 127.0.0.2}) sending the shop's own origin as {@code Origin}. */
    static ScriptClient from(ShopServer shop, String fromAddress) {
        return from(shop.port(), shop.origin(), fromAddress);
    }

    /** A script on {@code fromAddress} to the server on loopback {@code port}, sending {@code origin} as Origin. */
    static ScriptClient from(int port, String origin, String fromAddress) {
        try {
            return new ScriptClient(port, InetAddress.getByName(fromAddress), origin, List.of());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(fromAddress, e);
        }
    }

    /** This script, adding {@code headerLines} ({@code Name: value}) to every request. */
    ScriptClient with(String... headerLines) {
        List<String> all = new ArrayList<>(headers);
        all.addAll(Arrays.asList(headerLines));
        return new ScriptClient(port, from, origin, all);
    }

    /** This script, sending {@code origin} as the beacons' {@code Origin}. */
    ScriptClient origin(String origin) {
        return new ScriptClient(port, from, origin, headers);
    }

    /** A 16-digit click id nobody was ever given: {@code n} decides it. */
    static String inventedClick(long n) {
        return String.format("%016d", 7_000_000_000_000_000L + n);
    }

    /** {@code GET target} as a page navigation, with {@code more} header lines. */
    RawHttp.Response get(String target, String... more) {
        return exchange("GET " + target, new byte[0], concat(more, "Accept: text/html"));
    }

    /** Lands on {@code /?qhclickid=<id>}; the click cookie ({@code qhtrack_click=…}) it was given, or null. */
    String land(String clickId) {
        return cookieOf(get("/?qhclickid=" + clickId));
    }

    /** The beacon the browser script sends for {@code event}, carrying {@code cookie} (may be null). */
    RawHttp.Response beacon(String cookie, String event, String... more) {
        List<String> lines = new ArrayList<>(List.of("Content-Type: " + BrowserEventEndpoint.CONTENT_TYPE,
                "Origin: " + origin));
        if (cookie != null) {
            lines.add("Cookie: " + cookie);
        }
        lines.addAll(Arrays.asList(more));
        return exchange("POST /qhtrack/event?event=" + event + "&pv=" + PAGE_VIEW, new byte[0],
                lines.toArray(new String[0]));
    }

    /** Posts a lead form with {@code cookie}; the first line of the shop's answer (the outcome's status). */
    String lead(String cookie, String name) {
        RawHttp.Response response = exchange("POST /lead", ShopServer.form("name", name, "phone", "13800138000")
                .getBytes(StandardCharsets.UTF_8), "Content-Type: application/x-www-form-urlencoded", "Cookie: "
                + cookie);
        return response.bodyText().split("\n", 2)[0];
    }

    private RawHttp.Response exchange(String requestLine, byte[] body, String... lines) {
        StringBuilder head = new StringBuilder(requestLine).append(" HTTP/1.1");
        for (String line : headers) {
            head.append("\r\n").append(line);
        }
        for (String line : lines) {
            head.append("\r\n").append(line);
        }
        try {
            return RawHttp.exchange(from, port, head.toString(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** The {@code qhtrack_click=…} pair of the response's {@code Set-Cookie}, or null. */
    static String cookieOf(RawHttp.Response response) {
        for (String cookie : response.headers("Set-Cookie")) {
            if (cookie.startsWith("qhtrack_click=")) {
                int semicolon = cookie.indexOf(';');
                return semicolon < 0 ? cookie : cookie.substring(0, semicolon);
            }
        }
        return null;
    }
}
