package io.qhtrack.platform.qihoo360;

import io.qhtrack.core.ProductLine;
import io.qhtrack.core.spi.Line;
import java.util.Optional;

/**
 * 360's four product lines that accept web conversions (document sections 1 and 4.4), with what the protocol says
 * about each: its {@code data_industry}, the field that carries the click id, whether uploads carry {@code jzqs},
 * whether {@code event_param} is accepted, and the account whose key and secret sign it. Lines must never be mixed
 * (FAQ 5.1).
 */
enum Qihoo360Line {
    /** 移动推广, mobile promotion: {@code impression_id}. */
    WEB(ProductLine.MOBILE_PROMOTION, "ocpc_web_convert", "移动推广", "impression_id", "mobile"),
    /** 搜索推广 on PC: {@code qhclickid}. */
    PS(ProductLine.PC_SEARCH, "ocpc_ps_convert", "PC 搜索推广", "qhclickid", "search"),
    /** 移动搜索: {@code qhclickid}. */
    MS(ProductLine.MOBILE_SEARCH, "ocpc_ms_convert", "移动搜索", "qhclickid", "search"),
    /** 展示广告, display: the {@code sourceid} sent as {@code qhclickid}, with {@code jzqs}. */
    ZS(ProductLine.DISPLAY, "ocpc_zs_convert", "展示广告", "qhclickid", "display");

    private final ProductLine productLine;
    private final Line line;
    private final String clickField;
    private final String account;

    Qihoo360Line(ProductLine productLine, String wireName, String displayName, String clickField, String account) {
        this.productLine = productLine;
        this.line = Line.of(productLine.shortName(), wireName, displayName);
        this.clickField = clickField;
        this.account = account;
    }

    /** The compatibility constant. */
    ProductLine productLine() {
        return productLine;
    }

    /** The line as the engine sees it: id {@code web}, {@code ps}, {@code ms} or {@code zs}. */
    Line line() {
        return line;
    }

    /** The {@code data_industry} value, e.g. {@code ocpc_ps_convert}. */
    String wireName() {
        return line.wireName();
    }

    /** The line's name in 360's console, e.g. 展示广告. */
    String displayName() {
        return line.displayName();
    }

    /** The {@code data_detail} field that carries the click id. */
    String clickField() {
        return clickField;
    }

    /** The account's setting prefix: {@code qhtrack.search}, {@code qhtrack.display}, {@code qhtrack.mobile}. */
    String settingPrefix() {
        return "qhtrack." + account;
    }

    /** Whether uploads carry {@code jzqs}, the display advertiser id (display only). */
    boolean requiresJzqs() {
        return this == ZS;
    }

    /**
     * Whether {@code trans_id} is required (section 4.4): always on display; on the other lines for {@code SUBMIT} and
     * {@code ORDER}.
     */
    boolean requiresTransId(Qihoo360Events event) {
        return this == ZS || event == Qihoo360Events.SUBMIT || event == Qihoo360Events.ORDER;
    }

    /** The line of a compatibility constant. */
    static Qihoo360Line of(ProductLine line) {
        switch (line) {
            case MOBILE_PROMOTION:
                return WEB;
            case PC_SEARCH:
                return PS;
            case MOBILE_SEARCH:
                return MS;
            default:
                return ZS;
        }
    }

    /** The line with this id ({@code ps}) or {@code data_industry} ({@code ocpc_ps_convert}). */
    static Optional<Qihoo360Line> find(String name) {
        for (Qihoo360Line l : values()) {
            if (l.line.id().equals(name) || l.wireName().equals(name)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }
}
