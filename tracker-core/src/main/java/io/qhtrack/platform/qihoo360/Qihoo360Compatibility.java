package io.qhtrack.platform.qihoo360;

import io.qhtrack.core.Event;
import io.qhtrack.core.internal.CompatibilityCatalog;
import io.qhtrack.core.spi.Line;
import io.qhtrack.core.spi.PlatformEvent;
import java.util.List;
import java.util.Optional;

/**
 * 360's answers to the core's compatibility types ({@code Event}'s 360 names, {@code ProductLine}), from
 * {@link Qihoo360} with its defaults. Found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.qhtrack.core.internal.CompatibilityCatalog}); not API.
 */
public final class Qihoo360Compatibility implements CompatibilityCatalog {

    /** For the {@code ServiceLoader}. */
    public Qihoo360Compatibility() {
    }

    @Override
    public String platformId() {
        return Qihoo360.ID;
    }

    @Override
    public List<Line> lines() {
        return Qihoo360.DEFAULTS.lines();
    }

    @Override
    public Optional<PlatformEvent> event(String eventName, Line line) {
        for (Event e : Event.values()) {
            if (e.name().equals(eventName)) {
                return Qihoo360.DEFAULTS.events().map(e, line);
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean requiresConversionKey(Line line, PlatformEvent event) {
        return Qihoo360.DEFAULTS.codec().requiresConversionKey(line, event);
    }
}
