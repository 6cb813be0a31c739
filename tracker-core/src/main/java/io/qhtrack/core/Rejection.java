package io.qhtrack.core;

/** Why a conversion cannot be reported for a click. Each is final: retrying the same input cannot help. */
public enum Rejection {
    /** The click's line has no credentials configured, so it is not reported. */
    LINE_NOT_CONFIGURED,
    /** The event is × for the click's line in section 4.5 (e.g. ORDER on mobile promotion). */
    EVENT_NOT_OFFERED,
    /** The line requires {@code trans_id} for this event (display always; SUBMIT and ORDER elsewhere). */
    MISSING_TRANS_ID,
    /** Display uploads require {@code jzqs}, the display advertiser id. */
    MISSING_JZQS,
    /** A field does not satisfy the document (read back from storage, or a click id that is not one). */
    INVALID
}
