package io.qhtrack.core.internal;

/**
 * Makes text that came from outside (a visitor's request, 360's answer, a database row) safe to put in a log line, an
 * exception message, a page or a terminal: every character that could forge a new log line or reorder what is
 * shown is escaped, so one value always prints as one visible run of text.
 *
 * <p>Escaped as {@code \}{@code uXXXX}: the ASCII and Unicode control
 * characters (category Cc, including U+0085 NEL), the format characters (Cf: bidirectional overrides and isolates
 * U+202A–U+202E and U+2066–U+2069, zero-width characters, the BOM …), the line and paragraph separators U+2028 and
 * U+2029, and unpaired surrogates; a backslash is doubled, so that an escape in the output always means one. Every
 * other character, Chinese included, is kept as it is. Used by every qhtrack module where it prints such text;
 * applications printing qhtrack's values may use it too.
 */
public final class Printable {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final String ELLIPSIS = "…";

    private Printable() {
    }

    /** {@code text} with the characters above escaped; {@code "null"} for {@code null}. */
    public static String of(CharSequence text) {
        return of(text, Integer.MAX_VALUE);
    }

    /**
     * {@code text} with the characters above escaped, at most {@code maxChars} characters long (escapes included)
     * plus {@code …} when it had to be cut: for values that may be long (a form field, an answer's body).
     */
    public static String of(CharSequence text, int maxChars) {
        if (text == null) {
            return "null";
        }
        if (maxChars < 0) {
            throw new IllegalArgumentException("maxChars: " + maxChars + " is negative");
        }
        if (text.length() <= maxChars && isClean(text)) {
            return text.toString();
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars) + 8);
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            String unit;
            if (pair) {
                unit = new String(new char[] {c, text.charAt(i + 1)});
            } else if (c == '\\') {
                unit = "\\\\";
            } else if (needsEscape(c)) {
                unit = escape(c);
            } else {
                unit = String.valueOf(c);
            }
            if (out.length() + unit.length() > maxChars) {
                return out.append(ELLIPSIS).toString();
            }
            out.append(unit);
            i += pair ? 2 : 1;
        }
        return out.toString();
    }

    /** {@code 'text'}, escaped and cut as {@link #of(CharSequence, int)} does: for a value quoted in a message. */
    public static String quoted(CharSequence text, int maxChars) {
        return text == null ? "null" : "'" + of(text, maxChars) + "'";
    }

    private static boolean isClean(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++; // a pair: a character outside the BMP, kept
            } else if (c == '\\' || needsEscape(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean needsEscape(char c) {
        if (c >= 0x20 && c < 0x7f) {
            return false;
        }
        if (Character.isSurrogate(c)) {
            return true; // only unpaired ones reach here
        }
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static String escape(char c) {
        return new String(new char[] {'\\', 'u', HEX[(c >> 12) & 0xf], HEX[(c >> 8) & 0xf], HEX[(c >> 4) & 0xf],
            HEX[c & 0xf]});
    }
}
