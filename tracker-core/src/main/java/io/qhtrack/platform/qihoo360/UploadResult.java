package io.qhtrack.platform.qihoo360;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How one attempt ended. Only {@link Outcome#DELIVERED} means 360 accepted the conversion: an HTTP 2xx whose JSON
 * body has {@code errno == 0}. Anything else is a failure, either permanent (errno 1/2/3, other 4xx, redirects) or
 * transient (network errors, timeouts, 5xx, 408/429, bodies that are not 360's JSON, answers longer than
 * {@code qhtrack.http.max-response-bytes}).
 */
public final class UploadResult {

    /** The three ways an attempt can end. */
    public enum Outcome {
        /** 360 answered {@code errno 0}. */
        DELIVERED,
        /** Sending the same request again cannot succeed; fix the cause, then replay. */
        PERMANENT_FAILURE,
        /** Worth trying again later, within the same natural day. */
        TRANSIENT_FAILURE
    }

    private final Outcome outcome;
    private final int httpStatus;
    private final Integer errno;
    private final String message;
    private final Duration retryAfter;
    private final String responseBody;

    UploadResult(Outcome outcome, int httpStatus, Integer errno, String message, Duration retryAfter,
            String responseBody) {
        this.outcome = Objects.requireNonNull(outcome);
        this.httpStatus = httpStatus;
        this.errno = errno;
        this.message = Objects.requireNonNull(message);
        this.retryAfter = retryAfter;
        this.responseBody = responseBody;
    }

    /** How it ended. */
    public Outcome outcome() {
        return outcome;
    }

    /** Whether 360 accepted it. */
    public boolean isDelivered() {
        return outcome == Outcome.DELIVERED;
    }

    /** Whether a later attempt may succeed. */
    public boolean isTransient() {
        return outcome == Outcome.TRANSIENT_FAILURE;
    }

    /** The HTTP status, or 0 when no response arrived. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The {@code errno} 360 answered, if its answer was JSON with one. */
    public OptionalInt errno() {
        return errno == null ? OptionalInt.empty() : OptionalInt.of(errno);
    }

    /** The known errno, with its meaning and advice. */
    public Optional<Errno> knownErrno() {
        return errno == null ? Optional.empty() : Errno.of(errno);
    }

    /** A sentence for logs and dead letters: what happened and, for errors, what to fix. */
    public String message() {
        return message;
    }

    /** The server's {@code Retry-After}, if it sent one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The first characters of the response body, for diagnosis; empty when none arrived. */
    public String responseBody() {
        return responseBody == null ? "" : responseBody;
    }

    @Override
    public String toString() {
        return "UploadResult[" + outcome + (httpStatus == 0 ? "" : ", HTTP " + httpStatus)
                + (errno == null ? "" : ", errno " + errno) + ": " + message + "]";
    }
}
