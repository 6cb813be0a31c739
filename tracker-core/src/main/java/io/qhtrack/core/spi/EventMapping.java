package io.qhtrack.core.spi;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Event;
import io.qhtrack.core.Settings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The event catalogue of a platform whose events every line offers (Baidu, Tencent …): its own events, a default
 * mapping of qhtrack's common conversions onto them, and the deployment's overrides, read once from
 * {@code <prefix>} — a list {@code PAY=10, WX_BUTTON_C=} (an empty value: not offered) — and from
 * {@code <prefix>.<EVENT>} (Spring Boot's map form, {@code qhtrack.baidu.events.PAY=10}), which wins over the list.
 * An override naming an event the platform does not have fails at start-up, naming the setting. Immutable.
 */
public final class EventMapping implements EventCatalog {

    private final List<PlatformEvent> events;
    private final Map<Event, PlatformEvent> mapping;

    private EventMapping(List<PlatformEvent> events, Map<Event, PlatformEvent> mapping) {
        this.events = events;
        this.mapping = mapping;
    }

    /**
     * The platform's {@code events} with the default mapping {@code defaults} (common conversion → the wire name of one
     * of {@code events}).
     *
     * @throws IllegalArgumentException when a default names an event not in {@code events}
     */
    public static EventMapping of(List<PlatformEvent> events, Map<Event, String> defaults) {
        Map<String, PlatformEvent> byWire = byWireName(events);
        Map<Event, PlatformEvent> mapping = new EnumMap<>(Event.class);
        for (Map.Entry<Event, String> d : defaults.entrySet()) {
            PlatformEvent e = byWire.get(d.getValue());
            if (e == null) {
                throw new IllegalArgumentException("default mapping " + d.getKey() + "=" + d.getValue()
                        + ": no such event");
            }
            mapping.put(d.getKey(), e);
        }
        return new EventMapping(Collections.unmodifiableList(new ArrayList<>(events)),
                Collections.unmodifiableMap(mapping));
    }

    /**
     * This mapping with the overrides of {@code settings} applied: the list form under {@code setting}, then the map
     * form under {@code setting + "." + EVENT}.
     *
     * @throws ConfigurationException naming the setting and the entry it cannot use
     */
    public EventMapping configure(Settings settings, String setting) {
        Objects.requireNonNull(settings, "settings");
        Map<String, PlatformEvent> byWire = byWireName(events);
        Map<Event, PlatformEvent> configured = mapping.isEmpty() ? new EnumMap<Event, PlatformEvent>(Event.class)
                : new EnumMap<>(mapping);
        Optional<String> list = settings.get(setting);
        if (list.isPresent()) {
            for (String entry : list.get().split(",", -1)) {
                String e = entry.trim();
                if (e.isEmpty()) {
                    continue;
                }
                int eq = e.indexOf('=');
                if (eq < 0) {
                    throw new ConfigurationException(setting, "'" + e + "' is not EVENT=TYPE (an empty TYPE: not "
                            + "offered)");
                }
                apply(configured, byWire, setting, e.substring(0, eq).trim(), e.substring(eq + 1).trim());
            }
        }
        for (Event event : Event.values()) {
            String key = setting + "." + event.name();
            String raw = settings.raw(key);
            if (raw != null) {
                apply(configured, byWire, key, event.name(), raw.trim());
            }
        }
        return new EventMapping(events, Collections.unmodifiableMap(configured));
    }

    private static void apply(Map<Event, PlatformEvent> configured, Map<String, PlatformEvent> byWire, String setting,
            String eventName, String wireName) {
        Event event = findEvent(eventName);
        if (event == null) {
            throw new ConfigurationException(setting, "'" + eventName + "' is not one of qhtrack's events (e.g. "
                    + "SUBMIT, CALL_BUTTON, ORDER, PAY)");
        }
        if (wireName.isEmpty()) {
            configured.remove(event);
            return;
        }
        PlatformEvent target = byWire.get(wireName);
        if (target == null) {
            throw new ConfigurationException(setting, event.name() + "=" + wireName + ": the platform has no event "
                    + "'" + wireName + "' (known: " + String.join(", ", byWire.keySet()) + ")");
        }
        configured.put(event, target);
    }

    private static Event findEvent(String name) {
        try {
            return Event.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Map<String, PlatformEvent> byWireName(List<PlatformEvent> events) {
        Map<String, PlatformEvent> byWire = new LinkedHashMap<>();
        for (PlatformEvent e : events) {
            if (byWire.put(e.wireName(), e) != null) {
                throw new IllegalArgumentException("event " + e.wireName() + " is listed twice");
            }
        }
        return byWire;
    }

    @Override
    public List<PlatformEvent> events() {
        return events;
    }

    /** The platform event {@code event} maps to; every line offers it. */
    @Override
    public Optional<PlatformEvent> map(Event event, Line line) {
        return Optional.ofNullable(mapping.get(event));
    }

    /** The whole mapping in force, for documentation and the CLI's {@code events --platform}. */
    public Map<Event, PlatformEvent> mapping() {
        return mapping;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("EventMapping[");
        String sep = "";
        for (Map.Entry<Event, PlatformEvent> m : mapping.entrySet()) {
            sb.append(sep).append(m.getKey().name()).append('=').append(m.getValue().wireName());
            sep = ", ";
        }
        return sb.append(']').toString();
    }
}
