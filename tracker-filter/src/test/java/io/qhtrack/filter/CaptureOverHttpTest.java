package io.qhtrack.filter;

import jakarta.servlet.DispatcherType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Capture over real HTTP: embedded Jetty 12, cookies carried from one request to the next. */
class CaptureOverHttpTest {

    static final String PC = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/120.0.0.0 Safari/537.36";
    static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
    static final String ANDROID_360 = "Mozilla/5.0 (Linux; Android 13; V2148A) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/86.0.4240.99 Mobile Safari/537.36 QihooBrowser/5.1.0";
    static final long T0 = TestServer.START.getEpochSecond();

    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "qhclickid,     ps",
        "sourceid,      zs",
        "impression_id, web",
    })
    void capturesEachParameterOnItsLine(String parameter, String line) {
        HttpResponse<String> landing = server.get("/landing?" + parameter + "=AbC123456789", "User-Agent", PC);

        assertThat(landing.statusCode()).isEqualTo(200);
        assertThat(landing.body()).isEqualTo("click=" + line + ":AbC123456789:" + T0);
        assertThat(TestServer.setCookies(landing)).singleElement().asString()
                .startsWith("qhtrack_click=q1:" + line + ":" + T0 + ":AbC123456789;");
        assertThat(server.click()).isEqualTo("click=" + line + ":AbC123456789:" + T0);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "ps | Windows Chrome | " + PC,
        "ms | iPhone Safari  | " + IPHONE,
        "ms | Android 360    | " + ANDROID_360,
        "ps | no browser     | Java-http-client",
    })
    void searchClickIsPcOrMobileByUserAgent(String line, String browser, String userAgent) {
        server.get("/landing?qhclickid=8817632001234567890", "User-Agent", userAgent);

        assertThat(server.click()).isEqualTo("click=" + line + ":8817632001234567890:" + T0);
    }

    @ParameterizedTest(name = "qhtrack.search.device={0}")
    @CsvSource({"mobile, ms", "pc, ps"})
    void searchDeviceCanBeFixedByConfiguration(String device, String line) throws Exception {
        try (TestServer fixed = TestServer.start("qhtrack.search.device", device)) {
            fixed.get("/landing?qhclickid=Q1", "User-Agent", line.equals("ms") ? PC : IPHONE);

            assertThat(fixed.click()).isEqualTo("click=" + line + ":Q1:" + T0);
        }
    }

    /** Advertisers' landing URLs, one or more per append rule of 360's document, section 1. */
    static final List<String> ADVERTISER_URLS = List.of(
            "/landing",                           // neither ? nor #: ?p=… at the end
            "/landing?a=1",                       // ?, no #: &p=… at the end
            "/landing?",                          // ?, nothing after it
            "/landing?a=1&",                      // trailing &
            "/landing?a=%E4%B8%AD%E6%96%87&b=x+y", // encoded Chinese and +
            "/landing?a=1?b=2",                   // two ?s, both before any #
            "/landing?ret=/p%3Fq%3D1&next=/q?r=2", // a ? inside a value
            "/landing?a=1#section",               // ? and #: &p=… before the #
            "/landing?a=1#x#y",                   // ? and two #s: before the first
            "/landing#section",                   // #, no ?: ?p=… before the #
            "/landing#a#b",                       // two #s, no ?
            "/app#/form?x=1",                     // the last ? is in the fragment: the id never reaches the server
            "/app?a=1#/form?x=1",
            "/app?a=1#/form?x=1#top",
            "/#/?");

    static Stream<Arguments> appendedUrls() {
        List<Arguments> cases = new ArrayList<>();
        for (String parameter : List.of("qhclickid", "sourceid", "impression_id")) {
            for (String url : ADVERTISER_URLS) {
                cases.add(Arguments.of(parameter, url, LandingUrls.append360ClickId(url, parameter, "Id2025x01")));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @MethodSource("appendedUrls")
    void everyUrlThe360AppendRulesProduceIsCapturedWhenTheIdReachesTheServer(String parameter, String advertiserUrl,
            String landingUrl) {
        boolean inFragment = advertiserUrl.startsWith("/app") || advertiserUrl.startsWith("/#");
        assertThat(LandingUrls.reachesServer(landingUrl, parameter)).isEqualTo(!inFragment);

        int hash = landingUrl.indexOf('#');
        HttpResponse<String> response = server.get(hash < 0 ? landingUrl : landingUrl.substring(0, hash));

        assertThat(response.statusCode()).isEqualTo(200);
        String line = parameter.equals("qhclickid") ? "ps" : parameter.equals("sourceid") ? "zs" : "web";
        assertThat(response.body()).isEqualTo(inFragment ? "click=none" : "click=" + line + ":Id2025x01:" + T0);
        // the fragment cases are BrowserCaptureTest's
    }

    @Test
    void mobilePromotionMacroReplacedBy360IsCaptured() {
        String advertiserUrl = "/landing?from=360&impression_id=__impression_id__&utm=x";

        server.get(advertiserUrl.replace("__impression_id__", "imp0123456789"));

        assertThat(server.click()).isEqualTo("click=web:imp0123456789:" + T0);
    }

    @Test
    void unreplacedMacroIsIgnoredAndThePreviousClickKept() {
        server.get("/landing?qhclickid=FIRST1");
        server.clock.advance(Duration.ofMinutes(5));

        HttpResponse<String> preview = server.get("/landing?a=1&impression_id=__impression_id__");

        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(TestServer.setCookies(preview)).isEmpty();
        assertThat(preview.body()).isEqualTo("click=ps:FIRST1:" + T0);
    }

    @Test
    void lastClickWins() {
        server.get("/landing?qhclickid=SEARCH1");
        server.clock.advance(Duration.ofDays(2));

        HttpResponse<String> second = server.get("/landing?sourceid=DISPLAY00001");

        assertThat(TestServer.setCookies(second)).singleElement().asString()
                .startsWith("qhtrack_click=q2:zs:" + (T0 + 2 * 86400) + ":DISPLAY00001:"
                        + StoredClick.fingerprint("SEARCH1") + ";");
        assertThat(server.click()).isEqualTo("click=zs:DISPLAY00001:" + (T0 + 2 * 86400));
    }

    @Test
    void sameClickSeenAgainKeepsItsCaptureTimeAndWritesNoCookie() {
        server.get("/landing?qhclickid=SAME1");
        server.clock.advance(Duration.ofHours(3));

        HttpResponse<String> again = server.get("/landing?qhclickid=SAME1");

        assertThat(TestServer.setCookies(again)).isEmpty();
        assertThat(again.body()).isEqualTo("click=ps:SAME1:" + T0);
    }

    @Test
    void sameIdFromAnotherLineIsANewClick() {
        server.get("/landing?qhclickid=ID1");

        HttpResponse<String> display = server.get("/landing?sourceid=ID1");

        assertThat(TestServer.setCookies(display)).hasSize(1);
        assertThat(display.body()).isEqualTo("click=zs:ID1:" + T0);
    }

    @Test
    void clickOlderThanTheAttributionWindowIsGone() {
        server.get("/landing?qhclickid=OLD1");
        server.clock.advance(Duration.ofDays(30));

        assertThat(server.click()).isEqualTo("click=none");
    }

    @Test
    void repeatedParameterTheLastAcceptableOccurrenceWins() {
        HttpResponse<String> response =
                server.get("/landing?qhclickid=STALE1&x=1&qhclickid=FRESH2&qhclickid=__qhclickid__&sourceid=");

        assertThat(response.body()).isEqualTo("click=ps:FRESH2:" + T0);
    }

    @Test
    void requestWithoutClickParametersGetsNoCookieAndNoSession() throws Exception {
        try (TestServer sessions = TestServer.start("qhtrack.store", "cookie,session")) {
            HttpResponse<String> response = sessions.get("/landing?utm_source=360&page=2&clickid=1&qhclickidx=2");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("click=none");
            assertThat(response.headers().map().keySet()).doesNotContain("set-cookie");
        }
    }

    @Test
    void formPostParametersIncludingChineseAreReadByTheApplication() {
        byte[] body = ("name=" + URLEncoder.encode("张三 (北京) 提交", StandardCharsets.UTF_8) + "&qhclickid=FROMBODY")
                .getBytes(StandardCharsets.US_ASCII);

        HttpResponse<String> response = server.post("/form?qhclickid=FROMQUERY", body,
                "Content-Type", "application/x-www-form-urlencoded;charset=UTF-8");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("name=张三 (北京) 提交\nclick=ps:FROMQUERY:" + T0);
    }

    /**
     * The pitfall of DESIGN.md: a filter that calls {@code getParameter} on a form POST consumes the body, and the
     * application's {@code getInputStream()} finds it empty. Here the application reads every byte.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"UTF-8", "GBK", "GB18030"})
    void formPostBodyReachesTheApplicationByteForByte(String charsetName) {
        Charset charset = Charset.forName(charsetName);
        byte[] body = ("name=" + URLEncoder.encode("张三", charset) + "&note=" + URLEncoder.encode("预约 100% 到店", charset)
                + "&qhclickid=FROMBODY").getBytes(StandardCharsets.US_ASCII);

        HttpResponse<byte[]> response = server.sendBytes(server.request("/raw?qhclickid=FROMQUERY",
                "Content-Type", "application/x-www-form-urlencoded;charset=" + charsetName)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.US_ASCII))
                .isEqualTo(new String(body, StandardCharsets.US_ASCII));
        assertThat(response.headers().allValues("set-cookie")).singleElement().asString()
                .startsWith("qhtrack_click=q1:ps:" + T0 + ":FROMQUERY;");
    }

    @Test
    void clickIdInAFormBodyIsNotCaptured() {
        HttpResponse<String> response = server.post("/form", "name=x&qhclickid=FROMBODY".getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/x-www-form-urlencoded");

        assertThat(response.body()).isEqualTo("name=x\nclick=none");
        assertThat(TestServer.setCookies(response)).isEmpty();
    }

    @Test
    void rawRequestBodyReachesTheApplicationByteForByte() {
        byte[] body = new byte[70_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31);
        }

        HttpResponse<byte[]> response = server.sendBytes(
                server.request("/raw?qhclickid=RAW1", "Content-Type", "application/octet-stream")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build());

        assertThat(response.body()).isEqualTo(body);
        assertThat(response.headers().allValues("set-cookie")).hasSize(1);
    }

    @Test
    void redirectResponseCarriesTheCookie() {
        HttpResponse<String> response = server.get("/redirect?qhclickid=REDIR1");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(TestServer.setCookies(response)).singleElement().asString()
                .startsWith("qhtrack_click=q1:ps:" + T0 + ":REDIR1;");
        assertThat(server.get("/landing").body()).isEqualTo("click=ps:REDIR1:" + T0);
    }

    @Test
    void streamedResponseCarriesTheCookie() {
        HttpResponse<String> response = server.get("/stream?sourceid=STREAM000001");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).hasSize(65536);
        assertThat(TestServer.setCookies(response)).singleElement().asString()
                .startsWith("qhtrack_click=q1:zs:" + T0 + ":STREAM000001;");
    }

    @Test
    void forwardDispatchIsNotCapturedEvenWhenMappedForIt() throws Exception {
        try (TestServer forwarding = TestServer.builder()
                .dispatchers(EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD)).start()) {
            HttpResponse<String> response = forwarding.get("/forward", "X-Forward-Id", "FWD1");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("click=none");
            assertThat(TestServer.setCookies(response)).isEmpty();
        }
    }

    @Test
    void worksUnderAContextPath() throws Exception {
        try (TestServer shop = TestServer.builder().contextPath("/shop").start()) {
            HttpResponse<String> response = shop.get("/landing?qhclickid=CTX1");

            assertThat(TestServer.setCookies(response)).singleElement().asString().contains("; Path=/;");
            assertThat(shop.click()).isEqualTo("click=ps:CTX1:" + T0);
        }
    }
}
