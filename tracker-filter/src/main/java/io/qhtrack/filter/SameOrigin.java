package io.qhtrack.filter;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Whether a URL a browser sent ({@code Origin}, {@code Referer}) names the site the request was addressed to: the same
 * host and port as the request's {@code Host} header, a missing port being the default port of the URL's scheme
 * ({@code http} or {@code https}). The scheme itself is not compared, so that a site behind a proxy that terminates
 * TLS (the application sees {@code http}, the browser says {@code https}) is still itself. Behind a reverse proxy
 * whose {@code Host} is the backend's ({@code proxy_set_header Host $proxy_host}), the site is also the host a
 * {@linkplain TrustedProxies trusted proxy} forwarded, and the server name and port the container or Spring Boot
 * rewrote from it ({@code server.forward-headers-strategy}). Allocation-free for the {@code Host} comparison; never
 * throws on malformed input (it is simply not the same origin).
 */
final class SameOrigin {

    private SameOrigin() {
    }

    /**
     * Whether {@code url} ({@code scheme://host[:port][/…]}) is of the site {@code request} was addressed to: its
     * {@code Host}, the host {@code proxies} forwarded, or the container's server name and port.
     */
    static boolean matches(String url, HttpServletRequest request, TrustedProxies proxies) {
        if (matches(url, request.getHeader("Host"))) {
            return true;
        }
        String forwarded = proxies.forwardedHost(request);
        return forwarded != null && matches(url, forwarded)
                || matchesServer(url, request.getServerName(), request.getServerPort());
    }

    /** Whether {@code url} names the host {@code serverName} and, explicitly or by its scheme, {@code serverPort}. */
    static boolean matchesServer(String url, String serverName, int serverPort) {
        if (serverName == null || serverName.isEmpty() || serverPort < 1) {
            return false;
        }
        int authority = authorityStart(url);
        if (authority < 0) {
            return false;
        }
        int end = authorityEnd(url, authority);
        int colon = portColon(url, authority, end);
        int hostEnd = colon < 0 ? end : colon;
        int port = colon < 0 ? defaultPort(authority) : port(url, colon + 1, end);
        return hostEnd - authority == serverName.length() && url.regionMatches(true, authority, serverName, 0,
                serverName.length()) && port == serverPort && url.lastIndexOf('@', end - 1) < authority;
    }

    /** Whether {@code url} is of the site named by the {@code Host} header value {@code host}. */
    static boolean matches(String url, String host) {
        if (url == null || host == null) {
            return false;
        }
        int authority = authorityStart(url);
        if (authority < 0) {
            return false;
        }
        int end = authorityEnd(url, authority);
        if (url.lastIndexOf('@', end - 1) >= authority) {
            return false; // user info: never how a browser writes an Origin or a Referer
        }
        int defaultPort = defaultPort(authority);
        return sameAuthority(url, authority, end, defaultPort, host.trim(), defaultPort);
    }

    /** Where the authority of an {@code http} or {@code https} URL starts, or -1 for any other URL. */
    private static int authorityStart(String url) {
        if (url.regionMatches(true, 0, "https://", 0, 8)) {
            return 8;
        }
        return url.regionMatches(true, 0, "http://", 0, 7) ? 7 : -1;
    }

    /** The default port of the scheme whose authority starts at {@code authority}. */
    private static int defaultPort(int authority) {
        return authority == 8 ? 443 : 80;
    }

    private static int authorityEnd(String url, int authority) {
        int end = authority;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        return end;
    }

    private static boolean sameAuthority(String a, int aFrom, int aTo, int aDefault, String b, int bDefault) {
        int aColon = portColon(a, aFrom, aTo);
        int bColon = portColon(b, 0, b.length());
        int aHostEnd = aColon < 0 ? aTo : aColon;
        int bHostEnd = bColon < 0 ? b.length() : bColon;
        if (aHostEnd - aFrom != bHostEnd || aHostEnd == aFrom || !a.regionMatches(true, aFrom, b, 0, bHostEnd)) {
            return false;
        }
        int aPort = aColon < 0 ? aDefault : port(a, aColon + 1, aTo);
        int bPort = bColon < 0 ? bDefault : port(b, bColon + 1, b.length());
        return aPort > 0 && aPort == bPort;
    }

    /** Where the port's colon is in {@code s[from, to)} (after an IPv6 literal's {@code ]}), or -1. */
    private static int portColon(String s, int from, int to) {
        int close = s.lastIndexOf(']', to - 1);
        int colon = s.lastIndexOf(':', to - 1);
        return colon >= from && colon > close ? colon : -1;
    }

    /** The port in {@code s[from, to)}, or -1 when it is not 1 to 65535 in ASCII digits. */
    private static int port(String s, int from, int to) {
        if (to <= from || to - from > 5) {
            return -1;
        }
        int port = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            port = port * 10 + (c - '0');
        }
        return port >= 1 && port <= 65535 ? port : -1;
    }
}
