package io.qhtrack.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** Reading values out of a parsed (possibly malformed) request body, for records and de-duplication. */
final class Json {
    private static final ObjectMapper LENIENT_JSON = new ObjectMapper();

    private Json() {}

    /** The body parsed as JSON, duplicates and all, for a record; null when it is empty or not JSON. */
    static JsonNode parseLeniently(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            JsonNode node = LENIENT_JSON.readTree(body);
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            return null;
        }
    }

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
