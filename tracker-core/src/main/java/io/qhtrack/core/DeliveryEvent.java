package io.qhtrack.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The end of one delivery attempt (or of an entry's life), as told to {@link DeliveryListener}s.
 *
 * @param kind what happened
 * @param entry the outbox entry as it was claimed for the attempt
 * @param result the attempt's answer; absent when no attempt was made (expired before it)
 * @param at when
 * @param nextAttemptAt for {@link Kind#WILL_RETRY}: when the next attempt is due
 */
public record DeliveryEvent(Kind kind, OutboxEntry entry, Optional<UploadResult> result, Instant at,
        Optional<Instant> nextAttemptAt) {

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

    /** Checks. */
    public DeliveryEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    }
}
