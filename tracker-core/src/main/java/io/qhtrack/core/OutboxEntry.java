package io.qhtrack.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One conversion in an {@link Outbox}: the unsigned {@link Upload} plus its delivery bookkeeping. Immutable; an
 * outbox returns a fresh instance when the state changes.
 *
 * @param id the outbox's identifier for the entry
 * @param upload what to send (no secret)
 * @param acceptedAt when the tracker accepted it
 * @param deadline the end of the conversion's natural day: no attempt is made at or after it
 * @param state where it is
 * @param attempts attempts made so far
 * @param nextAttemptAt when the next attempt is due (pending entries) or when the entry was settled (others)
 * @param lastError the last failure's message, if any
 * @param claim the claim under which a dispatcher holds it, if claimed (opaque to everyone but the outbox)
 */
public record OutboxEntry(String id, Upload upload, Instant acceptedAt, Instant deadline, OutboxState state,
        int attempts, Instant nextAttemptAt, String lastError, String claim) {

    /** Checks the components. */
    public OutboxEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(upload, "upload");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    }

    /** The last failure's message. */
    public Optional<String> lastErrorMessage() {
        return Optional.ofNullable(lastError);
    }

    /** The same entry in another state. */
    OutboxEntry with(OutboxState newState, int newAttempts, Instant newNextAttemptAt, String newLastError,
            String newClaim) {
        return new OutboxEntry(id, upload, acceptedAt, deadline, newState, newAttempts, newNextAttemptAt, newLastError,
                newClaim);
    }
}
