package io.qhtrack.platform.qihoo360;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a stored 360 upload ({@link Upload#toStorageJson()}: the body without {@code request_time}) back, checking it
 * as strictly as the protocol: every member known, of its type, given once, in range, and allowed on its line for its
 * event. A row edited by hand into something else is refused here, naming the field, and dead-lettered; what passes
 * may be sent with its stored bytes. One streaming pass, no tree: this runs at every attempt.
 */
final class StoredUploads {

    private static final JsonFactory JSON = new JsonFactory();

    private StoredUploads() {
    }

    /**
     * The upload {@code json} holds.
     *
     * @throws IllegalArgumentException naming what is missing, unknown or invalid
     */
    static Upload read(String json) {
        Map<String, Object> data = new HashMap<>();
        Map<String, Object> detail = new HashMap<>();
        Map<EventParam, Object> params = new EnumMap<>(EventParam.class);
        try (JsonParser p = JSON.createParser(json)) {
            expect(p.nextToken() == JsonToken.START_OBJECT, "the stored upload is not a JSON object");
            boolean seenData = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                expect(name.equals("data") && !seenData, "stored upload: unexpected member '" + name + "'");
                seenData = true;
                expect(p.nextToken() == JsonToken.START_OBJECT, "data: is not an object");
                readData(p, data, detail, params);
            }
            expect(seenData, "stored upload: no data");
            expect(p.currentToken() == JsonToken.END_OBJECT && p.nextToken() == null,
                    "stored upload: something follows its object");
        } catch (IOException e) {
            throw new IllegalArgumentException("stored upload is not JSON: " + e.getMessage(), e);
        }
        String industry = (String) data.get("data_industry");
        Qihoo360Line line = Qihoo360Line.find(industry == null ? "" : industry).filter(l -> l.wireName()
                .equals(industry)).orElseThrow(() -> new IllegalArgumentException(
                        "stored upload: unknown data_industry '" + industry + "'"));
        String eventName = (String) detail.get("event");
        Qihoo360Events event = Qihoo360Events.find(eventName == null ? "" : eventName)
                .filter(e -> e.wireName().equals(eventName))
                .orElseThrow(() -> new IllegalArgumentException("stored upload: unknown event '" + eventName + "'"));
        String other = line.clickField().equals("qhclickid") ? "impression_id" : "qhclickid";
        expect(!detail.containsKey(other), "data_detail." + other + ": not a field of " + line.wireName()
                + ", whose click is data_detail." + line.clickField());
        Object eventTime = detail.get("event_time");
        expect(eventTime == null || eventTime instanceof Long, "event_time: is not an integer");
        Upload upload = new Upload(line, (String) detail.get(line.clickField()), (String) detail.get("jzqs"),
                (String) detail.get("trans_id"), event, eventTime == null ? 0 : (Long) eventTime, params,
                (String) data.get("data_source"));
        Uploads.check(upload);
        return upload;
    }

    private static void readData(JsonParser p, Map<String, Object> data, Map<String, Object> detail,
            Map<EventParam, Object> params) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "data_industry":
                case "data_source":
                    put(data, name, string(p, t, name));
                    break;
                case "data_detail":
                    expect(t == JsonToken.START_OBJECT && !data.containsKey(name), "data_detail: is not one object");
                    data.put(name, Boolean.TRUE);
                    readDetail(p, detail, params);
                    break;
                default:
                    throw new IllegalArgumentException("data." + name + ": not a field of a stored upload");
            }
        }
        expect(p.currentToken() == JsonToken.END_OBJECT, "data: is not an object");
    }

    private static void readDetail(JsonParser p, Map<String, Object> detail, Map<EventParam, Object> params)
            throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "impression_id":
                case "qhclickid":
                case "jzqs":
                case "trans_id":
                case "event":
                    put(detail, name, string(p, t, name));
                    break;
                case "event_time":
                    expect(t == JsonToken.VALUE_NUMBER_INT, "event_time: " + p.getText() + " is not an integer");
                    put(detail, name, longValue(p, name));
                    break;
                case "event_param":
                    expect(t == JsonToken.START_OBJECT && !detail.containsKey(name), "event_param: "
                            + p.getText() + " is not an object");
                    detail.put(name, Boolean.TRUE);
                    readParams(p, params);
                    break;
                default:
                    throw new IllegalArgumentException("data_detail." + name + ": not a field of a stored upload");
            }
        }
        expect(p.currentToken() == JsonToken.END_OBJECT, "data_detail: is not an object");
    }

    private static void readParams(JsonParser p, Map<EventParam, Object> params) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            EventParam param = paramForKey(key);
            JsonToken t = p.nextToken();
            String field = "event_param." + key;
            expect(!params.containsKey(param), field + ": given twice");
            if (param.type() == EventParam.Type.STRING) {
                expect(t == JsonToken.VALUE_STRING, field + ": " + p.getText() + " is not a string");
                params.put(param, p.getText());
                continue;
            }
            expect(t == JsonToken.VALUE_NUMBER_INT, field + ": " + p.getText() + " is not an integer");
            long n = longValue(p, field);
            boolean inRange = param == EventParam.SCORE ? n > 0 && n <= Integer.MAX_VALUE
                    : param == EventParam.REGISTRATION_TIME ? n >= 1_000_000_000L && n <= 9_999_999_999L
                    : n >= 0;
            expect(inRange, field + ": " + n + " is out of range");
            params.put(param, n);
        }
        expect(p.currentToken() == JsonToken.END_OBJECT, "event_param: is not an object");
    }

    private static EventParam paramForKey(String key) {
        for (EventParam p : EventParam.values()) {
            if (p.key().equals(key)) {
                return p;
            }
        }
        throw new IllegalArgumentException("stored upload: unknown event_param key '" + key + "'");
    }

    /** A string member's value; JSON {@code null} reads as absent. */
    private static String string(JsonParser p, JsonToken t, String name) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(t == JsonToken.VALUE_STRING, name + ": " + p.getText() + " is not a string");
        return p.getText();
    }

    private static long longValue(JsonParser p, String name) throws IOException {
        expect(p.getNumberType() == JsonParser.NumberType.INT || p.getNumberType() == JsonParser.NumberType.LONG,
                name + ": " + p.getText() + " is out of range");
        return p.getLongValue();
    }

    private static void put(Map<String, Object> into, String name, Object value) {
        expect(!into.containsKey(name), name + ": given twice");
        into.put(name, value);
    }

    private static void expect(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }
}
