package io.qhtrack.core;

import io.qhtrack.core.spi.Line;
import io.qhtrack.core.spi.PlatformEvent;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * qhtrack's common conversion vocabulary: what happened, in words every platform maps to its own event types (a lead
 * form {@link #SUBMIT}, a call {@link #CALL}, a consultation {@link #ADVISORY}, an order {@link #ORDER}, a payment
 * {@link #PAY}, a WeChat copy {@link #WX_BUTTON_C} …). The constants are 360's 53 conversion types (section 4.5 of its
 * document), 360 being the first platform; each platform's event catalogue says which of them it offers, on which
 * lines, and under which of its own names ({@code io.qhtrack.core.spi.EventCatalog}); a deployment may override the
 * mapping.
 *
 * <p>Java names are 360's wire names except where 360 misspells: {@link #CUSTOMIZE} ({@code COUSTOMIZE}),
 * {@link #ROLE_CREATE} ({@code ROLE_CREAT}), {@link #CONCERN} ({@code CONCEM}) and {@link #APPLET_ROLE_CREATE}
 * ({@code APPLET_ROLE_CREAT}); {@link #find(String)} accepts both. 360's names, lines and Chinese names live in the 360
 * platform ({@code io.qhtrack.platform.qihoo360}); the methods below that answer with them are kept for compatibility.
 */
public enum Event {
    SUBMIT,
    CALL,
    ADVISORY,
    SITEDOWNLOAD,
    SUBMIT_BUTTON,
    ADVISORY_BUTTON,
    CALL_BUTTON,
    SHOP_BUTTON,
    CART_BUTTON,
    ORDER,
    REGISTERED,
    ROLE_CREATE,
    SITE_VISIT_DEPTH,
    APP_DOWNLOAD,
    APP_ACTIVATION,
    APP_RETENTION,
    APP_PAY,
    CUSTOMIZE,
    MIDDLE_PAGE,
    REGISTER_BUTTON,
    BROWSE_DEPTH,
    BROWSETIME,
    SCAN_BUTTON,
    ADVISORY_DEPTH,
    LOW_PAY,
    ADD_FANS_WX,
    PAY,
    SCAN_CODE,
    APPLET_STARTUP,
    LOGIN,
    ADD_TO_CART,
    VPPV,
    INTENTIONAL,
    REAL_NAME,
    RETENTION,
    PLACE_ORDER,
    EFFECTIVE_ADVISORY,
    ORDER_VALIDITY,
    ACTIVATION,
    DETAILS_PAGE_ARRIVED,
    PAY_SUCCESS,
    STARTUP_APP,
    CREDIT,
    WX_BUTTON_C,
    CONCERN,
    LEAVE_CONTACT,
    RELEASE,
    TRY_TO_PLAY,
    SUBMIT_RESUME,
    ENTERPRISE_CERTIFICATION,
    VISIT_CLINIC,
    APPLET_PAY,
    APPLET_ROLE_CREATE;

    /**
     * 360's wire name: the value of {@code data_detail.event}, spelled exactly as 360 does.
     *
     * @deprecated a platform's own name for an event depends on the platform; read it from the platform's
     *     {@code events()} catalogue
     */
    @Deprecated
    public String wireName() {
        return Qihoo360Compat.event(this).map(PlatformEvent::wireName).orElse(name());
    }

    /**
     * 360's description of the event (转化类型描述).
     *
     * @deprecated read it from the platform's {@code events()} catalogue
     */
    @Deprecated
    public String description() {
        return Qihoo360Compat.event(this).map(PlatformEvent::description).orElse("");
    }

    /**
     * Whether the 360 line offers this event (a name in its column of section 4.5 rather than ×).
     *
     * @deprecated ask the platform's {@code events().map(event, line)}
     */
    @Deprecated
    public boolean isOfferedOn(ProductLine line) {
        return Qihoo360Compat.event(this, line).isPresent();
    }

    /**
     * The 360 lines that offer this event.
     *
     * @deprecated ask the platform's {@code events()}
     */
    @Deprecated
    public Set<ProductLine> lines() {
        Set<ProductLine> lines = EnumSet.noneOf(ProductLine.class);
        for (ProductLine l : ProductLine.values()) {
            if (isOfferedOn(l)) {
                lines.add(l);
            }
        }
        return lines;
    }

    /**
     * The conversion name 360's console shows for this event on the line, e.g. 订单转化 for ORDER on display.
     *
     * @deprecated read it from the platform's {@code events()} catalogue ({@code PlatformEvent.consoleName})
     */
    @Deprecated
    public Optional<String> consoleName(ProductLine line) {
        Optional<Line> l = Qihoo360Compat.line(line);
        return l.isPresent() ? Qihoo360Compat.event(this, line).flatMap(e -> e.consoleName(l.get()))
                : Optional.<String>empty();
    }

    /**
     * Finds an event by its Java name ({@code CUSTOMIZE}) or 360's wire name ({@code COUSTOMIZE}), ignoring case and
     * surrounding white space.
     */
    public static Optional<Event> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.trim().toUpperCase(Locale.ROOT);
        for (Event e : values()) {
            if (e.name().equals(n)) {
                return Optional.of(e);
            }
        }
        return Qihoo360Compat.eventByWireName(n);
    }
}
