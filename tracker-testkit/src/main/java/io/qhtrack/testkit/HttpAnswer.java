package io.qhtrack.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link LoopbackHttpServer} does with a request: send a response (possibly after holding the request
 * for a while), or close the connection without answering. The body is either bytes in memory or a {@link
 * HugeBody} streamed from a small buffer.
 */
final class HttpAnswer {
    static final String JSON = "application/json;charset=utf-8";
    static final String TEXT = "text/plain;charset=utf-8";
    static final String HTML = "text/html;charset=utf-8";

    private static final byte[] NO_BYTES = new byte[0];

    private final int status;
    private final String contentType;
    private final byte[] body;
    private final HugeBody hugeBody;
    private final Map<String, String> headers;
    private final Duration delay;
    private final boolean drop;

    private HttpAnswer(int status, String contentType, byte[] body, HugeBody hugeBody, Map<String, String> headers,
            Duration delay, boolean drop) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.hugeBody = hugeBody;
        this.headers = headers;
        this.delay = delay;
        this.drop = drop;
    }

    /** A response with a UTF-8 body of the given media type. */
    static HttpAnswer respond(int status, String contentType, String body) {
        return respond(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** A response with these body bytes (not copied) of the given media type. */
    static HttpAnswer respond(int status, String contentType, byte[] body) {
        return new HttpAnswer(status, contentType, body, null, Collections.<String, String>emptyMap(), Duration.ZERO,
                false);
    }

    /** A response whose body is streamed, never held in memory. */
    static HttpAnswer stream(int status, String contentType, HugeBody body) {
        return new HttpAnswer(status, contentType, NO_BYTES, body, Collections.<String, String>emptyMap(),
                Duration.ZERO, false);
    }

    /** Close the TCP connection after reading the request, without writing a single byte. */
    static HttpAnswer drop() {
        return new HttpAnswer(0, null, NO_BYTES, null, Collections.<String, String>emptyMap(), Duration.ZERO, true);
    }

    /** The same answer with one more response header field. */
    HttpAnswer withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new HttpAnswer(status, contentType, body, hugeBody, Collections.unmodifiableMap(more), delay, drop);
    }

    /** The same answer (or drop), given only after holding the request for {@code holdFor} longer. */
    HttpAnswer after(Duration holdFor) {
        if (holdFor.isZero()) {
            return this;
        }
        return new HttpAnswer(status, contentType, body, hugeBody, headers, delay.plus(holdFor), drop);
    }

    boolean dropsConnection() {
        return drop;
    }

    int status() {
        return status;
    }

    String contentType() {
        return contentType;
    }

    /** The body bytes in memory (not a copy); empty for a streamed body. */
    byte[] body() {
        return body;
    }

    /** The streamed body, or null when the body is in memory. */
    HugeBody hugeBody() {
        return hugeBody;
    }

    Map<String, String> headers() {
        return headers;
    }

    /** How long to hold the request before answering (or dropping it). */
    Duration delay() {
        return delay;
    }
}
