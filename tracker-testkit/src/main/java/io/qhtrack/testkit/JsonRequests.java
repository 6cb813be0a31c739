package io.qhtrack.testkit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The checks every fake makes on a JSON request before its own rules: one header field, the Content-Type, the
 * body's encoding and syntax; and the small helpers its reasons use. Each failed check is a {@link Problem}
 * whose message is the reason, for the fake to answer in its platform's terms.
 */
final class JsonRequests {
    private static final ObjectMapper STRICT_JSON = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonRequests() {}

    /** A failed check; the message is the reason. Cheap: no stack trace. */
    static final class Problem extends Exception {
        private static final long serialVersionUID = 1L;

        Problem(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The value of a header field that must be sent once, non-empty. */
    static String single(HttpHeaders headers, String name) throws Problem {
        List<String> values = headers.all(name);
        if (values.isEmpty()) {
            throw new Problem(name + " header is missing");
        }
        if (values.size() > 1) {
            throw new Problem(name + " header was sent " + values.size() + " times");
        }
        if (values.get(0).isEmpty()) {
            throw new Problem(name + " header is empty");
        }
        return values.get(0);
    }

    /**
     * Checks {@code Content-Type: application/json}, with at most a {@code charset=utf-8} parameter, and no
     * {@code Content-Encoding} but identity.
     */
    static void checkContentType(HttpHeaders headers) throws Problem {
        String contentType = single(headers, "Content-Type");
        String[] parts = contentType.split(";", -1);
        if (!Text.strip(parts[0]).equalsIgnoreCase("application/json")) {
            throw new Problem("Content-Type must be application/json;charset=utf-8, got " + quote(contentType));
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = Text.strip(parts[i]);
            if (parameter.isEmpty()) {
                continue;
            }
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : Text.strip(parameter.substring(0, equals));
            String value = equals < 0 ? "" : unquote(Text.strip(parameter.substring(equals + 1)));
            if (!name.equalsIgnoreCase("charset")) {
                throw new Problem("Content-Type parameter " + quote(name) + " is not expected; only charset=utf-8 is");
            }
            if (!value.equalsIgnoreCase("utf-8")) {
                throw new Problem("Content-Type charset must be utf-8, got " + quote(value));
            }
        }
        String encoding = headers.first("Content-Encoding");
        if (encoding != null && !encoding.equalsIgnoreCase("identity")) {
            throw new Problem("Content-Encoding " + quote(encoding) + " is not accepted; send the JSON body as is");
        }
    }

    /**
     * Parses the body strictly: UTF-8 without a byte order mark, one JSON value, no duplicate keys, nothing
     * after it.
     *
     * @param shape what the body must look like, for the reason when it is empty, e.g. {@code {"data":{...}}}
     */
    static JsonNode parse(byte[] body, String shape) throws Problem {
        if (body.length == 0) {
            throw new Problem("the body is empty; it must be " + shape);
        }
        if (body.length >= 3 && (body[0] & 0xff) == 0xEF && (body[1] & 0xff) == 0xBB && (body[2] & 0xff) == 0xBF) {
            throw new Problem("the body starts with a UTF-8 byte order mark");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new Problem("the body is not valid UTF-8 (GBK or Latin-1 text?)");
        }
        try {
            return STRICT_JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new Problem("the body is not valid JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
    }

    /** The first member name of {@code object} that is not in {@code known}, or null. */
    static String unknownKey(JsonNode object, Set<String> known) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                return name;
            }
        }
        return null;
    }

    /** The names, sorted, as {@code [a, b, c]}. */
    static List<String> sorted(Set<String> names) {
        return names.stream().sorted().collect(Collectors.toList());
    }

    /** A short description of a JSON value for reasons: its type and, for scalars, the value. */
    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isNull()) {
            return "null";
        }
        if (node.isTextual()) {
            return "string " + quote(node.textValue());
        }
        if (node.isNumber() || node.isBoolean()) {
            return node.getNodeType().name().toLowerCase(Locale.ROOT) + " " + node.asText();
        }
        return "an " + node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    /** The value in double quotes, cut after 60 characters. */
    static String quote(String value) {
        String shown = value.length() > 60 ? value.substring(0, 60) + "…" : value;
        return "\"" + shown + "\"";
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
    }
}
