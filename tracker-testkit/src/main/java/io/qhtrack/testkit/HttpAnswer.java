package io.qhtrack.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link LoopbackHttpServer} does with a request: send a response (possibly after holding the request
 * for a while), or close the connection without answering.
 */
final class HttpAnswer {
    static final String JSON = "application/json;charset=utf-8";
    static final String TEXT = "text/plain;charset=utf-8";
    static final String HTML = "text/html;charset=utf-8";

    private static final HttpAnswer DROP = new HttpAnswer(0, null, new byte[0], Collections.<String, String>emptyMap(), Duration.ZERO);

    private final int status;
    private final String contentType;
    private final byte[] body;
    private final Map<String, String> headers;
    private final Duration delay;

    private HttpAnswer(int status, String contentType, byte[] body, Map<String, String> headers, Duration delay) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.headers = headers;
        this.delay = delay;
    }

    /** A response with a UTF-8 body of the given media type. */
    static HttpAnswer respond(int status, String contentType, String body) {
        return new HttpAnswer(status, contentType, body.getBytes(StandardCharsets.UTF_8), Collections.<String, String>emptyMap(), Duration.ZERO);
    }

    /** Close the TCP connection after reading the request, without writing a single byte. */
    static HttpAnswer drop() {
        return DROP;
    }

    /** The same answer with one more response header field. */
    HttpAnswer withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new HttpAnswer(status, contentType, body, Collections.unmodifiableMap(more), delay);
    }

    /** The same answer, given only after holding the request for {@code holdFor}. */
    HttpAnswer after(Duration holdFor) {
        return new HttpAnswer(status, contentType, body, headers, holdFor);
    }

    boolean dropsConnection() {
        return this == DROP;
    }

    int status() {
        return status;
    }

    String contentType() {
        return contentType;
    }

    byte[] body() {
        return body;
    }

    Map<String, String> headers() {
        return headers;
    }

    Duration delay() {
        return delay;
    }
}
