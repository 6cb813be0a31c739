package io.qhtrack.core.internal;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Setting;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/** Duration settings: parsing and checking, with messages that name the setting. */
public final class Durations {

    private Durations() {
    }

    /** Parses ISO-8601 ({@code PT10S}) or a whole number of milliseconds. */
    public static Duration parse(String setting, String value) {
        String v = value.trim();
        try {
            return v.matches("[0-9]{1,12}") ? Duration.ofMillis(Long.parseLong(v)) : Duration.parse(v);
        } catch (DateTimeParseException e) {
            throw new ConfigurationException(setting, "'" + value + "' is not a duration (PT10S, or milliseconds)");
        }
    }

    /** {@code d}, if it is longer than zero. */
    public static Duration positive(Setting setting, Duration d) {
        return positive(setting.key(), d);
    }

    /** {@code d}, if it is longer than zero; {@code setting} names it in the error. */
    public static Duration positive(String setting, Duration d) {
        Objects.requireNonNull(d, setting);
        if (d.isNegative() || d.isZero()) {
            throw new ConfigurationException(setting, d + " is not a positive duration");
        }
        return d;
    }
}
