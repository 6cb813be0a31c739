package io.qhtrack.core;

import io.qhtrack.core.internal.PlatformRegistry;
import io.qhtrack.core.spi.Line;
import io.qhtrack.core.spi.Platform;
import io.qhtrack.core.spi.PlatformEvent;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * How the compatibility types ({@link Event}'s 360 names, {@link ProductLine}, {@link Credentials}) answer: through
 * the 360 platform of qhtrack's class path, found by its id, so that no class of the core refers to a platform's.
 * Looked up once.
 */
final class Qihoo360Compat {

    /** 360 Dianjing's platform id. */
    static final String ID = Click.QIHOO360;

    private Qihoo360Compat() {
    }

    /** 360's platform, with its defaults. */
    static Platform platform() {
        return Holder.PLATFORM;
    }

    /** 360's line of a compatibility constant. */
    static Optional<Line> line(ProductLine line) {
        return platform().line(line.shortName());
    }

    /** 360's event of one of qhtrack's events, on whichever line offers it. */
    static Optional<PlatformEvent> event(Event event) {
        return Optional.ofNullable(Holder.EVENTS.get(event));
    }

    /** 360's event of one of qhtrack's events on {@code line}, if the line offers it. */
    static Optional<PlatformEvent> event(Event event, ProductLine line) {
        Optional<Line> l = line(line);
        return l.isPresent() ? platform().events().map(event, l.get()) : Optional.<PlatformEvent>empty();
    }

    /** The event whose 360 wire name is {@code name} (upper case), if any. */
    static Optional<Event> eventByWireName(String name) {
        for (Map.Entry<Event, PlatformEvent> e : Holder.EVENTS.entrySet()) {
            if (e.getValue().wireName().equals(name)) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    /** Loaded on first use: the platform, and each event's 360 counterpart. */
    private static final class Holder {
        static final Platform PLATFORM = PlatformRegistry.builtIn(ID).orElseThrow(() -> new IllegalStateException(
                "360's platform (" + ID + ") is not on qhtrack's class path: is tracker-core's jar whole?"));
        static final Map<Event, PlatformEvent> EVENTS = new EnumMap<>(Event.class);

        static {
            for (Event e : Event.values()) {
                for (Line l : PLATFORM.lines()) {
                    Optional<PlatformEvent> mapped = PLATFORM.events().map(e, l);
                    if (mapped.isPresent()) {
                        EVENTS.put(e, mapped.get());
                        break;
                    }
                }
            }
        }

        private Holder() {
        }
    }
}
