package io.qhtrack.filter;

import io.qhtrack.core.TrackerMetrics;
import io.qhtrack.testkit.Fake360;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which clicks a conversion is reported for, on the shop (capture filter, {@link QhTracker}, a tracker reporting to
 * Fake360): the latest ad click across platforms by default, and with {@code qhtrack.attribution=all-platforms} the
 * newest click of each platform, the outcome answered being the latest click's.
 */
class AttributionTest {

    private ShopServer shop;

    @AfterEach
    void stop() {
        if (shop != null) {
            shop.close();
        }
    }

    private ShopServer.Visitor visitorOf(String attribution) throws Exception {
        shop = ShopServer.builder().platforms(TestPlatforms.enabled()).contextParam("qhtrack.attribution", attribution)
                .start();
        return shop.visitor();
    }

    /** How many times the tracker was asked to report, whatever it answered. */
    private long reports() {
        TrackerMetrics m = shop.tracker().metrics();
        return m.getQueued() + m.getDuplicates() + m.getNotQueued() + m.getLimited() + m.getOutboxFull() + m.getHeld();
    }

    @Test
    void aVisitorFromBaiduWhoLaterArrivesFrom360ConvertsFor360Once() throws Exception {
        ShopServer.Visitor visitor = visitorOf("last-click");
        visitor.get("/?bd_vid=BdVid0001");
        visitor.get("/?qhclickid=8100000000000001");

        String outcome = visitor.lead("/lead", "name", "Zhao", "phone", "13800000000");

        assertThat(outcome).isEqualTo("QUEUED");
        assertThat(reports()).as("reports asked of the tracker").isEqualTo(1);
        List<Fake360.Received> accepted = shop.fake.awaitAccepted(1, Duration.ofSeconds(10));
        assertThat(accepted).singleElement().extracting(Fake360.Received::event).isEqualTo("SUBMIT");
    }

    @Test
    void aVisitorFrom360WhoLaterArrivesFromBaiduConvertsForBaiduNotFor360() throws Exception {
        ShopServer.Visitor visitor = visitorOf("last-click");
        visitor.get("/?qhclickid=8100000000000002");
        visitor.get("/?bd_vid=BdVid0002");

        visitor.lead("/lead", "name", "Qian", "phone", "13800000001");

        assertThat(visitor.get("/").body()).isEqualTo("click=baidu:default:BdVid0002");
        assertThat(reports()).isEqualTo(1);
        assertThat(shop.tracker().metrics().getQueued()).as("nothing for 360").isZero();
    }

    @Test
    void withAllPlatformsTheConversionIsReportedForEachPlatformsClickAndAnswersTheLatests() throws Exception {
        ShopServer.Visitor visitor = visitorOf("all-platforms");
        visitor.get("/?bd_vid=BdVid0003");
        visitor.get("/?qhclickid=8100000000000003");

        String outcome = visitor.lead("/lead", "name", "Sun", "phone", "13800000002");

        assertThat(outcome).as("the 360 click's, the latest").isEqualTo("QUEUED");
        assertThat(reports()).as("one report per platform clicked").isEqualTo(2);
        assertThat(shop.fake.awaitAccepted(1, Duration.ofSeconds(10))).singleElement()
                .extracting(Fake360.Received::event).isEqualTo("SUBMIT");
    }

    @Test
    void aBrowserEventIsReportedForEachPlatformsClickWithAllPlatforms() throws Exception {
        shop = ShopServer.builder().platforms(TestPlatforms.enabled()).contextParam("qhtrack.attribution",
                "all-platforms").contextParam("qhtrack.browser-events", "CALL_BUTTON").start();
        ShopServer.Visitor visitor = shop.visitor();
        visitor.get("/?gdt_vid=Gdt0004");
        visitor.get("/?sourceid=abcdefghijk4");

        int status = visitor.post("/qhtrack/event?event=CALL_BUTTON&pv=0123456789abcdef0123456789abcdef", "",
                "Content-Type", "application/x-qhtrack-event", "Origin", shop.origin()).statusCode();

        assertThat(status).isEqualTo(204);
        assertThat(reports()).as("one report per platform clicked").isEqualTo(2);
        assertThat(shop.fake.awaitAccepted(1, Duration.ofSeconds(10))).singleElement()
                .extracting(Fake360.Received::event).isEqualTo("CALL_BUTTON");
    }
}
