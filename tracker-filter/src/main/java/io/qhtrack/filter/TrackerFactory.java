package io.qhtrack.filter;

import io.qhtrack.core.Outboxes;
import io.qhtrack.core.Settings;
import io.qhtrack.core.Tracker;
import io.qhtrack.core.spi.Outbox;
import java.util.Optional;
import javax.sql.DataSource;

/** Builds a web application's tracker, and the outbox it asks for, from its settings. */
final class TrackerFactory {

    private TrackerFactory() {
    }

    static Tracker create(Settings settings, String name) {
        Tracker.Builder builder = Tracker.builder().name(name).settings(settings);
        Outbox outbox = Outboxes.create(settings, Optional.<DataSource>empty()); // its database: qhtrack.outbox.*
        try {
            return builder.outbox(outbox).build();
        } catch (RuntimeException e) {
            outbox.close();
            throw e;
        }
    }
}
