package io.qhtrack.core;

import java.util.Objects;

/**
 * What became of a {@link Tracker#report} call. Returned at once, never thrown: the caller may log it or ignore it.
 *
 * @param status what happened
 * @param message a sentence for the log
 */
public record TrackOutcome(Status status, String message) {

    /** What happened to a reported conversion. */
    public enum Status {
        /** In the outbox; it will be delivered (or dead-lettered, visibly). */
        QUEUED,
        /** The visitor has no 360 click, so there is nothing to attribute it to. */
        NOT_ATTRIBUTED,
        /** The click's line does not offer this event (section 4.5). */
        EVENT_NOT_OFFERED,
        /** The click's line has no credentials configured. */
        LINE_NOT_CONFIGURED,
        /** The same line, click, event and trans_id was already reported this natural day. */
        DUPLICATE,
        /** The conversion lacks something the line requires, or has a malformed value; see the message. */
        INVALID,
        /** The outbox is full: not queued. Back-pressure, reported, never a silent drop. */
        OUTBOX_FULL,
        /** The tracker is shutting down and takes no new work. */
        STOPPED
    }

    /** Checks. */
    public TrackOutcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
    }

    /** Whether the conversion is in the outbox. */
    public boolean isQueued() {
        return status == Status.QUEUED;
    }

    static TrackOutcome of(Status status, String message) {
        return new TrackOutcome(status, message);
    }
}
