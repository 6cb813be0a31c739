package io.qhtrack.filter;

import io.qhtrack.containers.ServletContainer;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Event;
import io.qhtrack.filter.webapp.Shop;
import io.qhtrack.testkit.Fake360;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What tracker-filter-javax must do on a javax.servlet container, deployed as a WAR would be (see
 * {@link TestWebApp}) and driven over real HTTP on loopback by a client that carries cookies like a browser, with
 * the tracker reporting to a {@link Fake360} that checks every upload as 360 would. Each container's test class
 * says which container.
 */
abstract class WebAppContract {

    static final String CONTEXT_PATH = "/shop";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String PC_UA =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36";

    @TempDir
    Path work;

    ServletContainer container;
    private Fake360 fake;
    private HttpClient browser;
    private URI base;

    /** A new, stopped container. */
    abstract ServletContainer container();

    /** The Servlet API version the container implements, as {@code ServletContext} reports it. */
    abstract String servletApiVersion();

    @BeforeEach
    void start() throws Exception {
        fake = Fake360.builder()
                .credentials("sk", "ss", "ocpc_ps_convert", "ocpc_ms_convert")
                .credentials("dk", "ds", "ocpc_zs_convert").jzqs("dk", "8888")
                .start();
        // the configuration contract as context-params, from which TrackerListener starts the tracker
        Map<String, String> params = new LinkedHashMap<>();
        params.put("qhtrack.endpoint", fake.endpoint().toString());
        params.put("qhtrack.search.key", "sk");
        params.put("qhtrack.search.secret", "ss");
        params.put("qhtrack.display.key", "dk");
        params.put("qhtrack.display.secret", "ds");
        params.put("qhtrack.display.jzqs", "8888");
        params.put("qhtrack.triggers", "POST /lead=SUBMIT, POST /signup/*=SUBMIT, POST /slow/*=SUBMIT");
        params.put("qhtrack.browser-events", "CALL_BUTTON,WX_BUTTON_C");
        container = container();
        int port = container.deploy(TestWebApp.write(work.resolve("webapp"), params), CONTEXT_PATH, work);
        base = URI.create("http://127.0.0.1:" + port + CONTEXT_PATH);
        browser = HttpClient.newBuilder()
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(WAIT)
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            container.stop();
        } finally {
            fake.close();
        }
    }

    // --- registration by the jar alone -------------------------------------------------------------------------

    @Test
    void theJarInWebInfLibRegistersBothFiltersAndTheTrackerListener() throws Exception {
        HttpResponse<String> status = get("/status");

        assertThat(status.statusCode()).isEqualTo(200);
        // the application's own two filters come from its web.xml
        assertThat(status.body()).contains("filters=[encoding-GBK, encoding-UTF-8, "
                + ClickIdCaptureInitializer.FILTER_NAME + ", " + ClickIdCaptureInitializer.TRIGGER_FILTER_NAME + "]\n",
                "tracker=true\n");
        assertThat(status.body()).containsPattern("filter-jar=\\S*/WEB-INF/lib/" + TestWebApp.JAR_NAME + "\n");
    }

    @Test
    void theContainerImplementsTheServletApiVersionThisTestIsAbout() throws Exception {
        assertThat(get("/status").body()).endsWith("servlet-api=" + servletApiVersion());
    }

    // --- capture -----------------------------------------------------------------------------------------------

    @Test
    void aLandingWritesTheClickCookieWithItsSameSiteAttribute() throws Exception {
        HttpResponse<String> landing = get("/?utm=x&qhclickid=9356596331006111412");

        assertThat(landing.statusCode()).isEqualTo(200);
        assertThat(landing.headers().allValues("Set-Cookie")).hasSize(1);
        String header = landing.headers().firstValue("Set-Cookie").orElseThrow();
        Matcher cookie = Pattern.compile("qhtrack_click=q1:ps:\\d{10}:9356596331006111412; Max-Age=(\\d+); "
                + "Expires=\\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT; Path=/; HttpOnly; SameSite=Lax")
                .matcher(header);
        assertThat(cookie.matches()).as(header).isTrue();
        // 30 days from the capture time, which is whole seconds: a second less once the clock has moved on
        assertThat(Long.parseLong(cookie.group(1))).isBetween(2592000L - 1, 2592000L);
        assertThat(landing.body()).isEqualTo("click=ps:9356596331006111412");
    }

    @Test
    void theBrowserCarriesTheCookieToTheNextRequest() throws Exception {
        get("/?qhclickid=1111222233334444");

        HttpResponse<String> next = get("/products");

        assertThat(next.body()).isEqualTo("click=ps:1111222233334444");
        assertThat(next.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void theBrowserScriptIsServedBelowTheContextPath() throws Exception {
        HttpResponse<String> script = get("/qhtrack.js");

        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type.replace(" ", "").toLowerCase()).isEqualTo("text/javascript;charset=utf-8"));
        assertThat(script.headers().firstValue("ETag")).isPresent();
        assertThat(script.body()).contains(CONTEXT_PATH + "/qhtrack/capture");
    }

    @Test
    void theCaptureEndpointRemembersAClickTheScriptFoundInTheFragment() throws Exception {
        HttpResponse<String> capture = send(request("/qhtrack/capture?sourceid=abcdefghijkl")
                .header("X-Qhtrack-Capture", "1").POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(capture.statusCode()).isEqualTo(204);
        assertThat(capture.headers().allValues("Set-Cookie")).singleElement().asString()
                .startsWith("qhtrack_click=q1:zs:").contains("; SameSite=Lax");
        assertThat(get("/").body()).isEqualTo("click=zs:abcdefghijkl");
    }

    @Test
    void theCaptureEndpointRefusesARequestWithoutItsHeader() throws Exception {
        HttpResponse<String> capture = send(request("/qhtrack/capture?qhclickid=FORGED1")
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(capture.statusCode()).isEqualTo(403);
        assertThat(capture.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(get("/").body()).isEqualTo("click=none");
    }

    @Test
    void theResponseThatSetsTheClickIsPrivate() throws Exception {
        HttpResponse<String> landing = get("/?qhclickid=1212121212121212");

        assertThat(landing.headers().allValues("Cache-Control")).containsExactly("private");
    }

    @Test
    void aFormPostedFromALandingPageTheApplicationNeverSawIsCapturedFromItsReferer() throws Exception {
        HttpResponse<String> lead = send(request("/lead")
                .header("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
                .header("Referer", base + "/static/landing.html?qhclickid=3434343434343434")
                .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8") // a page navigation, as browsers post
                .POST(HttpRequest.BodyPublishers.ofString("name=Zhou&phone=136")));

        assertThat(lead.body()).isEqualTo("thanks Zhou");
        assertThat(fake.awaitAccepted(1, WAIT).get(0).clickId()).isEqualTo("3434343434343434");
    }

    @Test
    void aRefererOfAnotherSiteIsNotCaptured() throws Exception {
        HttpResponse<String> page = send(request("/").header("Referer", "http://evil.example/?qhclickid=5656565656")
                .header("Accept", "text/html").GET());

        assertThat(page.body()).isEqualTo("click=none");
        assertThat(page.headers().allValues("Set-Cookie")).isEmpty();
    }

    // --- browser events ----------------------------------------------------------------------------------------

    private static final String PAGE_VIEW = "0123456789abcdef0123456789abcdef";

    private HttpRequest.Builder beacon(String query) {
        return request("/qhtrack/event?" + query).header("Content-Type", "application/x-qhtrack-event")
                .header("Origin", "http://127.0.0.1:" + base.getPort()).POST(HttpRequest.BodyPublishers.noBody());
    }

    @Test
    void theScriptCarriesTheAllowedBrowserEvents() throws Exception {
        assertThat(get("/qhtrack.js").body()).contains("eventUrl = \"" + CONTEXT_PATH + "/qhtrack/event\"")
                .contains("events = {\"CALL_BUTTON\": 1, \"WX_BUTTON_C\": 1}");
    }

    @Test
    void aBrowserEventBeaconIsReportedForTheVisitorsClick() throws Exception {
        get("/?sourceid=beaconbeacon");

        assertThat(send(beacon("event=CALL_BUTTON&pv=" + PAGE_VIEW)).statusCode()).isEqualTo(204);
        assertThat(send(beacon("event=CALL_BUTTON&pv=" + PAGE_VIEW)).statusCode()).as("again").isEqualTo(204);

        var call = fake.awaitAccepted(1, WAIT).get(0);
        assertThat(call.event()).isEqualTo("CALL_BUTTON");
        assertThat(call.clickId()).isEqualTo("beaconbeacon");
        assertThat(call.transId()).as("display: from the page view and the event").matches("[0-9a-f]{32}");
        assertThat(send(beacon("event=WX_BUTTON_C&pv=" + PAGE_VIEW)).statusCode()).isEqualTo(204);
        assertThat(fake.awaitAccepted(2, WAIT)).extracting(u -> u.event()).as("the repeated beacon was a duplicate")
                .containsExactlyInAnyOrder("CALL_BUTTON", "WX_BUTTON_C");
        assertThat(fake.received()).hasSize(2);
    }

    @Test
    void forgedBeaconsAreRefusedAndSendNothing() throws Exception {
        get("/?qhclickid=7878787878787878");

        assertThat(send(request("/qhtrack/event?event=CALL_BUTTON&pv=" + PAGE_VIEW)
                .header("Content-Type", "text/plain").header("Origin", "http://127.0.0.1:" + base.getPort())
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).as("no guard content type").isEqualTo(403);
        assertThat(send(beacon("event=CALL_BUTTON&pv=" + PAGE_VIEW).setHeader("Origin", "http://evil.example"))
                .statusCode()).as("another origin").isEqualTo(403);
        assertThat(send(beacon("event=CALL_BUTTON&pv=" + PAGE_VIEW).header("Origin", "http://evil.example"))
                .statusCode()).as("this origin and another").isEqualTo(403);
        assertThat(send(beacon("event=SHOP_BUTTON&pv=" + PAGE_VIEW)).statusCode()).as("not allowed").isEqualTo(403);
        assertThat(send(beacon("event=CALL_BUTTON&pv=" + PAGE_VIEW + "&value=2345")).statusCode()).as("an amount")
                .isEqualTo(400);

        post("/call");
        assertThat(fake.awaitAccepted(1, WAIT)).extracting(u -> u.event()).containsExactly("CALL");
        assertThat(fake.received()).hasSize(1);
    }

    // --- reporting ---------------------------------------------------------------------------------------------

    @Test
    void theSameFormPostedToAnotherQueryStringIsOneConversion() throws Exception {
        get("/?qhclickid=9090909090909090");

        post("/lead?utm=a", "name", "Wu", "phone", "135");
        post("/lead?utm=b&name=other", "name", "Wu", "phone", "135");
        post("/call");

        assertThat(fake.awaitAccepted(2, WAIT)).extracting(u -> u.event()).containsExactlyInAnyOrder("SUBMIT", "CALL");
        assertThat(fake.received()).hasSize(2);
    }
    // --- reporting ---------------------------------------------------------------------------------------------

    @Test
    void aConfiguredTriggerReportsTheLeadFormToFake360() throws Exception {
        get("/?qhclickid=5555666677778888");

        HttpResponse<String> lead = post("/lead", "name", "张三", "phone", "13800000000");

        assertThat(lead.body()).isEqualTo("thanks 张三");
        var upload = fake.awaitAccepted(1, WAIT).get(0);
        assertThat(upload.event()).isEqualTo("SUBMIT");
        assertThat(upload.dataIndustry()).isEqualTo("ocpc_ps_convert");
        assertThat(upload.clickId()).isEqualTo("5555666677778888");
        assertThat(upload.transId()).isNotBlank();
    }

    @Test
    void aFailedSubmissionReportsNothing() throws Exception {
        get("/?qhclickid=5555666677779999");

        assertThat(post("/lead", "name", "no phone").statusCode()).isEqualTo(400);
        post("/call");

        assertThat(fake.awaitAccepted(1, WAIT)).extracting(u -> u.event()).containsExactly("CALL");
        assertThat(fake.received()).hasSize(1);
    }

    @Test
    void anAnnotatedServletReportsItsEvent() throws Exception {
        get("/?qhclickid=1111222233336666");

        assertThat(post("/call").statusCode()).isEqualTo(204);

        var call = fake.awaitAccepted(1, WAIT).get(0);
        assertThat(call.event()).isEqualTo("CALL");
        assertThat(call.clickId()).isEqualTo("1111222233336666");
    }

    @Test
    void anOrderReportedInCodeReachesFake360WithTheServersPrice() throws Exception {
        get("/?qhclickid=1111222233337777");

        assertThat(post("/order", "orderId", "A-1001", "amount", "0.01").body()).isEqualTo("QUEUED");

        var order = fake.awaitAccepted(1, WAIT).get(0);
        assertThat(order.event()).isEqualTo("ORDER");
        assertThat(order.transId()).isEqualTo(md5("A-1001"));
        assertThat(order.json().path("data").path("data_detail").path("event_param").path("value").asLong())
                .isEqualTo(2345);
    }

    @Test
    void aLeadAndAnyOtherEventReportedInCodeReachFake360() throws Exception {
        get("/?qhclickid=1111222233338888");

        assertThat(post("/contact", "name", "李四", "phone", "13900000000").body()).isEqualTo("QUEUED");
        assertThat(post("/wechat").body()).isEqualTo("QUEUED");

        assertThat(fake.awaitAccepted(2, WAIT)).extracting(u -> u.event())
                .containsExactlyInAnyOrder("SUBMIT", "WX_BUTTON_C");
        assertThat(fake.rejected()).isEmpty();
    }

    @Test
    void aDisplayClickIsReportedOnTheDisplayLineWithJzqs() throws Exception {
        get("/?sourceid=zyxwvutsrqpo");

        post("/lead", "name", "王五", "phone", "13700000000");

        var lead = fake.awaitAccepted(1, WAIT).get(0);
        assertThat(lead.dataIndustry()).isEqualTo("ocpc_zs_convert");
        assertThat(lead.clickId()).isEqualTo("zyxwvutsrqpo");
        assertThat(lead.json().path("data").path("data_detail").path("jzqs").asText()).isEqualTo("8888");
    }

    @Test
    void aVisitorWithoutAClickOrdersNormallyAndNothingIsSent() throws Exception {
        assertThat(post("/order", "orderId", "E-1").body()).isEqualTo("NOT_ATTRIBUTED");
        assertThat(post("/lead", "name", "x", "phone", "1").statusCode()).isEqualTo(200);

        assertThat(fake.received()).isEmpty();
    }

    // --- issue 19: the application decodes its form first; the visitor sees success only once it is durable ---------

    /** A form as a browser posts it from a page in {@code charset}: percent-encoded in it, no charset named. */
    private HttpResponse<String> postWithoutCharset(String path, String charset, String name) throws Exception {
        String body = "name=" + URLEncoder.encode(name, charset) + "&phone=13800138000";
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.US_ASCII)));
    }

    private void assertTheApplicationsEncodingDecidesTheFieldsAndTheTransId(String charset) throws Exception {
        get("/?qhclickid=4545454545454545");

        HttpResponse<String> answer = postWithoutCharset("/signup/" + charset, charset, "张三");

        assertThat(answer.body()).isEqualTo("thanks 张三");
        Map<String, List<String>> fields = new LinkedHashMap<>();
        fields.put("name", List.of("张三"));
        fields.put("phone", List.of("13800138000"));
        assertThat(fake.awaitAccepted(1, WAIT).get(0).transId()).isEqualTo(Conversion.builder(Event.SUBMIT)
                .transIdFromForm(fields).build().transId().orElseThrow());
    }

    @Test
    void aUtf8FormPostedWithoutACharsetIsDecodedByTheApplicationsEncodingFilterForTheHandlerAndTheTransId()
            throws Exception {
        assertTheApplicationsEncodingDecidesTheFieldsAndTheTransId("UTF-8");
    }

    @Test
    void aGbkFormPostedWithoutACharsetIsDecodedByTheApplicationsEncodingFilterForTheHandlerAndTheTransId()
            throws Exception {
        assertTheApplicationsEncodingDecidesTheFieldsAndTheTransId("GBK");
    }

    /**
     * The visitor receives the start of the answer (the handler flushed, or wrote more than the buffer) while the
     * handler still waits: by then the conversion must be in the outbox. Then the handler finishes.
     */
    private void assertTheAnswerStartsOnlyOnceTheConversionIsInTheOutbox(String way, String start) throws Exception {
        get("/?qhclickid=4646464646464646");
        HttpResponse<java.io.InputStream> answer = browser.sendAsync(request("/slow/" + way)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("name=Wu&phone=135")).build(),
                HttpResponse.BodyHandlers.ofInputStream()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        String inTheOutbox;
        try {
            assertThat(answer.statusCode()).isEqualTo(200);
            inTheOutbox = get("/outbox").body();
        } finally {
            get("/release");
        }
        try (java.io.InputStream body = answer.body()) {
            assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).startsWith(start)
                    .endsWith(" and done");
        }
        assertThat(inTheOutbox).as("conversions in the outbox when the answer started").isEqualTo("1");
    }

    @Test
    void aTriggeredAnswerThatFlushesEarlyStartsOnlyOnceTheConversionIsInTheOutbox() throws Exception {
        assertTheAnswerStartsOnlyOnceTheConversionIsInTheOutbox("flush", "accepted");
    }

    @Test
    void aTriggeredAnswerLargerThanTheBufferStartsOnlyOnceTheConversionIsInTheOutbox() throws Exception {
        assertTheAnswerStartsOnlyOnceTheConversionIsInTheOutbox("big", "x".repeat(Shop.Slow.BIG));
    }

    // --- HTTP ----------------------------------------------------------------------------------------------------

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(WAIT).header("User-Agent", PC_UA);
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return send(request(pathAndQuery).GET());
    }

    private HttpResponse<String> post(String path, String... fields) throws IOException, InterruptedException {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < fields.length; i += 2) {
            form.append(form.length() == 0 ? "" : "&").append(fields[i]).append('=')
                    .append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        return send(request(path)
                .header("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return browser.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String md5(String s) throws Exception {
        byte[] d = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
        return String.format("%032x", new BigInteger(1, d));
    }
}
