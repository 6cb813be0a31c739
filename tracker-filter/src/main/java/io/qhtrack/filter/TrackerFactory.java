package io.qhtrack.filter;

import io.qhtrack.core.Settings;
import io.qhtrack.core.Tracker;

/** Builds a web application's tracker from its settings. */
final class TrackerFactory {

    private TrackerFactory() {
    }

    static Tracker create(Settings settings, String name) {
        return Tracker.builder().name(name).settings(settings).build();
    }
}
