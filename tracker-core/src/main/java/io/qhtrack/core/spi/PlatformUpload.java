package io.qhtrack.core.spi;

import io.qhtrack.core.Origin;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One conversion adapted to its platform and line: what an outbox stores and a {@link Codec} encodes. It holds no
 * secret and no request time (credentials are resolved, and the request signed, at each attempt). Immutable.
 *
 * <p>The engine reads only the neutral fields, to de-duplicate ({@link #deduplicationKey()}), to bound conversions
 * per click ({@link #clickKey()}), to group a batch and to describe an entry; the {@link #payload()} is the
 * platform's own, opaque to everyone else: stable JSON written by the codec's {@code prepare} and read back by its
 * {@code encode}, so that an entry stored today is sent with the same bytes after a restart.
 *
 * <p>A codec may hand over its own object for the conversion instead of the JSON ({@link Builder#payload(Object,
 * Function)}): the JSON is then written only when someone asks for the {@link #payload()} (a durable outbox, which
 * stores it), once, and the codec's {@code encode} may send from the object ({@link #form(Class)}) without reading
 * JSON back. An outbox that keeps uploads in memory never makes the JSON at all.
 */
public final class PlatformUpload {

    /** The longest {@linkplain #conversionKey() conversion key} an outbox must store. */
    public static final int MAX_CONVERSION_KEY_LENGTH = 256;

    private final String platform;
    private final String tenant;
    private final String line;
    private final String clickId;
    private final String event;
    private final String conversionKey;
    private final Instant eventTime;
    private final Origin origin;
    /** The codec's own object, or {@code null} when the upload was built from its JSON (read back from a row). */
    private final Object form;
    /** Writes {@link #form} as the payload; {@code null} exactly when {@code form} is. */
    private final Function<Object, String> writer;
    /**
     * The stored JSON: given, or written from the form when first asked for. A benign race, as {@code String.hash}:
     * the writer is a pure function and a {@code String} is safely published, so two threads at most write the same
     * JSON twice.
     */
    private String payload;

    private PlatformUpload(Builder b) {
        this.platform = b.platform;
        this.tenant = b.tenant;
        this.line = b.line;
        this.clickId = b.clickId;
        this.event = b.event;
        this.conversionKey = b.conversionKey;
        this.eventTime = b.eventTime;
        this.origin = b.origin;
        this.form = b.form;
        this.writer = b.writer;
        this.payload = b.payload;
    }

    /** Starts an upload for {@code platform}'s click {@code clickId}. */
    public static Builder builder(String platform, String clickId) {
        return new Builder(platform, clickId);
    }

    /** The platform's {@linkplain Platform#id() id}. */
    public String platform() {
        return platform;
    }

    /** The advertiser it is reported for; {@code default} unless the application serves several. */
    public String tenant() {
        return tenant;
    }

    /** The {@linkplain Line#id() line id}. */
    public String line() {
        return line;
    }

    /** The click id as the landing URL carried it. */
    public String clickId() {
        return clickId;
    }

    /** The platform event's {@linkplain PlatformEvent#wireName() wire name}. */
    public String event() {
        return event;
    }

    /**
     * What tells this conversion from another of the same click and event: 360's {@code trans_id}, Baidu's
     * {@code outerEventId}, Tencent's {@code outer_action_id}; empty when there is none (then a click reports the
     * event once a day).
     */
    public String conversionKey() {
        return conversionKey;
    }

    /** When the conversion happened. */
    public Instant eventTime() {
        return eventTime;
    }

    /** Who caused it: the outbox gives {@link Origin#BROWSER} entries only a bounded share. */
    public Origin origin() {
        return origin;
    }

    /**
     * The platform's own stored form: JSON written by its codec, never a secret. When the codec gave its object
     * instead ({@link Builder#payload(Object, Function)}), the JSON is written at the first call, and kept.
     */
    public String payload() {
        String p = payload;
        if (p == null) {
            p = Objects.requireNonNull(writer.apply(form), "the codec's payload writer returned null");
            payload = p;
        }
        return p;
    }

    /**
     * The codec's own object for this conversion, when it is a {@code type} and the upload was built with it
     * ({@link Builder#payload(Object, Function)}); empty when the upload was built from its JSON (e.g. read back from
     * a durable outbox's row), whose codec then reads the {@link #payload()}.
     */
    public <T> Optional<T> form(Class<T> type) {
        return type.isInstance(form) ? Optional.of(type.cast(form)) : Optional.<T>empty();
    }

    /**
     * What identifies this conversion for de-duplication within a delivery window: platform, tenant, line, click, event
     * and conversion key joined with {@code |}. Only the conversion key may itself contain {@code |}, and it comes
     * last, so distinct conversions have distinct keys.
     */
    public String deduplicationKey() {
        return appendDeduplicationKey(new StringBuilder(clickKeyLength() + 1 + conversionKey.length())).toString();
    }

    /**
     * Appends the {@link #deduplicationKey()} to {@code to}, for a caller that adds to it (one buffer, not a string
     * per part), and returns {@code to}.
     */
    public StringBuilder appendDeduplicationKey(StringBuilder to) {
        return appendClickKey(to).append('|').append(conversionKey);
    }

    /** The length of the {@link #deduplicationKey()}: to size a buffer for {@link #appendDeduplicationKey}. */
    public int deduplicationKeyLength() {
        return clickKeyLength() + 1 + conversionKey.length();
    }

    /** Platform, tenant, line, click and event joined with {@code |}: what the per-click limit counts. */
    public String clickKey() {
        return appendClickKey(new StringBuilder(clickKeyLength())).toString();
    }

    private StringBuilder appendClickKey(StringBuilder to) {
        return to.append(platform).append('|').append(tenant).append('|').append(line).append('|').append(clickId)
                .append('|').append(event);
    }

    private int clickKeyLength() {
        return platform.length() + tenant.length() + line.length() + clickId.length() + event.length() + 4;
    }

    /** The same upload with another origin (e.g. read back from an outbox that stores the origin apart). */
    public PlatformUpload withOrigin(Origin newOrigin) {
        Builder b = toBuilder();
        b.origin = Objects.requireNonNull(newOrigin, "origin");
        return b.build();
    }

    private Builder toBuilder() {
        Builder b = new Builder(platform, clickId);
        b.tenant = tenant;
        b.line = line;
        b.event = event;
        b.conversionKey = conversionKey;
        b.eventTime = eventTime;
        b.origin = origin;
        b.form = form;
        b.writer = writer;
        b.payload = payload;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PlatformUpload)) {
            return false;
        }
        PlatformUpload u = (PlatformUpload) o;
        return deduplicationKey().equals(u.deduplicationKey()) && eventTime.equals(u.eventTime) && origin == u.origin
                && payload().equals(u.payload());
    }

    @Override
    public int hashCode() {
        return deduplicationKey().hashCode();
    }

    /** Platform, line, event and click; never the payload's details. */
    @Override
    public String toString() {
        return "PlatformUpload[" + platform + (Line.DEFAULT_ID.equals(line) ? "" : " " + line) + " " + event
                + " for click " + clickId + ("default".equals(tenant) ? "" : ", tenant " + tenant)
                + (conversionKey.isEmpty() ? "" : ", key " + conversionKey) + "]";
    }

    /** Builds a {@link PlatformUpload}; {@link #build()} checks that every field is there. */
    public static final class Builder {
        private final String platform;
        private final String clickId;
        private String tenant = "default";
        private String line = Line.DEFAULT_ID;
        private String event;
        private String conversionKey = "";
        private Instant eventTime;
        private Origin origin = Origin.SERVER;
        private Object form;
        private Function<Object, String> writer;
        private String payload;

        private Builder(String platform, String clickId) {
            this.platform = Objects.requireNonNull(platform, "platform");
            this.clickId = Objects.requireNonNull(clickId, "clickId");
        }

        /** The tenant; default {@code default}. */
        public Builder tenant(String tenant) {
            this.tenant = Objects.requireNonNull(tenant, "tenant");
            return this;
        }

        /** The line id; default {@value Line#DEFAULT_ID}. */
        public Builder line(String line) {
            this.line = Objects.requireNonNull(line, "line");
            return this;
        }

        /** The platform event's wire name. */
        public Builder event(String event) {
            this.event = Objects.requireNonNull(event, "event");
            return this;
        }

        /** The conversion key; {@code null} or empty for none. At most {@value #MAX_CONVERSION_KEY_LENGTH} chars. */
        public Builder conversionKey(String key) {
            String k = key == null ? "" : key;
            if (k.length() > MAX_CONVERSION_KEY_LENGTH) {
                throw new IllegalArgumentException("conversion key: " + k.length() + " characters, more than "
                        + MAX_CONVERSION_KEY_LENGTH);
            }
            this.conversionKey = k;
            return this;
        }

        /** When the conversion happened. */
        public Builder eventTime(Instant time) {
            this.eventTime = Objects.requireNonNull(time, "eventTime");
            return this;
        }

        /** Who caused it; default {@link Origin#SERVER}. */
        public Builder origin(Origin origin) {
            this.origin = Objects.requireNonNull(origin, "origin");
            return this;
        }

        /** The platform's stored form (JSON, no secret). Replaces a {@linkplain #payload(Object, Function) form}. */
        public Builder payload(String payload) {
            this.payload = Objects.requireNonNull(payload, "payload");
            this.form = null;
            this.writer = null;
            return this;
        }

        /**
         * The codec's own object for the conversion (immutable, no secret) and how to write it as the stored JSON:
         * {@code writer} is called at most when the {@link PlatformUpload#payload()} is first asked for (by a durable
         * outbox), and must be a pure function, giving the JSON {@link #payload(String)} would have been given. The
         * codec's {@code encode} finds the object again with {@link PlatformUpload#form(Class)}. Replaces a
         * {@linkplain #payload(String) JSON payload}.
         */
        @SuppressWarnings("unchecked")
        public <T> Builder payload(T form, Function<? super T, String> writer) {
            this.form = Objects.requireNonNull(form, "form");
            this.writer = (Function<Object, String>) Objects.requireNonNull(writer, "writer");
            this.payload = null;
            return this;
        }

        /**
         * The upload.
         *
         * @throws IllegalStateException when the event, event time or payload is missing
         */
        public PlatformUpload build() {
            if (event == null || eventTime == null || (payload == null && form == null)) {
                throw new IllegalStateException("a PlatformUpload needs an event, an event time and a payload");
            }
            return new PlatformUpload(this);
        }
    }
}
