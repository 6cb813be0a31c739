package io.qhtrack.core;

import io.qhtrack.core.spi.OutboxEntry;
import io.qhtrack.core.spi.Verdict;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** The end of one delivery attempt (or of an entry's life), as told to {@link DeliveryListener}s. Immutable. */
public final class DeliveryEvent {

    /** What happened. */
    public enum Kind {
        /** The platform accepted it (360: errno 0). */
        DELIVERED,
        /** Not delivered this time; another attempt is scheduled. */
        WILL_RETRY,
        /** Refused for good (360's errno 1/2/3); kept as a dead letter for inspection and replay. */
        DEAD_LETTERED,
        /** The delivery window (360: the natural day) ended before delivery; the platform would no longer accept it. */
        EXPIRED,
        /** The platform said its credentials are wrong: parked without attempts until they change or it is replayed. */
        PARKED
    }

    private final Kind kind;
    private final OutboxEntry entry;
    private final Optional<Verdict> verdict;
    private final Instant at;
    private final Optional<Instant> nextAttemptAt;

    /**
     * An event.
     *
     * @param kind what happened
     * @param entry the outbox entry as it was claimed for the attempt
     * @param verdict what the attempt's answer (or the lack of one) meant for it; absent when no attempt was made
     * @param at when
     * @param nextAttemptAt for {@link Kind#WILL_RETRY}: when the next attempt is due
     */
    public DeliveryEvent(Kind kind, OutboxEntry entry, Optional<Verdict> verdict, Instant at,
            Optional<Instant> nextAttemptAt) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.entry = Objects.requireNonNull(entry, "entry");
        this.verdict = Objects.requireNonNull(verdict, "verdict");
        this.at = Objects.requireNonNull(at, "at");
        this.nextAttemptAt = Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    }

    /** What happened. */
    public Kind kind() {
        return kind;
    }

    /** The outbox entry as it was claimed for the attempt. */
    public OutboxEntry entry() {
        return entry;
    }

    /** The entry's platform id, e.g. {@code qihoo360}. */
    public String platform() {
        return entry.platform();
    }

    /**
     * What the attempt's answer meant for this conversion: the platform's words (360's errno and advice) or the
     * engine's (no answer, HTTP 503 …), and the platform's code; absent when no attempt was made.
     */
    public Optional<Verdict> verdict() {
        return verdict;
    }


    /** When. */
    public Instant at() {
        return at;
    }

    /** For {@link Kind#WILL_RETRY}: when the next attempt is due. */
    public Optional<Instant> nextAttemptAt() {
        return nextAttemptAt;
    }

    @Override
    public String toString() {
        return "DeliveryEvent[" + kind + ", " + entry.platform() + " entry " + entry.id() + ", at " + at
                + (nextAttemptAt.isPresent() ? ", next " + nextAttemptAt.get() : "")
                + (verdict.isPresent() ? ", " + verdict.get() : "") + "]";
    }
}
