package io.qhtrack.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One conversion, adapted to its click's line and validated: everything in the body except {@code request_time},
 * and no secret. This is what an outbox keeps; each delivery attempt {@linkplain #body(Instant) serialises} it with
 * that attempt's {@code request_time} and signs exactly those bytes.
 *
 * <p>Instances come from {@link Uploads#prepare} (or {@link #fromStorageJson(String)} when read back), so every
 * instance satisfies the document's rules for its line.
 */
public final class Upload {

    /** Writes characters outside the BMP (emoji) raw, as 4-byte UTF-8, rather than as escaped surrogate pairs. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(JSON);

    private final ProductLine line;
    private final String clickId;
    private final String jzqs;
    private final String transId;
    private final Event event;
    private final long eventTime;
    private final Map<EventParam, Object> params;
    private final String dataSource;

    Upload(ProductLine line, String clickId, String jzqs, String transId, Event event, long eventTime,
            Map<EventParam, Object> params, String dataSource) {
        this.line = line;
        this.clickId = clickId;
        this.jzqs = jzqs;
        this.transId = transId;
        this.event = event;
        this.eventTime = eventTime;
        this.params = params.isEmpty() ? Collections.emptyMap() : Collections.unmodifiableMap(new EnumMap<>(params));
        this.dataSource = dataSource;
    }

    /** The line ({@code data_industry}). */
    public ProductLine line() {
        return line;
    }

    /** The click id, sent as {@code impression_id} on mobile promotion and as {@code qhclickid} elsewhere. */
    public String clickId() {
        return clickId;
    }

    /** The display advertiser id, on display only. */
    public Optional<String> jzqs() {
        return Optional.ofNullable(jzqs);
    }

    /** {@code trans_id}, when required or given. */
    public Optional<String> transId() {
        return Optional.ofNullable(transId);
    }

    /** The event. */
    public Event event() {
        return event;
    }

    /** {@code event_time}, epoch seconds. */
    public long eventTime() {
        return eventTime;
    }

    /** The {@code event_param} entries that are sent, in a fixed order; empty when none. */
    public Map<EventParam, Object> eventParams() {
        return params;
    }

    /** {@code data_source}, only when a third-party chat tool reports. */
    public Optional<String> dataSource() {
        return Optional.ofNullable(dataSource);
    }

    /**
     * What identifies this conversion for de-duplication: line, click id, event and trans_id joined with {@code |}.
     * Only trans_id may itself contain {@code |}, and it comes last, so distinct uploads have distinct keys.
     */
    public String deduplicationKey() {
        return line.shortName() + '|' + clickId + '|' + event.wireName() + '|' + (transId == null ? "" : transId);
    }

    /**
     * The exact UTF-8 bytes of the body for one attempt sent at {@code requestTime}: {@code {"data":{...}}} with
     * fields in the document's order, non-ASCII text and {@code /} written as themselves. Sign and send these very
     * bytes.
     */
    public byte[] body(Instant requestTime) {
        return write(Objects.requireNonNull(requestTime, "requestTime").getEpochSecond());
    }

    /** The body without {@code request_time}: how an outbox stores this upload. */
    public String toStorageJson() {
        return new String(write(-1), StandardCharsets.UTF_8);
    }

    private byte[] write(long requestTime) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("data");
            if (requestTime >= 0) {
                g.writeNumberField("request_time", requestTime);
            }
            g.writeStringField("data_industry", line.wireName());
            if (dataSource != null) {
                g.writeStringField("data_source", dataSource);
            }
            g.writeObjectFieldStart("data_detail");
            g.writeStringField(line.clickField(), clickId);
            if (jzqs != null) {
                g.writeStringField("jzqs", jzqs);
            }
            if (transId != null) {
                g.writeStringField("trans_id", transId);
            }
            g.writeStringField("event", event.wireName());
            g.writeNumberField("event_time", eventTime);
            if (!params.isEmpty()) {
                g.writeObjectFieldStart("event_param");
                for (Map.Entry<EventParam, Object> p : params.entrySet()) {
                    if (p.getValue() instanceof Long) {
                        g.writeNumberField(p.getKey().key(), (Long) p.getValue());
                    } else {
                        g.writeStringField(p.getKey().key(), (String) p.getValue());
                    }
                }
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /**
     * Reads back what {@link #toStorageJson()} wrote, checking it against the protocol again (a stored row may have
     * been edited by hand).
     *
     * @throws IllegalArgumentException naming the field that is missing or invalid
     */
    public static Upload fromStorageJson(String json) {
        JsonNode data;
        try {
            data = MAPPER.readTree(json).path("data");
        } catch (IOException e) {
            throw new IllegalArgumentException("stored upload is not JSON: " + e.getMessage(), e);
        }
        String industry = data.path("data_industry").asText(null);
        ProductLine line = ProductLine.find(industry).orElseThrow(
                () -> new IllegalArgumentException("stored upload: unknown data_industry '" + industry + "'"));
        JsonNode d = data.path("data_detail");
        Event event = Event.find(d.path("event").asText(null)).orElseThrow(
                () -> new IllegalArgumentException("stored upload: unknown event '" + d.path("event") + "'"));
        Map<EventParam, Object> params = new LinkedHashMap<>();
        JsonNode eventParam = d.path("event_param");
        if (!eventParam.isMissingNode() && !eventParam.isObject()) {
            throw new IllegalArgumentException("event_param: " + eventParam + " is not an object");
        }
        for (Map.Entry<String, JsonNode> e : eventParam.properties()) {
            EventParam p = paramForKey(e.getKey());
            params.put(p, paramValue(p, e.getValue()));
        }
        Upload upload = new Upload(line, text(d, line.clickField()), text(d, "jzqs"), text(d, "trans_id"), event,
                d.path("event_time").asLong(), params.isEmpty() ? Map.of() : new EnumMap<>(params),
                text(data, "data_source"));
        Uploads.check(upload);
        return upload;
    }

    /** A stored value of the type and range {@link Conversion.Builder} would have accepted, or the field named. */
    private static Object paramValue(EventParam p, JsonNode v) {
        String field = "event_param." + p.key();
        if (p.type() == EventParam.Type.STRING) {
            if (!v.isTextual()) {
                throw new IllegalArgumentException(field + ": " + v + " is not a string");
            }
            return v.asText();
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException(field + ": " + v + " is not an integer");
        }
        long n = v.asLong();
        boolean inRange = p == EventParam.SCORE ? n > 0 && n <= Integer.MAX_VALUE
                : p == EventParam.REGISTRATION_TIME ? n >= 1_000_000_000L && n <= 9_999_999_999L
                : n >= 0;
        if (!inRange) {
            throw new IllegalArgumentException(field + ": " + n + " is out of range");
        }
        return n;
    }

    private static EventParam paramForKey(String key) {
        for (EventParam p : EventParam.values()) {
            if (p.key().equals(key)) {
                return p;
            }
        }
        throw new IllegalArgumentException("stored upload: unknown event_param key '" + key + "'");
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Upload && toStorageJson().equals(((Upload) o).toStorageJson());
    }

    @Override
    public int hashCode() {
        return toStorageJson().hashCode();
    }

    @Override
    public String toString() {
        return "Upload" + toStorageJson();
    }
}
