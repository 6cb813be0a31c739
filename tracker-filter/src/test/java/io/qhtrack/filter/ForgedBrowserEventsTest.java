package io.qhtrack.filter;

import io.qhtrack.core.TrackOutcome;
import io.qhtrack.core.TrackerMetrics;
import io.qhtrack.testkit.Fake360;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a script (no browser) can send to the event endpoint, over real HTTP to a shop on Jetty reporting to a
 * {@link Fake360}: a browser event counts only for a click captured on an earlier request, so a beacon cannot invent
 * its own click, neither on its {@code Referer} nor on its URL.
 */
class ForgedBrowserEventsTest {

    private ShopServer shop;
    private ScriptClient script;

    @BeforeEach
    void start() throws Exception {
        shop = ShopServer.builder().contextParam("qhtrack.browser-events", "CALL_BUTTON,WX_BUTTON_C").start();
        script = ScriptClient.from(shop, "127.0.0.1");
    }

    @AfterEach
    void stop() {
        shop.close();
    }

    private long entriesInTheOutbox() {
        return shop.tracker().outbox().counts().values().stream().mapToLong(Long::longValue).sum();
    }

    /** A real visitor's event, afterwards: once it is delivered, whatever the script caused would have been too. */
    private void aRealVisitorsEventIsDeliveredAlone() {
        String cookie = script.land("5200000000000001");
        assertThat(script.beacon(cookie, "CALL_BUTTON").status()).isEqualTo(204);
        assertThat(shop.fake.awaitAccepted(1, Duration.ofSeconds(10))).singleElement()
                .extracting(Fake360.Received::clickId).isEqualTo("5200000000000001");
        assertThat(shop.fake.received()).as("everything 360 received").hasSize(1);
    }

    @Test
    void aBeaconWhoseRefererCarriesAFreshClickReportsNothing() {
        RawHttp.Response forged = script.beacon(null, "CALL_BUTTON",
                "Referer: " + shop.origin() + "/?qhclickid=" + ScriptClient.inventedClick(1),
                // what a navigation would send, so that only the endpoint's own rule can stop it
                "Accept: text/html", "Sec-Fetch-Dest: document", "Sec-Fetch-Site: same-origin");

        assertThat(forged.status()).isEqualTo(204);
        assertThat(ScriptClient.cookieOf(forged)).as("no click cookie set by the beacon").isNull();
        TrackerMetrics metrics = shop.tracker().metrics();
        assertThat(metrics.reports(TrackOutcome.Status.NOT_ATTRIBUTED)).isEqualTo(1);
        assertThat(metrics.getQueued()).isZero();
        assertThat(entriesInTheOutbox()).isZero();
        aRealVisitorsEventIsDeliveredAlone();
    }

    @Test
    void aClickOnTheBeaconsOwnUrlIsNeverCaptured() {
        RawHttp.Response forged = script.beacon(null, "CALL_BUTTON&qhclickid=" + ScriptClient.inventedClick(2));

        assertThat(forged.status()).as("a parameter other than event and pv").isEqualTo(400);
        assertThat(ScriptClient.cookieOf(forged)).as("no click cookie to use on the next beacon").isNull();
        assertThat(entriesInTheOutbox()).isZero();
    }

    @Test
    void aBeaconWithTheVisitorsStoredClickAndAnotherClickOnItsRefererReportsForTheStoredOne() {
        String cookie = script.land("5200000000000002");

        RawHttp.Response beacon = script.beacon(cookie, "WX_BUTTON_C",
                "Referer: " + shop.origin() + "/?qhclickid=" + ScriptClient.inventedClick(3), "Accept: text/html",
                "Sec-Fetch-Dest: document");

        assertThat(beacon.status()).isEqualTo(204);
        assertThat(ScriptClient.cookieOf(beacon)).isNull();
        assertThat(shop.fake.awaitAccepted(1, Duration.ofSeconds(10))).singleElement()
                .extracting(Fake360.Received::clickId).isEqualTo("5200000000000002");
    }
}
