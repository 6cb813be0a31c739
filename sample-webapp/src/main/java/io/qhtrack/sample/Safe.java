package io.qhtrack.sample;

import java.net.URI;

/** What may be shown of a configured value: never user info, query or fragment, where a secret could hide. */
final class Safe {

    private Safe() {
    }

    /** {@code scheme://host[:port]/path} of {@code uri}. */
    static String url(URI uri) {
        if (uri == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        if (uri.getScheme() != null) {
            sb.append(uri.getScheme()).append("://");
        }
        if (uri.getHost() != null) {
            sb.append(uri.getHost());
        }
        if (uri.getPort() >= 0) {
            sb.append(':').append(uri.getPort());
        }
        if (uri.getRawPath() != null) {
            sb.append(uri.getRawPath());
        }
        return sb.toString();
    }
}
