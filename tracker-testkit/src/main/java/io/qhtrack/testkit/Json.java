package io.qhtrack.testkit;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading values out of a parsed (possibly malformed) request body, for records and de-duplication. */
final class Json {
    private Json() {}

    /** The node at {@code path} (member names), or null when the path leads nowhere. */
    static JsonNode at(JsonNode json, String... path) {
        JsonNode node = json;
        for (String name : path) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(name);
        }
        return node;
    }

    /** The string at {@code path}, or null when it is absent or not a string. */
    static String text(JsonNode json, String... path) {
        JsonNode node = at(json, path);
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    /** The integer at {@code path} if it is a JSON integer that fits a long, else null. */
    static Long integer(JsonNode json, String... path) {
        JsonNode node = at(json, path);
        return node != null && node.isIntegralNumber() && node.canConvertToLong() ? node.longValue() : null;
    }
}
