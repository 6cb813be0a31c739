package io.qhtrack.core;

import io.qhtrack.core.internal.CompatibilityCatalog;
import io.qhtrack.core.spi.Line;
import io.qhtrack.core.spi.PlatformEvent;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * How the compatibility types ({@link Event}'s 360 names, {@link ProductLine}) answer: through 360's
 * {@link CompatibilityCatalog} on qhtrack's class path, found by its platform id, so that no class of the core refers
 * to a platform's. Not through 360's {@code Platform}: the SPI names {@link Event}, {@link Click} and
 * {@link Conversion}, so reaching it from here would be a class-level cycle across packages (see the package map);
 * what needs the whole platform ({@link Credentials}, {@link Tracker}) asks {@link Qihoo360Platform}. Looked up once.
 */
final class Qihoo360Compat {

    /** 360 Dianjing's platform id. */
    static final String ID = Click.QIHOO360;

    /** Why 360's platform or its compatibility catalogue cannot be found. */
    static final String NOT_ON_CLASS_PATH = "360's platform (" + ID
            + ") is not on qhtrack's class path: is tracker-core's jar whole?";

    private Qihoo360Compat() {
    }

    /** 360's line of a compatibility constant. */
    static Optional<Line> line(ProductLine line) {
        for (Line l : Holder.CATALOG.lines()) {
            if (l.id().equals(line.shortName())) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    /** 360's event of one of qhtrack's events, on whichever line offers it. */
    static Optional<PlatformEvent> event(Event event) {
        return Optional.ofNullable(Holder.EVENTS.get(event));
    }

    /** 360's event of one of qhtrack's events on {@code line}, if the line offers it. */
    static Optional<PlatformEvent> event(Event event, ProductLine line) {
        Optional<Line> l = line(line);
        return l.isPresent() ? Holder.CATALOG.event(event.name(), l.get()) : Optional.<PlatformEvent>empty();
    }

    /** Whether 360's codec requires a conversion key ({@code trans_id}) for {@code event} on {@code line}. */
    static boolean requiresConversionKey(Line line, PlatformEvent event) {
        return Holder.CATALOG.requiresConversionKey(line, event);
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

    /** 360's catalogue: the first one of the class path whose platform id is {@link #ID}. */
    private static CompatibilityCatalog find() {
        try {
            for (CompatibilityCatalog c : ServiceLoader.load(CompatibilityCatalog.class,
                    CompatibilityCatalog.class.getClassLoader())) {
                if (ID.equals(c.platformId())) {
                    return c;
                }
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException(NOT_ON_CLASS_PATH, e);
        }
        throw new IllegalStateException(NOT_ON_CLASS_PATH);
    }

    /** Loaded on first use: the catalogue, and each event's 360 counterpart. */
    private static final class Holder {
        static final CompatibilityCatalog CATALOG = find();
        static final Map<Event, PlatformEvent> EVENTS = new EnumMap<>(Event.class);

        static {
            for (Event e : Event.values()) {
                for (Line l : CATALOG.lines()) {
                    Optional<PlatformEvent> mapped = CATALOG.event(e.name(), l);
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
