package io.qhtrack.filter;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Referer fallback captures only on page navigations, and a {@code Referer} click never replaces a newer one: what
 * a landing page's subresources, a stale tab and a new landing do, over real HTTP on Jetty with the headers browsers
 * send.
 */
class RefererNavigationTest {

    private static final long T0 = TestServer.START.getEpochSecond();

    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String landing(String query) {
        return "http://127.0.0.1:" + server.port() + "/cdn/landing.html?" + query;
    }

    /** A top-level page request as Chromium sends it, from a page whose URL is {@code referer}. */
    private HttpResponse<String> navigate(String path, String referer) {
        return server.get(path, "Referer", referer, "Sec-Fetch-Dest", "document", "Sec-Fetch-Mode", "navigate",
                "Sec-Fetch-Site", "same-origin", "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "an image            | image  | no-cors | image/avif,image/webp,image/apng,image/*,*/*;q=0.8",
        "a script            | script | no-cors | */*",
        "a style sheet       | style  | no-cors | text/css,*/*;q=0.1",
        "a font              | font   | cors    | */*",
        "a fetch             | empty  | cors    | */*",
        "a frame             | iframe | navigate | text/html,application/xhtml+xml,*/*;q=0.8",
    })
    void aSubresourceFetchedWithAClickOnItsRefererSetsNoCookie(String what, String destination, String mode,
            String accept) throws Exception {
        server = TestServer.start();

        HttpResponse<String> asset = server.get("/public", "Referer", landing("qhclickid=ASSET1"), "Sec-Fetch-Dest",
                destination, "Sec-Fetch-Mode", mode, "Sec-Fetch-Site", "same-origin", "Accept", accept);

        assertThat(TestServer.setCookies(asset)).as(what).isEmpty();
        assertThat(asset.headers().firstValue("Cache-Control")).as("the application's, unchanged")
                .hasValue("public, max-age=600");
        assertThat(server.click()).isEqualTo("click=none");
    }

    @ParameterizedTest(name = "Accept: {0}")
    @ValueSource(strings = {"image/*", "*/*", "text/css", "application/json"})
    void withoutFetchMetadataOnlyAnAcceptOfHtmlIsANavigation(String accept) throws Exception {
        server = TestServer.start();

        HttpResponse<String> asset = server.get("/page", "Referer", landing("qhclickid=ASSET2"), "Accept", accept);

        assertThat(TestServer.setCookies(asset)).isEmpty();
        assertThat(asset.body()).isEqualTo("click=none");
    }

    @Test
    void withoutAnyAcceptOrFetchMetadataNothingIsCaptured() throws Exception {
        server = TestServer.start();

        assertThat(server.get("/page", "Referer", landing("qhclickid=ASSET3")).body()).isEqualTo("click=none");
    }

    @Test
    void fetchMetadataWithoutADestinationIsNoNavigation() throws Exception {
        server = TestServer.start();

        HttpResponse<String> page = server.get("/page", "Referer", landing("qhclickid=ASSET4"), "Sec-Fetch-Site",
                "same-origin", "Accept", "text/html");

        assertThat(page.body()).isEqualTo("click=none");
    }

    @Test
    void aDocumentNavigationCaptures() throws Exception {
        server = TestServer.start();

        HttpResponse<String> page = navigate("/page", landing("sourceid=abcdefghijkl"));

        assertThat(page.body()).isEqualTo("click=zs:abcdefghijkl:" + T0);
        assertThat(TestServer.setCookies(page)).singleElement().asString().startsWith("qhtrack_click=q1:zs:");
    }

    @Test
    void aFormPostedFromTheLandingPageIsANavigationToo() throws Exception {
        server = TestServer.start();

        HttpResponse<String> posted = server.send(server.request("/form", "Referer", landing("qhclickid=FORM1"),
                "Sec-Fetch-Dest", "document", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Site", "same-origin",
                "Sec-Fetch-User", "?1", "Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=Zhou")).build());

