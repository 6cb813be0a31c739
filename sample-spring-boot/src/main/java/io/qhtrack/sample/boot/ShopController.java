package io.qhtrack.sample.boot;

import io.qhtrack.core.Click;
import io.qhtrack.core.Event;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.filter.QhTracker;
import io.qhtrack.filter.ReportConversion;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

/**
 * The shop: a landing page, a lead form reported as {@code SUBMIT} by annotation, an order reported as {@code ORDER}
 * at the server's price in one line. Each is reported to the platform the visitor's last ad click came from (360,
 * Baidu or Tencent: the code is the same), once that platform is configured.
 */
@RestController
public class ShopController {

    /** The course's price, set here and nowhere else: an amount posted by the browser is ignored. */
    static final BigDecimal PRICE_YUAN = new BigDecimal("23.45");
    static final int MAX_QUANTITY = 10;

    @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
    public String landing(Optional<Click> click) {
        return page("8 周学会 Python 数据分析", "<section class=\"hero\"><h1>8 周学会 Python 数据分析</h1>"
                + "<p>Learn data analysis with Python in eight weeks.</p>"
                + "<p>" + click.map(c -> "You came from " + htmlEscape(origin(c)) + ".").orElse("") + "</p>"
                + "<p><a href=\"tel:4008001234\" data-qhtrack-event=\"CALL_BUTTON\">400-800-1234</a> · "
                + "<button type=\"button\" data-qhtrack-event=\"WX_BUTTON_C\" data-copy=\"qinghe-academy\">"
                + "复制微信号 Copy WeChat ID</button></p></section>"
                + "<form method=\"post\" action=\"/lead\"><h2>预约免费试听 Free trial class</h2>"
                + "<label>姓名 Name <input name=\"name\" required></label>"
                + "<label>手机号 Phone <input name=\"phone\" type=\"tel\" required></label>"
                + "<button type=\"submit\">提交 Submit</button></form>"
                + "<form method=\"post\" action=\"/order\"><h2>立即报名 Enroll · ¥" + PRICE_YUAN + "</h2>"
                + "<label>订单号 Order number <input name=\"orderId\" required></label>"
                + "<label>数量 Quantity <input name=\"quantity\" type=\"number\" min=\"1\" max=\"" + MAX_QUANTITY
                + "\" value=\"1\"></label><button type=\"submit\">支付并报名 Pay and enroll</button></form>");
    }

    /** A lead: {@code SUBMIT}, reported by the annotation once this answers 200. */
    @PostMapping(value = "/lead", produces = MediaType.TEXT_HTML_VALUE)
    @ReportConversion(Event.SUBMIT)
    public ResponseEntity<String> lead(@RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String phone) {
        if (name.trim().isEmpty() || !phone.replaceAll("[\\s-]", "").matches("\\+?[0-9]{5,20}")) {
            return ResponseEntity.badRequest().body(page("请检查 Please check", "<p>Name and phone are required.</p>"
                    + "<p><a href=\"/\">Back</a></p>"));
        }
        return ResponseEntity.ok(page("谢谢 Thank you", "<p>Thank you, " + htmlEscape(name.trim())
                + ". We call you back within a working day.</p><p><a href=\"/\">Back</a></p>"));
    }

    /** An order: {@code ORDER} worth quantity × ¥23.45, trans_id = md5(orderId). */
    @PostMapping(value = "/order", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> order(HttpServletRequest request, @RequestParam(defaultValue = "") String orderId,
            @RequestParam(defaultValue = "1") String quantity) {
        int n;
        try {
            n = Integer.parseInt(quantity.trim());
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (!orderId.matches("[A-Za-z0-9_-]{1,64}") || n < 1 || n > MAX_QUANTITY) {
            return ResponseEntity.badRequest().body(page("请检查 Please check", "<p>An order number (letters, digits,"
                    + " - and _) and a quantity from 1 to " + MAX_QUANTITY + " are required.</p>"));
        }
        BigDecimal amount = PRICE_YUAN.multiply(BigDecimal.valueOf(n));
        TrackOutcome outcome = QhTracker.order(request, orderId, amount.toPlainString());
        return ResponseEntity.ok(page("订单已确认 Order confirmed", "<p>Order " + htmlEscape(orderId) + ": " + n
                + " × ¥" + PRICE_YUAN + " = ¥" + amount + ".</p><p class=\"qhtrack\">qhtrack: "
                + htmlEscape(outcome.status().name()) + "</p><p><a href=\"/\">Back</a></p>"));
    }

    /** Where a click came from: a 360 line, or the platform (the lead and the order are reported there). */
    static String origin(Click click) {
        switch (click.platform()) {
            case "qihoo360":
                return "a 360 ad (" + click.line().chineseName() + ")";
            case "baidu":
                return "a Baidu ad (百度营销)";
            case "tencent":
                return "a Tencent ad (腾讯广告)";
            default:
                return "an ad of " + click.platform();
        }
    }

    @GetMapping(value = "/healthz", produces = MediaType.TEXT_PLAIN_VALUE)
    public String health() {
        return "ok";
    }

    private static String page(String title, String body) {
        return "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" + htmlEscape(title)
                + " · 青禾学堂</title><script src=\"/qhtrack.js\" defer></script></head><body>" + body + "</body></html>";
    }
}
