package io.qhtrack.platform.qihoo360;

import io.qhtrack.core.Account;
import io.qhtrack.core.Click;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Credentials;
import io.qhtrack.core.Event;
import io.qhtrack.core.ProductLine;
import io.qhtrack.core.internal.JsonBytes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One 360 conversion, adapted to its click's line and validated: everything in the body except {@code request_time},
 * and no secret. This is what an outbox keeps (as {@link #toStorageJson()}, the {@code upload} column of the JDBC
 * outbox); each delivery attempt {@linkplain #body(Instant) serialises} it with that attempt's {@code request_time}
 * and signs exactly those bytes.
 *
 * <p>Instances come from {@link #prepare} (or {@link #fromStorageJson(String)} when read back), so every instance
 * satisfies the document's rules for its line.
 */
public final class Upload {

    private final Qihoo360Line line;
    private final String clickId;
    private final String jzqs;
    private final String transId;
    private final Qihoo360Events event;
    private final long eventTime;
    private final Map<EventParam, Object> params;
    private final String dataSource;

    Upload(Qihoo360Line line, String clickId, String jzqs, String transId, Qihoo360Events event, long eventTime,
            Map<EventParam, Object> params, String dataSource) {
        this.line = line;
        this.clickId = clickId;
        this.jzqs = jzqs;
        this.transId = transId;
        this.event = event;
        this.eventTime = eventTime;
        this.params = params.isEmpty() ? Collections.<EventParam, Object>emptyMap()
                : Collections.unmodifiableMap(new EnumMap<>(params));
        this.dataSource = dataSource;
    }

    /**
     * Builds the upload of {@code conversion} for {@code click}, or says why there is none, by the same rules as the
     * tracker (sections 4.4 and 4.5 of 360's document):
     *
     * <ul>
     *   <li>the line must have credentials ({@link io.qhtrack.core.TrackOutcome.Status#LINE_NOT_CONFIGURED});
     *   <li>the line must offer the event ({@link io.qhtrack.core.TrackOutcome.Status#EVENT_NOT_OFFERED});
     *   <li>{@code trans_id} must be present where the line requires it, and display needs {@code jzqs} from its
     *       credentials ({@link io.qhtrack.core.TrackOutcome.Status#INVALID});
     *   <li>{@code event_param} keys the line does not accept for the event are left out, not sent;
     *   <li>{@code event_time} defaults to {@code now} when the conversion has none.
     * </ul>
     *
     * @param credentials the configured accounts (see {@link Credentials#fromSettings})
     * @param now the time of the report
     */
    public static Preparation prepare(Click click, Conversion conversion, Map<Account, Credentials> credentials,
            Instant now) {
        return Uploads.prepare(Objects.requireNonNull(click, "click"), Objects.requireNonNull(conversion, "conversion"),
                Objects.requireNonNull(credentials, "credentials"), Objects.requireNonNull(now, "now"));
    }

    /** The line ({@code data_industry}). */
    public ProductLine line() {
        return line.productLine();
    }

    Qihoo360Line qihoo360Line() {
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
        return event.event();
    }

    Qihoo360Events qihoo360Event() {
        return event;
    }

    /** The value of {@code data_detail.event}, spelled as 360 does ({@code COUSTOMIZE}). */
    public String eventWireName() {
        return event.wireName();
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
        return line.line().id() + '|' + clickId + '|' + event.wireName() + '|' + (transId == null ? "" : transId);
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
     * been edited by hand): every field known, of its type, in range, and allowed on its line for its event.
     *
     * @throws IllegalArgumentException naming the field that is missing, unknown or invalid
     */
    public static Upload fromStorageJson(String json) {
        return StoredUploads.read(json);
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
