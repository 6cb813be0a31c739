package io.qhtrack.core.spi;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An answer the platform sent to an {@link HttpCall}, read within the engine's bounds ({@code
 * qhtrack.http.max-response-bytes}): what a {@link Classifier} reads. The engine itself settles what never reached
 * a classifier: no answer (connection refused, timeouts), an answer too large, a redirect, 5xx, 408, 425 and 429.
 * Immutable.
 */
public final class HttpAnswer {

    private final int status;
    private final Map<String, String> headers;
    private final byte[] body;

    /**
     * An answer.
     *
     * @param headers the first value of each header, by name (looked up ignoring case)
     */
    public HttpAnswer(int status, Map<String, String> headers, byte[] body) {
        this.status = status;
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        this.headers = Collections.unmodifiableMap(h);
        this.body = body.clone();
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** A header's first value, looked up ignoring case. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** A copy of the body. */
    public byte[] body() {
        return body.clone();
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "HttpAnswer[" + status + ", " + body.length + " bytes]";
    }
}
