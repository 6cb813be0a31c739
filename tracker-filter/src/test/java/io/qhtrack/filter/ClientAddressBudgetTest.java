package io.qhtrack.filter;

import io.qhtrack.core.OutboxState;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.core.TrackerMetrics;
import io.qhtrack.testkit.Fake360;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The budget of browser events per client address ({@code qhtrack.browser-events.budget}), attacked by a script
 * that lands once per invented click and then sends the beacon, from one address and from several (the client
 * binds to 127.0.0.2, 127.0.0.3 …: the whole of 127.0.0.0/8 is loopback), over real HTTP to a shop on Jetty that
 * reports to a {@link Fake360}; the window moves with the test's clock, never by sleeping.
 */
class ClientAddressBudgetTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T02:00:00Z"));
    private ShopServer shop;
    private long invented;

    @AfterEach
    void stop() {
        if (shop != null) {
            shop.close();
        }
    }

    private void start(String... contextParams) throws Exception {
        ShopServer.Builder builder = ShopServer.builder().clock(clock).synchronousDelivery()
                .contextParam("qhtrack.browser-events", "CALL_BUTTON,WX_BUTTON_C,BROWSETIME");
        for (int i = 0; i < contextParams.length; i += 2) {
            builder.contextParam(contextParams[i], contextParams[i + 1]);
        }
        shop = builder.start();
    }

    /** One landing on an invented click, then its beacon; the beacon's status. */
    private int forge(ScriptClient script, String... beaconHeaders) {
        String cookie = script.land(ScriptClient.inventedClick(++invented));
        assertThat(cookie).as("capture is never budgeted").isNotNull();
        return script.beacon(cookie, "CALL_BUTTON", beaconHeaders).status();
    }

    private TrackerMetrics metrics() {
        return shop.tracker().metrics();
    }

    /**
     * {@code n} uploads were delivered and nothing is pending: the shop delivers synchronously, so each was sent and
     * settled before the response to the request that reported it.
     */
    private void assertDelivered(long n) {
        assertThat(shop.tracker().outbox().counts().getOrDefault(OutboxState.DELIVERED, 0L))
                .as("delivered; " + metrics() + "; " + shop.fake).isEqualTo(n);
        assertThat(metrics().getBacklog()).as("backlog").isZero();
        assertThat(metrics().getInFlight()).as("in flight").isZero();
    }

    @Test
    void twoThousandForgedClicksFromOneAddressQueueAndDeliverNoMoreThanTheBudget() throws Exception {
        start(); // the default budget: 30/PT1H
        ScriptClient script = ScriptClient.from(shop, "127.0.0.1");

        for (int i = 0; i < 2000; i++) {
            assertThat(forge(script)).as("the page learns nothing").isEqualTo(204);
        }

        assertThat(metrics().getQueued()).isEqualTo(30);
        assertThat(metrics().getThrottled()).isEqualTo(1970);
        assertThat(metrics().reports(TrackOutcome.Status.THROTTLED)).isEqualTo(1970);
        assertDelivered(30);
        assertThat(shop.fake.received()).as("what reached 360").hasSize(30);
    }

    @Test
    void eachClientAddressHasItsOwnBudget() throws Exception {
        start("qhtrack.browser-events.budget", "3/PT1H");

        for (String address : new String[] {"127.0.0.1", "127.0.0.2", "127.0.0.3"}) {
            ScriptClient script = ScriptClient.from(shop, address);
            for (int i = 0; i < 5; i++) {
                forge(script);
            }
        }

        assertThat(metrics().getQueued()).isEqualTo(9);
        assertThat(metrics().getThrottled()).isEqualTo(6);
        assertDelivered(9);
        assertThat(shop.fake.received()).hasSize(9);
    }

    @Test
    void aRealLeadFromTheFloodingAddressIsStillAcceptedAndDelivered() throws Exception {
        start("qhtrack.browser-events.budget", "3/PT1H");
        ScriptClient script = ScriptClient.from(shop, "127.0.0.1");
        for (int i = 0; i < 20; i++) {
            forge(script);
        }
        assertThat(metrics().getThrottled()).isEqualTo(17);

        String visitor = script.land("5300000000000001");
        assertThat(script.lead(visitor, "Zhou")).isEqualTo("QUEUED");

        assertThat(shop.fake.accepted()).filteredOn(u -> "SUBMIT".equals(u.event())).singleElement()
                .extracting(Fake360.Received::clickId).isEqualTo("5300000000000001");
        assertThat(metrics().getThrottled()).isEqualTo(17);
    }

    @Test
    void theBudgetComesBackWhenItsWindowEnds() throws Exception {
        start("qhtrack.browser-events.budget", "3/PT1H");
        ScriptClient script = ScriptClient.from(shop, "127.0.0.1");
        for (int i = 0; i < 4; i++) {
            forge(script);
        }
        clock.advance(Duration.ofMinutes(59));
        forge(script);
        assertThat(metrics().getThrottled()).isEqualTo(2);

        clock.advance(Duration.ofMinutes(1));
        forge(script);

        assertThat(metrics().getQueued()).isEqualTo(4);
        assertThat(metrics().getThrottled()).isEqualTo(2);
    }

    @Test
    void onlyEventsThatReachTheOutboxCountAgainstTheBudget() throws Exception {
        start("qhtrack.browser-events.budget", "2/PT1H");
        ScriptClient browser = ScriptClient.from(shop, "127.0.0.1");
        String cookie = browser.land("5300000000000002");

        for (int page = 0; page < 5; page++) {
            browser.beacon(cookie, "BROWSETIME"); // one per page view: the first counts, the rest are duplicates
        }
        for (int i = 0; i < 10; i++) {
            browser.beacon(null, "CALL_BUTTON"); // visitors without a click
        }
        browser.beacon(cookie, "CALL_BUTTON");

        assertThat(metrics().getQueued()).isEqualTo(2);
        assertThat(metrics().getDuplicates()).isEqualTo(4);
        assertThat(metrics().reports(TrackOutcome.Status.NOT_ATTRIBUTED)).isEqualTo(10);
        assertThat(metrics().getThrottled()).isZero();

        browser.beacon(cookie, "WX_BUTTON_C");

        assertThat(metrics().getThrottled()).isEqualTo(1);
    }

    @Test
    void forwardingHeadersFromAnUntrustedPeerDoNotChangeTheBudgetsAddress() throws Exception {
        start("qhtrack.browser-events.budget", "3/PT1H");
        ScriptClient script = ScriptClient.from(shop, "127.0.0.1");

        for (int i = 0; i < 6; i++) {
            forge(script, "X-Forwarded-For: 198.51.100." + i, "Forwarded: for=203.0.113." + i,
                    "X-Real-IP: 192.0.2." + i);
        }

        assertThat(metrics().getQueued()).isEqualTo(3);
        assertThat(metrics().getThrottled()).isEqualTo(3);
    }

    @Test
    void fromATrustedProxyTheRightMostForwardedAddressThatIsNotAProxyIsTheClient() throws Exception {
        start("qhtrack.browser-events.budget", "1/PT1H", "qhtrack.trusted-proxies", "127.0.0.1, 10.0.0.0/8");
        ScriptClient proxy = ScriptClient.from(shop, "127.0.0.1");

        assertThat(queuedAfter(() -> forge(proxy, "X-Forwarded-For: 198.51.100.1"))).isEqualTo(1);
        assertThat(queuedAfter(() -> forge(proxy, "X-Forwarded-For: 198.51.100.2"))).as("another client").isEqualTo(1);
        assertThat(queuedAfter(() -> forge(proxy, "X-Forwarded-For: 203.0.113.9, 198.51.100.1")))
                .as("what the client wrote left of its own address").isZero();
        assertThat(queuedAfter(() -> forge(proxy, "X-Forwarded-For: 198.51.100.3, 10.1.2.3")))
                .as("behind two trusted proxies").isEqualTo(1);
        assertThat(queuedAfter(() -> forge(proxy, "X-Forwarded-For: 198.51.100.3")))
                .as("the same client directly behind the first proxy").isZero();
        assertThat(queuedAfter(() -> forge(proxy, "Forwarded: for=\"[2001:db8:cafe::17]:4711\";proto=https",
                "X-Forwarded-For: 198.51.100.1"))).as("RFC 7239 first").isEqualTo(1);
        assertThat(queuedAfter(() -> forge(proxy, "X-Forwarded-For: unknown"))).as("an unknown hop: the proxy's own")
                .isEqualTo(1);
        assertThat(queuedAfter(() -> forge(proxy, "X-Forwarded-For: _hidden"))).isZero();
    }

    @Test
    void theAddressesOfOneIpv6Slash64ShareABudget() throws Exception {
        start("qhtrack.browser-events.budget", "2/PT1H", "qhtrack.trusted-proxies", "127.0.0.1");
        ScriptClient proxy = ScriptClient.from(shop, "127.0.0.1");

        forge(proxy, "X-Forwarded-For: 2001:db8:1:2::1");
        forge(proxy, "X-Forwarded-For: 2001:DB8:1:2:ffff:ffff:ffff:ffff");
        assertThat(queuedAfter(() -> forge(proxy, "X-Forwarded-For: [2001:db8:1:2::99]:443"))).isZero();
        assertThat(queuedAfter(() -> forge(proxy, "X-Forwarded-For: 2001:db8:1:3::1"))).as("the next /64")
                .isEqualTo(1);
        assertThat(metrics().getQueued()).isEqualTo(3);
    }

    /** How many conversions {@code action} queued. */
    private long queuedAfter(Runnable action) {
        long before = metrics().getQueued();
        action.run();
        return metrics().getQueued() - before;
    }
}
