package io.qhtrack.testkit;

/** One HTTP/1.x request as read off the wire by {@link LoopbackHttpServer}. Immutable except for the body array. */
final class HttpRequest {
    private final String method;
    private final String path;
    private final HttpHeaders headers;
    private final byte[] body;
    private final int remotePort;

    /**
     * @param method the request method, as sent (case-sensitive)
     * @param path the path of the request target, without query, not decoded
     * @param headers the header fields
     * @param body the exact body bytes (after removing any chunked framing); owned by this object, never copied
     * @param remotePort the client's TCP source port
     */
    HttpRequest(String method, String path, HttpHeaders headers, byte[] body, int remotePort) {
        this.method = method;
        this.path = path;
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
