package io.qhtrack.filter;

import io.qhtrack.core.TrackOutcome;
import io.qhtrack.testkit.Fake360;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A shop behind a reverse proxy that passes the backend's {@code Host} (nginx's default
 * {@code proxy_set_header Host $proxy_host}) and the public site in {@code X-Forwarded-Host} and
 * {@code X-Forwarded-Proto}, over real HTTP on Jetty: the forwarded host counts when the proxy is trusted
 * ({@code qhtrack.trusted-proxies}, or the container rewrote the request itself), and changes nothing otherwise.
 */
class BehindAReverseProxyTest {

    private static final String PUBLIC = "https://shop.example.com.cn";
    private static final String[] THROUGH_THE_PROXY = {"Host: backend:8080", "X-Forwarded-Host: shop.example.com.cn",
        "X-Forwarded-Proto: https", "X-Forwarded-For: 198.51.100.7"};

    private ShopServer shop;

    @AfterEach
    void stop() {
        if (shop != null) {
            shop.close();
        }
    }

    /** The shop, its requests arriving from 127.0.0.1 through the proxy; {@code trusted} is qhtrack.trusted-proxies. */
    private ScriptClient behindTheProxy(String trusted) throws Exception {
        ShopServer.Builder builder = ShopServer.builder().contextParam("qhtrack.browser-events", "CALL_BUTTON");
        if (trusted != null) {
            builder.contextParam("qhtrack.trusted-proxies", trusted);
        }
        shop = builder.start();
        return ScriptClient.from(shop, "127.0.0.1").with(THROUGH_THE_PROXY).origin(PUBLIC);
    }

    @Test
    void fromATrustedProxyTheBeaconOfThePublicSitePasses() throws Exception {
        ScriptClient visitor = behindTheProxy("127.0.0.1");
        String cookie = visitor.land("5400000000000001");

        assertThat(visitor.beacon(cookie, "CALL_BUTTON").status()).isEqualTo(204);

        assertThat(shop.fake.awaitAccepted(1, Duration.ofSeconds(10))).singleElement()
                .extracting(Fake360.Received::clickId).isEqualTo("5400000000000001");
        assertThat(shop.tracker().metrics().getRefused()).isZero();
    }

    @Test
    void fromAnUntrustedPeerTheForwardedHostChangesNothing() throws Exception {
        ScriptClient visitor = behindTheProxy("10.0.0.0/8");
        String cookie = visitor.land("5400000000000002");

        assertThat(visitor.beacon(cookie, "CALL_BUTTON").status()).isEqualTo(403);

        assertThat(shop.tracker().metrics().getRefused()).isEqualTo(1);
        assertThat(shop.tracker().metrics().getQueued()).isZero();
    }

    @Test
    void fromATrustedProxyTheRefererFallbackMatchesThePublicSite() throws Exception {
        ScriptClient visitor = behindTheProxy("127.0.0.1");

        RawHttp.Response page = visitor.get("/page", "Referer: " + PUBLIC + "/cdn/landing.html?qhclickid=5400000000000003");

        assertThat(page.bodyText()).isEqualTo("click=ps:5400000000000003");
        assertThat(page.headers("Set-Cookie")).singleElement().asString().contains("; Secure");
    }

    @Test
    void fromAnUntrustedPeerTheRefererOfThePublicSiteIsAnotherSite() throws Exception {
        ScriptClient visitor = behindTheProxy(null);

        RawHttp.Response page = visitor.get("/page", "Referer: " + PUBLIC + "/cdn/landing.html?qhclickid=5400000000000004");

        assertThat(page.bodyText()).isEqualTo("click=none");
        assertThat(page.headers("Set-Cookie")).isEmpty();
    }

    @Test
    void onlyATrustedProxysForwardedProtoMakesTheCookieSecure() throws Exception {
        assertThat(behindTheProxy("127.0.0.1").get("/?qhclickid=5400000000000005").headers("Set-Cookie"))
                .singleElement().asString().contains("; Secure");
        shop.close();

        assertThat(behindTheProxy("10.0.0.0/8").get("/?qhclickid=5400000000000006").headers("Set-Cookie"))
                .singleElement().asString().doesNotContain("Secure");
    }

    @Test
    void aRequestTheContainerAlreadyRewroteIsTakenAsItIs() throws Exception {
        shop = ShopServer.builder().forwardedByTheContainer().contextParam("qhtrack.browser-events", "CALL_BUTTON")
                .contextParam("qhtrack.browser-events.budget", "1/PT1H").start();
        ScriptClient proxy = ScriptClient.from(shop, "127.0.0.1").origin(PUBLIC);
        String cookie = proxy.with(THROUGH_THE_PROXY).land("5400000000000007");

        assertThat(proxy.with(THROUGH_THE_PROXY).beacon(cookie, "CALL_BUTTON").status()).isEqualTo(204);
        proxy.with("Host: backend:8080", "X-Forwarded-Host: shop.example.com.cn", "X-Forwarded-Proto: https",
                "X-Forwarded-For: 198.51.100.8").beacon(proxy.with(THROUGH_THE_PROXY).land("5400000000000008"),
                "CALL_BUTTON");

        assertThat(shop.tracker().metrics().getQueued()).as("two clients, by the addresses the container rewrote")
                .isEqualTo(2);
        assertThat(shop.tracker().metrics().reports(TrackOutcome.Status.THROTTLED)).isZero();
        assertThat(shop.tracker().metrics().getRefused()).isZero();
    }
}
