package io.qhtrack.platform.baidu;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qhtrack.core.spi.PlatformUpload;
import io.qhtrack.core.internal.Printable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.UnsupportedEncodingException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One item of {@code conversionTypes}: {@code logidUrl}, {@code newType}, {@code convertTime} (epoch seconds, always
 * sent), {@code convertValue} (fen, only for the types that take an amount) and {@code outerEventId} (when the
 * conversion has a key). Its JSON, in that order, is both what the outbox stores (the upload's payload) and what goes on the wire; reading a payload back
 * checks every rule again, because a stored row may have been edited by hand. Immutable.
 */
final class BaiduItem {

    /** The landing-URL parameter that carries Baidu's click id. */
    static final String BD_VID = "bd_vid";
    /** Baidu's bound on {@code logidUrl}, in characters. */
    static final int MAX_LOGID_URL_CHARS = 1024;
    /** Baidu's bound on {@code outerEventId}, in bytes of UTF-8. */
    static final int MAX_OUTER_EVENT_ID_BYTES = 255;
    /** {@code convertTime} and {@code convertValue} are Baidu ints. */
    static final long MAX_INT = Integer.MAX_VALUE;

    static final String LOGID_URL = "logidUrl";
    static final String NEW_TYPE = "newType";
    static final String CONVERT_TIME = "convertTime";
    static final String CONVERT_VALUE = "convertValue";
    static final String OUTER_EVENT_ID = "outerEventId";

    private static final Set<String> FIELDS = Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(LOGID_URL,
            NEW_TYPE, CONVERT_TIME, CONVERT_VALUE, OUTER_EVENT_ID)));
    /** Reads stored items strictly (no duplicate keys, nothing after the object) and writes them compactly. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final String logidUrl;
    private final NewType newType;
    private final long convertTime;
    private final Long convertValue;
    private final String outerEventId;

    /** An item whose values have been checked (see the {@code problemWith…} methods). */
    BaiduItem(String logidUrl, NewType newType, long convertTime, Long convertValue, String outerEventId) {
        this.logidUrl = Objects.requireNonNull(logidUrl, LOGID_URL);
        this.newType = Objects.requireNonNull(newType, NEW_TYPE);
        this.convertTime = convertTime;
        this.convertValue = convertValue;
        this.outerEventId = outerEventId;
    }

    String logidUrl() {
        return logidUrl;
    }

    NewType newType() {
        return newType;
    }

    long convertTime() {
        return convertTime;
    }

    Optional<Long> convertValue() {
        return Optional.ofNullable(convertValue);
    }

    Optional<String> outerEventId() {
        return Optional.ofNullable(outerEventId);
    }

    /** The item as JSON: the upload's payload. */
    String toJson() {
        return new String(bytes(toNode()), StandardCharsets.UTF_8);
    }

    /** The item as one JSON object, its fields in Baidu's order. */
    ObjectNode toNode() {
        ObjectNode item = MAPPER.createObjectNode();
        item.put(LOGID_URL, logidUrl);
        item.put(NEW_TYPE, newType.code());
        item.put(CONVERT_TIME, convertTime);
        if (convertValue != null) {
            item.put(CONVERT_VALUE, convertValue.longValue());
        }
        if (outerEventId != null) {
            item.put(OUTER_EVENT_ID, outerEventId);
        }
        return item;
    }

    /** A new empty JSON object. */
    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** The UTF-8 bytes of {@code json}: no white space, non-ASCII text and {@code /} as themselves. */
    static byte[] bytes(JsonNode json) {
        try {
            return MAPPER.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException("a tree of strings and numbers always serialises", e);
        }
    }

    /**
     * Reads the item {@code upload}'s payload holds, checking every rule again and that it agrees with the upload's
     * own fields (event, click id, conversion key).
     *
     * @throws IllegalArgumentException naming the field that is missing, malformed or out of Baidu's bounds
     */
    static BaiduItem read(PlatformUpload upload) {
        JsonNode item;
        try {
            item = MAPPER.readTree(upload.payload());
        } catch (IOException e) {
            throw new IllegalArgumentException("payload: not JSON (" + Printable.of(e.getMessage(), 120) + ")");
        }
        if (item == null || !item.isObject()) {
            throw new IllegalArgumentException("payload: not a JSON object");
        }
        for (Iterator<String> names = item.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException(Printable.quoted(name, 40) + ": not a field of Baidu's conversion "
                        + "item (" + String.join(", ", FIELDS) + ")");
            }
        }
        String logidUrl = text(item, LOGID_URL);
        fail(LOGID_URL, problemWithLogidUrl(logidUrl, upload.clickId()));
        long code = integer(item, NEW_TYPE);
        NewType newType = NewType.of(code).orElseThrow(() -> new IllegalArgumentException(NEW_TYPE + ": " + code
                + " is not one of Baidu's landing-page conversion types"));
        if (!newType.wireName().equals(upload.event())) {
            throw new IllegalArgumentException(NEW_TYPE + ": " + code + " is not the upload's event "
                    + Printable.quoted(upload.event(), 20));
        }
        long convertTime = integer(item, CONVERT_TIME);
        fail(CONVERT_TIME, problemWithConvertTime(convertTime));
        Long convertValue = null;
        if (item.has(CONVERT_VALUE)) {
            convertValue = integer(item, CONVERT_VALUE);
            fail(CONVERT_VALUE, problemWithConvertValue(convertValue, newType));
        }
        String outerEventId = null;
        if (item.has(OUTER_EVENT_ID)) {
            outerEventId = text(item, OUTER_EVENT_ID);
            fail(OUTER_EVENT_ID, problemWithOuterEventId(outerEventId));
        }
        if (!(outerEventId == null ? "" : outerEventId).equals(upload.conversionKey())) {
            throw new IllegalArgumentException(OUTER_EVENT_ID + ": " + (outerEventId == null ? "missing, but the "
                    + "upload has a conversion key" : "not the upload's conversion key"));
        }
        if (outerEventId == null && newType.needsKey()) {
            throw new IllegalArgumentException(OUTER_EVENT_ID + ": missing; newType " + newType.describe()
                    + " needs one");
        }
        return new BaiduItem(logidUrl, newType, convertTime, convertValue, outerEventId);
    }

    private static void fail(String field, Optional<String> problem) {
        if (problem.isPresent()) {
            throw new IllegalArgumentException(field + ": " + problem.get());
        }
    }

    private static String text(JsonNode item, String field) {
        JsonNode v = item.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(field + ": missing");
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(field + ": " + v.getNodeType() + ", not a string");
        }
        return v.textValue();
    }

    private static long integer(JsonNode item, String field) {
        JsonNode v = item.get(field);
        if (v == null) {
            throw new IllegalArgumentException(field + ": missing");
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException(field + ": " + Printable.of(v.toString(), 40) + " is not a whole number");
        }
        return v.longValue();
    }

    /**
     * What is wrong with a landing URL as {@code logidUrl} for the click {@code clickId}: an absolute http(s) URL of
     * printable ASCII, no fragment, at most {@value #MAX_LOGID_URL_CHARS} characters, whose query carries
     * {@code bd_vid=clickId}.
     */
    static Optional<String> problemWithLogidUrl(String url, String clickId) {
        if (url.length() > MAX_LOGID_URL_CHARS) {
            return Optional.of(url.length() + " characters, more than Baidu's " + MAX_LOGID_URL_CHARS);
        }
        if (!(url.startsWith("https://") || url.startsWith("http://"))) {
            return Optional.of(Printable.quoted(url, 60) + " is not an absolute http(s) URL");
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '#') {
                return Optional.of("has " + (c == '#' ? "a fragment" : "a character that is not printable ASCII")
                        + " at index " + i);
            }
        }
        if (!carriesClickId(url, clickId)) {
            return Optional.of(Printable.quoted(url, 60) + " does not carry " + BD_VID + "=" + clickId
                    + " in its query; Baidu attributes a conversion by the bd_vid of its logidUrl");
        }
        return Optional.empty();
    }

    /** Whether the query of {@code url} (which has no fragment) has a {@code bd_vid} whose decoded value is {@code id}. */
    static boolean carriesClickId(String url, String id) {
        int q = url.indexOf('?');
        if (q < 0) {
            return false;
        }
        for (String pair : url.substring(q + 1).split("&", -1)) {
            int eq = pair.indexOf('=');
            if (eq == BD_VID.length() && pair.startsWith(BD_VID) && id.equals(decode(pair.substring(eq + 1)))) {
                return true;
            }
        }
        return false;
    }

    private static String decode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        try {
            return URLDecoder.decode(value, "UTF-8");
        } catch (IllegalArgumentException | UnsupportedEncodingException e) {
            return null;
        }
    }

    /** What is wrong with epoch seconds as {@code convertTime}: after 1970, within a Baidu int. */
    static Optional<String> problemWithConvertTime(long seconds) {
        return seconds <= 0 || seconds > MAX_INT
                ? Optional.of(seconds + " is not epoch seconds between 1970 and 2038 (a Baidu int)")
                : Optional.<String>empty();
    }

    /** What is wrong with an amount in fen as {@code convertValue} for {@code type}. */
    static Optional<String> problemWithConvertValue(long fen, NewType type) {
        if (!type.takesValue()) {
            return Optional.of("newType " + type.describe() + " takes no amount; Baidu's types with an amount are "
                    + valueTypes());
        }
        if (fen < 0 || fen > MAX_INT) {
            return Optional.of(fen + " fen is not between 0 and " + MAX_INT + " (a Baidu int)");
        }
        return Optional.empty();
    }

    /** The types that take an amount, for messages: {@code 10 (购买成功), 14 (订单提交成功), …}. */
    static String valueTypes() {
        StringBuilder sb = new StringBuilder();
        for (NewType t : NewType.values()) {
            if (t.takesValue()) {
                sb.append(sb.length() == 0 ? "" : ", ").append(t.describe());
            }
        }
        return sb.toString();
    }

    /**
     * What is wrong with a conversion key as {@code outerEventId}: non-empty, at most {@value #MAX_OUTER_EVENT_ID_BYTES}
     * bytes of UTF-8, no control character, valid UTF-16.
     */
    static Optional<String> problemWithOuterEventId(String key) {
        if (key.isEmpty()) {
            return Optional.of("empty");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isISOControl(c)) {
                return Optional.of("has a control character at index " + i);
            }
            if (Character.isHighSurrogate(c) && i + 1 < key.length() && Character.isLowSurrogate(key.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("has an unpaired surrogate at index " + i);
            }
        }
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_OUTER_EVENT_ID_BYTES) {
            return Optional.of(bytes + " bytes of UTF-8, more than Baidu's " + MAX_OUTER_EVENT_ID_BYTES);
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "BaiduItem" + toJson();
    }
}
