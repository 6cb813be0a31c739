package io.qhtrack.filter;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-style fuzzing of everything a visitor controls — query strings, cookies, capture requests, form bodies —
 * sent over raw sockets to a real Jetty with the capture filter (capturing 360's, Baidu's and Tencent's ids), the
 * trigger filter and a tracker reporting to Fake360 ({@link ShopServer}). For every input ({@link Fuzz#TRIES} per test, seeded; a failure names the seed and the
 * input): never a 5xx, at most one qhtrack {@code Set-Cookie} and a well-formed one, no CR, LF or other control
 * character in any response header, and the body reaches the application byte for byte.
 */
class HostileInputFuzzTest {

    private static final String FINGERPRINTS = "[A-Za-z0-9_-]{8}(\\.[A-Za-z0-9_-]{8}){0,7}";
    private static final Pattern SET_COOKIE = Pattern.compile("qhtrack_click=(q1:(ps|ms|zs|web):[0-9]{1,12}:"
            + "[A-Za-z0-9._-]{1,128}|q2:(ps|ms|zs|web):[0-9]{1,12}:[A-Za-z0-9._-]{1,128}:" + FINGERPRINTS
            + "|q3:(" + FINGERPRINTS + ")?(\\|[a-z0-9]{2,16}:[a-z0-9]{1,8}:[A-Za-z0-9._-]{1,64}:[0-9]{1,12}:"
            + "[A-Za-z0-9._-]{1,128}:(https?://[^\\x00-\\x20\\x7f\\x80-\\uffff\",;\\\\|#]{1,1400})?)+"
            + "); Max-Age=[0-9]+; Expires=[A-Za-z]{3}, [0-9]{2} [A-Za-z]{3} [0-9]{4} "
            + "[0-9]{2}:[0-9]{2}:[0-9]{2} GMT; Path=/; HttpOnly; SameSite=Lax");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private static ShopServer shop;

    @BeforeAll
    static void start() throws Exception {
        shop = ShopServer.builder().contextParam("qhtrack.browser-events", "CALL_BUTTON,BROWSETIME,WX_BUTTON_C")
                .platforms(TestPlatforms.enabled()).start();
    }

    @AfterAll
    static void stop() {
        if (shop != null) {
            shop.close();
        }
    }

    // ---- what visitors send ---------------------------------------------------------------------------------------

    /**
     * A piece of a query string: a click parameter (plain or percent-encoded) or another name, with a value good or
     * bad, or a separator. Never a raw {@code #} or space, which the container itself refuses in a request line: the
     * point is what reaches qhtrack.
     */
    private static String queryPiece(Fuzz f) {
        if (f.between(0, 3) == 0) {
            return f.oneOf("&", "&&", ";", "?", "%26", "%23", "d=", "%64=", "=");
        }
        String name = f.oneOf("qhclickid", "sourceid", "impression_id", "%71hclickid", "qhclicki%64", "impression%5Fid",
                "QHCLICKID", "name", "phone", "_csrf", "d", "", "event", "value", "pv", "bd_vid", "gdt_vid", "qz_gdt",
                "bd%5Fvid", "gdt_vi%64", "qz_gd%74", "BD_VID", "t", "%74");
        String value = f.anyOf(
            () -> f.charsOf("ABCXYZabcxyz0123456789._-", 1, 20),
            () -> f.oneOf("__impression_id__", "%41b%2D1", "%zz", "%", "%4", "%2541", "%0d%0aSet-Cookie:%20x=1",
                    "%0aX-Evil:%201", "%E6%9D%8E", "%C3%28", "%ED%A0%80", "%00", "+", "a+b", "%E2%80%AE", "==",
                    "__BD_VID__", "{bd_vid}", "%7Bgdt_vid%7D", "%%QZ_GDT%%", "%25%25GDT_VID%25%25", "%7C", "%3B%22"),
            () -> f.charsBetween('!', '~', 0, 12).replace("#", "%23"),
            () -> f.charsOf("x", 129, 400));
        return name + f.oneOf("=", "", "==") + value;
    }

    private static String query(Fuzz f) {
        return String.join("&", f.listOf(() -> queryPiece(f), 0, 10));
    }

    private static String cookie(Fuzz f) {
        List<String> cookies = f.listOf(() -> f.oneOf("qhtrack_click", "qhtrack_click ", "QHTRACK_CLICK", "other") + "="
                + f.anyOf(
                    () -> f.oneOf("q1", "q0", "Q1", "") + ":" + f.oneOf("ps", "ms", "zs", "web", "xx") + ":"
                            + f.between(-5, 99_999_999_999L) + ":" + f.charsOf("AZaz09._-:%\"", 0, 140),
                    () -> f.charsBetween(' ', '~', 0, 60),
                    () -> f.oneOf("\"q1:ps:1:x\"", "q1:ps:1735689600:" + "9".repeat(129), ""),
                    () -> "q3:" + f.oneOf("", "abcdefgh", "abcdefg!", "abcdefgh.") + f.oneOf("|", "||", "") + f.oneOf(
                            "baidu", "tencent", "qihoo360", "Baidu", "x", "") + ":" + f.oneOf("default", "ps", "", "D")
                            + ":" + f.oneOf("default", "t1", "", "t 1") + ":" + f.oneOf(String.valueOf(
                            System.currentTimeMillis() / 1000), "1735689600", "-1", "") + ":" + f.charsOf(
                            "AZaz09._-%", 0, 140) + ":" + f.anyOf(() -> f.oneOf("", "https://127.0.0.1/?bd_vid=X",
                            "https://127.0.0.1/%7C%0A", "ftp://x/", "https://x/#f"), () -> f.charsBetween('!', '~',
                            0, 80))), 1, 4);
        return String.join(f.oneOf("; ", ";", ", "), cookies);
    }

    private static List<String> captureHeaders(Fuzz f) {
        return f.listOf(() -> f.anyOf(
            () -> f.oneOf("X-Qhtrack-Capture: 1", "X-Qhtrack-Capture: ", "Sec-Fetch-Site: same-origin",
                    "Sec-Fetch-Site: cross-site", "Sec-Fetch-Site: none", "Sec-Fetch-Site: \u00ff",
                    "Origin: http://evil.example", "Origin: null", "Referer: http://127.0.0.1/?qhclickid=REF1",
                    "Content-Type: application/x-www-form-urlencoded", "User-Agent: iPhone Mobile",
                    "X-Qhtrack-Page: http://127.0.0.1/app?utm=1", "X-Qhtrack-Page: https://evil.example/?bd_vid=E1",
                    "Referer: http://127.0.0.1/?gdt_vid=REF2"),
            () -> "X-Qhtrack-Page: http://127.0.0.1/" + f.charsBetween('!', '~', 0, 60),
            () -> "Sec-Fetch-Site: " + f.charsBetween(' ', '~', 0, 30)), 0, 5);
    }

    private static String eventQuery(Fuzz f) {
        return String.join("&", f.listOf(() -> f.anyOf(
            () -> "event=" + f.oneOf("CALL_BUTTON", "BROWSETIME", "WX_BUTTON_C", "SUBMIT", "ORDER", "call_button", "",
                    "CALL%5FBUTTON", "%0d%0a"),
            () -> "pv=" + f.anyOf(() -> f.charsOf("0123456789abcdef", 32, 32), () -> f.charsBetween('!', '~', 0, 70)
                    .replace("#", "%23")),
            () -> queryPiece(f)), 0, 4));
    }

    private static List<String> eventHeaders(Fuzz f, int port) {
        return f.listOf(() -> f.oneOf("Content-Type: application/x-qhtrack-event",
                "Content-Type: application/x-qhtrack-event; charset=utf-8", "Content-Type: text/plain",
                "Origin: http://127.0.0.1:" + port, "Origin: http://127.0.0.1:" + port + "/x", "Origin: null",
                "Origin: http://evil.example", "Sec-Fetch-Site: same-origin", "Sec-Fetch-Site: cross-site",
                "Referer: http://127.0.0.1:" + port + "/?sourceid=abcdefghijkl", "Referer: http://evil.example/?qhclickid=1",
                "Cookie: qhtrack_click=q1:zs:" + System.currentTimeMillis() / 1000 + ":abcdefghijkm",
                "Transfer-Encoding: chunked"), 0, 7);
    }

    private static byte[] body(Fuzz f) {
        String text = f.anyOf(
            () -> String.join("&", f.listOf(() -> queryPiece(f), 0, 12)),
            () -> f.anyText(300),
            () -> f.oneOf("", "a=1&b=%", "\r\n\r\nGET / HTTP/1.1\r\n\r\n"));
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // ---- the properties --------------------------------------------------------------------------------------------

    @Test
    void anyQueryStringIsAnsweredSafely() throws IOException {
        Fuzz f = Fuzz.seeded();
        int reached = 0;
        for (int i = 0; i < Fuzz.TRIES; i++) {
            String head = "GET /page?" + query(f) + " HTTP/1.1";
            RawHttp.Response response = RawHttp.exchange(shop.port(), head);
            assertSafe(response, f.failing(head));
            reached += response.status() == 200 ? 1 : 0;
        }
        // a malformed form body is the container's 400 (getParameter refuses it): about a quarter of the tries
        assertThat(reached).as("tries that reached the application, not refused by Jetty").isGreaterThan(
                Fuzz.TRIES / 2);
    }

    @Test
    void anyCookieIsAnsweredSafely() throws IOException {
        Fuzz f = Fuzz.seeded();
        for (int i = 0; i < Fuzz.TRIES; i++) {
            String head = "GET /page?" + query(f) + " HTTP/1.1\r\nCookie: " + cookie(f);
            RawHttp.Response response = RawHttp.exchange(shop.port(), head);

            assertSafe(response, f.failing(head));
            assertThat(response.bodyText()).as(f.failing(head))
                    .matches("click=(none|((baidu|tencent):default|ps|ms|zs|web):[A-Za-z0-9._-]{1,128})");
        }
    }

    @Test
    void anyCaptureRequestIsAnsweredSafely() throws IOException {
        Fuzz f = Fuzz.seeded();
        for (int i = 0; i < Fuzz.TRIES; i++) {
            String head = f.oneOf("POST", "POST", "GET", "PUT", "OPTIONS") + " /qhtrack/capture?" + query(f)
                    + " HTTP/1.1" + lines(captureHeaders(f));
            byte[] body = body(f);
            RawHttp.Response response = RawHttp.exchange(shop.port(), head, body);

            String input = f.failing(head + "\r\n\r\n" + new String(body, StandardCharsets.UTF_8));
            assertSafe(response, input);
            assertThat(response.status()).as(input).isIn(204, 403, 405);
            if (response.status() != 204) {
                assertThat(response.headers("Set-Cookie")).as(input).isEmpty();
            }
        }
    }

    @Test
    void anyBrowserEventRequestIsAnsweredSafely() throws IOException {
        Fuzz f = Fuzz.seeded();
        for (int i = 0; i < Fuzz.TRIES; i++) {
            List<String> headers = eventHeaders(f, shop.port());
            byte[] body = headers.contains("Transfer-Encoding: chunked") ? new byte[0] : body(f);
            String head = f.oneOf("POST", "POST", "POST", "GET", "OPTIONS") + " /qhtrack/event?" + eventQuery(f)
                    + " HTTP/1.1" + lines(headers);
            RawHttp.Response response = RawHttp.exchange(shop.port(), head, headers.contains(
                    "Transfer-Encoding: chunked") ? "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII) : body);

            String input = f.failing(head + "\r\n\r\n" + new String(body, StandardCharsets.UTF_8));
            assertSafe(response, input);
            assertThat(response.status()).as(input).isIn(204, 400, 403, 405);
        }
    }

    @Test
    void anyFormBodyReachesTheApplicationUntouched() throws IOException {
        Fuzz f = Fuzz.seeded();
        int reached = 0;
        for (int i = 0; i < Fuzz.TRIES; i++) {
            String path = f.oneOf("/lead", "/triggered", "/raw", "/page");
            List<String> headers = new ArrayList<>();
            headers.add("Content-Type: " + f.oneOf("application/x-www-form-urlencoded",
                    "application/x-www-form-urlencoded; charset=UTF-8", "application/octet-stream", "text/plain"));
            headers.add("Cookie: " + (f.bool() ? cookie(f)
                    : "qhtrack_click=q1:ps:" + System.currentTimeMillis() / 1000 + ":9100000000000001"));
            String head = "POST " + path + "?" + query(f) + " HTTP/1.1" + lines(headers);
            byte[] body = body(f);
            RawHttp.Response response = RawHttp.exchange(shop.port(), head, body);

            String input = f.failing(head + "\r\n\r\n" + new String(body, StandardCharsets.UTF_8));
            assertSafe(response, input);
            if (path.equals("/raw")) {
                assertThat(response.status()).as(input).isEqualTo(200);
                assertThat(response.body()).as(input).isEqualTo(body);
            }
            reached += response.status() == 200 ? 1 : 0;
        }
        // a malformed form body is the container's 400 (getParameter refuses it): about a quarter of the tries
        assertThat(reached).as("tries that reached the application, not refused by Jetty").isGreaterThan(
                Fuzz.TRIES / 2);
    }

    @Test
    void everyPlatformsClickIsSetInACookieOfTheSafeShape() throws IOException {
        for (String query : List.of("qhclickid=Q1", "bd_vid=B1&utm=%E6%98%A5%7C", "gdt_vid=G1", "qz_gdt=Z1&x=%22%3B")) {
            RawHttp.Response response = RawHttp.exchange(shop.port(), "GET /page?" + query + " HTTP/1.1");

            assertSafe(response, query);
            assertThat(response.headers("Set-Cookie")).as(query).anySatisfy(c -> assertThat(c).matches(SET_COOKIE));
        }
    }

    // ---- what every answer must be ---------------------------------------------------------------------------------

    private static String lines(List<String> headers) {
        StringBuilder sb = new StringBuilder();
        for (String h : headers) {
            sb.append("\r\n").append(h);
        }
        return sb.toString();
    }

    private static void assertSafe(RawHttp.Response response, String input) {
        assertThat(response.status()).as("status for " + input).isBetween(200, 499);
        for (String line : response.headerLines()) {
            int colon = line.indexOf(':');
            assertThat(colon).as("a header line %s for %s", line, input).isPositive();
            assertThat(line.substring(0, colon)).as("a header name for " + input).matches(HEADER_NAME);
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                assertThat(c < 0x20 && c != '\t' || c == 0x7f).as("control character U+%04X in header line %s for %s",
                        (int) c, line, input).isFalse();
            }
        }
        List<String> ours = new ArrayList<>();
        for (String cookie : response.headers("Set-Cookie")) {
            if (cookie.toLowerCase(Locale.ROOT).startsWith("qhtrack_click")) {
                ours.add(cookie);
            }
        }
        assertThat(ours).as("qhtrack's Set-Cookie headers for " + input).hasSizeLessThanOrEqualTo(1);
        ours.forEach(cookie -> assertThat(cookie).as(input).matches(SET_COOKIE));
    }
}
