package io.qhtrack.platform.tencent;

import io.qhtrack.core.Event;
import io.qhtrack.core.spi.PlatformEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code action_type} values of Tencent's landing-page conversions (the spec page's table; Tencent has 150+, the
 * official SDK's {@code ActionType} holds them all), with the names Tencent's console shows, and the two rules qhtrack
 * keeps for each: whether it carries an amount ({@code action_param.value}) and whether it stands for one form, order
 * or payment, which must carry its own {@code outer_action_id} so that a form sent twice stays one conversion (the
 * rule 360 has for {@code trans_id} on {@code SUBMIT} and {@code ORDER}).
 */
enum ActionType {
    //                   console name   amount  key
    RESERVATION("表单预约", false, true),
    CONSULT("咨询", false, false),
    ONLINE_CONSULT("网页咨询", false, false),
    MAKE_PHONE_CALL("拨打电话", false, false),
    PHONE_CONNECTED("电话接通", false, false),
    COMPLETE_ORDER("下单", true, true),
    PURCHASE("付费/购买", true, true),
    REGISTER("注册", false, false),
    ADD_WECHAT("加微信", false, false),
    SCANCODE("加企微", false, false),
    LEAVE_INFORMATION("留资", false, true),
    CONFIRM_EFFECTIVE_LEADS("有效线索", false, false);

    private final String consoleName;
    private final boolean takesValue;
    private final boolean needsKey;
    private final PlatformEvent event;

    ActionType(String consoleName, boolean takesValue, boolean needsKey) {
        this.consoleName = consoleName;
        this.takesValue = takesValue;
        this.needsKey = needsKey;
        this.event = PlatformEvent.of(name(), consoleName);
    }

    /** The name Tencent's console shows. */
    String consoleName() {
        return consoleName;
    }

    /** Whether an amount is sent with it ({@code action_param.value}); the others take none. */
    boolean takesValue() {
        return takesValue;
    }

    /** Whether a conversion of this type must carry its own key ({@code outer_action_id}). */
    boolean needsKey() {
        return needsKey;
    }

    /** As a platform event. */
    PlatformEvent event() {
        return event;
    }

    /** The type sent as {@code wireName}, if it is one of these. */
    static Optional<ActionType> find(String wireName) {
        for (ActionType t : values()) {
            if (t.name().equals(wireName)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The types that carry an amount, for messages. */
    static List<String> withValue() {
        List<String> names = new ArrayList<>();
        for (ActionType t : values()) {
            if (t.takesValue) {
                names.add(t.name());
            }
        }
        return names;
    }

    /** Every type as a platform event, in the table's order. */
    static List<PlatformEvent> events() {
        List<PlatformEvent> events = new ArrayList<>();
        for (ActionType t : values()) {
            events.add(t.event);
        }
        return Collections.unmodifiableList(events);
    }

    /**
     * DESIGN.md's default mapping of qhtrack's common conversions (its "Tencent {@code action_type}" column); every
     * other conversion is not offered until a deployment maps it with {@code qhtrack.tencent.events}.
     */
    static Map<Event, String> defaultMapping() {
        Map<Event, String> m = new EnumMap<>(Event.class);
        m.put(Event.SUBMIT, RESERVATION.name());
        m.put(Event.CALL_BUTTON, MAKE_PHONE_CALL.name());
        m.put(Event.CALL, PHONE_CONNECTED.name());
        m.put(Event.ADVISORY, CONSULT.name());
        m.put(Event.LEAVE_CONTACT, LEAVE_INFORMATION.name());
        m.put(Event.ORDER, COMPLETE_ORDER.name());
        m.put(Event.PLACE_ORDER, COMPLETE_ORDER.name());
        m.put(Event.PAY, PURCHASE.name());
        m.put(Event.PAY_SUCCESS, PURCHASE.name());
        m.put(Event.ADD_FANS_WX, ADD_WECHAT.name());
        m.put(Event.REGISTERED, REGISTER.name());
        return Collections.unmodifiableMap(m);
    }
}
