package io.qhtrack.filter;

import io.qhtrack.core.Conversion;
import io.qhtrack.core.Event;
import io.qhtrack.core.TrackerMetrics;
import io.qhtrack.testkit.Fake360;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every browser event counts once per click, event and natural day on every line: on the display line, whose uploads
 * need a trans_id, it is derived from the click, the event and the day in {@code qhtrack.zone}, not from the page
 * view, as the search lines (no trans_id) already count. Over real HTTP on Jetty, with the shop's and the tracker's
 * clock moved by the test.
 */
class BrowserEventsOncePerDayTest {

    /** 2025-03-10 11:00 in China. */
    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-10T03:00:00Z"));
    private ShopServer shop;

    @BeforeEach
    void start() throws Exception {
        shop = ShopServer.builder().clock(clock).synchronousDelivery()
                .contextParam("qhtrack.browser-events", "CALL_BUTTON,BROWSETIME,BROWSE_DEPTH").start();
    }

    @AfterEach
    void stop() {
        shop.close();
    }

    private int beacon(ShopServer.Visitor visitor, String event, String pageView) {
        return visitor.send(visitor.request("/qhtrack/event?event=" + event + "&pv=" + pageView, "Content-Type",
                BrowserEventEndpoint.CONTENT_TYPE, "Origin", shop.origin(), "Sec-Fetch-Site", "same-origin")
                .POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode();
    }

    private static String pageView(int n) {
        return String.format("%032x", n);
    }

    /** The trans_id the display line's upload carries for a browser event of {@code click} on {@code day}. */
    private static String transId(String click, Event event, String day) {
        return Conversion.builder(event).transIdFromForm(Map.of("qhtrack.click", List.of(click), "qhtrack.event",
                List.of(event.name()), "qhtrack.day", List.of(day))).build().transId().orElseThrow();
    }

    @Test
    void browseTimeFromThreePageViewsOfOneDisplayClickIsOneConversionAndOneMoreTheNextDay() {
        ShopServer.Visitor visitor = shop.visitor();
        visitor.get("/?sourceid=zsonceaday01");

        for (int page = 1; page <= 3; page++) {
            assertThat(beacon(visitor, "BROWSETIME", pageView(page))).isEqualTo(204);
        }

        TrackerMetrics metrics = shop.tracker().metrics();
        assertThat(metrics.getQueued()).isEqualTo(1);
        assertThat(metrics.getDuplicates()).as("the second and the third page view").isEqualTo(2);
        Fake360.Received first = shop.fake.accepted().get(0);
        assertThat(first.transId()).isEqualTo(transId("zsonceaday01", Event.BROWSETIME, "2025-03-10"));

        clock.advance(Duration.ofDays(1));
        assertThat(beacon(visitor, "BROWSETIME", pageView(4))).isEqualTo(204);
        assertThat(beacon(visitor, "BROWSETIME", pageView(5))).isEqualTo(204);

        assertThat(metrics.getQueued()).isEqualTo(2);
        assertThat(metrics.getDuplicates()).isEqualTo(3);
        assertThat(shop.fake.accepted()).extracting(Fake360.Received::transId)
                .containsExactly(transId("zsonceaday01", Event.BROWSETIME, "2025-03-10"),
                        transId("zsonceaday01", Event.BROWSETIME, "2025-03-11"));
    }

    @Test
    void theNaturalDayIsChinasNotUtcs() {
        clock.advance(Duration.ofHours(12)); // 2025-03-10T15:00Z is 23:00 in China
        ShopServer.Visitor visitor = shop.visitor();
        visitor.get("/?sourceid=zsonceaday02");
        beacon(visitor, "BROWSETIME", pageView(1));
        // delivered before the clock moves on: past 16:00Z the 10th's conversion would expire unsent (its window is
        // China's natural day), and whether the dispatcher sent it first was a race with this thread
        assertThat(shop.fake.accepted()).hasSize(1);

        clock.advance(Duration.ofHours(2)); // 01:00 on the 11th in China, still the 10th in UTC
        beacon(visitor, "BROWSETIME", pageView(2));

        assertThat(shop.tracker().metrics().getQueued()).isEqualTo(2);
        assertThat(shop.fake.accepted()).extracting(Fake360.Received::transId)
                .containsExactlyInAnyOrder(transId("zsonceaday02", Event.BROWSETIME, "2025-03-10"),
                        transId("zsonceaday02", Event.BROWSETIME, "2025-03-11"));
    }

    @Test
    void eachEventCountsOnItsOwn() {
        ShopServer.Visitor visitor = shop.visitor();
        visitor.get("/?sourceid=zsonceaday03");

        beacon(visitor, "BROWSETIME", pageView(1));
        beacon(visitor, "BROWSE_DEPTH", pageView(1));
        beacon(visitor, "BROWSE_DEPTH", pageView(2));

        assertThat(shop.tracker().metrics().getQueued()).isEqualTo(2);
        assertThat(shop.fake.accepted()).extracting(Fake360.Received::event)
                .containsExactlyInAnyOrder("BROWSETIME", "BROWSE_DEPTH");
    }

    @Test
    void theSearchLinesCountOncePerClickEventAndDayAsBefore() {
        ShopServer.Visitor visitor = shop.visitor();
        visitor.get("/?qhclickid=5500000000000001");

        for (int page = 1; page <= 3; page++) {
            beacon(visitor, "CALL_BUTTON", pageView(page));
        }

        assertThat(shop.tracker().metrics().getQueued()).isEqualTo(1);
        assertThat(shop.fake.accepted()).singleElement()
                .extracting(Fake360.Received::transId).isNull();
    }
}
