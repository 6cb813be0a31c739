package io.qhtrack.filter;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Settings;

/**
 * Checks the filters' settings without a servlet container, for frameworks that start the container later (the
 * Spring Boot starter checks them while the application context starts, so that a bad value fails start-up naming
 * the setting instead of failing the embedded server's start).
 */
public final class FilterSettings {

    private FilterSettings() {
    }

    /**
     * Checks every setting {@link ClickIdCaptureFilter} and {@link ConversionTriggerFilter} read, as their
     * {@code init} does.
     *
     * @throws ConfigurationException naming the first setting whose value they cannot use
     */
    public static void check(Settings settings) {
        CaptureOptions.from(settings);
    }
}
