package io.qhtrack.core.spi;

import io.qhtrack.core.ConfigurationException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Until when a conversion whose delivery failed may still be sent: 360 accepts re-uploads within the same natural
 * day (China time); Baidu and Tencent state no window, so qhtrack uses the same one until one is known (a setting,
 * {@code qhtrack.<platform>.window}); Ocean Engine's clicks live about 21 days. Past the window a conversion ends
 * {@code EXPIRED}. The window also bounds de-duplication and the per-click limit: a conversion of another window is
 * another conversion.
 */
@FunctionalInterface
public interface DeliveryWindow {

    /** The end of the window of a conversion accepted at {@code acceptedAt}: no attempt is made at or after it. */
    Instant deadline(Instant acceptedAt);

    /** The end of the natural day (midnight in {@code zone}) that the conversion was accepted in. */
    static DeliveryWindow naturalDay(ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        return new DeliveryWindow() {
            /**
             * The start and end of the day last asked for: every conversion of a day has the same deadline, computed
             * once (the zone rules cost a few hundred bytes a call on the request thread). Replaced, never changed.
             */
            private volatile Instant[] lastDay = {Instant.MAX, Instant.MAX};

            @Override
            public Instant deadline(Instant acceptedAt) {
                Instant[] last = lastDay;
                if (!acceptedAt.isBefore(last[0]) && acceptedAt.isBefore(last[1])) {
                    return last[1];
                }
                LocalDate day = acceptedAt.atZone(zone).toLocalDate();
                Instant end = day.plusDays(1).atStartOfDay(zone).toInstant();
                lastDay = new Instant[] {day.atStartOfDay(zone).toInstant(), end};
                return end;
            }

            @Override
            public String toString() {
                return "the natural day in " + zone;
            }
        };
    }

    /** The value of a {@code qhtrack.<platform>.window} setting that means {@link #naturalDay(ZoneId)}. */
    String NATURAL_DAY = "natural-day";

    /**
     * Reads a window setting: {@value #NATURAL_DAY} (in {@code zone}) or an ISO-8601 duration such as {@code P21D}.
     *
     * @throws ConfigurationException naming {@code setting} when the value is neither
     */
    static DeliveryWindow parse(String setting, String value, ZoneId zone) {
        String v = value.trim();
        if (NATURAL_DAY.equalsIgnoreCase(v)) {
            return naturalDay(zone);
        }
        try {
            Duration d = Duration.parse(v);
            if (!d.isNegative() && !d.isZero()) {
                return after(d);
            }
        } catch (DateTimeParseException e) {
            // falls through to the message below
        }
        throw new ConfigurationException(setting, "'" + value + "' is neither " + NATURAL_DAY
                + " nor a positive ISO-8601 duration such as P1D");
    }

    /** A fixed time after the conversion was accepted. */
    static DeliveryWindow after(Duration length) {
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("window: " + length + " is not positive");
        }
        return new DeliveryWindow() {
            @Override
            public Instant deadline(Instant acceptedAt) {
                return acceptedAt.plus(length);
            }

            @Override
            public String toString() {
                return length.toString();
            }
        };
    }
}
