package io.qhtrack.core;

import io.qhtrack.core.spi.Line;
import java.util.Locale;
import java.util.Optional;

/**
 * The four 360 product lines that accept web conversions (document sections 1 and 4.4), as a type of their own: kept
 * for 360 users' code ({@link Click#of(ProductLine, String, java.time.Instant)}). Lines must never be mixed (FAQ 5.1):
 * a click is reported on the line it came from, with that line's credentials and fields. Platform-neutral code uses
 * {@link Click#lineId()} and the platform's lines ({@code io.qhtrack.core.spi.Line}); what this enum says beyond its
 * short name comes from the 360 platform ({@code io.qhtrack.platform.qihoo360}).
 *
 * <table>
 *   <caption>Product lines</caption>
 *   <tr><th>constant</th><th>{@code data_industry}</th><th>landing-URL parameter</th><th>upload field</th>
 *       <th>credentials</th></tr>
 *   <tr><td>{@link #MOBILE_PROMOTION} 移动推广</td><td>{@code ocpc_web_convert}</td><td>{@code impression_id}</td>
 *       <td>{@code impression_id}</td><td>{@link Account#MOBILE}</td></tr>
 *   <tr><td>{@link #PC_SEARCH} PC 搜索推广</td><td>{@code ocpc_ps_convert}</td><td>{@code qhclickid}</td>
 *       <td>{@code qhclickid}</td><td>{@link Account#SEARCH}</td></tr>
 *   <tr><td>{@link #MOBILE_SEARCH} 移动搜索</td><td>{@code ocpc_ms_convert}</td><td>{@code qhclickid}</td>
 *       <td>{@code qhclickid}</td><td>{@link Account#SEARCH}</td></tr>
 *   <tr><td>{@link #DISPLAY} 展示广告</td><td>{@code ocpc_zs_convert}</td><td>{@code sourceid}</td>
 *       <td>{@code qhclickid} + {@code jzqs}</td><td>{@link Account#DISPLAY}</td></tr>
 * </table>
 */
public enum ProductLine {
    /** 移动推广, mobile promotion: the advertiser appends {@code &impression_id=__impression_id__} to the URL. */
    MOBILE_PROMOTION("web", "impression_id", "impression_id", Account.MOBILE),
    /** 搜索推广 on PC: 360 appends {@code qhclickid} automatically. */
    PC_SEARCH("ps", "qhclickid", "qhclickid", Account.SEARCH),
    /** 移动搜索: same click parameter as PC search; told apart when the click is captured. */
    MOBILE_SEARCH("ms", "qhclickid", "qhclickid", Account.SEARCH),
    /** 展示广告, display: 360 appends {@code sourceid}, uploaded as {@code qhclickid} together with {@code jzqs}. */
    DISPLAY("zs", "sourceid", "qhclickid", Account.DISPLAY);

    private final String shortName;
    private final String clickParameter;
    private final String clickField;
    private final Account account;

    ProductLine(String shortName, String clickParameter, String clickField, Account account) {
        this.shortName = shortName;
        this.clickParameter = clickParameter;
        this.clickField = clickField;
        this.account = account;
    }

    /** The short name used by the CLI and in cookies: {@code web}, {@code ps}, {@code ms}, {@code zs} (the line id). */
    public String shortName() {
        return shortName;
    }

    /** The {@code data_industry} value, e.g. {@code ocpc_ps_convert}: the 360 line's {@link Line#wireName()}. */
    public String wireName() {
        return line().wireName();
    }

    /** The line's name in 360's console, e.g. 展示广告: the 360 line's {@link Line#displayName()}. */
    public String chineseName() {
        return line().displayName();
    }

    private Line line() {
        return Qihoo360Compat.line(this).orElseThrow(() -> new IllegalStateException("360 has no line " + shortName));
    }

    /** The query parameter that carries the click id on the landing URL. */
    public String clickParameter() {
        return clickParameter;
    }

    /** The {@code data_detail} field that carries the click id in the upload. */
    public String clickField() {
        return clickField;
    }

    /** Whose key and secret sign uploads for this line. */
    public Account account() {
        return account;
    }

    /** Whether uploads carry {@code jzqs}, the display advertiser id (display only). */
    public boolean requiresJzqs() {
        return this == DISPLAY;
    }

    /** Whether {@code event_param} may be sent at all on this line (every line but mobile promotion). */
    public boolean acceptsEventParams() {
        return this != MOBILE_PROMOTION;
    }

    /**
     * Whether {@code trans_id} is required (section 4.4): always on display; on the other lines when the event is
     * {@link Event#SUBMIT} or {@link Event#ORDER}. The 360 platform's codec answers.
     */
    public boolean requiresTransId(Event event) {
        return Qihoo360Compat.event(event).map(e -> Qihoo360Compat.requiresConversionKey(line(), e)).orElse(false);
    }

    /** Looks a line up by its short name ({@code ps}) or wire name ({@code ocpc_ps_convert}), ignoring case. */
    public static Optional<ProductLine> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (ProductLine line : values()) {
            if (line.shortName.equals(n) || line.wireName().equals(n)) {
                return Optional.of(line);
            }
        }
        return Optional.empty();
    }

    /** The three landing-URL parameters that identify a 360 click, as the filter looks for them. */
    public static final String PARAM_QHCLICKID = "qhclickid";
    /** Display's landing-URL parameter. */
    public static final String PARAM_SOURCEID = "sourceid";
    /** Mobile promotion's landing-URL parameter. */
    public static final String PARAM_IMPRESSION_ID = "impression_id";
}
