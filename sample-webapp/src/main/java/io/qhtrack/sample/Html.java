package io.qhtrack.sample;

/**
 * Escaping for everything a page echoes: text and quoted attribute values alike. Pages are built from constant
 * markup and values passed through {@link #esc(Object)}; nothing a visitor sends reaches a page unescaped.
 */
final class Html {

    private Html() {
    }

    /**
     * {@code value} shown as text on a page: its control, format and line-separator characters (a bidi override that
     * would reorder what is shown, a line break in a name) made visible as {@code \}{@code uXXXX} by
     * {@link io.qhtrack.core.internal.Printable}, then escaped as {@link #esc(Object)} does. For echoing what a visitor
     * typed; form values that are sent again keep what was typed ({@link #esc(Object)} only).
     */
    static String text(Object value) {
        return value == null ? "" : esc(io.qhtrack.core.internal.Printable.of(value.toString()));
    }

    /**
     * {@code value} as HTML text or as the content of a double- or single-quoted attribute: {@code & < > " '}
     * become character references; {@code null} becomes the empty string.
     */
    static String esc(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String replacement;
            switch (c) {
                case '&':
                    replacement = "&amp;";
                    break;
                case '<':
                    replacement = "&lt;";
                    break;
                case '>':
                    replacement = "&gt;";
                    break;
                case '"':
                    replacement = "&quot;";
                    break;
                case '\'':
                    replacement = "&#39;";
                    break;
                default:
                    replacement = null;
            }
            if (replacement != null) {
                if (sb == null) {
                    sb = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                sb.append(replacement);
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }
}
