package io.qhtrack.filter;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Setting;
import io.qhtrack.core.Settings;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What {@link ClickIdCaptureFilter} and {@link ConversionTriggerFilter} are configured with: every
 * {@link Setting.Scope#FILTER} setting (the click store and its cookie, capture, forms, the browser script and its
 * events, triggers, attribution), read and checked once, in {@link #from(Settings)}. Immutable; one instance serves
 * both filters.
 *
 * <p>In a WAR the filters read their init-params, context-params, system properties and environment variables into
 * one of these at {@code init}; a framework that configures them itself (the Spring Boot starter) builds it once
 * from its own configuration and constructs the filters with it, and their init-params are then not read.
 */
public final class CaptureOptions {

    /** The capture, store, form and browser-event settings. */
    final CaptureSettings capture;
    /** {@code qhtrack.triggers}, parsed. */
    final List<Trigger> triggers;
    /** Where the settings came from: the platforms' own settings, when no tracker gives the platforms. */
    final Settings source;

    private CaptureOptions(Settings source) {
        this.capture = CaptureSettings.from(source);
        this.triggers = Collections.unmodifiableList(Trigger.parseAll(source.get(Setting.TRIGGERS).orElse(null)));
        this.source = source;
    }

    /**
     * Reads and checks every filter setting of {@code settings}.
     *
     * @throws ConfigurationException naming the first setting whose value cannot be used
     */
    public static CaptureOptions from(Settings settings) {
        return new CaptureOptions(Objects.requireNonNull(settings, "settings"));
    }

    /** What the filters will do, in one line for the start-up log (no secret: the filters read none). */
    @Override
    public String toString() {
        return "CaptureOptions[" + capture.describe() + ", triggers " + triggers + "]";
    }
}
