package io.qhtrack.core.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What an answer means for one conversion that was sent: delivered, retry later, refused for good, or the credentials
 * are wrong (park the platform's conversions and alert, without spending retries). Immutable.
 */
public final class Verdict {

    /** The four meanings. */
    public enum Kind {
        /** The platform accepted it. */
        DELIVERED,
        /** Not accepted now; worth sending again (after {@link #retryAfter()}, when the platform said). */
        RETRY,
        /** Refused for good: dead-lettered, kept and replayable once the cause is fixed. */
        REFUSED,
        /**
         * The credentials or the account's configuration are wrong: every conversion of this platform and tenant is
         * parked (no attempts) and an alert raised, until the credentials change or they are replayed.
         */
        PARK
    }

    private final Kind kind;
    private final String message;
    private final String code;
    private final Duration retryAfter;
    private final String alert;

    private Verdict(Kind kind, String message, String code, Duration retryAfter, String alert) {
        this.kind = kind;
        this.message = Objects.requireNonNull(message, "message");
        this.code = code;
        this.retryAfter = retryAfter;
        this.alert = alert;
    }

    /** Delivered. */
    public static Verdict delivered(String message) {
        return new Verdict(Kind.DELIVERED, message, null, null, null);
    }

    /** Delivered, with the platform's own success code (360's errno {@code 0}) for metrics. */
    public static Verdict delivered(String message, String code) {
        return new Verdict(Kind.DELIVERED, message, code, null, null);
    }

    /** Retry, after at least {@code after} when the platform said so ({@code null}: the engine's backoff). */
    public static Verdict retry(String message, String code, Duration after) {
        return new Verdict(Kind.RETRY, message, code, after, null);
    }

    /** Refused for good; {@code code} is the platform's own (errno, status, code) for metrics and dead letters. */
    public static Verdict refused(String message, String code) {
        return new Verdict(Kind.REFUSED, message, code, null, null);
    }

    /** The credentials are wrong: park and alert. */
    public static Verdict park(String message, String code) {
        return new Verdict(Kind.PARK, message, code, null, null);
    }

    /**
     * The same verdict with a configuration alert raised beside it (Ocean Engine's "accepted, but authentication
     * failed"): logged once, counted, shown by health.
     */
    public Verdict withAlert(String text) {
        return new Verdict(kind, message, code, retryAfter, Objects.requireNonNull(text, "text"));
    }

    /** The meaning. */
    public Kind kind() {
        return kind;
    }

    /** A sentence for logs and dead letters: what the platform said and, for errors, what to fix. */
    public String message() {
        return message;
    }

    /** The platform's own answer code, if it gave one. */
    public Optional<String> code() {
        return Optional.ofNullable(code);
    }

    /** For {@link Kind#RETRY}: the least delay the platform asked for. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** A configuration alert raised beside the verdict. */
    public Optional<String> alert() {
        return Optional.ofNullable(alert);
    }

    @Override
    public String toString() {
        return "Verdict[" + kind + (code == null ? "" : " " + code) + ": " + message + "]";
    }
}
