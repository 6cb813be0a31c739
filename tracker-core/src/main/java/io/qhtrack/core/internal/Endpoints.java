package io.qhtrack.core.internal;

import io.qhtrack.core.ConfigurationException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/** Checks endpoints a platform sends to: HTTPS, or plain HTTP to a loopback address only (tests, local fakes). */
public final class Endpoints {

    private Endpoints() {
    }

    /**
     * Parses and checks an endpoint.
     *
     * @param setting the setting that gave it, named in the error
     * @throws ConfigurationException naming {@code setting} and the value when it is not absolute HTTPS (or HTTP to
     *     loopback), has user info, or has a fragment
     */
    public static URI parse(String setting, String value) {
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw new ConfigurationException(setting, "'" + shown(value) + "' is not a URL: " + e.getReason());
        }
        return check(setting, uri);
    }

    /** Checks an endpoint; see {@link #parse(String, String)}. */
    public static URI check(String setting, URI uri) {
        Optional<String> problem = problemWith(uri);
        if (problem.isPresent()) {
            throw new ConfigurationException(setting, problem.get());
        }
        try {
            uri.toURL();
        } catch (java.net.MalformedURLException | IllegalArgumentException e) {
            throw new ConfigurationException(setting, "'" + uri.getScheme() + "://" + uri.getHost() + "…' is not a URL: "
                    + e.getMessage());
        }
        return uri;
    }

    /** What keeps qhtrack from sending to {@code uri}, or empty when it may. */
    public static Optional<String> problemWith(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return Optional.of("'" + shown(uri.toString()) + "' is not an absolute https URL");
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return Optional.of("'" + uri.getScheme() + "://" + uri.getHost() + "…' must not carry user info or a "
                    + "fragment");
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            return Optional.of("'" + uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":"
                    + uri.getPort()) + (uri.getRawPath() == null ? "" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?…") + "' uses plain http; only https is allowed, except to a "
                    + "loopback address (127.0.0.1, ::1, localhost) for tests");
        }
        return Optional.empty();
    }

    /** The URL for a message, with any user info (which may hold a password) masked. */
    private static String shown(String url) {
        return url.replaceAll("//[^/?#]*@", "//…@");
    }

    /** A loopback host: {@code localhost}, or an address literal the JDK says is loopback; never asks DNS. */
    public static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false; // a name other than localhost: do not trust DNS to say it is loopback
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
