package io.qhtrack.core.spi;

import io.qhtrack.core.Origin;
import io.qhtrack.core.OutboxState;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One conversion in an {@link Outbox}: the {@link PlatformUpload} (no secret) plus its delivery bookkeeping.
 * Immutable; an outbox returns a fresh instance when the state changes.
 */
public final class OutboxEntry {

    private final String id;
    private final PlatformUpload upload;
    private final Instant acceptedAt;
    private final Instant deadline;
    private final OutboxState state;
    private final int attempts;
    private final Instant nextAttemptAt;
    private final String lastError;
    private final String claim;

    /**
     * An entry, as an {@link Outbox} implementation builds it.
     *
     * @param id the outbox's identifier for the entry
     * @param upload what to send (no secret), with its platform, tenant, line and origin
     * @param acceptedAt when the tracker accepted it
     * @param deadline the end of the conversion's delivery window: no attempt is made at or after it
     * @param state where it is
     * @param attempts attempts made so far
     * @param nextAttemptAt when the next attempt is due (pending entries) or when the entry was settled (others)
     * @param lastError the last failure's message, or {@code null}
     * @param claim the claim under which a dispatcher holds it, or {@code null} (opaque to all but the outbox)
     */
    public OutboxEntry(String id, PlatformUpload upload, Instant acceptedAt, Instant deadline, OutboxState state,
            int attempts, Instant nextAttemptAt, String lastError, String claim) {
        this.id = Objects.requireNonNull(id, "id");
        this.upload = Objects.requireNonNull(upload, "upload");
        this.acceptedAt = Objects.requireNonNull(acceptedAt, "acceptedAt");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.state = Objects.requireNonNull(state, "state");
        this.attempts = attempts;
        this.nextAttemptAt = Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        this.lastError = lastError;
        this.claim = claim;
    }

    /** The outbox's identifier for the entry. */
    public String id() {
        return id;
    }

    /** What to send (no secret). */
    public PlatformUpload upload() {
        return upload;
    }

    /** The platform's id, e.g. {@code qihoo360}: {@code upload().platform()}. */
    public String platform() {
        return upload.platform();
    }

    /** Who caused it: the application's server-side code, or the browser (whose share of the outbox is bounded). */
    public Origin origin() {
        return upload.origin();
    }

    /** When the tracker accepted it. */
    public Instant acceptedAt() {
        return acceptedAt;
    }

    /** The end of the conversion's delivery window: no attempt is made at or after it. */
    public Instant deadline() {
        return deadline;
    }

    /** Where it is. */
    public OutboxState state() {
        return state;
    }

    /** Attempts made so far. */
    public int attempts() {
        return attempts;
    }

    /** When the next attempt is due (pending entries) or when the entry was settled (others). */
    public Instant nextAttemptAt() {
        return nextAttemptAt;
    }

    /** The last failure's message, or {@code null}; see {@link #lastErrorMessage()}. */
    public String lastError() {
        return lastError;
    }

    /** The claim under which a dispatcher holds it, or {@code null}. */
    public String claim() {
        return claim;
    }

    /** The last failure's message. */
    public Optional<String> lastErrorMessage() {
        return Optional.ofNullable(lastError);
    }

    /** The same entry in another state: for {@link Outbox} implementations. */
    public OutboxEntry with(OutboxState newState, int newAttempts, Instant newNextAttemptAt, String newLastError,
            String newClaim) {
        return new OutboxEntry(id, upload, acceptedAt, deadline, newState, newAttempts, newNextAttemptAt,
                newLastError, newClaim);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof OutboxEntry)) {
            return false;
        }
        OutboxEntry e = (OutboxEntry) o;
        return id.equals(e.id) && upload.equals(e.upload) && acceptedAt.equals(e.acceptedAt)
                && deadline.equals(e.deadline) && state == e.state && attempts == e.attempts
                && nextAttemptAt.equals(e.nextAttemptAt) && Objects.equals(lastError, e.lastError)
                && Objects.equals(claim, e.claim);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, state, attempts, nextAttemptAt, claim);
    }

    /** The entry's bookkeeping and its upload's identity; never the payload. */
    @Override
    public String toString() {
        return "OutboxEntry[id=" + id + ", " + upload + (origin() == Origin.SERVER ? "" : ", from the browser")
                + ", state=" + state + ", attempts=" + attempts + ", next/settled=" + nextAttemptAt + ", accepted="
                + acceptedAt + ", deadline=" + deadline + (lastError == null ? "" : ", lastError=" + lastError)
                + (claim == null ? "" : ", claimed") + "]";
    }
}
