package io.qhtrack.filter;

import io.qhtrack.core.Click;
import jakarta.servlet.http.HttpServletRequest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The landing URL a click keeps for the platforms that send it back (Baidu's {@code logidUrl}, Tencent's {@code url}):
 * scheme, host, port, path and query as the visitor's browser had them, and never the fragment.
 * <ul>
 *   <li>From a landing request: its scheme, host and port ({@code getScheme}, {@code getServerName},
 *       {@code getServerPort}, which the container or Spring Boot may have rewritten), or behind a
 *       {@linkplain TrustedProxies trusted proxy} the host and https it forwarded; a port is written only when it is
 *       not the scheme's default.</li>
 *   <li>From a page the browser named (a same-origin {@code Referer}, the page the SPA script ran on): that URL without
 *       its fragment. An id found in the fragment ({@code /app#/form?bd_vid=…}) is put in the query
 *       ({@code /app?bd_vid=…}), so that the URL still carries the click.</li>
 *   <li>{@code ;jsessionid=…} path parameters are removed (a session id is nobody else's business), and so are the
 *       query parameters {@code qhtrack.landing-url.drop-params} names (compared ignoring case) and empty ones.
 *       Characters a URL cannot hold as they are (controls, spaces, non-ASCII) are percent-encoded as UTF-8.</li>
 *   <li>At most {@value #MAX_LENGTH} characters ({@link Click#MAX_LANDING_URL_LENGTH}): a longer URL loses its other
 *       query parameters, the last first, <b>never the click parameter</b>; if the click parameter alone does not fit
 *       beside the path, the path becomes {@code /}.</li>
 * </ul>
 */
final class LandingUrl {

    /** The longest landing URL a click keeps. */
    static final int MAX_LENGTH = Click.MAX_LANDING_URL_LENGTH;
    /** The longest host (and port) believed. */
    private static final int MAX_AUTHORITY_LENGTH = 300;
    private static final String JSESSIONID = ";jsessionid=";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** A URL cut into the parts that are kept, its query into parameters. */
    private static final class Parts {
        final String origin;
        String path;
        final List<String> parameters;
        /** The index of the click parameter in {@link #parameters}. */
        int click = -1;

        Parts(String origin, String path, List<String> parameters) {
            this.origin = origin;
            this.path = path;
            this.parameters = parameters;
        }

        int length() {
            int n = origin.length() + path.length();
            for (String p : parameters) {
                n += p.length() + 1;
            }
            return n;
        }

        /** Drops other parameters, the last first, then the path, until the URL is at most {@code limit} long. */
        String fit(int limit) {
            int length = length();
            for (int i = parameters.size() - 1; i >= 0 && length > limit; i--) {
                if (i != click) {
                    length -= parameters.remove(i).length() + 1;
                    click = i < click ? click - 1 : click;
                }
            }
            if (length > MAX_LENGTH) {
                length -= path.length() - 1;
                path = "/";
            }
            if (length > MAX_LENGTH) {
                return null;
            }
            StringBuilder url = new StringBuilder(length).append(origin).append(path);
            for (int i = 0; i < parameters.size(); i++) {
                url.append(i == 0 ? '?' : '&').append(parameters.get(i));
            }
            return url.toString();
        }
    }

    private LandingUrl() {
    }

    /**
     * The URL of a landing {@code request} whose query carried {@code found}, or {@code null} when its host is not one
     * a URL can carry.
     */
    static String ofRequest(HttpServletRequest request, TrustedProxies proxies, ClickParameters.Found found,
            Set<String> dropParameters) {
        String origin = origin(request, proxies);
        if (origin == null) {
            return null;
        }
        return build(origin, request.getRequestURI(), request.getQueryString(), found, dropParameters);
    }

    /**
     * The URL of the page {@code url} names (absolute {@code http} or {@code https}) for the click {@code found}, found
     * on it or in its fragment; {@code null} when {@code url} is not such a URL.
     */
    static String ofPage(String url, ClickParameters.Found found, Set<String> dropParameters) {
        if (url == null) {
            return null;
        }
        int hash = url.indexOf('#');
        String sent = hash < 0 ? url : url.substring(0, hash);
        int authority = authorityStart(sent);
        if (authority < 0) {
            return null;
        }
        int end = authority;
        while (end < sent.length() && sent.charAt(end) != '/' && sent.charAt(end) != '?') {
            end++;
        }
        if (!isAuthority(sent, authority, end)) {
            return null;
        }
        String origin = (authority == 8 ? "https://" : "http://") + sent.substring(authority, end);
        int question = sent.indexOf('?', end);
        String path = sent.substring(end, question < 0 ? sent.length() : question);
        return build(origin, path, question < 0 ? null : sent.substring(question + 1), found, dropParameters);
    }

    /** The origin URL {@code request} was addressed to ({@code https://shop.example}), or {@code null}. */
    static String origin(HttpServletRequest request, TrustedProxies proxies) {
        boolean secureRequest = "https".equalsIgnoreCase(request.getScheme());
        boolean https = secureRequest || proxies.forwardedHttps(request);
        String scheme = https ? "https://" : "http://";
        String forwarded = proxies.forwardedHost(request);
        if (forwarded != null && isAuthority(forwarded, 0, forwarded.length())) {
            return scheme + forwarded;
        }
        String host = request.getServerName();
        if (host == null || host.isEmpty()) {
            return null;
        }
        if (host.indexOf(':') >= 0 && host.charAt(0) != '[') {
            host = "[" + host + "]";
        }
        int port = request.getServerPort();
        // behind a proxy that terminates TLS, a request without a port in its Host has the default port of http
        boolean defaultPort = port <= 0 || port == (https ? 443 : 80) || https && !secureRequest && port == 80;
        String authority = defaultPort ? host : host + ":" + port;
        return isAuthority(authority, 0, authority.length()) ? scheme + authority : null;
    }

    /**
     * {@code url} (a landing URL a click kept) with no other query parameter than the click's, whose value is
     * {@code id}: the shortest form that still carries the click, when a cookie has no room for more.
     */
    static String minimal(String url, String id) {
        Parts parts = parts(url, null, id);
        if (parts == null || parts.click < 0) {
            return url;
        }
        String shortest = parts.fit(0);
        return shortest == null ? url : shortest;
    }

    private static String build(String origin, String path, String query, ClickParameters.Found found,
            Set<String> dropParameters) {
        Parts parts = new Parts(origin, printable(path.isEmpty() ? "/" : withoutSessionId(path)),
                parameters(query, found.parameter(), found.id(), found.raw(), dropParameters));
        parts.click = lastIndexOf(parts.parameters, found.parameter(), found.id(), found.raw());
        if (parts.click < 0) { // the id came from the fragment
            parts.parameters.add(found.parameter() + "=" + printable(found.id()));
            parts.click = parts.parameters.size() - 1;
        }
        return parts.fit(MAX_LENGTH);
    }

    /** {@code url} cut into parts, its click parameter the last whose value is {@code id}; {@code null} if no URL. */
    private static Parts parts(String url, String name, String id) {
        int authority = authorityStart(url);
        if (authority < 0) {
            return null;
        }
        int end = authority;
        while (end < url.length() && url.charAt(end) != '/' && url.charAt(end) != '?') {
            end++;
        }
        int question = url.indexOf('?', end);
        List<String> parameters = parameters(question < 0 ? null : url.substring(question + 1), name, id, false,
                Collections.<String>emptySet());
        Parts parts = new Parts(url.substring(0, end), url.substring(end, question < 0 ? url.length() : question),
                parameters);
        parts.click = lastIndexOf(parameters, name, id, false);
        return parts;
    }

    /**
     * The non-empty parameters of {@code query}, printable, without those {@code dropParameters} names unless it is
     * the click parameter ({@code name}, or any name when {@code null}, with the value {@code id}).
     */
    private static List<String> parameters(String query, String name, String id, boolean raw,
            Set<String> dropParameters) {
        List<String> parameters = new ArrayList<>();
        if (query == null) {
            return parameters;
        }
        for (String parameter : query.split("&", -1)) {
            if (parameter.isEmpty()) {
                continue;
            }
            if (!dropParameters.isEmpty() && !isClick(parameter, name, id, raw)) {
                int eq = parameter.indexOf('=');
                String rawName = eq < 0 ? parameter : parameter.substring(0, eq);
                String decoded = ClickParameters.decode(rawName, 0, rawName.length());
                if (dropParameters.contains((decoded == null ? rawName : decoded).toLowerCase(Locale.ROOT))) {
                    continue;
                }
            }
            parameters.add(printable(parameter));
        }
        return parameters;
    }

    private static int lastIndexOf(List<String> parameters, String name, String id, boolean raw) {
        for (int i = parameters.size() - 1; i >= 0; i--) {
            if (isClick(parameters.get(i), name, id, raw)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@code parameter} is {@code name=id} ({@code name} {@code null}: any name), decoded unless raw. */
    private static boolean isClick(String parameter, String name, String id, boolean raw) {
        int eq = parameter.indexOf('=');
        if (eq < 0) {
            return false;
        }
        String value = raw ? parameter.substring(eq + 1) : ClickParameters.decode(parameter, eq + 1, parameter.length());
        if (!id.equals(value)) {
            return false;
        }
        return name == null || name.equals(ClickParameters.decode(parameter, 0, eq));
    }

    /** Where the authority of an {@code http} or {@code https} URL starts, or -1 for any other URL. */
    private static int authorityStart(String url) {
        if (url.regionMatches(true, 0, "https://", 0, 8)) {
            return 8;
        }
        return url.regionMatches(true, 0, "http://", 0, 7) ? 7 : -1;
    }

    /**
     * Whether {@code s[from, to)} is a host and optional port a URL can carry as it is: letters, digits,
     * {@code .-_~}, an IPv6 literal's brackets and colons; no user info.
     */
    private static boolean isAuthority(String s, int from, int to) {
        if (to <= from || to - from > MAX_AUTHORITY_LENGTH) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || ".-_~[]:".indexOf(c) >= 0)) {
                return false;
            }
        }
        return s.charAt(from) != ':';
    }

    /** {@code path} without {@code ;jsessionid=…} path parameters (any case). */
    private static String withoutSessionId(String path) {
        int at = indexOfIgnoringCase(path, JSESSIONID, 0);
        while (at >= 0) {
            int end = at + JSESSIONID.length();
            while (end < path.length() && path.charAt(end) != '/' && path.charAt(end) != ';') {
                end++;
            }
            path = path.substring(0, at) + path.substring(end);
            at = indexOfIgnoringCase(path, JSESSIONID, at);
        }
        return path;
    }

    private static int indexOfIgnoringCase(String s, String what, int from) {
        for (int i = from; i <= s.length() - what.length(); i++) {
            if (s.regionMatches(true, i, what, 0, what.length())) {
                return i;
            }
        }
        return -1;
    }

    /** {@code s} with every character outside {@code !} to {@code ~}, and {@code #}, percent-encoded as UTF-8. */
    static String printable(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) > 0x20 && s.charAt(i) < 0x7f && s.charAt(i) != '#') {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0x20 && c < 0x7f && c != '#') {
                out.append(c);
                continue;
            }
            int end = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                    ? i + 2 : i + 1;
            for (byte b : s.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
            i = end - 1;
        }
        return out.toString();
    }
}
