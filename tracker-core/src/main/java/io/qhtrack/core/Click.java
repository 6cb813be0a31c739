package io.qhtrack.core;

import io.qhtrack.core.text.Printable;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A 360 ad click that a visitor arrived from: the product line, the click id (the value of {@code qhclickid},
 * {@code sourceid} or {@code impression_id}) and when it was captured. Immutable.
 *
 * <p>Ids are checked with {@link #problemWithId(CharSequence)}: non-empty, at most {@value #MAX_ID_LENGTH}
 * characters from {@code [A-Za-z0-9._-]}, and not an unreplaced macro such as {@code __impression_id__}. Length
 * is not otherwise checked: FAQ 5.2 speaks of 16 and 12 characters, but the document's own example is 19.
 */
public final class Click {

    /** The longest click id accepted; 360's ids are 12 to 19 characters. */
    public static final int MAX_ID_LENGTH = 128;

    private final ProductLine line;
    private final String id;
    private final Instant capturedAt;

    private Click(ProductLine line, String id, Instant capturedAt) {
        this.line = line;
        this.id = id;
        this.capturedAt = capturedAt;
    }

    /**
     * A click on {@code line} with {@code id}, captured at {@code capturedAt}.
     *
     * @throws IllegalArgumentException if the id is not acceptable (see {@link #problemWithId(CharSequence)})
     */
    public static Click of(ProductLine line, String id, Instant capturedAt) {
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(capturedAt, "capturedAt");
        Optional<String> problem = problemWithId(id);
        if (problem.isPresent()) {
            throw new IllegalArgumentException("click id: " + problem.get());
        }
        return new Click(line, id, capturedAt);
    }

    /**
     * What is wrong with a candidate click id, or empty when it is acceptable. The message quotes at most the
     * first 40 characters of the id, with control characters escaped, so it is safe to log.
     */
    public static Optional<String> problemWithId(CharSequence id) {
        if (id == null || id.length() == 0) {
            return Optional.of("is empty");
        }
        if (id.length() > MAX_ID_LENGTH) {
            return Optional.of("is " + id.length() + " characters long, more than " + MAX_ID_LENGTH);
        }
        for (int i = 0; i < id.length(); i++) {
            if (!isIdChar(id.charAt(i))) {
                return Optional.of(Printable.quoted(id, 40) + " has a character outside [A-Za-z0-9._-] at index " + i);
            }
        }
        if (isMacro(id)) {
            return Optional.of(Printable.quoted(id, 40) + " is an unreplaced 360 macro, not a click id");
        }
        return Optional.empty();
    }

    /** Whether {@code c} may appear in a click id: {@code [A-Za-z0-9._-]}. */
    public static boolean isIdChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '-' || c == '.';
    }

    private static boolean isMacro(CharSequence id) {
        int n = id.length();
        return n >= 4 && id.charAt(0) == '_' && id.charAt(1) == '_' && id.charAt(n - 1) == '_'
                && id.charAt(n - 2) == '_';
    }


    /** The product line the click came from. */
    public ProductLine line() {
        return line;
    }

    /** The click id as 360 put it on the landing URL. */
    public String id() {
        return id;
    }

    /** When the click was first captured. */
    public Instant capturedAt() {
        return capturedAt;
    }

    /** Whether this is the same click (line and id), whenever it was captured. */
    public boolean isSameClickAs(Click other) {
        return other != null && line == other.line && id.equals(other.id);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Click && isSameClickAs((Click) o) && capturedAt.equals(((Click) o).capturedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(line, id, capturedAt);
    }

    @Override
    public String toString() {
        return "Click[" + line.shortName() + " " + id + " at " + capturedAt + "]";
    }
}
