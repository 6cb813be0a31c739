package io.qhtrack.filter;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Referer fallback ({@code qhtrack.capture.referer=same-origin}, the default): a page navigation without click
 * parameters whose Referer is of the same site and carries one captures it, as URL capture would (the landing page
 * was served by a CDN or a static server); a Referer of another site never does. Requests here are navigations of a
 * browser without fetch metadata ({@code Accept: text/html}); {@link RefererNavigationTest} covers the rest.
 */
class RefererCaptureTest {

    private static final long T0 = TestServer.START.getEpochSecond();

    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String origin() {
        return "http://127.0.0.1:" + server.port();
    }

    /** A page navigation to {@code path} from a page whose URL is {@code referer}. */
    private HttpResponse<String> navigate(TestServer server, String path, String referer) {
        return server.get(path, "Referer", referer, "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
    }

    @Test
    void aSameOriginRefererWithAClickIdIsCaptured() {
        HttpResponse<String> form = navigate(server, "/form", origin() + "/static/landing.html?utm=a&qhclickid=REF1");

        assertThat(form.body()).isEqualTo("name=null\nclick=ps:REF1:" + T0);
        assertThat(TestServer.setCookies(form)).singleElement().asString().startsWith("qhtrack_click=q1:ps:" + T0
                + ":REF1;");
        assertThat(server.click()).isEqualTo("click=ps:REF1:" + T0);
    }

    @Test
    void anHttpsRefererOfThisHostBehindATlsProxyIsTheSameSite() throws Exception {
        RawHttp.Response response = server.raw("GET", "/page", "Host: shop.example.com.cn",
                "Referer: https://shop.example.com.cn/?sourceid=abcdefghijkl", "Accept: text/html");

        assertThat(response.bodyText()).isEqualTo("click=zs:abcdefghijkl:" + T0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://evil.example/?qhclickid=EVIL1", "http://127.0.0.1:1/?qhclickid=EVIL2",
        "https://127.0.0.1.evil.example/?qhclickid=EVIL3", "http://localhost/?qhclickid=EVIL4",
        "android-app://com.evil/?qhclickid=EVIL5", "/relative?qhclickid=EVIL6", "?qhclickid=EVIL7"})
    void aRefererOfAnotherSiteIsNeverCaptured(String referer) {
        HttpResponse<String> page = navigate(server, "/page", referer);

        assertThat(page.body()).isEqualTo("click=none");
        assertThat(TestServer.setCookies(page)).isEmpty();
    }

    @Test
    void theRefererIsValidatedLikeALandingUrl() {
        for (String query : new String[] {"impression_id=__impression_id__", "qhclickid=", "qhclickid=a%20b",
            "qhclickid=" + "9".repeat(129), "notqhclickid=X1"}) {
            assertThat(navigate(server, "/page", origin() + "/?" + query).body()).as(query)
                    .isEqualTo("click=none");
        }
    }

    @Test
    void aClickOnTheRequestsOwnUrlWinsOverItsReferer() {
        HttpResponse<String> page = navigate(server, "/page?qhclickid=URL1", origin() + "/?qhclickid=REF2");

        assertThat(page.body()).isEqualTo("click=ps:URL1:" + T0);
    }

    @Test
    void theSameClickOnTheRefererAgainWritesNothing() {
        server.get("/page?qhclickid=SAME1");
        server.clock.advance(Duration.ofHours(1));

        HttpResponse<String> next = navigate(server, "/next", origin() + "/page?qhclickid=SAME1");

        assertThat(TestServer.setCookies(next)).isEmpty();
        assertThat(next.body()).isEqualTo("click=ps:SAME1:" + T0);
    }

    @Test
    void theScriptIsNeverServedWithACookieItIsCachedPublicly() {
        HttpResponse<String> script = server.get("/qhtrack.js", "Referer", origin() + "/?qhclickid=REF3");

        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(TestServer.setCookies(script)).isEmpty();
    }

    @Test
    void theFallbackCanBeSwitchedOff() throws Exception {
        try (TestServer off = TestServer.start("qhtrack.capture.referer", "off")) {
            HttpResponse<String> page = navigate(off, "/page", "http://127.0.0.1:" + off.port() + "/?qhclickid=R");

            assertThat(page.body()).isEqualTo("click=none");
        }
    }

    @Test
    void aLeadFormPostedFromALandingPageTheApplicationNeverSawIsReportedForItsClick() throws Exception {
        try (ShopServer shop = ShopServer.builder().start()) {
            ShopServer.Visitor visitor = shop.visitor();

            String outcome = visitor.post("/lead", ShopServer.form("name", "Zhou", "phone", "136"), "Content-Type",
                    "application/x-www-form-urlencoded", "Referer", shop.origin() + "/cdn/landing.html?qhclickid="
                    + "6100000000000001", "Sec-Fetch-Dest", "document", "Sec-Fetch-Mode", "navigate",
                    "Sec-Fetch-Site", "same-origin").body();

            assertThat(outcome).startsWith("QUEUED\n");
            assertThat(shop.fake.awaitAccepted(1, Duration.ofSeconds(10)).get(0).clickId())
                    .isEqualTo("6100000000000001");
        }
    }
}
