package io.qhtrack.platform.qihoo360;

import io.qhtrack.core.TrackOutcome;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The result of {@link Upload#prepare}: an upload ready to sign and send, or the reason there is none. Immutable.
 *
 * <pre>{@code
 * Preparation p = Upload.prepare(click, conversion, credentials, Instant.now());
 * if (p.isReady()) {
 *     UploadResult r = client.send(client.sign(p.upload(), credentials.get(click.line().account())));
 * } else {
 *     log(p.rejection() + ": " + p.message());           // e.g. EVENT_NOT_OFFERED: ORDER is not offered on …
 * }
 * }</pre>
 */
public final class Preparation {

    private final Upload upload;
    private final Set<EventParam> leftOut;
    private final TrackOutcome.Status rejection;
    private final String message;

    private Preparation(Upload upload, Set<EventParam> leftOut, TrackOutcome.Status rejection, String message) {
        this.upload = upload;
        this.leftOut = leftOut;
        this.rejection = rejection;
        this.message = message;
    }

    static Preparation ready(Upload upload, Set<EventParam> leftOut) {
        Set<EventParam> copy = leftOut.isEmpty() ? Collections.<EventParam>emptySet()
                : Collections.unmodifiableSet(EnumSet.copyOf(leftOut));
        return new Preparation(Objects.requireNonNull(upload, "upload"), copy, null,
                copy.isEmpty() ? "ready" : "ready; left out " + copy + " (not accepted on "
                        + upload.qihoo360Line().wireName() + " for " + upload.eventWireName() + ")");
    }

    static Preparation rejected(TrackOutcome.Status reason, String message) {
        return new Preparation(null, Collections.<EventParam>emptySet(), Objects.requireNonNull(reason, "reason"),
                Objects.requireNonNull(message, "message"));
    }

    /** Whether there is an upload to send. */
    public boolean isReady() {
        return upload != null;
    }

    /**
     * The upload.
     *
     * @throws IllegalStateException when the conversion was rejected; the message says why
     */
    public Upload upload() {
        if (upload == null) {
            throw new IllegalStateException("no upload: " + rejection + ": " + message);
        }
        return upload;
    }

    /**
     * The parameters the conversion carried that this line does not accept for this event and that were therefore
     * left out (worth a debug log, not an error); empty when rejected.
     */
    public Set<EventParam> leftOut() {
        return leftOut;
    }

    /**
     * Why there is no upload: {@link TrackOutcome.Status#LINE_NOT_CONFIGURED},
     * {@link TrackOutcome.Status#EVENT_NOT_OFFERED} or {@link TrackOutcome.Status#INVALID} (a missing
     * {@code trans_id} or {@code jzqs}, named in the {@link #message()}).
     *
     * @throws IllegalStateException when the upload is ready
     */
    public TrackOutcome.Status rejection() {
        if (rejection == null) {
            throw new IllegalStateException("the upload is ready; it was not rejected");
        }
        return rejection;
    }

    /** A sentence for the log: why it was rejected, naming the line, event and what is missing. */
    public String message() {
        return message;
    }

    @Override
    public String toString() {
        return isReady() ? "Preparation[ready " + upload + (leftOut.isEmpty() ? "" : ", left out " + leftOut) + "]"
                : "Preparation[" + rejection + ": " + message + "]";
    }
}
