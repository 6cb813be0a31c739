package io.qhtrack.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One conversion, adapted to its click's line and validated: everything in the body except {@code request_time},
 * and no secret. This is what an outbox keeps; each delivery attempt {@linkplain #body(Instant) serialises} it with
 * that attempt's {@code request_time} and signs exactly those bytes.
 *
 * <p>Instances come from {@link #prepare} (or {@link #fromStorageJson(String)} when read back), so every
 * instance satisfies the document's rules for its line.
 */
public final class Upload {

    private static final ObjectMapper MAPPER = new ObjectMapper();

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

    /**
     * Builds the upload of {@code conversion} for {@code click}, or says why there is none: the one place where the
     * protocol's rules (sections 4.4 and 4.5) adapt a conversion to a line.
     *
     * <ul>
     *   <li>the line must have credentials ({@link TrackOutcome.Status#LINE_NOT_CONFIGURED});
     *   <li>the line must offer the event ({@link TrackOutcome.Status#EVENT_NOT_OFFERED});
     *   <li>{@code trans_id} must be present where the line requires it, and display needs {@code jzqs} from its
     *       credentials ({@link TrackOutcome.Status#INVALID});
     *   <li>{@code event_param} keys the line does not accept for the event are left out, not sent;
     *   <li>{@code event_time} defaults to {@code now} when the conversion has none.
     * </ul>
     *
     * @param credentials the configured accounts (see {@link Credentials#fromSettings(Settings)})
     * @param now the time of the report
     */
    public static Preparation prepare(Click click, Conversion conversion, Map<Account, Credentials> credentials,
            Instant now) {
        return Uploads.prepare(Objects.requireNonNull(click, "click"), Objects.requireNonNull(conversion, "conversion"),
                Objects.requireNonNull(credentials, "credentials"), Objects.requireNonNull(now, "now"));
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
        JsonBytes json = new JsonBytes();
        json.begin().key("data").begin();
        if (requestTime >= 0) {
            json.key("request_time").number(requestTime);
        }
        json.key("data_industry").string(line.wireName());
        if (dataSource != null) {
            json.key("data_source").string(dataSource);
        }
        json.key("data_detail").begin().key(line.clickField()).string(clickId);
        if (jzqs != null) {
            json.key("jzqs").string(jzqs);
        }
        if (transId != null) {
            json.key("trans_id").string(transId);
        }
        json.key("event").string(event.wireName()).key("event_time").number(eventTime);
        if (!params.isEmpty()) {
            json.key("event_param").begin();
            for (Map.Entry<EventParam, Object> p : params.entrySet()) {
                json.key(p.getKey().key());
                if (p.getValue() instanceof Long) {
                    json.number((Long) p.getValue());
                } else {
                    json.string((String) p.getValue());
                }
            }
            json.end();
        }
        return json.end().end().end().toByteArray();
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
        for (Iterator<String> keys = eventParam.fieldNames(); keys.hasNext();) {
            String key = keys.next();
            EventParam p = paramForKey(key);
            params.put(p, paramValue(p, eventParam.get(key)));
        }
        Upload upload = new Upload(line, text(d, line.clickField()), text(d, "jzqs"), text(d, "trans_id"), event,
                d.path("event_time").asLong(), params.isEmpty() ? Collections.<EventParam, Object>emptyMap() : new EnumMap<>(params),
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
