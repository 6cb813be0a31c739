package io.qhtrack.core.internal;

/** String helpers that Java 8 lacks ({@code String.strip}, {@code isBlank}), with Java 11's meaning. */
public final class Text {

    private Text() {
    }

    /** {@code s} without leading and trailing white space ({@link Character#isWhitespace(int)}), like Java 11's strip. */
    public static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && Character.isWhitespace(s.codePointAt(start))) {
            start += Character.charCount(s.codePointAt(start));
        }
        while (end > start && Character.isWhitespace(s.codePointBefore(end))) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(start, end);
    }

    /** Whether {@code s} is empty or white space only, like Java 11's isBlank. */
    public static boolean isBlank(String s) {
        return strip(s).isEmpty();
    }
}
