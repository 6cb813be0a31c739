package io.qhtrack.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Request header fields as received: names compared case-insensitively, values in arrival order. */
final class HttpHeaders {
    private final Map<String, List<String>> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    void add(String name, String value) {
        values.computeIfAbsent(name, unused -> new ArrayList<>()).add(value);
    }

    /** Every value of the field, in arrival order; empty when the field is absent. */
    List<String> all(String name) {
        return Collections.unmodifiableList(values.getOrDefault(name, Collections.<String>emptyList()));
    }

    /** The first value of the field, or {@code null} when the field is absent. */
    String first(String name) {
        List<String> list = values.get(name);
        return list == null ? null : list.get(0);
    }

    /**
     * Whether any value of the field, read as a comma-separated list of tokens, contains {@code token}
     * (case-insensitive), as for {@code Connection: keep-alive, Upgrade}.
     */
    boolean hasToken(String name, String token) {
        for (String value : all(name)) {
            for (String part : value.split(",", -1)) {
                if (part.trim().toLowerCase(Locale.ROOT).equals(token)) {
                    return true;
                }
            }
        }
        return false;
    }
}
