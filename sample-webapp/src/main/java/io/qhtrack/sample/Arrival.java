package io.qhtrack.sample;

import io.qhtrack.core.ProductLine;
import io.qhtrack.filter.LandingUrls;

import java.security.SecureRandom;
import java.util.List;

/**
 * A simulated arrival from a 360 ad: a landing URL of this site as an advertiser would enter it in 360's console,
 * and the URL the visitor's browser opens once 360 has appended the click id by its rules
 * ({@link LandingUrls#append360ClickId}).
 *
 * @param line the line the click comes from
 * @param title what the card is called
 * @param landingUrl the landing URL as configured in 360's console (absolute, on this site)
 * @param opened the URL the visitor opens (absolute)
 * @param insertAt where 360's addition starts in {@code opened}
 * @param insertLength how long 360's addition is
 * @param rule which of 360's rules applied, in words
 * @param note what to know about this line
 */
record Arrival(ProductLine line, String title, String landingUrl, String opened, int insertAt, int insertLength,
        String rule, String note) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

    /** The five simulations for a site at {@code base} (scheme, host, port and context path; no trailing slash). */
    static List<Arrival> all(String base) {
        return List.of(
                of(ProductLine.PC_SEARCH, "PC 搜索推广 · PC search", base + "/", null,
                        ProductLine.PARAM_QHCLICKID, digits(16),
                        "URL 无 ? 无 # → 360 在末尾追加 ?qhclickid=… (no ? and no #: appended at the end)",
                        "360 appends qhclickid by itself. From a desktop browser it counts as PC search."),
                of(ProductLine.MOBILE_SEARCH, "移动搜索 · Mobile search", base + "/?from=360", null,
                        ProductLine.PARAM_QHCLICKID, digits(16),
                        "URL 有 ? 无 # → 末尾追加 &qhclickid=… (has ?, no #: &… at the end)",
                        "Same parameter as PC search: qhtrack tells them apart by the browser when the click is "
                                + "captured. Open this link on a phone (or in the browser's device mode) to land on "
                                + "移动搜索; from a desktop it counts as PC search."),
                of(ProductLine.DISPLAY, "展示广告 · Display ads", base + "/#order", null,
                        ProductLine.PARAM_SOURCEID, alnum(12),
                        "URL 无 ? 有 # → 在第一个 # 前追加 ?sourceid=… (no ?, has #: ?… before the #)",
                        "360 appends sourceid (12 characters). It is uploaded as qhclickid, together with jzqs, "
                                + "the display advertiser id."),
                of(ProductLine.MOBILE_PROMOTION, "移动推广 · Mobile promotion", base + "/?channel=360",
                        "&impression_id=__impression_id__", ProductLine.PARAM_IMPRESSION_ID, alnum(24),
                        "广告主添加 &impression_id=__impression_id__，360 替换宏 (you add the macro, 360 fills it in)",
                        "This line offers only SUBMIT, CALL, ADVISORY and SITEDOWNLOAD: the lead form is reported, "
                                + "an order is not."),
                of(ProductLine.PC_SEARCH, "单页应用 · Single-page app", base + "/spa/#/landing?from=360", null,
                        ProductLine.PARAM_QHCLICKID, digits(16),
                        "最后一个 ? 在 # 之后 → 追加到 # 片段里 (the last ? is inside the fragment: so is the id)",
                        "Browsers never send the fragment to the server: the page's /qhtrack.js hands the id over."));
    }

    private static Arrival of(ProductLine line, String title, String landing, String macro, String parameter,
            String id, String rule, String note) {
        String opened = LandingUrls.append360ClickId(landing, parameter, id);
        int at = 0;
        while (at < landing.length() && landing.charAt(at) == opened.charAt(at)) {
            at++;
        }
        return new Arrival(line, title, macro == null ? landing : landing + macro, opened, at,
                opened.length() - landing.length(), rule, note);
    }

    /** The opened URL relative to {@code base}, for a link on this site. */
    String openedRelativeTo(String base) {
        return opened.substring(base.length());
    }

    /** The part of {@link #opened()} before 360's addition. */
    String before() {
        return opened.substring(0, insertAt);
    }

    /** 360's addition. */
    String inserted() {
        return opened.substring(insertAt, insertAt + insertLength);
    }

    /** The part of {@link #opened()} after 360's addition. */
    String after() {
        return opened.substring(insertAt + insertLength);
    }

    private static String digits(int n) {
        StringBuilder sb = new StringBuilder(n).append((char) ('1' + RANDOM.nextInt(9)));
        while (sb.length() < n) {
            sb.append((char) ('0' + RANDOM.nextInt(10)));
        }
        return sb.toString();
    }

    private static String alnum(int n) {
        StringBuilder sb = new StringBuilder(n);
        while (sb.length() < n) {
            sb.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
        }
        return sb.toString();
    }
}
