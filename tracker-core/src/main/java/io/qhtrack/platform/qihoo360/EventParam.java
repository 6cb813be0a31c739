package io.qhtrack.platform.qihoo360;

import io.qhtrack.core.Event;
import io.qhtrack.core.ProductLine;
import java.util.EnumSet;
import java.util.Set;

/**
 * The keys of {@code data_detail.event_param} (section 4.4) and where each is accepted. Mobile promotion accepts
 * none. A key that the line does not accept for the event is left out of the upload, never sent.
 *
 * <table>
 *   <caption>event_param rules</caption>
 *   <tr><th>key</th><th>type</th><th>lines</th><th>events</th></tr>
 *   <tr><td>{@code value}</td><td>integer, fen</td><td>zs, ps, ms</td>
 *       <td>ORDER, LOW_PAY, APP_PAY, PAY_SUCCESS, PAY</td></tr>
 *   <tr><td>{@code score}</td><td>integer &gt; 0</td><td>zs, ps, ms</td><td>all</td></tr>
 *   <tr><td>{@code outeruserid}</td><td>string</td><td>zs, ps, ms</td><td>all</td></tr>
 *   <tr><td>{@code bname}</td><td>string</td><td>zs</td><td>all</td></tr>
 *   <tr><td>{@code urtime}</td><td>10-digit epoch seconds</td><td>zs, ps</td><td>ORDER, COUSTOMIZE</td></tr>
 * </table>
 */
public enum EventParam {
    /** 订单金额: order amount in fen. */
    VALUE("value", Type.INTEGER,
            EnumSet.of(ProductLine.DISPLAY, ProductLine.PC_SEARCH, ProductLine.MOBILE_SEARCH),
            EnumSet.of(Event.ORDER, Event.LOW_PAY, Event.APP_PAY, Event.PAY_SUCCESS, Event.PAY)),
    /** 价值分: value score, a positive integer. */
    SCORE("score", Type.INTEGER,
            EnumSet.of(ProductLine.DISPLAY, ProductLine.PC_SEARCH, ProductLine.MOBILE_SEARCH),
            EnumSet.allOf(Event.class)),
    /** 用户唯一标识: the advertiser's own user id. */
    OUTER_USER_ID("outeruserid", Type.STRING,
            EnumSet.of(ProductLine.DISPLAY, ProductLine.PC_SEARCH, ProductLine.MOBILE_SEARCH),
            EnumSet.allOf(Event.class)),
    /** 业务名称: business name (display only). */
    BUSINESS_NAME("bname", Type.STRING, EnumSet.of(ProductLine.DISPLAY), EnumSet.allOf(Event.class)),
    /** 用户注册时间: the user's registration time, 10-digit epoch seconds. */
    REGISTRATION_TIME("urtime", Type.INTEGER,
            EnumSet.of(ProductLine.DISPLAY, ProductLine.PC_SEARCH),
            EnumSet.of(Event.ORDER, Event.CUSTOMIZE));

    /** JSON type of a parameter's value. */
    public enum Type {
        /** A JSON integer. */
        INTEGER,
        /** A JSON string. */
        STRING
    }

    private final String key;
    private final Type type;
    private final Set<ProductLine> lines;
    private final Set<Event> events;

    EventParam(String key, Type type, Set<ProductLine> lines, Set<Event> events) {
        this.key = key;
        this.type = type;
        this.lines = lines;
        this.events = events;
    }

    /** The key inside {@code event_param}. */
    public String key() {
        return key;
    }

    /** The JSON type of the value. */
    public Type type() {
        return type;
    }

    /** Whether this key may be sent for the event on the line. */
    public boolean isAcceptedFor(ProductLine line, Event event) {
        return lines.contains(line) && events.contains(event);
    }

    /** Whether this key may be sent for the event on the line. */
    boolean isAcceptedFor(Qihoo360Line line, Qihoo360Events event) {
        return lines.contains(line.productLine()) && events.contains(event.event());
    }

    /** The lines that accept this key (for some event). */
    public Set<ProductLine> lines() {
        return EnumSet.copyOf(lines);
    }

    /** The events for which this key is accepted (on its lines). */
    public Set<Event> events() {
        return EnumSet.copyOf(events);
    }
}
