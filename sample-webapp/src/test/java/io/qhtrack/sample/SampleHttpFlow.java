package io.qhtrack.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qhtrack.core.ProductLine;
import io.qhtrack.filter.LandingUrls;
import io.qhtrack.testkit.Fake360;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's HTTP-level flow, run against the built WAR on each container ({@link JettyHttpIT},
 * {@link TomcatIT}): visitors arrive with each line's parameter, send the lead form, place an order, and the
 * Fake360 receives exactly the right uploads; the single-page app's capture; escaping; the dashboard.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SampleHttpFlow {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path data;
    Fake360 fake;
    URI base;

    /** Deploys the built WAR with {@code contextParams}; returns the site's base URI. */
    abstract URI deploy(Path war, Map<String, String> contextParams) throws Exception;

    /** Stops the container. */
    abstract void undeploy() throws Exception;

    static Path war() {
        Path war = Path.of(System.getProperty("sample.war", "target/sample-webapp.war"));
        assertThat(war).as("the WAR built by mvn package").exists();
        return war;
    }

    @BeforeAll
    void start() throws Exception {
        fake = TestAccounts.fake360();
        base = deploy(war(), TestAccounts.contextParams(fake, data));
    }

    @AfterAll
    void stop() throws Exception {
        try {
            undeploy();
        } finally {
            fake.close();
        }
    }

    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of(ProductLine.PC_SEARCH, Visitor.DESKTOP, "/", digits(16)),
                Arguments.of(ProductLine.MOBILE_SEARCH, Visitor.PHONE, "/?from=360", digits(16)),
                Arguments.of(ProductLine.DISPLAY, Visitor.DESKTOP, "/#order", digits(12)),
                Arguments.of(ProductLine.MOBILE_PROMOTION, Visitor.PHONE, "/?channel=360", "imp" + digits(20)));
    }

    @Test
    void healthzAnswersOkOnceStarted() {
        HttpResponse<String> health = new Visitor(base, Visitor.DESKTOP).get("/healthz");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("ok\n");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lines")
    void aVisitorFromEachLineSendsTheLeadFormAndPlacesAnOrder(ProductLine line, String userAgent, String landing,
            String clickId) {
        Visitor visitor = new Visitor(base, userAgent);
        String url = LandingUrls.append360ClickId(landing, line.clickParameter(), clickId);
        HttpResponse<String> page = visitor.get(url.substring(0, url.indexOf('#') < 0 ? url.length()
                : url.indexOf('#')));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("8 周学会 Python 数据分析").contains("data-line=\"" + line.wireName() + "\"");
        assertThat(visitor.cookie("qhtrack_click")).as("the click cookie").isPresent();

        HttpResponse<String> lead = visitor.post("/lead", "name", "李雷 Li Lei", "phone", "138 0013 8000");
        assertThat(lead.statusCode()).isEqualTo(200);
        assertThat(lead.body()).contains("谢谢，<span class=\"visitor-name\">李雷 Li Lei</span>！");
        Fake360.Received submit = TestAccounts.awaitAccepted(fake, clickId, "SUBMIT");
        assertThat(submit.dataIndustry()).isEqualTo(line.wireName());
        assertThat(submit.transId()).as("trans_id from the form content").matches("[0-9a-f]{32}");

        String orderId = "QH-" + digits(8);
        HttpResponse<String> order = visitor.post("/order", "orderId", orderId, "amount", "0.01");
        assertThat(order.statusCode()).isEqualTo(200);
        assertThat(order.body()).contains(orderId);
        if (line == ProductLine.MOBILE_PROMOTION) {
            assertThat(order.body()).contains("data-outcome=\"EVENT_NOT_OFFERED\"");
            assertThat(TestAccounts.receivedFor(fake, clickId)).as("mobile promotion offers no ORDER: none sent")
                    .extracting(Fake360.Received::event).containsExactly("SUBMIT");
        } else {
            assertThat(order.body()).contains("data-outcome=\"QUEUED\"");
            Fake360.Received upload = TestAccounts.awaitAccepted(fake, clickId, "ORDER");
            assertThat(upload.dataIndustry()).isEqualTo(line.wireName());
            assertThat(upload.transId()).isEqualTo(md5(orderId));
            assertThat(upload.json().at("/data/data_detail/event_param/value").asLong())
                    .as("the server's price, not the amount the browser posted").isEqualTo(2345);
            assertThat(upload.json().at("/data/data_detail/jzqs").asText(null))
                    .isEqualTo(line == ProductLine.DISPLAY ? TestAccounts.DISPLAY_JZQS : null);
        }
        assertThat(TestAccounts.receivedFor(fake, clickId)).allMatch(Fake360.Received::accepted)
                .noneMatch(Fake360.Received::duplicate);
    }

    @Test
    void theSinglePageAppHandsTheFragmentsIdToTheServerAndItsJsonLeadIsReported() {
        Visitor visitor = new Visitor(base, Visitor.DESKTOP);
        HttpResponse<String> spa = visitor.get("/spa/");
        assertThat(spa.statusCode()).isEqualTo(200);
        assertThat(spa.body()).contains("<script src=\"../qhtrack.js\"></script>");
        HttpResponse<String> script = visitor.get("/qhtrack.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/javascript"));

        // what /qhtrack.js does with /spa/#/landing?qhclickid=…: the fragment never reaches the server
        String clickId = digits(16);
        HttpResponse<String> capture = visitor.send(visitor.request("/qhtrack/capture?qhclickid=" + clickId)
                .header("X-Qhtrack-Capture", "1").header("Sec-Fetch-Site", "same-origin")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(capture.statusCode()).isEqualTo(204);

        HttpResponse<String> lead = visitor.send(visitor.request("/lead").header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Visitor.form("name", "Han Meimei", "phone", "13900139000")))
                .build());
        assertThat(lead.statusCode()).isEqualTo(200);
        assertThat(lead.body()).isEqualTo("{\"ok\":true,\"name\":\"Han Meimei\"}");
        assertThat(TestAccounts.awaitAccepted(fake, clickId, "SUBMIT").dataIndustry()).isEqualTo("ocpc_ps_convert");
    }

    @Test
    void everyPageEscapesWhatItEchoes() {
        Visitor visitor = new Visitor(base, Visitor.DESKTOP);
        for (String evil : List.of("<script>alert(1)</script>", "\"'><img src=x onerror=alert(2)>")) {
            String escaped = Html.esc(evil);
            HttpResponse<String> thanks = visitor.post("/lead", "name", evil, "phone", "13800138000");
            assertThat(thanks.statusCode()).isEqualTo(200);
            assertThat(thanks.body()).doesNotContain(evil).contains("<span class=\"visitor-name\">" + escaped + "<");

            HttpResponse<String> invalid = visitor.post("/lead", "name", evil, "phone", evil);
            assertThat(invalid.statusCode()).isEqualTo(400);
            assertThat(invalid.body()).doesNotContain(evil).contains("value=\"" + escaped + "\"");

            HttpResponse<String> order = visitor.post("/order", "orderId", evil, "quantity", evil);
            assertThat(order.statusCode()).isEqualTo(400);
            assertThat(order.body()).doesNotContain(evil).contains("value=\"" + escaped + "\"");
        }
        HttpResponse<String> landing = visitor.get("/?q=%3Cscript%3Ealert(3)%3C/script%3E&qhclickid=%3Cb%3E");
        assertThat(landing.statusCode()).isEqualTo(200);
        assertThat(landing.body()).doesNotContain("alert(3)").doesNotContain("<b>");
        assertThat(landing.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("script-src 'self'"));
    }

    @Test
    void anOrderFromAVisitorWithoutAClickIsNotReported() {
        Visitor visitor = new Visitor(base, Visitor.DESKTOP);
        HttpResponse<String> order = visitor.post("/order", "orderId", "QH-NOCLICK");
        assertThat(order.statusCode()).isEqualTo(200);
        assertThat(order.body()).contains("data-outcome=\"NOT_ATTRIBUTED\"");
        // one snapshot of everything received (the order id is this test's own): no upload carries it
        assertThat(fake.received()).noneMatch(u -> md5("QH-NOCLICK").equals(u.transId()));
    }

    @Test
    void anInvalidFormAnswers400AndReportsNothing() {
        Visitor visitor = new Visitor(base, Visitor.DESKTOP);
        String clickId = digits(16);
        visitor.get("/?qhclickid=" + clickId);
        HttpResponse<String> order = visitor.post("/order", "orderId", "QH-1", "quantity", "11");
        assertThat(order.statusCode()).isEqualTo(400);
        assertThat(order.body()).contains("class=\"field invalid\"");
        HttpResponse<String> lead = visitor.post("/lead", "name", "", "phone", "13800138000");
        assertThat(lead.statusCode()).isEqualTo(400);
        // a valid lead afterwards is this click's first and only upload
        visitor.post("/lead", "name", "Lucy", "phone", "13800138000");
        TestAccounts.awaitAccepted(fake, clickId, "SUBMIT");
        assertThat(TestAccounts.receivedFor(fake, clickId)).hasSize(1);
    }

    @Test
    void theDashboardShowsTheClickOutboxAndTheLinesButNoSecret() throws Exception {
        Visitor visitor = new Visitor(base, Visitor.DESKTOP);
        String clickId = digits(16);
        visitor.get("/?qhclickid=" + clickId);
        visitor.post("/order", "orderId", "QH-DASH");
        TestAccounts.awaitAccepted(fake, clickId, "ORDER");

        HttpResponse<String> dashboard = visitor.get("/demo/");
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.body()).contains("id=\"click-id\">" + clickId + "<").contains("ocpc_zs_convert")
                .contains("impression_id=__impression_id__");
        JsonNode status = JSON.readTree(visitor.get("/demo/status.json").body());
        assertThat(status.at("/click/id").asText()).isEqualTo(clickId);
        assertThat(status.at("/click/line").asText()).isEqualTo("ocpc_ps_convert");
        assertThat(status.at("/outbox/durable").asBoolean()).isTrue();
        for (String secret : TestAccounts.SECRETS) {
            assertThat(dashboard.body()).doesNotContain(secret);
            assertThat(visitor.get("/demo/status.json").body()).doesNotContain(secret);
        }
    }

    @Test
    void anOrderIsPricedByTheServerWhateverAmountTheBrowserPosts() {
        Visitor visitor = new Visitor(base, Visitor.DESKTOP);
        String clickId = digits(16);
        visitor.get("/?qhclickid=" + clickId);

        HttpResponse<String> order = visitor.post("/order", "orderId", "QH-THREE", "quantity", "3", "amount", "99999",
                "value", "1", "price", "0");

        assertThat(order.statusCode()).isEqualTo(200);
        assertThat(order.body()).contains("data-outcome=\"QUEUED\"").contains("<b class=\"total\">¥70.35</b>");
        Fake360.Received upload = TestAccounts.awaitAccepted(fake, clickId, "ORDER");
        assertThat(upload.json().at("/data/data_detail/event_param/value").asLong()).isEqualTo(3 * 2345);
        assertThat(upload.transId()).isEqualTo(md5("QH-THREE"));
    }

    @Test
    void theLandingPagesMarkedPhoneLinkAndWeChatButtonAreReportedByTheScriptsEndpoint() {
        Visitor visitor = new Visitor(base, Visitor.DESKTOP);
        String clickId = digits(12);
        HttpResponse<String> landing = visitor.get("/?sourceid=" + clickId);
        assertThat(landing.body()).contains("<script src=\"" + base.getPath() + "/qhtrack.js\" defer></script>")
                .contains("href=\"tel:4008001234\" data-qhtrack-event=\"CALL_BUTTON\"")
                .contains("data-qhtrack-event=\"WX_BUTTON_C\">复制微信号");
        assertThat(visitor.get("/qhtrack.js").body())
                .contains("events = {\"CALL_BUTTON\": 1, \"BROWSE_DEPTH\": 1, \"BROWSETIME\": 1, \"WX_BUTTON_C\": 1}");

        for (String event : List.of("CALL_BUTTON", "WX_BUTTON_C", "SHOP_BUTTON")) {
            HttpResponse<String> beacon = visitor.send(visitor.request("/qhtrack/event?event=" + event
                    + "&pv=0123456789abcdef0123456789abcdef").header("Content-Type", "application/x-qhtrack-event")
                    .header("Origin", base.getScheme() + "://" + base.getRawAuthority())
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            assertThat(beacon.statusCode()).as(event).isEqualTo(event.equals("SHOP_BUTTON") ? 403 : 204);
        }

        assertThat(TestAccounts.awaitAccepted(fake, clickId, "CALL_BUTTON").dataIndustry()).isEqualTo("ocpc_zs_convert");
        assertThat(TestAccounts.awaitAccepted(fake, clickId, "WX_BUTTON_C").transId()).matches("[0-9a-f]{32}");
        assertThat(TestAccounts.receivedFor(fake, clickId)).extracting(Fake360.Received::event)
                .as("the demo does not allow SHOP_BUTTON").doesNotContain("SHOP_BUTTON");
    }

    static Stream<Arguments> everyKindOfResponse() {
        return Stream.of(
                Arguments.of("GET", "/", 200),
                Arguments.of("GET", "/qhtrack.js", 200),
                Arguments.of("POST", "/qhtrack/capture?qhclickid=1234567890123456", 204),
                Arguments.of("POST", "/qhtrack/capture?qhclickid=1234567890123456&no-guard-header", 403),
                Arguments.of("GET", "/qhtrack/capture", 405),
                Arguments.of("POST", "/qhtrack/event?event=CALL_BUTTON", 403),
                Arguments.of("GET", "/healthz", 200),
                Arguments.of("GET", "/assets/site.css", 200),
                Arguments.of("GET", "/spa/", 200),
                Arguments.of("GET", "/demo/status.json", 200),
                Arguments.of("GET", "/no-such-page", 404),
                Arguments.of("POST", "/order", 400),
                Arguments.of("DELETE", "/lead", 405));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyKindOfResponse")
    void everyResponseCarriesTheSecurityHeaders(String method, String path, int status) {
        Visitor visitor = new Visitor(base, Visitor.DESKTOP);
        HttpRequest.Builder request = visitor.request(path).method(method, HttpRequest.BodyPublishers.noBody());
        if (path.startsWith("/qhtrack/capture") && !path.contains("no-guard-header")) {
            request.header("X-Qhtrack-Capture", "1");
        }

        HttpResponse<String> response = visitor.send(request.build());

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("script-src 'self'").doesNotContain("unsafe-inline").contains("frame-ancestors 'none'"));
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
        if (status >= 400) {
            assertThat(response.body()).as("the site's own error page, no container banner").doesNotContain("Jetty")
                    .doesNotContain("Tomcat").doesNotContain("Exception");
        }
    }

    @Test
    void staticAssetsAreServedWithTheirTypes() {
        Visitor visitor = new Visitor(base, Visitor.DESKTOP);
        HttpResponse<String> css = visitor.get("/assets/site.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/css"));
        assertThat(visitor.get("/spa/app.js").statusCode()).isEqualTo(200);
        assertThat(visitor.get("/no-such-page").statusCode()).isEqualTo(404);
    }

    static String digits(int n) {
        StringBuilder sb = new StringBuilder(n).append(1 + ThreadLocalRandom.current().nextInt(9));
        while (sb.length() < n) {
            sb.append(ThreadLocalRandom.current().nextInt(10));
        }
        return sb.toString();
    }

    static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
