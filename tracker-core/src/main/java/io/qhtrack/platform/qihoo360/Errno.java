package io.qhtrack.platform.qihoo360;

import java.util.Optional;

/**
 * The errors 360's endpoint answers (section 4.3 and FAQ 5.7 to 5.9). All are permanent: sending the same request
 * again gives the same answer, so they are never retried.
 */
public enum Errno {
    /** {@code {"errno":1,"error":"Parameter [app_key] is unverified"}}. */
    APP_KEY(1, "Parameter [app_key] is unverified", "the App-Key is not recognised",
            "check that the key is copied exactly, without spaces, and belongs to the account of this product line "
                    + "(FAQ 5.8)"),
    /** {@code {"errno":2,"error":"Parameter [app_sign] is unverified"}}. */
    APP_SIGN(2, "Parameter [app_sign] is unverified", "the App-Sign does not match",
            "check the secret; App-Sign must be md5(secret + the exact body bytes sent), 32 lower-case hex "
                    + "characters, with nothing re-serialised in between (FAQ 5.7)"),
    /** {@code {"errno":3,"error":"Parameter [data] is unverified"}}. */
    DATA(3, "Parameter [data] is unverified", "the data does not satisfy the document",
            "check the body against section 4.4: fields for this product line, event offered on it, trans_id where "
                    + "required (FAQ 5.9)");

    private final int code;
    private final String error;
    private final String meaning;
    private final String advice;

    Errno(int code, String error, String meaning, String advice) {
        this.code = code;
        this.error = error;
        this.meaning = meaning;
        this.advice = advice;
    }

    /** The numeric errno. */
    public int code() {
        return code;
    }

    /** The {@code error} text 360 sends with it. */
    public String error() {
        return error;
    }

    /** What it means. */
    public String meaning() {
        return meaning;
    }

    /** What to fix, from the FAQ. */
    public String advice() {
        return advice;
    }

    /** The known errno with this code. */
    public static Optional<Errno> of(int code) {
        for (Errno e : values()) {
            if (e.code == code) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
