package io.qhtrack.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masks secrets in text meant for people: reasons, {@code toString()}, log lines, the HTTP view. */
final class Redactor {
    /** What a secret is replaced with. */
    static final String MASK = "******";

    /** The value of a JSON {@code "token"} member, whatever it is (a wrong token may be a real one). */
    private static final Pattern JSON_TOKEN = Pattern.compile("(\"token\"\\s*:\\s*\")((?:[^\"\\\\]|\\\\.)*)(\")");

    private Redactor() {}

    /**
     * Replaces every occurrence of each secret with {@link #MASK}, longest first so that no secret is
     * half-replaced; null stays null.
     */
    static UnaryOperator<String> of(Iterable<String> secrets) {
        List<String> sorted = new ArrayList<>();
        secrets.forEach(sorted::add);
        sorted.sort((a, b) -> b.length() - a.length());
        return text -> {
            if (text == null) {
                return null;
            }
            String redacted = text;
            for (String secret : sorted) {
                redacted = redacted.replace(secret, MASK);
            }
            return redacted;
        };
    }

    /** The JSON text with the value of every {@code "token"} member masked, whatever the value. */
    static String jsonTokens(String json) {
        return JSON_TOKEN.matcher(json).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "$3");
    }
}
