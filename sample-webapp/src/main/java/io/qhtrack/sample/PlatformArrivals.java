package io.qhtrack.sample;

import java.security.SecureRandom;

/**
 * Simulated arrivals from a Baidu ad ({@code bd_vid}) and a Tencent ad ({@code gdt_vid} from WeChat traffic,
 * {@code qz_gdt} from other traffic): links to this site's landing page with a fresh click id, as each platform
 * appends it. The platform keeps the whole landing URL with the click (Baidu's {@code logidUrl}, Tencent's
 * {@code url}), so the links carry an ordinary parameter too.
 */
final class PlatformArrivals {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

    private PlatformArrivals() {
    }

    /** The links, relative to the context path {@code context} (already HTML-escaped). */
    static String html(String context) {
        return "<div class=\"platform-arrivals\" id=\"arrive-platforms\"><h3>其他平台 · Other platforms</h3>"
                + "<p class=\"muted\">Baidu and Tencent append their own click id; the conversion is sent with the "
                + "landing URL. The last ad click wins, across platforms.</p><p>"
                + link(context, "baidu", "百度 Baidu", "/?from=baidu&bd_vid=" + id(24))
                + link(context, "tencent", "腾讯 Tencent · 微信 WeChat", "/?from=tencent&gdt_vid=wx0" + id(16))
                + link(context, "tencent", "腾讯 Tencent · QQ", "/?from=tencent&qz_gdt=" + id(20))
                + "</p></div>";
    }

    private static String link(String context, String platform, String title, String path) {
        String param = path.substring(path.lastIndexOf('&') + 1, path.lastIndexOf('='));
        return "<a class=\"button small ghost platform-arrival\" data-platform=\"" + platform + "\" data-param=\""
                + param + "\" href=\"" + context + Html.esc(path) + "\">" + Html.esc(title) + " · <code>"
                + Html.esc(param) + "</code> →</a> ";
    }

    private static String id(int n) {
        StringBuilder sb = new StringBuilder(n);
        while (sb.length() < n) {
            sb.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
        }
        return sb.toString();
    }
}
