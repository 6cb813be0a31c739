package io.qhtrack.testkit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The authentication parameters of one request to Tencent, read from where the auth mode puts them: {@code
 * access_token} in the query ({@code query}), in an {@code access_token} header ({@code header}) or in an
 * {@code access-token} header ({@code header-hyphen}); {@code timestamp} and {@code nonce} always in the query.
 * A token anywhere else is reported, never taken. An immutable value.
 */
final class TencentAuth {
    private static final String QUERY = "the query parameter access_token";
    private static final String HEADER = "the header access_token";
    private static final String HEADER_HYPHEN = "the header access-token";

    private final String missing;
    private final String accessToken;
    private final String timestamp;
    private final String nonce;
    private final String placement;

    private TencentAuth(String missing, String accessToken, String timestamp, String nonce, String placement) {
        this.missing = missing;
        this.accessToken = accessToken;
        this.timestamp = timestamp;
        this.nonce = nonce;
        this.placement = placement;
    }

    /** Reads the request's auth parameters as {@code mode} places them. */
    static TencentAuth of(HttpRequest request, FakeTencent.AuthMode mode) {
        Map<String, List<String>> query = QueryString.parse(request.query());
        Map<String, List<String>> tokens = new LinkedHashMap<>();
        tokens.put(QUERY, query.getOrDefault("access_token", Collections.<String>emptyList()));
        tokens.put(HEADER, request.headers().all("access_token"));
        tokens.put(HEADER_HYPHEN, request.headers().all("access-token"));
        String expected = mode == FakeTencent.AuthMode.QUERY ? QUERY
                : mode == FakeTencent.AuthMode.HEADER ? HEADER : HEADER_HYPHEN;
        List<String> wrong = tokens.entrySet().stream()
                .filter(place -> !place.getKey().equals(expected) && !place.getValue().isEmpty())
                .map(Map.Entry::getKey).collect(Collectors.toList());
        List<String> right = tokens.get(expected);
        String placement = tokens.entrySet().stream().filter(place -> !place.getValue().isEmpty())
                .map(place -> place.getKey().substring("the ".length())).collect(Collectors.joining(" and "));
        String how = " (auth " + mode.settingValue() + ")";

        String missing = null;
        if (right.isEmpty()) {
            missing = wrong.isEmpty() ? "access_token is missing: send it as " + expected + how
                    : "access_token was sent as " + String.join(" and ", wrong) + ", but this FakeTencent takes it only "
                            + "as " + expected + how;
        } else if (!wrong.isEmpty()) {
            missing = "access_token was sent as " + expected + " and also as " + String.join(" and ", wrong)
                    + ": send it once, as " + expected + how;
        } else if (right.size() > 1) {
            missing = "access_token was sent " + right.size() + " times as " + expected;
        }
        String timestamp = single(query, "timestamp");
        String nonce = single(query, "nonce");
        if (missing == null) {
            missing = queryProblem(request, query, "timestamp");
        }
        if (missing == null) {
            missing = queryProblem(request, query, "nonce");
        }
        return new TencentAuth(missing, right.isEmpty() ? null : right.get(0), timestamp, nonce,
                placement.isEmpty() ? "none" : placement);
    }

    private static String queryProblem(HttpRequest request, Map<String, List<String>> query, String name) {
        List<String> values = query.getOrDefault(name, Collections.<String>emptyList());
        if (values.isEmpty()) {
            return request.headers().all(name).isEmpty() ? name + " is missing: send it as a query parameter"
                    : name + " was sent as a header; it belongs in the query in every auth mode";
        }
        if (values.size() > 1) {
            return name + " was sent " + values.size() + " times";
        }
        return values.get(0).isEmpty() ? name + " is empty" : null;
    }

    private static String single(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * Why the parameters cannot authenticate the request at all (code 12000): a token missing or in another
     * place, a timestamp or nonce missing; null when all three are where they belong.
     */
    String missing() {
        return missing;
    }

    /** The token from the configured place; null when it is not there. */
    String accessToken() {
        return accessToken;
    }

    /** The {@code timestamp} query parameter, or null. */
    String timestamp() {
        return timestamp;
    }

    /** The {@code nonce} query parameter, or null. */
    String nonce() {
        return nonce;
    }

    /** Where the token was sent, e.g. {@code query parameter access_token}, or {@code none}. */
    String placement() {
        return placement;
    }
}
