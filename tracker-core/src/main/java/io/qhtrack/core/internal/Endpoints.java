package io.qhtrack.core;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/** Checks upload endpoints: HTTPS, or plain HTTP to a loopback address only (tests, Fake360). */
final class Endpoints {

    /** 360's endpoint (section 4.2). */
    static final URI DEFAULT = URI.create("https://convert.dop.360.cn/uploadWebConvert");

    /** The property that overrides it. */
    static final String SETTING = Setting.ENDPOINT.key();

    private Endpoints() {
    }

    /**
     * Parses and checks an endpoint.
     *
     * @throws ConfigurationException naming {@value #SETTING} and the value when it is not absolute HTTPS (or HTTP
     *     to loopback), has user info, or has a fragment
     */
    static URI parse(String value) {
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw new ConfigurationException(SETTING, "'" + shown(value) + "' is not a URL: " + e.getReason());
        }
        return check(uri);
    }

    /** Checks an endpoint; see {@link #parse(String)}. */
    static URI check(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new ConfigurationException(SETTING, "'" + shown(uri.toString()) + "' is not an absolute https URL");
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new ConfigurationException(SETTING, "'" + uri.getScheme() + "://" + uri.getHost()
                    + "…' must not carry user info or a fragment");
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            throw new ConfigurationException(SETTING, "'" + uri + "' uses plain http; only https is allowed, "
                    + "except to a loopback address (127.0.0.1, ::1, localhost) for tests");
        }
        return uri;
    }

    /** The URL for a message, with any user info (which may hold a password) masked. */
    private static String shown(String url) {
        return url.replaceAll("//[^/?#]*@", "//…@");
    }

    static boolean isLoopback(String host) {
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
