package io.qhtrack.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** The end of one delivery attempt (or of an entry's life), as told to {@link DeliveryListener}s. Immutable. */
public final class DeliveryEvent {

    /** What happened. */
    public enum Kind {
        /** 360 answered errno 0. */
        DELIVERED,
        /** A transient failure; another attempt is scheduled. */
        WILL_RETRY,
        /** A permanent failure; kept as a dead letter for inspection and replay. */
        DEAD_LETTERED,
        /** The natural day ended before delivery; 360 would no longer accept it. */
        EXPIRED
    }

    private final Kind kind;
    private final OutboxEntry entry;
    private final Optional<UploadResult> result;
    private final Instant at;
    private final Optional<Instant> nextAttemptAt;

    /**
     * An event.
     *
     * @param kind what happened
     * @param entry the outbox entry as it was claimed for the attempt
     * @param result the attempt's answer; absent when no attempt was made (expired before it)
     * @param at when
     * @param nextAttemptAt for {@link Kind#WILL_RETRY}: when the next attempt is due
     */
    public DeliveryEvent(Kind kind, OutboxEntry entry, Optional<UploadResult> result, Instant at,
            Optional<Instant> nextAttemptAt) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.entry = Objects.requireNonNull(entry, "entry");
        this.result = Objects.requireNonNull(result, "result");
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

    /** The attempt's answer; absent when no attempt was made. */
    public Optional<UploadResult> result() {
        return result;
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
        return "DeliveryEvent[" + kind + ", entry " + entry.id() + ", at " + at
                + (nextAttemptAt.isPresent() ? ", next " + nextAttemptAt.get() : "")
                + (result.isPresent() ? ", " + result.get() : "") + "]";
    }
}
