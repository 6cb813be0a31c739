package io.qhtrack.core.internal;

import java.nio.charset.StandardCharsets;

/**
 * Writes the few JSON shapes of an upload body straight to UTF-8 bytes, exactly as 360's examples show them: no
 * white space, non-ASCII text and {@code /} written as themselves (emoji as 4-byte UTF-8, not escaped surrogate
 * pairs), only {@code "}, {@code \} and control characters escaped. The body is signed byte for byte, so its form
 * is ours rather than a JSON library's (whose output options differ between the versions applications bring).
 */
public final class JsonBytes {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final StringBuilder text = new StringBuilder(256);
    /** Whether the next member of the innermost object needs a comma before it. */
    private boolean comma;

    /** An empty document. */
    public JsonBytes() {
        // nothing written yet
    }

    /** Opens an object. */
    public JsonBytes begin() {
        text.append('{');
        comma = false;
        return this;
    }

    /** Closes the innermost object. */
    public JsonBytes end() {
        text.append('}');
        comma = true;
        return this;
    }

    /** A member's name. */
    public JsonBytes key(String name) {
        if (comma) {
            text.append(',');
        }
        quoted(name);
        text.append(':');
        comma = false;
        return this;
    }

    /** A string value. */
    public JsonBytes string(String value) {
        quoted(value);
        comma = true;
        return this;
    }

    /** A whole-number value. */
    public JsonBytes number(long value) {
        text.append(value);
        comma = true;
        return this;
    }

    /** The document's UTF-8 bytes. */
    public byte[] toByteArray() {
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void quoted(String s) {
        text.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                text.append('\\').append(c);
            } else if (c < 0x20) {
                shortEscapeOrUnicode(c);
            } else if (Character.isSurrogate(c) && !isPairAt(s, i)) {
                unicode(c); // a lone surrogate has no UTF-8 form; escaped, it stays valid JSON
            } else if (Character.isHighSurrogate(c)) {
                text.append(c).append(s.charAt(++i));
            } else {
                text.append(c);
            }
        }
        text.append('"');
    }

    private static boolean isPairAt(String s, int i) {
        return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }

    private void shortEscapeOrUnicode(char c) {
        switch (c) {
            case '\b':
                text.append("\\b");
                break;
            case '\t':
                text.append("\\t");
                break;
            case '\n':
                text.append("\\n");
                break;
            case '\f':
                text.append("\\f");
                break;
            case '\r':
                text.append("\\r");
                break;
            default:
                unicode(c);
        }
    }

    private void unicode(char c) {
        text.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
    }
}
