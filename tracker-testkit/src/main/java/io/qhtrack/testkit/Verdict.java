package io.qhtrack.testkit;

import java.util.Objects;

/**
 * What 360's rules say about one request: an HTTP status for requests that never reach the endpoint
 * (404, 405), otherwise HTTP 200 with an {@code errno}, plus a human explanation of the rule applied.
 * An immutable value.
 */
final class Verdict {
    static final int OK = 0;
    static final int APP_KEY = 1;
    static final int APP_SIGN = 2;
    static final int DATA = 3;

    private final int httpStatus;
    private final Integer errno;
    private final String reason;

    /**
     * @param httpStatus 200 for every request that reached the endpoint, whatever its errno
     * @param errno 0 to 3 when {@code httpStatus} is 200, otherwise null
     * @param reason which rule decided, in words, e.g. "data.data_detail.trans_id is required for ocpc_zs_convert"
     */
    Verdict(int httpStatus, Integer errno, String reason) {
        this.httpStatus = httpStatus;
        this.errno = errno;
        this.reason = reason;
    }

    /** 200 for every request that reached the endpoint, whatever its errno. */
    int httpStatus() {
        return httpStatus;
    }

    /** 0 to 3 when {@link #httpStatus()} is 200, otherwise null. */
    Integer errno() {
        return errno;
    }

    /** Which rule decided, in words, e.g. "data.data_detail.trans_id is required for ocpc_zs_convert". */
    String reason() {
        return reason;
    }

    static Verdict accepted() {
        return new Verdict(200, OK, "accepted");
    }

    static Verdict errno(int errno, String reason) {
        return new Verdict(200, errno, reason);
    }

    static Verdict httpError(int status, String reason) {
        return new Verdict(status, null, reason);
    }

    /** Whether the request reached the endpoint (POST on its path), whatever its errno. */
    boolean reachedEndpoint() {
        return httpStatus == 200;
    }

    boolean isAccepted() {
        return errno != null && errno == OK;
    }

    /** The {@code error} text 360 sends with the errno, or null for an HTTP error. */
    String error() {
        return errno == null ? null : errorText(errno);
    }

    /** The answer as 360 gives it: HTTP 200 and compact JSON, or a short text for an HTTP error. */
    HttpAnswer answer() {
        if (errno == null) {
            HttpAnswer answer = HttpAnswer.respond(httpStatus, HttpAnswer.TEXT,
                    httpStatus + " " + LoopbackHttpServer.reasonPhrase(httpStatus) + "\n");
            return httpStatus == 405 ? answer.withHeader("Allow", "POST") : answer;
        }
        return HttpAnswer.respond(200, HttpAnswer.JSON, json(errno));
    }

    /** The exact response body 360 sends for an errno: {@code {"errno":0,"error":"Success"}}. */
    static String json(int errno) {
        return "{\"errno\":" + errno + ",\"error\":\"" + errorText(errno) + "\"}";
    }

    /** 360's error text for the errno values its document lists (section 4.3 and FAQ 5.7 to 5.9). */
    static String errorText(int errno) {
        switch (errno) {
            case OK: return "Success";
            case APP_KEY: return "Parameter [app_key] is unverified";
            case APP_SIGN: return "Parameter [app_sign] is unverified";
            case DATA: return "Parameter [data] is unverified";
            default: return "Unknown error";
        }
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Verdict)) {
            return false;
        }
        Verdict that = (Verdict) other;
        return httpStatus == that.httpStatus && Objects.equals(errno, that.errno) && Objects.equals(reason, that.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(httpStatus, errno, reason);
    }

    @Override
    public String toString() {
        return "Verdict[httpStatus=" + httpStatus + ", errno=" + errno + ", reason=" + reason + "]";
    }
}
