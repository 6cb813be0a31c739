package io.qhtrack.core.spi;

import io.qhtrack.core.TrackOutcome;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link Codec#prepare} made of a conversion: an upload ready for the outbox (with the fields the platform does
 * not take for that event, left out), or why there is none. Immutable.
 */
public final class Prepared {

    private final PlatformUpload upload;
    private final Set<String> leftOut;
    private final TrackOutcome.Status rejection;
    private final String message;

    private Prepared(PlatformUpload upload, Set<String> leftOut, TrackOutcome.Status rejection, String message) {
        this.upload = upload;
        this.leftOut = leftOut;
        this.rejection = rejection;
        this.message = message;
    }

    /** Ready; {@code leftOut} names the conversion's fields the platform does not take here (worth a debug line). */
    public static Prepared ready(PlatformUpload upload, Set<String> leftOut) {
        return new Prepared(Objects.requireNonNull(upload, "upload"), leftOut.isEmpty()
                ? Collections.<String>emptySet() : Collections.unmodifiableSet(new LinkedHashSet<>(leftOut)), null,
                "ready");
    }

    /** Ready, nothing left out. */
    public static Prepared ready(PlatformUpload upload) {
        return ready(upload, Collections.<String>emptySet());
    }

    /**
     * Refused: {@link TrackOutcome.Status#INVALID} (something the platform requires is missing or malformed),
     * {@link TrackOutcome.Status#EVENT_NOT_OFFERED} or {@link TrackOutcome.Status#LINE_NOT_CONFIGURED}; the message
     * names what is wrong and how to fix it.
     */
    public static Prepared rejected(TrackOutcome.Status why, String message) {
        return new Prepared(null, Collections.<String>emptySet(), Objects.requireNonNull(why, "why"),
                Objects.requireNonNull(message, "message"));
    }

    /** Whether there is an upload. */
    public boolean isReady() {
        return upload != null;
    }

    /**
     * The upload.
     *
     * @throws IllegalStateException when rejected
     */
    public PlatformUpload upload() {
        if (upload == null) {
            throw new IllegalStateException("no upload: " + rejection + ": " + message);
        }
        return upload;
    }

    /** The conversion's fields left out because the platform does not take them for this event and line. */
    public Set<String> leftOut() {
        return leftOut;
    }

    /**
     * Why there is no upload.
     *
     * @throws IllegalStateException when ready
     */
    public TrackOutcome.Status rejection() {
        if (rejection == null) {
            throw new IllegalStateException("ready; not rejected");
        }
        return rejection;
    }

    /** A sentence for the log. */
    public String message() {
        return message;
    }

    @Override
    public String toString() {
        return isReady() ? "Prepared[" + upload + (leftOut.isEmpty() ? "" : ", left out " + leftOut) + "]"
                : "Prepared[" + rejection + ": " + message + "]";
    }
}
