package io.qhtrack.testkit;

/** One HTTP/1.x request as read off the wire by {@link LoopbackHttpServer}. Immutable except for the body array. */
final class HttpRequest {
    private final String method;
    private final String path;
    private final String query;
    private final HttpHeaders headers;
    private final byte[] body;
    private final int remotePort;

    /**
     * @param method the request method, as sent (case-sensitive)
     * @param path the path of the request target, without query, not decoded
     * @param query the query of the request target (after {@code ?}), not decoded; null when it has none
     * @param headers the header fields
     * @param body the exact body bytes (after removing any chunked framing); owned by this object, never copied
     * @param remotePort the client's TCP source port
     */
    HttpRequest(String method, String path, String query, HttpHeaders headers, byte[] body, int remotePort) {
        this.method = method;
        this.path = path;
        this.query = query;
        this.headers = headers;
        this.body = body;
        this.remotePort = remotePort;
    }

    /** The request method, as sent (case-sensitive). */
    String method() {
        return method;
    }

    /** The path of the request target, without query, not decoded. */
    String path() {
        return path;
    }

    /** The query of the request target (after {@code ?}), not decoded; null when it has none. */
    String query() {
        return query;
    }

    /** The header fields. */
    HttpHeaders headers() {
        return headers;
    }

    /** The exact body bytes (after removing any chunked framing); not a copy: do not modify. */
    byte[] body() {
        return body;
    }

    /** The client's TCP source port. */
    int remotePort() {
        return remotePort;
    }

    @Override
    public String toString() {
        return "HttpRequest[" + method + " " + path + ", " + body.length + " body bytes, port " + remotePort + "]";
    }
}
