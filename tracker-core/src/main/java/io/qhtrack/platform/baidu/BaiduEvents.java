package io.qhtrack.platform.baidu;

import io.qhtrack.core.Event;
import io.qhtrack.core.spi.EventMapping;
import io.qhtrack.core.spi.PlatformEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Baidu's events: every {@link NewType} as a {@link PlatformEvent}, and DESIGN.md's default mapping of qhtrack's common
 * conversions onto them. A common conversion that is not in {@link #DEFAULTS} is not offered until a deployment maps
 * it ({@code qhtrack.baidu.events}); nothing maps to the disputed type 4 by default.
 */
final class BaiduEvents {

    /** DESIGN.md's table, "Default event mapping", Baidu column, exactly. */
    static final Map<Event, NewType> DEFAULTS;

    static {
        Map<Event, NewType> m = new EnumMap<>(Event.class);
        m.put(Event.SUBMIT, NewType.FORM_SUBMITTED);
        m.put(Event.SUBMIT_BUTTON, NewType.FORM_BUTTON);
        m.put(Event.CALL_BUTTON, NewType.PHONE_BUTTON);
        m.put(Event.CALL, NewType.CALL_CONNECTED);
        m.put(Event.ADVISORY_BUTTON, NewType.CONSULT_BUTTON);
        m.put(Event.ADVISORY, NewType.ONE_SENTENCE_CONSULTATION);
        m.put(Event.EFFECTIVE_ADVISORY, NewType.THREE_SENTENCE_CONSULTATION);
        m.put(Event.LEAVE_CONTACT, NewType.LEAD_LEFT);
        m.put(Event.ORDER, NewType.ORDER_PLACED);
        m.put(Event.PLACE_ORDER, NewType.ORDER_PLACED);
        m.put(Event.PAY, NewType.PAID);
        m.put(Event.PAY_SUCCESS, NewType.PURCHASE);
        m.put(Event.WX_BUTTON_C, NewType.WECHAT_COPY);
        m.put(Event.ADD_FANS_WX, NewType.WECHAT_FOLLOWER_ADDED);
        m.put(Event.SITE_VISIT_DEPTH, NewType.DEEP_PAGE_VIEW);
        m.put(Event.VPPV, NewType.DEEP_PAGE_VIEW);
        DEFAULTS = Collections.unmodifiableMap(m);
    }

    /** The catalogue with the defaults only; {@link EventMapping#configure} applies a deployment's overrides. */
    static final EventMapping CATALOGUE = catalogue();

    private BaiduEvents() {
    }

    private static EventMapping catalogue() {
        List<PlatformEvent> events = new ArrayList<>();
        for (NewType t : NewType.values()) {
            events.add(PlatformEvent.of(t.wireName(), t.consoleName()));
        }
        Map<Event, String> defaults = new EnumMap<>(Event.class);
        for (Map.Entry<Event, NewType> d : DEFAULTS.entrySet()) {
            defaults.put(d.getKey(), d.getValue().wireName());
        }
        return EventMapping.of(events, defaults);
    }
}
