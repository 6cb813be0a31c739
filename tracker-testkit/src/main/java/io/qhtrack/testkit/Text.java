package io.qhtrack.testkit;

/**
 * Java 8 stand-ins for the few {@code String} methods of later Java versions this module needs, with
 * exactly their semantics (white space as {@link Character#isWhitespace(int)} defines it).
 */
final class Text {
    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

    private Text() {}

    /** {@code String.isBlank()}: empty or only white space. */
    static boolean isBlank(String text) {
        return leadingWhitespace(text) == text.length();
    }

    /** {@code String.strip()}: without leading and trailing white space. */
    static String strip(String text) {
        int start = leadingWhitespace(text);
        int end = text.length();
        while (end > start) {
            int codePoint = text.codePointBefore(end);
            if (!Character.isWhitespace(codePoint)) {
                break;
            }
            end -= Character.charCount(codePoint);
        }
        return text.substring(start, end);
    }

    /** Lower-case hex digits, two per byte, as {@code HexFormat.of().formatHex(bytes)}. */
    static String hex(byte[] bytes) {
        char[] digits = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            digits[2 * i] = HEX_DIGITS[(bytes[i] >> 4) & 0xf];
            digits[2 * i + 1] = HEX_DIGITS[bytes[i] & 0xf];
        }
        return new String(digits);
    }

    private static int leadingWhitespace(String text) {
        int index = 0;
        while (index < text.length()) {
            int codePoint = text.codePointAt(index);
            if (!Character.isWhitespace(codePoint)) {
                break;
            }
            index += Character.charCount(codePoint);
        }
        return index;
    }
}
