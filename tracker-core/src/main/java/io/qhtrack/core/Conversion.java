package io.qhtrack.core;

import io.qhtrack.core.internal.Md5;
import io.qhtrack.core.internal.Printable;
import io.qhtrack.core.internal.Text;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What happened: a conversion a visitor made, independent of the line it will be reported on. Immutable; built
 * with {@link #builder(Event)}, whose setters validate as they are called and name the setting and value when
 * they refuse one.
 *
 * <p>Units are qhtrack's, whatever the platform: an amount in yuan ({@link Builder#amount(BigDecimal)}), times as
 * {@link Instant}s; each platform's codec converts them to its own (fen or yuan, seconds or milliseconds). Which of
 * these fields reach a platform depends on the platform, the click's line and the event; those it does not take are
 * left out when the conversion is prepared for it (and named in a debug line).
 */
public final class Conversion {

    /** The longest {@code trans_id} accepted. An md5 is 32 characters. */
    public static final int MAX_TRANS_ID_LENGTH = 128;
    /** The longest {@code outeruserid}, {@code bname} or {@code data_source} accepted. */
    public static final int MAX_TEXT_LENGTH = 256;

    private final Event event;
    private final Instant eventTime;
    private final String transId;
    private final Long amountFen;
    private final Integer score;
    private final String outerUserId;
    private final String businessName;
    private final Instant registrationTime;
    private final String dataSource;
    private final Origin origin;

    private Conversion(Builder b) {
        this.event = b.event;
        this.eventTime = b.eventTime;
        this.transId = b.transId;
        this.amountFen = b.amountFen;
        this.score = b.score;
        this.outerUserId = b.outerUserId;
        this.businessName = b.businessName;
        this.registrationTime = b.registrationTime;
        this.dataSource = b.dataSource;
        this.origin = b.origin;
    }

    /** Starts a conversion of the given event. */
    public static Builder builder(Event event) {
        return new Builder(Objects.requireNonNull(event, "event"));
    }

    /** A builder holding this conversion's values, to derive a variant. */
    public Builder toBuilder() {
        Builder b = new Builder(event);
        b.eventTime = eventTime;
        b.transId = transId;
        b.amountFen = amountFen;
        b.score = score;
        b.outerUserId = outerUserId;
        b.businessName = businessName;
        b.registrationTime = registrationTime;
        b.dataSource = dataSource;
        b.origin = origin;
        return b;
    }

    /** The event. */
    public Event event() {
        return event;
    }

    /** When the conversion happened ({@code event_time}); empty means "when it is reported". */
    public Optional<Instant> eventTime() {
        return Optional.ofNullable(eventTime);
    }

    /** The form or order's unique value ({@code trans_id}), used by 360 to de-duplicate. */
    public Optional<String> transId() {
        return Optional.ofNullable(transId);
    }

    /** The amount in yuan, two decimal places (e.g. {@code 23.45}); empty when none was given. */
    public Optional<BigDecimal> amount() {
        return amountFen == null ? Optional.<BigDecimal>empty() : Optional.of(BigDecimal.valueOf(amountFen, 2));
    }

    /** The amount in fen (hundredths of a yuan): 360's {@code event_param.value}. */
    public OptionalLong amountFen() {
        return amountFen == null ? OptionalLong.empty() : OptionalLong.of(amountFen);
    }

    /** The value score ({@code event_param.score}), positive. */
    public OptionalInt score() {
        return score == null ? OptionalInt.empty() : OptionalInt.of(score);
    }

    /** The advertiser's user id ({@code event_param.outeruserid}). */
    public Optional<String> outerUserId() {
        return Optional.ofNullable(outerUserId);
    }

    /** The business name ({@code event_param.bname}, display only). */
    public Optional<String> businessName() {
        return Optional.ofNullable(businessName);
    }

    /** The user's registration time ({@code event_param.urtime}). */
    public Optional<Instant> registrationTime() {
        return Optional.ofNullable(registrationTime);
    }

    /** The authorised third-party chat tool reporting this conversion ({@code data_source}). */
    public Optional<String> dataSource() {
        return Optional.ofNullable(dataSource);
    }

    /** Who caused it: {@link Origin#SERVER} unless the browser asked for it. */
    public Origin origin() {
        return origin;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Conversion)) {
            return false;
        }
        Conversion c = (Conversion) o;
        return event == c.event && Objects.equals(eventTime, c.eventTime) && Objects.equals(transId, c.transId)
                && Objects.equals(amountFen, c.amountFen) && Objects.equals(score, c.score)
                && Objects.equals(outerUserId, c.outerUserId) && Objects.equals(businessName, c.businessName)
                && Objects.equals(registrationTime, c.registrationTime) && Objects.equals(dataSource, c.dataSource)
                && origin == c.origin;
    }

    @Override
    public int hashCode() {
        return Objects.hash(event, eventTime, transId, amountFen, score, outerUserId, businessName, registrationTime,
                dataSource, origin);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Conversion[").append(event.name());
        if (transId != null) {
            sb.append(", trans_id=").append(transId);
        }
        if (amountFen != null) {
            sb.append(", value=").append(amountFen).append(" fen");
        }
        if (score != null) {
            sb.append(", score=").append(score);
        }
        if (eventTime != null) {
            sb.append(", event_time=").append(eventTime.getEpochSecond());
        }
        if (origin != Origin.SERVER) {
            sb.append(", origin=").append(origin);
        }
        return sb.append(']').toString();
    }

    /** Builds a {@link Conversion}; each setter checks its value at once. Not thread-safe. */
    public static final class Builder {
        private final Event event;
        private Instant eventTime;
        private String transId;
        private Long amountFen;
        private Integer score;
        private String outerUserId;
        private String businessName;
        private Instant registrationTime;
        private String dataSource;
        private Origin origin = Origin.SERVER;

        private Builder(Event event) {
            this.event = event;
        }

        /** When the conversion happened; must be after 1970 and fit 360's int32 epoch seconds. */
        public Builder eventTime(Instant time) {
            Objects.requireNonNull(time, "eventTime");
            long s = time.getEpochSecond();
            if (s <= 0 || s > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("eventTime: " + time + " is outside 360's int32 epoch seconds");
            }
            this.eventTime = time;
            return this;
        }

        /**
         * The form or order's unique value, as given: printable, without surrounding white space, at most
         * {@value #MAX_TRANS_ID_LENGTH} characters. Prefer {@link #transIdFromOrderId(String)} or
         * {@link #transIdFromForm(Map)}, which are deterministic, so a retry or double submit carries the same one.
         */
        public Builder transId(String transId) {
            this.transId = checkText("transId", transId, MAX_TRANS_ID_LENGTH);
            return this;
        }

        /** {@code trans_id} = lower-case hex md5 of the order id's UTF-8 bytes (the document's suggestion). */
        public Builder transIdFromOrderId(String orderId) {
            checkText("orderId", orderId, Integer.MAX_VALUE);
            this.transId = Md5.hex(orderId.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        /**
         * {@code trans_id} = md5 of the form content, independent of field order: fields sorted by name, each
         * name and its values in the order given, length-prefixed so that no two different forms collide by
         * concatenation. The same submission made twice yields the same id.
         */
        public Builder transIdFromForm(Map<String, ? extends Collection<String>> form) {
            Objects.requireNonNull(form, "form");
            if (form.isEmpty()) {
                throw new IllegalArgumentException("form: is empty; an empty form cannot identify a submission");
            }
            StringBuilder canonical = new StringBuilder();
            for (Map.Entry<String, ? extends Collection<String>> e : new TreeMap<>(form).entrySet()) {
                appendLengthPrefixed(canonical, e.getKey());
                List<String> values = new ArrayList<>(e.getValue());
                canonical.append(values.size()).append('#');
                values.forEach(v -> appendLengthPrefixed(canonical, v == null ? "" : v));
            }
            this.transId = Md5.hex(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return this;
        }

        private static void appendLengthPrefixed(StringBuilder sb, String s) {
            sb.append(s.length()).append(':').append(s);
        }

        /**
         * The amount in yuan, converted to fen exactly: {@code 19.99} → 1999. More than two decimal places
         * (other than trailing zeros) or a negative amount is refused, never rounded.
         */
        public Builder amountYuan(BigDecimal yuan) {
            Objects.requireNonNull(yuan, "amountYuan");
            if (yuan.signum() < 0) {
                throw new IllegalArgumentException("amountYuan: " + yuan.toPlainString() + " is negative");
            }
            long fen;
            try {
                fen = yuan.movePointRight(2).longValueExact();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("amountYuan: " + yuan.toPlainString()
                        + " is not a whole number of fen (at most two decimal places) or is too large", e);
            }
            return amountFen(fen);
        }

        /**
         * The amount in yuan, e.g. {@code new BigDecimal("23.45")}: the same as {@link #amountYuan(BigDecimal)}, the
         * neutral name (each platform's codec sends it in its own unit).
         */
        public Builder amount(BigDecimal yuan) {
            return amountYuan(yuan);
        }

        /** The amount in yuan as text, e.g. {@code "23.45"}; see {@link #amountYuan(BigDecimal)}. */
        public Builder amountYuan(String yuan) {
            Objects.requireNonNull(yuan, "amountYuan");
            String s = Text.strip(yuan);
            if (!s.matches("[0-9]{1,15}(\\.[0-9]+)?")) {
                throw new IllegalArgumentException("amountYuan: '" + abbreviate(yuan)
                        + "' is not an amount in yuan such as 23.45");
            }
            return amountYuan(new BigDecimal(s));
        }

        /**
         * The amount in fen, zero or more.
         *
         * @deprecated give the amount in yuan, {@link #amount(BigDecimal)}: qhtrack's unit for every platform
         */
        @Deprecated
        public Builder amountFen(long fen) {
            if (fen < 0) {
                throw new IllegalArgumentException("amountFen: " + fen + " is negative");
            }
            this.amountFen = fen;
            return this;
        }

        /** The value score, a positive integer. */
        public Builder score(int score) {
            if (score <= 0) {
                throw new IllegalArgumentException("score: " + score + " is not a positive integer");
            }
            this.score = score;
            return this;
        }

        /** The advertiser's own id for the user. */
        public Builder outerUserId(String id) {
            this.outerUserId = checkText("outerUserId", id, MAX_TEXT_LENGTH);
            return this;
        }

        /** The business name (sent on display only). */
        public Builder businessName(String name) {
            this.businessName = checkText("businessName", name, MAX_TEXT_LENGTH);
            return this;
        }

        /** When the user registered; 360 wants 10-digit epoch seconds (2001-09-09 to 2286-11-20). */
        public Builder registrationTime(Instant time) {
            Objects.requireNonNull(time, "registrationTime");
            long s = time.getEpochSecond();
            if (s < 1_000_000_000L || s > 9_999_999_999L) {
                throw new IllegalArgumentException("registrationTime: " + time
                        + " is not 10-digit epoch seconds");
            }
            this.registrationTime = time;
            return this;
        }

        /** The authorised third-party chat tool's name, only when such a tool reports. */
        public Builder dataSource(String name) {
            this.dataSource = checkText("dataSource", name, MAX_TEXT_LENGTH);
            return this;
        }

        /**
         * Who caused the conversion; {@link Origin#SERVER} by default. The browser-event endpoint marks what the
         * browser asked for {@link Origin#BROWSER}: the outbox gives such entries only a bounded share of its capacity.
         */
        public Builder origin(Origin origin) {
            this.origin = Objects.requireNonNull(origin, "origin");
            return this;
        }

        /** The conversion. */
        public Conversion build() {
            return new Conversion(this);
        }

        private static String checkText(String setting, String value, int maxLength) {
            Objects.requireNonNull(value, setting);
            if (value.isEmpty() || !value.equals(Text.strip(value))) {
                throw new IllegalArgumentException(setting + ": '" + abbreviate(value)
                        + "' is empty or has surrounding white space");
            }
            if (value.length() > maxLength) {
                throw new IllegalArgumentException(setting + ": is " + value.length()
                        + " characters long, more than " + maxLength);
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (Character.isISOControl(c)) {
                    throw new IllegalArgumentException(setting + ": has a control character at index " + i);
                }
                if (Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    throw new IllegalArgumentException(setting + ": has an unpaired surrogate at index " + i
                            + " (not valid UTF-16 text)");
                }
            }
            return value;
        }

        private static String abbreviate(String s) {
            return Printable.of(s, 40);
        }
    }
}
