package io.qhtrack.core.spi;

import io.qhtrack.core.Event;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A platform's events, and how qhtrack's common conversions ({@link Event}: a lead form, a call, a consultation, an
 * order, a payment, a WeChat copy …) map onto them. The mapping has defaults (DESIGN.md's table) that a deployment
 * overrides, e.g. {@code qhtrack.baidu.events=PAY=10,WX_BUTTON_C=} (an empty value: not offered); the configured
 * platform's catalogue has them applied. Never guess a meaning the platform's own name does not have: an event
 * without a counterpart is not offered, and the report answers {@code EVENT_NOT_OFFERED}.
 */
public interface EventCatalog {

    /** Every event of the platform, in the platform's documentation order. */
    List<PlatformEvent> events();

    /** The platform event {@code event} is reported as on {@code line}, or empty when the line does not offer it. */
    Optional<PlatformEvent> map(Event event, Line line);

    /** The platform event with this wire name (exact, or as the platform documents its aliases), if any. */
    default Optional<PlatformEvent> find(String wireName) {
        for (PlatformEvent e : events()) {
            if (e.wireName().equals(wireName)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /**
     * The catalogue of a platform whose events are offered on every line: {@code mapping} gives the platform event of
     * each common conversion it offers (the others are not offered).
     */
    static EventCatalog of(Map<Event, PlatformEvent> mapping) {
        Map<Event, PlatformEvent> copy = Collections.unmodifiableMap(new EnumMap<>(mapping));
        List<PlatformEvent> all = Collections.unmodifiableList(new ArrayList<>(new LinkedHashSet<>(copy.values())));
        return new EventCatalog() {
            @Override
            public List<PlatformEvent> events() {
                return all;
            }

            @Override
            public Optional<PlatformEvent> map(Event event, Line line) {
                return Optional.ofNullable(copy.get(event));
            }
        };
    }
}
