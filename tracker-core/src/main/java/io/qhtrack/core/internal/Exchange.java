package io.qhtrack.core.internal;

import io.qhtrack.core.spi.HttpAnswer;
import java.util.Objects;
import java.util.Optional;

/**
 * How one {@link HttpTransport} exchange ended: an answer read within the bounds, an answer too large to read, no
 * answer at all (not connected, timed out, connection lost, the transport saturated or closed), or not sent (an
 * endpoint qhtrack may not send to). Never holds a secret: problems are described with the call's redacted URL.
 * Immutable.
 */
public final class Exchange {

    /** The four ways an exchange ends. */
    public enum Kind {
        /** An answer, read whole within {@code qhtrack.http.max-response-bytes}. */
        ANSWER,
        /** An answer longer than {@code qhtrack.http.max-response-bytes}: its status and first bytes. */
        TOO_LARGE,
        /** No usable answer: a later attempt may get one. */
        NO_ANSWER,
        /** Not sent: the endpoint is one qhtrack refuses (plain http elsewhere than loopback …). */
        NOT_SENT
    }

    private final Kind kind;
    private final HttpAnswer answer;
    private final int status;
    private final byte[] start;
    private final String problem;
    private final int maxBytes;

    private Exchange(Kind kind, HttpAnswer answer, int status, byte[] start, String problem, int maxBytes) {
        this.kind = kind;
        this.answer = answer;
        this.status = status;
        this.start = start;
        this.problem = problem;
        this.maxBytes = maxBytes;
    }

    /** An answer read whole. */
    public static Exchange answer(HttpAnswer answer) {
        return new Exchange(Kind.ANSWER, Objects.requireNonNull(answer, "answer"), answer.status(), null, null, 0);
    }

    /** An answer longer than {@code maxBytes}: its status and first bytes. */
    public static Exchange tooLarge(int status, byte[] start, int maxBytes) {
        return new Exchange(Kind.TOO_LARGE, null, status, start, null, maxBytes);
    }

    /** No usable answer; {@code what} says what happened (no secret). */
    public static Exchange noAnswer(String what) {
        return new Exchange(Kind.NO_ANSWER, null, 0, null, Objects.requireNonNull(what, "what"), 0);
    }

    static Exchange notSent(String why) {
        return new Exchange(Kind.NOT_SENT, null, 0, null, why, 0);
    }

    /** How it ended. */
    public Kind kind() {
        return kind;
    }

    /** The answer, for {@link Kind#ANSWER}. */
    public Optional<HttpAnswer> answer() {
        return Optional.ofNullable(answer);
    }

    /** The HTTP status, or 0 when no answer arrived. */
    public int status() {
        return status;
    }

    /** The first bytes of an answer too large to read (a copy), else empty. */
    public byte[] start() {
        return start == null ? new byte[0] : start.clone();
    }

    /** For {@link Kind#NO_ANSWER} and {@link Kind#NOT_SENT}: what happened, without a secret. */
    public String problem() {
        return problem;
    }

    /** For {@link Kind#TOO_LARGE}: the bound that was exceeded. */
    public int maxBytes() {
        return maxBytes;
    }

    @Override
    public String toString() {
        switch (kind) {
            case ANSWER:
                return "Exchange[" + answer + "]";
            case TOO_LARGE:
                return "Exchange[HTTP " + status + ", more than " + maxBytes + " bytes]";
            default:
                return "Exchange[" + kind + ": " + problem + "]";
        }
    }
}
