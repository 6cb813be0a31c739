package io.qhtrack.filter;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Baidu's and Tencent's clicks captured by the same filter as 360's, over real HTTP on Jetty with cookies carried from
 * one request to the next: which parameter wins, the landing URL kept, last click wins across platforms, and
 * {@code qhtrack.attribution=all-platforms}.
 */
class PlatformCaptureTest {

    private static final long T0 = TestServer.START.getEpochSecond();

    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private TestServer start(String... initParams) throws Exception {
        TestServer.Builder builder = TestServer.builder().platforms(TestPlatforms.enabled());
        for (int i = 0; i < initParams.length; i += 2) {
            builder.initParam(initParams[i], initParams[i + 1]);
        }
        server = builder.start();
        return server;
    }

    private String origin() {
        return "http://127.0.0.1:" + server.port();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // landing query                              | the click                     | its landing URL's query
        "utm_source=baidu&bd_vid=BdVid2025abc&page=2  | baidu:default:BdVid2025abc    | utm_source=baidu&bd_vid=BdVid2025abc&page=2",
        "gdt_vid=wx0abcdef123456&utm=1                | tencent:default:wx0abcdef123456 | gdt_vid=wx0abcdef123456&utm=1",
        "qz_gdt=qz0abcdef123456                       | tencent:default:qz0abcdef123456 | qz_gdt=qz0abcdef123456",
        "qz_gdt=QZ1&gdt_vid=GDT1                      | tencent:default:GDT1          | qz_gdt=QZ1&gdt_vid=GDT1",
        "gdt_vid=GDT1&qz_gdt=QZ1                      | tencent:default:GDT1          | gdt_vid=GDT1&qz_gdt=QZ1",
    })
    void aBaiduOrTencentLandingIsCapturedWithItsLandingUrl(String query, String click, String landingQuery)
            throws Exception {
        start();

        HttpResponse<String> landing = server.get("/landing?" + query);

        assertThat(landing.body()).isEqualTo("click=" + click + ":" + T0);
        String url = origin() + "/landing?" + landingQuery;
        assertThat(server.clicks()).isEqualTo(click + ":" + T0 + " " + url + "\n");
        String[] parts = click.split(":");
        assertThat(TestServer.setCookies(landing)).singleElement().asString().startsWith("qhtrack_click=q3:|"
                + parts[0] + ":default:default:" + T0 + ":" + parts[2] + ":" + url + ";");
    }

    @Test
    void aBaiduIdBeforeA360IdOnOneUrlIsThe360Click() throws Exception {
        start();

        assertThat(server.get("/landing?bd_vid=B1&qhclickid=Q1").body()).isEqualTo("click=ps:Q1:" + T0);
        assertThat(server.get("/landing?qhclickid=Q2&bd_vid=B2").body()).isEqualTo("click=baidu:default:B2:" + T0);
    }

    @Test
    void aPlatformThatIsNotEnabledIsNotCapturedAndTheClickIsKept() throws Exception {
        server = TestServer.builder().platforms(TestPlatforms.notConfigured()).start();
        server.get("/landing?qhclickid=Q1");

        HttpResponse<String> baidu = server.get("/landing?bd_vid=B1");
        HttpResponse<String> tencent = server.get("/landing?gdt_vid=G1&qz_gdt=Z1");

        assertThat(baidu.body()).isEqualTo("click=ps:Q1:" + T0);
        assertThat(TestServer.setCookies(baidu)).isEmpty();
        assertThat(TestServer.setCookies(tencent)).isEmpty();
        assertThat(server.click()).isEqualTo("click=ps:Q1:" + T0);
    }

    @Test
    void withoutPlatformsOnTheClassPathOnly360IsCaptured() throws Exception {
        server = TestServer.start(); // the ServiceLoader finds no platform: Baidu and Tencent are not registered

        assertThat(server.get("/landing?bd_vid=B1").body()).isEqualTo("click=none");
        assertThat(server.get("/landing?qhclickid=Q1").body()).isEqualTo("click=ps:Q1:" + T0);
    }

    @Test
    void theLastClickWinsAcrossPlatforms() throws Exception {
        start();
        server.get("/landing?bd_vid=B1");
        server.clock.advance(Duration.ofMinutes(5));

        server.get("/landing?qhclickid=Q1");

        assertThat(server.click()).isEqualTo("click=ps:Q1:" + (T0 + 300));
        assertThat(server.clicks()).isEqualTo("ps:Q1:" + (T0 + 300) + " -\n");
        server.clock.advance(Duration.ofMinutes(5));
        server.get("/landing?gdt_vid=G1");
        assertThat(server.clicks()).startsWith("tencent:default:G1:" + (T0 + 600) + " ").hasLineCount(1);
    }

    @Test
    void withAllPlatformsTheNewestClickOfEachPlatformIsKept() throws Exception {
        start("qhtrack.attribution", "all-platforms");
        server.get("/landing?bd_vid=B1");
        server.clock.advance(Duration.ofMinutes(5));
        server.get("/landing?qhclickid=Q1");
        server.clock.advance(Duration.ofMinutes(5));

        assertThat(server.click()).isEqualTo("click=ps:Q1:" + (T0 + 300));
        assertThat(server.clicks()).isEqualTo("ps:Q1:" + (T0 + 300) + " -\n"
                + "baidu:default:B1:" + T0 + " " + origin() + "/landing?bd_vid=B1\n");

        server.get("/landing?bd_vid=B2"); // Baidu's newer click replaces Baidu's older one, and is now the latest
        assertThat(server.clicks()).isEqualTo("baidu:default:B2:" + (T0 + 600) + " " + origin()
                + "/landing?bd_vid=B2\n" + "ps:Q1:" + (T0 + 300) + " -\n");
    }

    @Test
    void withAllPlatformsEachClickLastsItsOwnWindow() throws Exception {
        start("qhtrack.attribution", "all-platforms", "qhtrack.cookie.max-age", "P30D");
        server.get("/landing?bd_vid=B1");
        server.clock.advance(Duration.ofDays(20));
        server.get("/landing?gdt_vid=G1");

        server.clock.advance(Duration.ofDays(11)); // Baidu's click is 31 days old, Tencent's 11

        assertThat(server.clicks()).startsWith("tencent:default:G1:").hasLineCount(1);
    }

    @Test
    void withAllPlatformsARefererOfAClickStillKeptDoesNotMakeItTheLatestAgain() throws Exception {
        start("qhtrack.attribution", "all-platforms");
        server.get("/landing?bd_vid=B1");
        server.get("/landing?qhclickid=Q1");

        server.get("/lead", "Referer", origin() + "/cdn/landing.html?bd_vid=B1", "Sec-Fetch-Dest", "document");

        assertThat(server.click()).isEqualTo("click=ps:Q1:" + T0);
        server.get("/landing?bd_vid=B1"); // the landing URL itself again: the visitor came back from that ad
        assertThat(server.click()).isEqualTo("click=baidu:default:B1:" + T0);
    }

    @Test
    void switchingBackToLastClickReadsOnlyTheLatestOfACookieWrittenForAllPlatforms() throws Exception {
        start("qhtrack.attribution", "all-platforms");
        server.get("/landing?bd_vid=B1");
        server.get("/landing?qhclickid=Q1");
        List<java.net.HttpCookie> cookies = server.cookies.getCookieStore().getCookies();
        server.close();

        server = TestServer.builder().platforms(TestPlatforms.enabled()).start();
        cookies.forEach(c -> server.cookies.getCookieStore().add(server.uri("/"), c));

        assertThat(server.clicks()).isEqualTo("ps:Q1:" + T0 + " -\n");
    }

    @Test
    void theLandingUrlHasNoFragmentAndNoSessionId() throws Exception {
        start();

        server.get("/landing;jsessionid=0123ABCD?bd_vid=B1");

        assertThat(server.clicks()).isEqualTo("baidu:default:B1:" + T0 + " " + origin() + "/landing?bd_vid=B1\n");
    }

    @Test
    void dropParamsLeavesPersonalParametersOutOfTheLandingUrl() throws Exception {
        start("qhtrack.landing-url.drop-params", "phone, EMAIL");

        server.get("/landing?phone=13800000000&bd_vid=B1&email=a%40b.cn&utm=1");

        assertThat(server.clicks()).isEqualTo("baidu:default:B1:" + T0 + " " + origin() + "/landing?bd_vid=B1&utm=1\n");
    }

    @Test
    void aLongLandingUrlIsTrimmedAndKeepsTheClickParameter() throws Exception {
        start();
        String before = IntStream.range(0, 30).mapToObj(i -> "k" + i + "=" + "v".repeat(20))
                .collect(Collectors.joining("&"));
        String after = IntStream.range(30, 60).mapToObj(i -> "k" + i + "=" + "v".repeat(20))
                .collect(Collectors.joining("&"));

        server.get("/landing?" + before + "&gdt_vid=G1&" + after);

        String kept = server.clicks().split(" ")[1].trim();
        assertThat(kept).hasSizeLessThanOrEqualTo(1024).startsWith(origin() + "/landing?" + before + "&gdt_vid=G1&k30=");
        assertThat(kept).doesNotContain("k59=");
    }

    @Test
    void behindATrustedProxyTheLandingUrlIsThePublicOne() throws Exception {
        start("qhtrack.trusted-proxies", "127.0.0.1", "qhtrack.cookie.secure", "false"); // the test's client is on http

        server.get("/landing?bd_vid=B1", "X-Forwarded-Host", "www.shop.example", "X-Forwarded-Proto", "https");

        assertThat(server.clicks()).isEqualTo("baidu:default:B1:" + T0 + " https://www.shop.example/landing?bd_vid=B1\n");
    }

    @Test
    void forwardingHeadersFromAnUntrustedPeerChangeNothing() throws Exception {
        start();

        server.get("/landing?bd_vid=B1", "X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "https",
                "Forwarded", "host=evil.example;proto=https");

        assertThat(server.clicks()).isEqualTo("baidu:default:B1:" + T0 + " " + origin() + "/landing?bd_vid=B1\n");
    }

    @Test
    void aRefererClickKeepsTheRefererAsItsLandingUrl() throws Exception {
        start();

        server.get("/lead", "Referer", origin() + "/cdn/landing.html?utm=1&qz_gdt=QZ9#top", "Sec-Fetch-Dest",
                "document");

        assertThat(server.clicks()).isEqualTo("tencent:default:QZ9:" + T0 + " " + origin()
                + "/cdn/landing.html?utm=1&qz_gdt=QZ9\n");
    }

    @Test
    void theCaptureEndpointBuildsTheLandingUrlFromThePageWithTheIdOfItsFragmentInTheQuery() throws Exception {
        start();

        HttpResponse<String> captured = server.post("/qhtrack/capture?bd_vid=B1", new byte[0], "X-Qhtrack-Capture",
                "1", "X-Qhtrack-Page", origin() + "/app?utm=1");

        assertThat(captured.statusCode()).isEqualTo(204);
        assertThat(server.clicks()).isEqualTo("baidu:default:B1:" + T0 + " " + origin() + "/app?utm=1&bd_vid=B1\n");
    }

    @Test
    void aPageOfAnotherSiteIsNotBelievedTheRefererThenThisSitesRootAnswer() throws Exception {
        start();

        server.post("/qhtrack/capture?bd_vid=B1", new byte[0], "X-Qhtrack-Capture", "1", "X-Qhtrack-Page",
                "https://evil.example/app?x=1", "Referer", origin() + "/spa/?from=ad");
        assertThat(server.clicks()).isEqualTo("baidu:default:B1:" + T0 + " " + origin() + "/spa/?from=ad&bd_vid=B1\n");

        server.post("/qhtrack/capture?gdt_vid=G1", new byte[0], "X-Qhtrack-Capture", "1", "X-Qhtrack-Page",
                "https://evil.example/app?x=1", "Referer", "https://evil.example/");
        assertThat(server.clicks()).isEqualTo("tencent:default:G1:" + T0 + " " + origin() + "/?gdt_vid=G1\n");
    }

    @Test
    void anOverlongPageUrlIsNotReadTheRefererIs() throws Exception {
        start();

        server.post("/qhtrack/capture?bd_vid=B1", new byte[0], "X-Qhtrack-Capture", "1", "X-Qhtrack-Page",
                origin() + "/app?pad=" + "p".repeat(BrowserScript.MAX_PAGE_URL_LENGTH), "Referer", origin() + "/app");

        assertThat(server.clicks()).isEqualTo("baidu:default:B1:" + T0 + " " + origin() + "/app?bd_vid=B1\n");
    }

    @Test
    void theScriptLooksForEveryEnabledPlatformsParameters() throws Exception {
        start();

        String script = server.get("/qhtrack.js").body();

        assertThat(script).contains("names = {\"qhclickid\": 1, \"sourceid\": 1, \"impression_id\": 1, "
                + "\"bd_vid\": 1, \"gdt_vid\": 1, \"qz_gdt\": 1}").doesNotContain("@NAMES@", "@PAGE_HEADER@");
    }

    @Test
    void theScriptHandsAnIdOfTheFragmentAndThePageToTheServer(@TempDir Path dir) throws Exception {
        start();

        List<String> requests = BrowserCaptureTest.runScript(server, dir, origin(), "/app?utm=1#/form?gdt_vid=G7");

        assertThat(requests).singleElement().asString().isEqualTo("POST /qhtrack/capture?gdt_vid=G7 "
                + "X-Qhtrack-Capture=1;X-Qhtrack-Page=" + origin() + "/app?utm=1 same-origin");
        String page = requests.get(0).split(" ")[2].split(";")[1].substring("X-Qhtrack-Page=".length());
        server.post(requests.get(0).split(" ")[1], new byte[0], "X-Qhtrack-Capture", "1", "X-Qhtrack-Page", page);
        assertThat(server.clicks()).isEqualTo("tencent:default:G7:" + T0 + " " + origin() + "/app?utm=1&gdt_vid=G7\n");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bd_vid", "gdt_vid", "qz_gdt", "bd%5Fvid", "qz_gd%74"})
    void hostileValuesOfTheNewParametersAreNotClicksAndTheClickIsKept(String name) throws Exception {
        start();
        String cookie = "Cookie: " + TestServer.setCookies(server.get("/landing?qhclickid=KEEP1")).get(0).split(";")[0];
        for (String value : List.of("", "a".repeat(129), "%61".repeat(129), "__BD_VID__", "{bd_vid}", "%7Bgdt_vid%7D",
                "%25%25QZ_GDT%25%25", "a%0D%0ASet-Cookie:%20x=1", "a%00b", "%E4%B8%AD", "%EF%BC%91", "a+b", "%zz", "%",
                "%2541", "a%2Fb", "a%20b", "a%7Cb", "a%3Bb", "a%22b")) {
            RawHttp.Response response = server.raw("GET", "/landing?" + name + "=" + value, cookie);

            assertThat(response.status()).as(value).isEqualTo(200);
            assertThat(response.bodyText()).as(value).isEqualTo("click=ps:KEEP1:" + T0);
            assertThat(response.headers("Set-Cookie")).as(value).isEmpty();
        }
        RawHttp.Response macro = server.raw("GET", "/landing?" + name + "=%%GDT_VID%%", cookie);
        assertThat(macro.headers("Set-Cookie")).as("a raw %%X%% macro").isEmpty();
        assertThat(server.click()).isEqualTo("click=ps:KEEP1:" + T0);
    }
}
