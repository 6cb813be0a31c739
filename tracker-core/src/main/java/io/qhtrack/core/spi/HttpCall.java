package io.qhtrack.core.spi;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One request for the wire, exactly: method, URL, headers and the body bytes that were signed. Made by a
 * {@link Codec}; sent by the engine, which adds nothing but {@code Content-Length} and {@code Host}. Immutable.
 *
 * <p>Secrets a platform puts on the wire (Tencent's {@code access_token} in the query, a token header) are named
 * with {@link Builder#secretQueryParameter(String)} / {@link Builder#secretHeader(String, String)}: {@link #toString()} and
 * {@link #describe()} show {@code ******} in their place, so the request can be logged, printed by the CLI's
 * {@code --dry-run}, or put in an exception. Secrets in the body (Baidu's {@code token}) are redacted by the codec's
 * {@link Builder#describedBody(String)}.
 */
public final class HttpCall {

    private final String method;
    private final URI uri;
    private final Map<String, String> headers;
    private final byte[] body;
    private final Set<String> secretQuery;
    private final Set<String> secretHeaders;
    private final String describedBody;

    private HttpCall(Builder b) {
        this.method = b.method;
        this.uri = b.uri;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
        this.body = b.body;
        this.secretQuery = Collections.unmodifiableSet(new LinkedHashSet<>(b.secretQuery));
        this.secretHeaders = Collections.unmodifiableSet(new LinkedHashSet<>(b.secretHeaders));
        this.describedBody = b.describedBody;
    }

    /** A {@code POST} of {@code body} to {@code uri}. */
    public static Builder post(URI uri, byte[] body) {
        return new Builder("POST", uri, Objects.requireNonNull(body, "body").clone());
    }

    /** A {@code GET} of {@code uri}, no body (Kuaishou's callback). */
    public static Builder get(URI uri) {
        return new Builder("GET", uri, new byte[0]);
    }

    /** {@code GET} or {@code POST}. */
    public String method() {
        return method;
    }

    /** The full URL, secrets included: for the transport only. */
    public URI uri() {
        return uri;
    }

    /** The headers, secrets included: for the transport only. */
    public Map<String, String> headers() {
        return headers;
    }

    /** A copy of the body bytes, exactly as signed. */
    public byte[] body() {
        return body.clone();
    }

    /** The body bytes without copying: for the transport only; never modify them. */
    public byte[] bodyUnsafe() {
        return body;
    }

    /** The URL with secret query parameters shown as {@code ******}: safe to log. */
    public String redactedUri() {
        String query = uri.getRawQuery();
        if (query == null || secretQuery.isEmpty()) {
            return uri.toString();
        }
        StringBuilder sb = new StringBuilder();
        for (String pair : query.split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            sb.append(sb.length() == 0 ? "" : "&").append(secretQuery.contains(name) ? name + "=******" : pair);
        }
        String s = uri.toString();
        int q = s.indexOf('?');
        int hash = s.indexOf('#', q);
        return s.substring(0, q + 1) + sb + (hash < 0 ? "" : s.substring(hash));
    }

    /** The request as it goes on the wire (request line, headers, body), secrets shown as {@code ******}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(method).append(' ').append(redactedUri()).append('\n');
        for (Map.Entry<String, String> h : headers.entrySet()) {
            sb.append(h.getKey()).append(": ")
                    .append(secretHeaders.contains(h.getKey().toLowerCase(Locale.ROOT)) ? "******" : h.getValue())
                    .append('\n');
        }
        return sb.append('\n').append(describedBody != null ? describedBody
                : new String(body, StandardCharsets.UTF_8)).toString();
    }

    @Override
    public String toString() {
        return "HttpCall[" + method + " " + redactedUri() + ", " + body.length + " bytes]";
    }

    /** Builds an {@link HttpCall}. */
    public static final class Builder {
        private final String method;
        private final URI uri;
        private final byte[] body;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final Set<String> secretQuery = new LinkedHashSet<>();
        private final Set<String> secretHeaders = new LinkedHashSet<>();
        private String describedBody;

        private Builder(String method, URI uri, byte[] body) {
            this.method = method;
            this.uri = Objects.requireNonNull(uri, "uri");
            this.body = body;
        }

        /** Adds a header (no secret). */
        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Adds a header whose value is a secret: shown as {@code ******} everywhere but on the wire. */
        public Builder secretHeader(String name, String value) {
            header(name, value);
            secretHeaders.add(name.toLowerCase(Locale.ROOT));
            return this;
        }

        /** Names a query parameter of the URL whose value is a secret. */
        public Builder secretQueryParameter(String name) {
            secretQuery.add(Objects.requireNonNull(name, "name"));
            return this;
        }

        /** How {@link HttpCall#describe()} shows the body, when the body holds a secret (already redacted). */
        public Builder describedBody(String redacted) {
            this.describedBody = Objects.requireNonNull(redacted, "redacted");
            return this;
        }

        /** The call. */
        public HttpCall build() {
            return new HttpCall(this);
        }
    }
}
