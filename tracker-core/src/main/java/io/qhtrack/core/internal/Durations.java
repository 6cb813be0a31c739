package io.qhtrack.core.internal;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Setting;
import java.time.Duration;
import java.util.Objects;

/**
 * Duration settings: checking, with messages that name the setting. Reading a value is {@code Settings.duration}'s:
 * this class names {@code Setting} and {@code ConfigurationException}, which name {@code Settings}, so {@code Settings}
 * calling back here would be a class-level cycle across two packages ({@code io.qhtrack.core}'s package map).
 */
public final class Durations {

    private Durations() {
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
