package io.qhtrack.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qhtrack.sample.launcher.DemoServer;
import io.qhtrack.testkit.Fake360;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Browser events in a real browser (headless Chromium) on the sample on embedded Jetty: taps on the marked phone link
 * and WeChat button, scrolling and visible time (not counting the time the tab is hidden) reach Fake360, once per
 * click, event and day, without holding up a navigation; beacons forged in the page or from another site send nothing; a
 * same-origin Referer's click is captured, another site's is not.
 */
@EnabledIf(value = Browsers.AVAILABLE, disabledReason = Browsers.HOW_TO_ENABLE)
class BrowserEventsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path data;
    static Fake360 fake;
    static DemoServer site;
    static ForeignSite foreign;
    static ChromeDriver desktop;
    static ChromeDriver phone;

    @BeforeAll
    static void start() throws Exception {
        fake = TestAccounts.fake360();
        DemoServer.Builder builder = DemoServer.builder().war(SampleHttpFlow.war()).host("127.0.0.1").port(0);
        TestAccounts.contextParams(fake, data.resolve("site")).forEach(builder::contextParam);
        // the demo's browser events, plus SHOP_BUTTON (the pay button), and a browse time a test can wait for
        builder.contextParam("qhtrack.browser-events", "CALL_BUTTON,WX_BUTTON_C,BROWSETIME,BROWSE_DEPTH,SHOP_BUTTON");
        builder.contextParam("qhtrack.browse-time", "PT1S");
        site = builder.start();
        foreign = ForeignSite.start();
        desktop = Browsers.chromium(null);
        phone = Browsers.chromium(Visitor.PHONE);
    }

    @AfterAll
    static void stop() {
        for (WebDriver driver : new WebDriver[] {desktop, phone}) {
            if (driver != null) {
                driver.quit();
            }
        }
        if (site != null) {
            site.close();
        }
        if (foreign != null) {
            foreign.close();
        }
        if (fake != null) {
            fake.close();
        }
    }

    static String site() {
        return "http://127.0.0.1:" + site.port();
    }

    /** A fresh visitor landing from a display ad (its line requires a trans_id: every event is distinct). */
    private static String landFromDisplay(ChromeDriver browser) {
        BrowserIT.forget(browser, site());
        String clickId = SampleHttpFlow.digits(12);
        browser.get(site() + "/?sourceid=" + clickId);
        assertThat(browser.findElement(By.cssSelector(".demo-bar .click-id")).getText()).isEqualTo(clickId);
        return clickId;
    }

    /** Counts, in the page, every beacon and fetch the page makes to the event endpoint, by event. */
    private static void countBeacons(ChromeDriver browser) {
        ((JavascriptExecutor) browser).executeScript("window.qhtrackBeacons = [];"
                + "sessionStorage.removeItem('beacons'); var beacon = navigator.sendBeacon.bind(navigator);"
                + "navigator.sendBeacon = function (url, data) { window.qhtrackBeacons.push(url); return beacon(url, data); };");
    }

    @SuppressWarnings("unchecked")
    private static List<String> beaconsSent(ChromeDriver browser) {
        return new ArrayList<>((List<String>) ((JavascriptExecutor) browser).executeScript(
                "return window.qhtrackBeacons;"));
    }

    private static List<String> eventsReceivedFor(String clickId) {
        return TestAccounts.receivedFor(fake, clickId).stream().map(Fake360.Received::event).toList();
    }

    /** {@code fetch} from the page; returns the status, or -1 when the browser refused to send it (CORS). */
    private static long fetchFromThePage(ChromeDriver browser, String url, String init) {
        Object status = ((JavascriptExecutor) browser).executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "fetch(" + JSON.valueToTree(url) + ", " + init + ").then(function (r) { done(r.status); },"
                + " function () { done(-1); });");
        return ((Number) status).longValue();
    }

    @Test
    void repeatedTapsOnThePhoneLinkAreOneUploadPerClickAndDayWhateverThePageView() {
        String clickId = landFromDisplay(desktop);
        countBeacons(desktop);
        Browsers.keepTelLinksOnThePage(desktop);

        for (int i = 0; i < 3; i++) {
            desktop.findElement(By.id("call")).click();
        }

        assertThat(TestAccounts.awaitAccepted(fake, clickId, "CALL_BUTTON").dataIndustry())
                .isEqualTo("ocpc_zs_convert");
        assertThat(beaconsSent(desktop)).filteredOn(url -> url.contains("event=CALL_BUTTON")).hasSize(1);
        assertThat(eventsReceivedFor(clickId)).filteredOn("CALL_BUTTON"::equals).hasSize(1);

        desktop.navigate().refresh();
        countBeacons(desktop);
        Browsers.keepTelLinksOnThePage(desktop);
        desktop.findElement(By.id("call")).click();
        desktop.findElement(By.id("copy-wechat")).click(); // reported after the tap: once it arrives, the tap was seen
        TestAccounts.awaitAccepted(fake, clickId, "WX_BUTTON_C");

        assertThat(beaconsSent(desktop)).as("a new page view, a new beacon")
                .filteredOn(url -> url.contains("event=CALL_BUTTON")).hasSize(1);
        assertThat(eventsReceivedFor(clickId)).as("but one CALL_BUTTON per click and day, as on the search lines")
                .filteredOn("CALL_BUTTON"::equals).hasSize(1);
    }

    @Test
    void theWeChatCopyButtonCopiesAndIsReported() {
        String clickId = landFromDisplay(desktop);

        desktop.findElement(By.id("copy-wechat")).click();

        Browsers.await(desktop).until(ExpectedConditions.attributeToBeNotEmpty(desktop.findElement(
                By.id("copy-wechat")), "data-copied"));
        assertThat(desktop.findElement(By.id("wechat-note")).getText()).isNotBlank();
        assertThat(TestAccounts.awaitAccepted(fake, clickId, "WX_BUTTON_C").transId()).matches("[0-9a-f]{32}");
    }

    @Test
    void scrollingPastTheDepthIsReported() {
        String clickId = landFromDisplay(desktop);

        ((JavascriptExecutor) desktop).executeScript("window.scrollTo(0, document.documentElement.scrollHeight);");

        assertThat(TestAccounts.awaitAccepted(fake, clickId, "BROWSE_DEPTH").dataIndustry())
                .isEqualTo("ocpc_zs_convert");
    }

    @Test
    void visibleTimeOnThePageIsReported() {
        BrowserIT.forget(desktop, site());
        String clickId = SampleHttpFlow.digits(16);
        desktop.get(site() + "/?qhclickid=" + clickId);

        // qhtrack.browse-time is one second here: Fake360 is polled until it arrives, within the deadline
        assertThat(TestAccounts.awaitAccepted(fake, clickId, "BROWSETIME").dataIndustry()).isEqualTo("ocpc_ps_convert");
    }

    /**
     * A clock for the page, installed before any of its scripts runs: {@code Date.now}, {@code performance.now} and
     * {@code setTimeout} obey {@code qhtrackTest.tick(ms)}, and 10 s pass each time the tab is hidden (at the moment
     * it is shown again, before the page's own listeners hear of it). It also records the visibility changes and the
     * beacons the page queues.
     */
    private static final String PAGE_CLOCK = String.join("\n",
            "(function () {",
            "  var now = 0, timers = [], ids = 0, t = window.qhtrackTest = {visibility: [], beacons: []};",
            "  Date.now = function () { return now; };",
            "  performance.now = function () { return now; };",
            "  window.setTimeout = function (f, ms) { timers.push({id: ++ids, at: now + (ms || 0), f: f}); return ids; };",
            "  window.clearTimeout = function (id) { timers = timers.filter(function (x) { return x.id !== id; }); };",
            "  t.tick = function (ms) {",
            "    var end = now + ms, next;",
            "    for (;;) {",
            "      timers.sort(function (a, b) { return a.at - b.at; });",
            "      next = timers[0];",
            "      if (!next || next.at > end) { break; }",
            "      timers.shift(); now = next.at; next.f();",
            "    }",
            "    now = end;",
            "  };",
            "  document.addEventListener('visibilitychange', function () {",
            "    if (document.visibilityState === 'visible') { now += 10000; }",
            "    t.visibility.push(document.visibilityState);",
            "  }, false);",
            "  var beacon = navigator.sendBeacon.bind(navigator);",
            "  navigator.sendBeacon = function (url, data) { t.beacons.push(url); return beacon(url, data); };",
            "})();");

    @Test
    void timeWhileTheTabIsHiddenDoesNotCountTowardsTheBrowseTime() {
        BrowserIT.forget(desktop, site());
        Object script = desktop.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                Map.of("source", PAGE_CLOCK)).get("identifier");
        try {
            String clickId = SampleHttpFlow.digits(16);
            desktop.get(site() + "/?qhclickid=" + clickId);
            String shop = desktop.getWindowHandle();
            inThePage(desktop, "qhtrackTest.tick(900);");

            desktop.switchTo().newWindow(WindowType.TAB); // the shop's tab is hidden behind it: 10 s pass there
            desktop.close(); // and it is shown again
            desktop.switchTo().window(shop);
            Browsers.await(desktop).until(driver -> "hidden,visible".equals(inThePage(driver,
                    "return qhtrackTest.visibility.join();")));
            inThePage(desktop, "qhtrackTest.tick(99);");
            assertThat((String) inThePage(desktop, "return qhtrackTest.beacons.join(' ');"))
                    .as("0.999 s visible, 10 s hidden: not yet the browse time of 1 s").doesNotContain("BROWSETIME");

            inThePage(desktop, "qhtrackTest.tick(1);");
            assertThat((String) inThePage(desktop, "return qhtrackTest.beacons.join(' ');")).as("1 s visible")
                    .contains("event=BROWSETIME");
            assertThat(TestAccounts.awaitAccepted(fake, clickId, "BROWSETIME").clickId()).isEqualTo(clickId);
        } finally {
            desktop.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", script));
        }
    }

    private static Object inThePage(WebDriver driver, String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    @Test
    void aTapThatStartsANavigationIsNotHeldUpAndItsEventStillArrives() {
        String clickId = landFromDisplay(desktop);
        ((JavascriptExecutor) desktop).executeScript("document.addEventListener('click', function (e) {"
                + " sessionStorage.setItem('prevented', String(e.defaultPrevented)); }, false);"
                + "sessionStorage.removeItem('beacons'); var beacon = navigator.sendBeacon.bind(navigator);"
                + "navigator.sendBeacon = function (url, data) { var queued = beacon(url, data);"
                + " sessionStorage.setItem('beacons', (sessionStorage.getItem('beacons') || '') + url + ' ' + queued"
                + " + '\\n'); return queued; };");

        desktop.findElement(By.id("pay")).click();

        Browsers.await(desktop).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".order-id")));
        assertThat(((JavascriptExecutor) desktop).executeScript("return sessionStorage.getItem('prevented');"))
                .as("the form submission went ahead").isEqualTo("false");
        // The page being left may queue its BROWSETIME beacon too (when it was visible long enough), so every
        // beacon is kept and the tap's is looked for among them.
        String beacons = (String) ((JavascriptExecutor) desktop)
                .executeScript("return sessionStorage.getItem('beacons');");
        assertThat(beacons == null ? new String[0] : beacons.split("\n")).as("the beacons the page queued")
                .anySatisfy(beacon -> assertThat(beacon).contains("event=SHOP_BUTTON").endsWith(" true"));
        assertThat(TestAccounts.awaitAccepted(fake, clickId, "SHOP_BUTTON").clickId()).isEqualTo(clickId);
        assertThat(TestAccounts.awaitAccepted(fake, clickId, "ORDER").clickId()).isEqualTo(clickId);
    }

    @Test
    void beaconsForgedInThePageSendNothing() throws Exception {
        String clickId = landFromDisplay(desktop);
        String pv = "0123456789abcdef0123456789abcdef";
        String guard = "{method: 'POST', headers: {'Content-Type': 'application/x-qhtrack-event'}}";

        assertThat(fetchFromThePage(desktop, "/qhtrack/event?event=WX_BUTTON_C&pv=" + pv, "{method: 'POST'}"))
                .as("no guard content type").isEqualTo(403);
        assertThat(fetchFromThePage(desktop, "/qhtrack/event?event=WX_BUTTON_C&pv=" + pv, "{method: 'POST', "
                + "headers: {'Content-Type': 'text/plain'}}")).as("a simple content type").isEqualTo(403);
        assertThat(fetchFromThePage(desktop, "/qhtrack/event?event=SUBMIT&pv=" + pv, guard)).as("an event not allowed")
                .isEqualTo(403);
        assertThat(fetchFromThePage(desktop, "/qhtrack/event?event=WX_BUTTON_C&pv=" + pv + "&value=2345", guard))
                .as("an amount").isEqualTo(400);

        assertThat(outboxEntriesFor(clickId)).as("nothing queued for the click, so nothing can be sent")
                .doesNotContain("WX_BUTTON_C", "SUBMIT");
        Browsers.keepTelLinksOnThePage(desktop);
        desktop.findElement(By.id("call")).click();
        TestAccounts.awaitAccepted(fake, clickId, "CALL_BUTTON");
        assertThat(eventsReceivedFor(clickId)).doesNotContain("WX_BUTTON_C", "SUBMIT");
    }

    @Test
    void anEventTheClicksLineDoesNotOfferAndOneWithoutAClickSendNothing() throws Exception {
        BrowserIT.forget(phone, site());
        String clickId = "imp" + SampleHttpFlow.digits(20);
        phone.get(site() + "/?channel=360&impression_id=" + clickId);
        String guard = "{method: 'POST', headers: {'Content-Type': 'application/x-qhtrack-event'}}";

        assertThat(fetchFromThePage(phone, "/qhtrack/event?event=CALL_BUTTON&pv=0123456789abcdef0123456789abcdef",
                guard)).as("mobile promotion offers no CALL_BUTTON").isEqualTo(204);
        phone.manage().deleteAllCookies();
        // Counted by event: the pages the phone left earlier may still be delivering their BROWSETIME beacons.
        long before = outboxCount("CALL_BUTTON");
        assertThat(fetchFromThePage(phone, "/qhtrack/event?event=CALL_BUTTON&pv=fedcba9876543210fedcba9876543210",
                guard)).as("no click").isEqualTo(204);

        assertThat(outboxEntriesFor(clickId)).isEmpty();
        assertThat(outboxCount("CALL_BUTTON")).as("CALL_BUTTON entries of any click").isEqualTo(before);
        assertThat(eventsReceivedFor(clickId)).isEmpty();
    }

    @Test
    void aBeaconFromAnotherSitesPageIsNeverSent() throws Exception {
        String clickId = landFromDisplay(desktop);
        desktop.get(foreign.origin() + "/page");
        String url = site() + "/qhtrack/event?event=WX_BUTTON_C&pv=0123456789abcdef0123456789abcdef";

        // a beacon the browser may queue, but sends only after a CORS preflight, which is never granted
        ((JavascriptExecutor) desktop).executeScript("navigator.sendBeacon(arguments[0], "
                + "new Blob([], {type: 'application/x-qhtrack-event'}));", url);
        long guarded = fetchFromThePage(desktop, url, "{method: 'POST', credentials: 'include', "
                + "headers: {'Content-Type': 'application/x-qhtrack-event'}}");
        long simple = fetchFromThePage(desktop, url, "{method: 'POST', mode: 'no-cors', credentials: 'include'}");

        assertThat(guarded).as("refused by the browser: the preflight is never granted").isEqualTo(-1);
        assertThat(simple).as("an opaque answer (the endpoint refused it: no guard content type)").isZero();
        desktop.get(site() + "/");
        Browsers.keepTelLinksOnThePage(desktop);
        desktop.findElement(By.id("call")).click();
        TestAccounts.awaitAccepted(fake, clickId, "CALL_BUTTON");
        assertThat(eventsReceivedFor(clickId)).doesNotContain("WX_BUTTON_C");
        assertThat(outboxEntriesFor(clickId)).doesNotContain("WX_BUTTON_C");
    }

    @Test
    void aSameOriginRefererIsCapturedAndAnotherSitesIsNot() {
        // the landing page as a CDN would have served it: its click never reached the application, no cookie
        BrowserIT.forget(desktop, site());
        String clickId = SampleHttpFlow.digits(16);
        desktop.get(site() + "/?qhclickid=" + clickId);
        desktop.manage().deleteAllCookies();
        desktop.findElement(By.id("f-name")).sendKeys("Referer");
        desktop.findElement(By.id("f-phone")).sendKeys("13800138000");
        desktop.findElement(By.cssSelector("#lead button[type=submit]")).click();

        Browsers.await(desktop).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".visitor-name")));
        assertThat(desktop.findElement(By.cssSelector(".demo-bar .click-id")).getText()).isEqualTo(clickId);
        assertThat(TestAccounts.awaitAccepted(fake, clickId, "SUBMIT").clickId()).isEqualTo(clickId);

        BrowserIT.forget(desktop, site());
        String foreignClick = SampleHttpFlow.digits(16);
        desktop.get(foreign.origin() + "/landing?qhclickid=" + foreignClick + "&to="
                + URLEncoder.encode(site() + "/", StandardCharsets.UTF_8));
        desktop.findElement(By.id("go")).click();

        Browsers.await(desktop).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".demo-bar")));
        assertThat(desktop.findElements(By.cssSelector(".demo-bar .click-id"))).as("another site's Referer").isEmpty();
        assertThat(desktop.manage().getCookieNamed("qhtrack_click")).isNull();
    }

    /** The events of the site's outbox entries (latest of each state) for {@code clickId}. */
    private static List<String> outboxEntriesFor(String clickId) throws Exception {
        List<String> events = new ArrayList<>();
        for (JsonNode entry : status().at("/outbox/entries")) {
            if (clickId.equals(entry.path("clickId").asText())) {
                events.add(entry.path("event").asText());
            }
        }
        return events;
    }

    /** How many of the site's outbox entries (latest of each state), of any click, are for {@code event}. */
    private static long outboxCount(String event) throws Exception {
        long count = 0;
        for (JsonNode entry : status().at("/outbox/entries")) {
            if (event.equals(entry.path("event").asText())) {
                count++;
            }
        }
        return count;
    }

    private static JsonNode status() throws Exception {
        return JSON.readTree(new Visitor(java.net.URI.create(site()), Visitor.DESKTOP).get("/demo/status.json").body());
    }
}
