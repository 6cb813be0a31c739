package io.qhtrack.sample;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Map;

/**
 * The landing page's content: the course, the phone number and WeChat id (marked for qhtrack's browser events:
 * {@code data-qhtrack-event="CALL_BUTTON"} and {@code "WX_BUTTON_C"}), the lead form and the order form, with their
 * values and errors. The pay button is marked {@code SHOP_BUTTON}, which the demo does not allow: the script sends
 * only what {@code qhtrack.browser-events} lists. With the demo dashboard on, it links to simulated arrivals from
 * Baidu and Tencent ads ({@link PlatformArrivals}).
 */
final class LandingPage {

    /** The phone number, as dialled. */
    static final String PHONE = "4008001234";
    /** The phone number, as shown. */
    static final String PHONE_SHOWN = "400-800-1234";
    /** The WeChat id the copy button copies. */
    static final String WECHAT_ID = "qinghe-academy";

    private LandingPage() {
    }

    static Page render(HttpServletRequest request, LeadForm lead, OrderForm order) {
        Page page = new Page(request, "8 周学会 Python 数据分析").bodyClass("landing").script("/assets/landing.js");
        String ctx = Html.esc(page.context());
        page.add("<section class=\"hero\">"
                + "<div class=\"hero-copy\">"
                + "<span class=\"pill\">春季班 · Spring cohort · 仅剩 12 席 12 seats left</span>"
                + "<h1>8 周学会 Python 数据分析</h1>"
                + "<p class=\"lead-text\">Learn data analysis with Python in eight weeks: live evening classes, "
                + "real datasets from retail and finance, and a mentor for every ten students.</p>"
                + "<ul class=\"checks\">"
                + "<li>每周 3 次直播课 · 3 live classes a week</li>"
                + "<li>12 个真实项目 · 12 real-world projects</li>"
                + "<li>结业证书与就业辅导 · Certificate and career coaching</li>"
                + "</ul>"
                + "<div class=\"hero-actions\"><a class=\"button\" href=\"#lead\">免费试听 Free trial class</a>"
                + "<a class=\"button ghost\" href=\"#order\">立即报名 Enroll · ¥"
                + Html.esc(OrderForm.yuan(OrderForm.PRICE_FEN))
                + "</a></div>"
                + "<div class=\"contact\" id=\"contact\">"
                + "<a class=\"contact-phone\" id=\"call\" href=\"tel:" + PHONE + "\" data-qhtrack-event=\"CALL_BUTTON\">"
                + "<span aria-hidden=\"true\">☎</span> 咨询热线 Call us <strong>" + Html.esc(PHONE_SHOWN) + "</strong></a>"
                + "<span class=\"contact-wechat\">微信 WeChat <code id=\"wechat-id\">" + Html.esc(WECHAT_ID)
                + "</code> <button type=\"button\" class=\"button small ghost\" id=\"copy-wechat\" "
                + "data-qhtrack-event=\"WX_BUTTON_C\">复制微信号 Copy WeChat ID</button>"
                + "<small id=\"wechat-note\" class=\"muted\" aria-live=\"polite\"></small></span>"
                + "</div>"
                + (DemoRuntime.dashboardEnabled(request.getServletContext()) ? PlatformArrivals.html(ctx) : "")
                + "</div>");
        page.add("<form class=\"card form-card\" id=\"lead\" method=\"post\" action=\"" + ctx + "/lead\" novalidate>"
                + "<h2>预约免费试听</h2><p class=\"muted\">Book a free trial class — we call you back within a "
                + "working day.</p>"
                + field("name", "姓名 Name", "text", lead.name(), "张三", "name", lead.errors())
                + field("phone", "手机号 Phone", "tel", lead.phone(), "138 0013 8000", "tel", lead.errors())
                + "<button type=\"submit\" class=\"button wide\">提交 Submit</button>"
                + "<p class=\"fine\">提交即表示同意我们联系您 · By submitting you agree to be contacted.</p>"
                + "</form></section>");
        page.add("<section class=\"features\" id=\"courses\">"
                + feature("01", "数据清洗 Data wrangling", "pandas, SQL and the messy spreadsheets real jobs are made of.")
                + feature("02", "可视化 Visualisation", "Charts that make a point: matplotlib, seaborn and dashboards.")
                + feature("03", "导师制 Mentoring", "Weekly code reviews and a study group of ten.")
                + "</section>");
        page.add("<section class=\"card order-card\" id=\"order\">"
                + "<div class=\"order-copy\"><h2>立即报名 Enroll now</h2>"
                + "<p class=\"muted\">体验包：前两周课程 + 项目数据集 · Starter pack: the first two weeks and the "
                + "project datasets.</p>"
                + "<p class=\"price\"><span class=\"currency\">¥</span>"
                + Html.esc(OrderForm.yuan(OrderForm.PRICE_FEN))
                + "<span class=\"was\">¥199</span></p></div>"
                + "<form class=\"order-form\" method=\"post\" action=\"" + ctx + "/order\" novalidate>"
                + field("orderId", "订单号 Order number", "text", order.orderId(), "QH-0001", "off", order.errors())
                + field("quantity", "数量 Quantity (1–" + OrderForm.MAX_QUANTITY + ")", "number", order.quantityText(), "1",
                        "off", order.errors())
                + "<p class=\"fine\">价格由服务器计算 · The price is the server's: ¥"
                + Html.esc(OrderForm.yuan(OrderForm.PRICE_FEN)) + " a course.</p>"
                + "<button type=\"submit\" class=\"button wide\" id=\"pay\" data-qhtrack-event=\"SHOP_BUTTON\">"
                + "支付并报名 Pay and enroll</button>"
                + "</form></section>");
        return page;
    }

    private static String field(String name, String label, String type, String value, String placeholder,
            String autocomplete, Map<String, String> errors) {
        String error = errors.get(name);
        String id = "f-" + name;
        return "<label class=\"field" + (error != null ? " invalid" : "") + "\" for=\"" + id + "\"><span>"
                + Html.esc(label) + "</span>"
                + "<input id=\"" + id + "\" name=\"" + name + "\" type=\"" + type + "\" value=\"" + Html.esc(value)
                + "\" placeholder=\"" + Html.esc(placeholder) + "\" autocomplete=\"" + autocomplete + "\""
                + (type.equals("tel") ? " inputmode=\"tel\"" : "")
                + (type.equals("number") ? " min=\"1\" max=\"" + OrderForm.MAX_QUANTITY + "\" step=\"1\"" : "")
                + " required>"
                + (error != null ? "<small class=\"error\">" + Html.esc(error) + "</small>" : "")
                + "</label>";
    }

    private static String feature(String icon, String title, String text) {
        return "<div class=\"feature\"><span class=\"feature-icon\" aria-hidden=\"true\">" + icon + "</span><h3>"
                + Html.esc(title) + "</h3><p>" + Html.esc(text) + "</p></div>";
    }
}
