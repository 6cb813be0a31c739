package io.qhtrack.filter;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The browser script and its capture endpoint, for ids that land in the URL fragment of single-page apps. */
class BrowserCaptureTest {

    private static final long T0 = TestServer.START.getEpochSecond();
    private static final String[] CAPTURE_HEADERS = {"X-Qhtrack-Capture", "1"};

    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void scriptIsServedCacheableWithTheCaptureEndpointFilledIn() {
        HttpResponse<String> script = server.get("/qhtrack.js");

        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript;charset=utf-8");
        assertThat(script.headers().firstValue("Cache-Control")).hasValue("public, max-age=86400");
        assertThat(script.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(script.headers().firstValue("ETag")).hasValueSatisfying(e -> assertThat(e).matches("\"[0-9a-f]{16}\""));
        assertThat(script.body()).contains("var endpoint = \"/qhtrack/capture\"").doesNotContain("@CAPTURE_URL@");
        assertThat(script.body().getBytes(StandardCharsets.UTF_8).length).isLessThan(6 * 1024);
        assertThat(TestServer.setCookies(script)).isEmpty();
    }

    @Test
    void scriptAnswersNotModifiedToItsETag() {
        String etag = server.get("/qhtrack.js").headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = server.get("/qhtrack.js", "If-None-Match", etag);

        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void scriptRefusesOtherMethods() {
        HttpResponse<String> post = server.post("/qhtrack.js", new byte[0]);

        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void scriptUnderAContextPathPostsBelowIt() throws Exception {
        try (TestServer shop = TestServer.builder().contextPath("/shop")
                .initParam("qhtrack.capture.path", "/api/qh").initParam("qhtrack.script.path", "/static/qh.js")
                .start()) {
            HttpResponse<String> script = shop.get("/static/qh.js");

            assertThat(script.statusCode()).isEqualTo(200);
            assertThat(script.body()).contains("var endpoint = \"/shop/api/qh\"");
            assertThat(shop.post("/api/qh?qhclickid=CTX9", new byte[0], CAPTURE_HEADERS).statusCode())
                    .isEqualTo(204);
            assertThat(shop.click()).isEqualTo("click=ps:CTX9:" + T0);
        }
    }

    @Test
    void scriptAndEndpointCanBeSwitchedOff() throws Exception {
        try (TestServer off = TestServer.start("qhtrack.script.path", "off", "qhtrack.capture.path", "off")) {
            assertThat(off.get("/qhtrack.js").body()).isEqualTo("click=none");
            assertThat(off.post("/qhtrack/capture?qhclickid=OFF1", new byte[0], CAPTURE_HEADERS).body())
                    .isEqualTo("click=ps:OFF1:" + T0); // an ordinary request to the application, captured as such
        }
    }

    @Test
    void captureEndpointSetsTheSameCookieAndAnswersNoContent() {
        HttpResponse<String> captured = server.post("/qhtrack/capture?sourceid=SPA000000001", new byte[0],
                CAPTURE_HEADERS);

        assertThat(captured.statusCode()).isEqualTo(204);
        assertThat(captured.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(TestServer.setCookies(captured)).singleElement().asString()
                .startsWith("qhtrack_click=q1:zs:" + T0 + ":SPA000000001; Max-Age=2592000;");
        assertThat(server.click()).isEqualTo("click=zs:SPA000000001:" + T0);
    }

    @Test
    void captureEndpointRefusesGet() {
        HttpResponse<String> get = server.get("/qhtrack/capture?qhclickid=GET1", CAPTURE_HEADERS);

        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        assertThat(TestServer.setCookies(get)).isEmpty();
    }

    @Test
    void captureEndpointRefusesRequestsWithoutItsHeader() {
        HttpResponse<String> forged = server.post("/qhtrack/capture?qhclickid=CSRF1", new byte[0],
                "Content-Type", "application/x-www-form-urlencoded");

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(TestServer.setCookies(forged)).isEmpty();
        assertThat(server.click()).isEqualTo("click=none");
    }

    @Test
    void captureEndpointRefusesCrossSiteRequests() {
        HttpResponse<String> crossSite = server.post("/qhtrack/capture?qhclickid=CSRF2", new byte[0],
                "X-Qhtrack-Capture", "1", "Sec-Fetch-Site", "cross-site");

        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(TestServer.setCookies(crossSite)).isEmpty();
    }

    @Test
    void captureEndpointValidatesIdsLikeUrlCapture() {
        server.get("/landing?qhclickid=KEEP1");

        HttpResponse<String> macro = server.post("/qhtrack/capture?impression_id=__impression_id__", new byte[0],
                CAPTURE_HEADERS);

        assertThat(macro.statusCode()).isEqualTo(204);
        assertThat(TestServer.setCookies(macro)).isEmpty();
        assertThat(server.click()).isEqualTo("click=ps:KEEP1:" + T0);
    }

    @Test
    void captureEndpointAcceptsNothingButClickIds() {
        byte[] body = "event=ORDER&value=2345&App-Key=k".getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> other = server.post("/qhtrack/capture?event=ORDER&value=2345&qhtrack.search.secret=s",
                body, "X-Qhtrack-Capture", "1", "Content-Type", "application/x-www-form-urlencoded");

        assertThat(other.statusCode()).isEqualTo(204);
        assertThat(other.body()).isEmpty();
        assertThat(TestServer.setCookies(other)).isEmpty();
    }

    @Test
    void captureEndpointSameClickWritesNothing() {
        server.post("/qhtrack/capture?qhclickid=TWICE1", new byte[0], CAPTURE_HEADERS);

        HttpResponse<String> again = server.post("/qhtrack/capture?qhclickid=TWICE1", new byte[0], CAPTURE_HEADERS);

        assertThat(again.statusCode()).isEqualTo(204);
        assertThat(TestServer.setCookies(again)).isEmpty();
    }

    // --- the script itself, run by Node on every landing URL 360 can produce -------------------------------------

    static Stream<Arguments> pagesOfSinglePageApps() {
        List<Arguments> cases = new ArrayList<>();
        for (String parameter : List.of("qhclickid", "sourceid", "impression_id")) {
            for (String url : CaptureOverHttpTest.ADVERTISER_URLS) {
                cases.add(Arguments.of(parameter, LandingUrls.append360ClickId(url, parameter, "Spa2025x07")));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("pagesOfSinglePageApps")
    void scriptHandsTheIdToTheServerWhereverTheAppendRulesPutIt(String parameter, String landingUrl,
            @TempDir Path dir) throws Exception {
        List<String> requests = runScript(dir, landingUrl);

        String page = "https://www.example.com.cn" + landingUrl.split("#")[0];
        assertThat(requests).singleElement().asString().isEqualTo("POST /qhtrack/capture?" + parameter
                + "=Spa2025x07 X-Qhtrack-Capture=1;X-Qhtrack-Page=" + page + " same-origin");
        String target = requests.get(0).split(" ")[1];
        HttpResponse<String> captured = server.post(target, new byte[0], CAPTURE_HEADERS);
        assertThat(captured.statusCode()).isEqualTo(204);
        String line = parameter.equals("qhclickid") ? "ps" : parameter.equals("sourceid") ? "zs" : "web";
        assertThat(server.click()).isEqualTo("click=" + line + ":Spa2025x07:" + T0);
    }

    @Test
    void scriptSendsNothingWhenThePageUrlHasNoClickId(@TempDir Path dir) throws Exception {
        assertThat(runScript(dir, "/app?utm=1#/form?x=1&sourceid=&impression_id")).isEmpty();
    }

    @Test
    void scriptForwardsValuesStillEncodedSoTheServerDecodesOnce(@TempDir Path dir) throws Exception {
        List<String> requests = runScript(dir, "/app#/f?qhclickid=%41b%2D1&x=%26");

        assertThat(requests).singleElement().asString().startsWith("POST /qhtrack/capture?qhclickid=%41b%2D1 ");
        server.post(requests.get(0).split(" ")[1], new byte[0], CAPTURE_HEADERS);
        assertThat(server.click()).isEqualTo("click=ps:Ab-1:" + T0);
    }

    /** The requests qhtrack.js, as served, makes on a page at {@code pathAndQuery}. */
    private List<String> runScript(Path dir, String pathAndQuery) throws IOException, InterruptedException {
        return runScript(server, dir, "https://www.example.com.cn", pathAndQuery);
    }

    /** The requests qhtrack.js, as {@code server} serves it, makes on a page at {@code origin + pathAndQuery}. */
    static List<String> runScript(TestServer server, Path dir, String origin, String pathAndQuery)
            throws IOException, InterruptedException {
        assumeTrue(nodeAvailable(), "node is not installed: the script is tested in a browser-like runtime only");
        Path script = dir.resolve("qhtrack.js");
        Files.writeString(script, server.get("/qhtrack.js").body());
        Path harness = dir.resolve("run-browser-script.js");
        try (InputStream in = BrowserCaptureTest.class.getResourceAsStream("run-browser-script.js")) {
            Files.write(harness, in.readAllBytes());
        }
        Process node = new ProcessBuilder("node", harness.toString(), script.toString(), origin + pathAndQuery)
                .redirectErrorStream(true).start();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).as(out).isZero();
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    static boolean nodeAvailable() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