        assertThat(posted.body()).isEqualTo("name=Zhou\nclick=ps:FORM1:" + T0);
    }

    @Test
    void aStaleTabsRefererNeverSwitchesTheVisitorBackToAnOlderClick() throws Exception {
        server = TestServer.start();
        server.get("/?qhclickid=OLDER1");
        server.clock.advance(Duration.ofMinutes(5));
        server.get("/?qhclickid=NEWER1");
        server.clock.advance(Duration.ofMinutes(5));

        HttpResponse<String> stale = navigate("/form", landing("qhclickid=OLDER1"));

        assertThat(stale.body()).isEqualTo("name=null\nclick=ps:NEWER1:" + (T0 + 300));
        assertThat(TestServer.setCookies(stale)).isEmpty();
        assertThat(server.click()).isEqualTo("click=ps:NEWER1:" + (T0 + 300));
    }

    @Test
    void aClickNeverSeenOnARefererStillReplacesAnOlderOne() throws Exception {
        server = TestServer.start();
        server.get("/?qhclickid=FIRST2");
        server.clock.advance(Duration.ofMinutes(5));

        HttpResponse<String> page = navigate("/page", landing("qhclickid=CDN2"));

        assertThat(page.body()).isEqualTo("click=ps:CDN2:" + (T0 + 300));
        assertThat(TestServer.setCookies(page)).singleElement().asString()
                .startsWith("qhtrack_click=q2:ps:" + (T0 + 300) + ":CDN2:" + StoredClick.fingerprint("FIRST2") + ";");
        server.clock.advance(Duration.ofMinutes(5));
        assertThat(navigate("/page", landing("qhclickid=FIRST2")).body()).as("the superseded one, from a stale tab")
                .isEqualTo("click=ps:CDN2:" + (T0 + 300));
    }

    @Test
    void everyClickTheVisitorMovedOnFromIsRemembered() throws Exception {
        server = TestServer.start();
        for (String id : new String[] {"CHAIN1", "CHAIN2", "CHAIN3", "CHAIN4"}) {
            server.get("/?qhclickid=" + id);
            server.clock.advance(Duration.ofMinutes(1));
        }

        for (String stale : new String[] {"CHAIN1", "CHAIN2", "CHAIN3"}) {
            assertThat(navigate("/page", landing("qhclickid=" + stale)).body()).as(stale)
                    .isEqualTo("click=ps:CHAIN4:" + (T0 + 180));
        }
    }

    @Test
    void aLandingUrlWithAnOlderClickIsANewArrivalAndWins() throws Exception {
        server = TestServer.start();
        server.get("/?qhclickid=BACK1");
        server.clock.advance(Duration.ofMinutes(1));
        server.get("/?qhclickid=BACK2");
        server.clock.advance(Duration.ofMinutes(1));

        assertThat(server.get("/page?qhclickid=BACK1").body()).isEqualTo("click=ps:BACK1:" + (T0 + 120));
        assertThat(navigate("/page", landing("qhclickid=BACK2")).body()).as("BACK2 is superseded now")
                .isEqualTo("click=ps:BACK1:" + (T0 + 120));
    }

    @ParameterizedTest(name = "qhtrack.store={0}")
    @ValueSource(strings = {"session", "cookie,session", "session,cookie"})
    void theSessionRemembersSupersededClicksToo(String store) throws Exception {
        server = TestServer.start("qhtrack.store", store);
        server.get("/?qhclickid=SESSION1");
        server.clock.advance(Duration.ofMinutes(5));
        server.get("/?qhclickid=SESSION2");

        assertThat(navigate("/page", landing("qhclickid=SESSION1")).body())
                .isEqualTo("click=ps:SESSION2:" + (T0 + 300));
        assertThat(navigate("/page", landing("qhclickid=SESSION3")).body())
                .isEqualTo("click=ps:SESSION3:" + (T0 + 300));
    }
}
