package io.qhtrack.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What became of a {@link Tracker#report} call. Returned at once, never thrown: the caller may log it or ignore it.
 * Immutable.
 */
public final class TrackOutcome {

    /** What happened to a reported conversion. */
    public enum Status {
        /** In the outbox; it will be delivered (or dead-lettered, visibly). */
        QUEUED,
        /** The visitor has no ad click, so there is nothing to attribute it to. */
        NOT_ATTRIBUTED,
        /** The click's platform does not offer this event on the click's line (360: section 4.5). */
        EVENT_NOT_OFFERED,
        /** The click's platform or line is not configured: no credentials, or a platform that is off or unknown. */
        LINE_NOT_CONFIGURED,
        /**
         * The same platform, tenant, line, click, event and conversion key (360's trans_id) was already reported in
         * this delivery window (360: this natural day).
         */
        DUPLICATE,
        /**
         * This click already reported {@code qhtrack.limit.per-click} conversions of this event this natural day:
         * refused, so that one real click id cannot be turned into unlimited conversions.
         */
        LIMITED,
        /**
         * The conversion lacks something the line requires (a {@code trans_id}, the display {@code jzqs}) or has a
         * malformed value; see the message.
         */
        INVALID,
        /** The outbox is full: not queued. Back-pressure, reported, never a silent drop. */
        OUTBOX_FULL,
        /**
         * Accepted, but the outbox's database did not answer in time: held in a bounded in-memory spill and written
         * when the database answers again. Lost only if this JVM also dies meanwhile.
         */
        HELD,
        /** The tracker is shutting down and takes no new work. */
        STOPPED,
        /**
         * A request that may not report anything: a browser event the server does not allow, a beacon that failed the
         * same-origin guards, or one carrying an amount or other parameters. Nothing is sent.
         */
        REFUSED,
        /**
         * A browser event beyond its client address's budget, {@code qhtrack.browser-events.budget}: nothing is sent.
         * Server-side conversions are never budgeted by address.
         */
        THROTTLED
    }

    private final Status status;
    private final String message;
    private final List<TrackOutcome> others;

    private TrackOutcome(Status status, String message, List<TrackOutcome> others) {
        this.status = Objects.requireNonNull(status, "status");
        this.message = Objects.requireNonNull(message, "message");
        this.others = others;
    }

    /** An outcome; mostly for tests and for adapters that answer on the tracker's behalf. */
    public static TrackOutcome of(Status status, String message) {
        return new TrackOutcome(status, message, Collections.<TrackOutcome>emptyList());
    }

    /** This outcome, with the outcomes of the same conversion for the visitor's other clicks. */
    TrackOutcome withOthers(List<TrackOutcome> outcomes) {
        return new TrackOutcome(status, message, Collections.unmodifiableList(new ArrayList<>(outcomes)));
    }

    /**
     * With {@code qhtrack.attribution=all-platforms}, the outcomes of the same conversion reported for the visitor's
     * other clicks (one per other platform), latest click first; empty otherwise. This outcome is the latest click's.
     */
    public List<TrackOutcome> others() {
        return others;
    }

    /** What happened. */
    public Status status() {
        return status;
    }

    /** A sentence for the log. */
    public String message() {
        return message;
    }

    /** Whether the conversion is in the outbox. */
    public boolean isQueued() {
        return status == Status.QUEUED;
    }

    /** Whether the conversion will be delivered: in the outbox, or held until its database answers. */
    public boolean isAccepted() {
        return status == Status.QUEUED || status == Status.HELD;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrackOutcome && status == ((TrackOutcome) o).status
                && message.equals(((TrackOutcome) o).message) && others.equals(((TrackOutcome) o).others);
    }

    @Override
    public int hashCode() {
        return 31 * status.hashCode() + message.hashCode();
    }

    @Override
    public String toString() {
        return "TrackOutcome[status=" + status + ", message=" + message + (others.isEmpty() ? "" : ", others="
                + others) + "]";
    }
}
