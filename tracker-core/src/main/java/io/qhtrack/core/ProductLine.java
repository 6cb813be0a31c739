package io.qhtrack.core;

import java.util.Locale;
import java.util.Optional;

/**
 * The four 360 product lines that accept web conversions (document sections 1 and 4.4). Lines must never be mixed
 * (FAQ 5.1): a click is reported on the line it came from, with that line's credentials and fields.
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
    MOBILE_PROMOTION("web", "ocpc_web_convert", "移动推广", "impression_id", "impression_id", Account.MOBILE),
    /** 搜索推广 on PC: 360 appends {@code qhclickid} automatically. */
    PC_SEARCH("ps", "ocpc_ps_convert", "PC 搜索推广", "qhclickid", "qhclickid", Account.SEARCH),
    /** 移动搜索: same click parameter as PC search; told apart when the click is captured. */
    MOBILE_SEARCH("ms", "ocpc_ms_convert", "移动搜索", "qhclickid", "qhclickid", Account.SEARCH),
    /** 展示广告, display: 360 appends {@code sourceid}, uploaded as {@code qhclickid} together with {@code jzqs}. */
    DISPLAY("zs", "ocpc_zs_convert", "展示广告", "sourceid", "qhclickid", Account.DISPLAY);

    private final String shortName;
    private final String wireName;
    private final String chineseName;
    private final String clickParameter;
    private final String clickField;
    private final Account account;

    ProductLine(String shortName, String wireName, String chineseName, String clickParameter, String clickField,
            Account account) {
        this.shortName = shortName;
        this.wireName = wireName;
        this.chineseName = chineseName;
        this.clickParameter = clickParameter;
        this.clickField = clickField;
        this.account = account;
    }

    /** The short name used by the CLI and in cookies: {@code web}, {@code ps}, {@code ms}, {@code zs}. */
    public String shortName() {
        return shortName;
    }

    /** The {@code data_industry} value, e.g. {@code ocpc_ps_convert}. */
    public String wireName() {
        return wireName;
    }

    /** The line's name in 360's console, e.g. 展示广告. */
    public String chineseName() {
        return chineseName;
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
     * {@link Event#SUBMIT} or {@link Event#ORDER}.
     */
    public boolean requiresTransId(Event event) {
        return this == DISPLAY || event == Event.SUBMIT || event == Event.ORDER;
    }

    /** Looks a line up by its short name ({@code ps}) or wire name ({@code ocpc_ps_convert}), ignoring case. */
    public static Optional<ProductLine> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (ProductLine line : values()) {
            if (line.shortName.equals(n) || line.wireName.equals(n)) {
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
