package io.qhtrack.core;

import java.util.Objects;
import java.util.Set;

/** The result of {@link Uploads#prepare}: an upload ready to send, or the reason there is none. */
public sealed interface Preparation permits Preparation.Ready, Preparation.Rejected {

    /**
     * A valid upload.
     *
     * @param upload the upload
     * @param leftOut the parameters the conversion carried that this line does not accept for this event and that
     *     were therefore left out (worth a debug log, not an error)
     */
    record Ready(Upload upload, Set<EventParam> leftOut) implements Preparation {
        /** Checks and copies. */
        public Ready {
            Objects.requireNonNull(upload, "upload");
            leftOut = Set.copyOf(leftOut);
        }
    }

    /**
     * No upload can be made.
     *
     * @param reason the typed reason
     * @param message a sentence for the log, naming the line, event and what is missing
     */
    record Rejected(Rejection reason, String message) implements Preparation {
        /** Checks. */
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}
