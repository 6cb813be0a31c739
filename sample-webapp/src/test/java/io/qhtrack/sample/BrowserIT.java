package io.qhtrack.sample;

import io.qhtrack.core.ProductLine;
import io.qhtrack.filter.LandingUrls;
import io.qhtrack.sample.launcher.DemoServer;
import io.qhtrack.testkit.Fake360;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample in a real browser (headless Chromium) on embedded Jetty: visitors arrive with each line's parameter,
 * send the lead form and place an order; the single-page app captures an id from the URL fragment; nothing typed
 * runs as markup; and the landing page and dashboard are photographed for people to look at.
 */
@EnabledIf(value = Browsers.AVAILABLE, disabledReason = Browsers.HOW_TO_ENABLE)
class BrowserIT {

    @TempDir
    static Path data;
    static Fake360 fake;
    static DemoServer site;
    static DemoServer demo;
    static ChromeDriver desktop;
    static ChromeDriver phone;

    @BeforeAll
    static void start() throws Exception {
        fake = TestAccounts.fake360();
        DemoServer.Builder builder = DemoServer.builder().war(SampleHttpFlow.war()).host("127.0.0.1").port(0);
        TestAccounts.contextParams(fake, data.resolve("site")).forEach(builder::contextParam);
        site = builder.start();
        // nothing configured: the demo as a newcomer meets it, with its built-in Fake360
        demo = DemoServer.builder().war(SampleHttpFlow.war()).host("127.0.0.1").port(0)
                .contextParam("qhtrack.demo.data", data.resolve("demo").toString()).start();
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
        for (DemoServer server : new DemoServer[] {site, demo}) {
            if (server != null) {
                server.close();
            }
        }
        if (fake != null) {
            fake.close();
        }
    }

    /** The site, as 127.0.0.1 (the demo is reached as localhost: cookies of the two never mix). */
    static String site() {
        return "http://127.0.0.1:" + site.port();
    }

    /** A fresh visitor in {@code driver}: no cookie of the site's. */
    static void forget(WebDriver driver, String origin) {
        driver.get(origin + "/healthz");
        driver.manage().deleteAllCookies();
    }

    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of(ProductLine.PC_SEARCH, false, "/"),
                Arguments.of(ProductLine.MOBILE_SEARCH, true, "/?from=360"),
                Arguments.of(ProductLine.DISPLAY, false, "/#order"),
                Arguments.of(ProductLine.MOBILE_PROMOTION, true, "/?channel=360"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lines")
    void aVisitorFromEachLineSendsTheLeadFormAndPlacesAnOrder(ProductLine line, boolean fromPhone, String landing) {
        ChromeDriver browser = fromPhone ? phone : desktop;
        forget(browser, site());
        String clickId = line == ProductLine.DISPLAY ? SampleHttpFlow.digits(12) : SampleHttpFlow.digits(16);
        browser.get(LandingUrls.append360ClickId(site() + landing, line.clickParameter(), clickId));
        assertThat(browser.findElement(By.cssSelector(".demo-bar .click-id")).getDomAttribute("data-line"))
                .as("captured on the landing request").isEqualTo(line.wireName());

        browser.findElement(By.id("f-name")).sendKeys("韩梅梅 Han Meimei");
        browser.findElement(By.id("f-phone")).sendKeys("139 0013 9000");
        browser.findElement(By.cssSelector("#lead button[type=submit]")).click();
        Browsers.await(browser).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".visitor-name")));
        assertThat(browser.findElement(By.cssSelector("h1 .visitor-name")).getText()).isEqualTo("韩梅梅 Han Meimei");
        assertThat(TestAccounts.awaitAccepted(fake, clickId, "SUBMIT").dataIndustry()).isEqualTo(line.wireName());

        browser.get(site() + "/#order");
        String orderId = browser.findElement(By.id("f-orderId")).getDomProperty("value");
        assertThat(browser.findElement(By.id("f-quantity")).getDomProperty("value")).isEqualTo("1");
        browser.findElement(By.cssSelector(".order-form button[type=submit]")).click();
        WebElement outcome = Browsers.await(browser).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("[data-outcome]")));
        assertThat(browser.findElement(By.cssSelector(".order-id")).getText()).isEqualTo(orderId);
        if (line == ProductLine.MOBILE_PROMOTION) {
            assertThat(outcome.getDomAttribute("data-outcome")).isEqualTo("EVENT_NOT_OFFERED");
            assertThat(TestAccounts.receivedFor(fake, clickId)).extracting(Fake360.Received::event)
                    .as("mobile promotion offers no ORDER: nothing sent").containsExactly("SUBMIT");
        } else {
            assertThat(outcome.getDomAttribute("data-outcome")).isEqualTo("QUEUED");
            Fake360.Received order = TestAccounts.awaitAccepted(fake, clickId, "ORDER");
            assertThat(order.dataIndustry()).isEqualTo(line.wireName());
            assertThat(order.transId()).isEqualTo(SampleHttpFlow.md5(orderId));
            assertThat(order.json().at("/data/data_detail/event_param/value").asLong()).isEqualTo(2345);
        }
    }

    static Stream<Arguments> fragmentClicks() {
        return Stream.of(
                Arguments.of("qhclickid", ProductLine.PC_SEARCH, SampleHttpFlow.digits(16)),
                Arguments.of("sourceid", ProductLine.DISPLAY, SampleHttpFlow.digits(12)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fragmentClicks")
    void theSinglePageAppCapturesTheIdInTheFragmentAndItsInAppSubmitIsReportedOnTheRightLine(String parameter,
            ProductLine line, String clickId) {
        forget(desktop, site());
        desktop.get(site() + "/spa/#/landing?" + parameter + "=" + clickId);
        Browsers.await(desktop).until(d -> d.manage().getCookieNamed("qhtrack_click") != null);

        desktop.findElement(By.id("cta")).click();
        Browsers.await(desktop).until(ExpectedConditions.presenceOfElementLocated(By.id("spa-lead")));
        desktop.findElement(By.id("s-name")).sendKeys("Li Lei");
        desktop.findElement(By.id("s-phone")).sendKeys("13800138000");
        desktop.findElement(By.cssSelector("#spa-lead button[type=submit]")).click();
        Browsers.await(desktop).until(ExpectedConditions.attributeToBe(By.id("view"), "data-route", "thanks"));
        assertThat(desktop.findElement(By.cssSelector("#view h1 .visitor-name")).getText()).isEqualTo("Li Lei");
        assertThat(desktop.getCurrentUrl()).endsWith("/spa/#/thanks");

        Fake360.Received submit = TestAccounts.awaitAccepted(fake, clickId, "SUBMIT");
        assertThat(submit.dataIndustry()).isEqualTo(line.wireName());
        Browsers.await(desktop).until(ExpectedConditions.attributeToBe(By.id("demo-bar"), "data-line",
                line.wireName()));
    }

    @Test
    void whatAVisitorTypesIsShownAsTextNeverRunAsMarkup() {
        String evil = "<img src=x onerror=document.title=1>";
        forget(desktop, site());
        desktop.get(site() + "/");
        desktop.findElement(By.id("f-name")).sendKeys(evil);
        desktop.findElement(By.id("f-phone")).sendKeys("13800138000");
        desktop.findElement(By.cssSelector("#lead button[type=submit]")).click();
        Browsers.await(desktop).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".visitor-name")));
        assertThat(desktop.findElement(By.cssSelector("h1 .visitor-name")).getText()).isEqualTo(evil);
        assertThat(desktop.findElements(By.cssSelector("main img"))).isEmpty();
        assertThat(desktop.getTitle()).startsWith("预约成功 Thank you");

        desktop.get(site() + "/spa/#/form");
        desktop.findElement(By.id("s-name")).sendKeys(evil);
        desktop.findElement(By.id("s-phone")).sendKeys("13800138000");
        desktop.findElement(By.cssSelector("#spa-lead button[type=submit]")).click();
        Browsers.await(desktop).until(ExpectedConditions.attributeToBe(By.id("view"), "data-route", "thanks"));
        assertThat(desktop.findElement(By.cssSelector("#view h1 .visitor-name")).getText()).isEqualTo(evil);
        assertThat(desktop.findElements(By.cssSelector("main img"))).isEmpty();
        assertThat(desktop.getTitle()).startsWith("免费试听");
    }

    @Test
    void aNewcomersDemoFromAdClickToAcceptedUploadsPhotographed() throws Exception {
        String origin = "http://localhost:" + demo.port();
        forget(desktop, origin);
        desktop.get(origin + "/demo/");
        assertThat(desktop.findElement(By.id("your-click")).getText()).contains("None yet");
        desktop.findElement(By.cssSelector("#arrive a[data-line=ocpc_ps_convert]")).click();

        Browsers.await(desktop).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(".demo-bar .click-id")));
        String clickId = desktop.findElement(By.cssSelector(".demo-bar .click-id")).getText();
        assertThat(desktop.getCurrentUrl()).isEqualTo(origin + "/?qhclickid=" + clickId);
        Browsers.screenshot(desktop, "landing.png");

        desktop.findElement(By.id("f-name")).sendKeys("王小明");
        desktop.findElement(By.id("f-phone")).sendKeys("137 0013 7000");
        desktop.findElement(By.cssSelector("#lead button[type=submit]")).click();
        Browsers.await(desktop).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".visitor-name")));
        desktop.get(origin + "/#order");
        desktop.findElement(By.cssSelector(".order-form button[type=submit]")).click();
        Browsers.await(desktop).until(ExpectedConditions.attributeToBe(By.cssSelector("[data-outcome]"),
                "data-outcome", "QUEUED"));
        Browsers.screenshot(desktop, "order.png");

        desktop.get(origin + "/");
        Browsers.keepTelLinksOnThePage(desktop);
        desktop.findElement(By.id("call")).click();
        desktop.findElement(By.id("copy-wechat")).click();
        desktop.get(origin + "/demo/");
        List<String> wanted = List.of("SUBMIT", "ORDER", "CALL_BUTTON", "WX_BUTTON_C");
        Browsers.await(desktop).until(d -> {
            d.navigate().refresh();
            List<String> delivered = d.findElements(By.cssSelector("tr.outbox-entry[data-state=DELIVERED]")).stream()
                    .map(e -> e.getDomAttribute("data-event")).toList();
            return delivered.containsAll(wanted) && d.findElements(By.cssSelector("tr.upload[data-verdict=accepted]"))
                    .size() == delivered.size();
        });
        assertThat(desktop.findElement(By.id("click-id")).getText()).isEqualTo(clickId);
        List<String> events = desktop.findElements(By.cssSelector("tr.upload")).stream()
                .map(e -> e.getDomAttribute("data-event")).toList();
        assertThat(events).containsAll(wanted).as("what the demo allows and nothing else")
                .isSubsetOf("SUBMIT", "ORDER", "CALL_BUTTON", "WX_BUTTON_C", "BROWSETIME", "BROWSE_DEPTH");
        assertThat(desktop.findElement(By.cssSelector("[data-browser-event=CALL_BUTTON] b")).getText()).isEqualTo("1");
        assertThat(desktop.findElement(By.cssSelector("[data-browser-event=WX_BUTTON_C] b")).getText()).isEqualTo("1");
        assertThat(desktop.findElements(By.cssSelector("tr.upload[data-verdict=rejected]"))).isEmpty();
        assertThat(desktop.findElements(By.cssSelector(".flow .step.done"))).hasSize(5);
        Browsers.screenshot(desktop, "dashboard.png");

        WebElement spa = desktop.findElement(By.cssSelector("#arrive a[href*='/spa/']"));
        String spaClickId = spa.getDomAttribute("href").replaceAll(".*qhclickid=", "");
        spa.click();
        Browsers.await(desktop).until(ExpectedConditions.textToBePresentInElementLocated(By.id("demo-click"),
                spaClickId));
        Browsers.screenshot(desktop, "spa.png");
    }

    @Test
    void theDashboardIsOffWhereRealCredentialsAreConfiguredUnlessAskedFor() throws Exception {
        Map<String, String> params = TestAccounts.settings(fake);
        params.put("qhtrack.demo.data", data.resolve("off").toString());
        DemoServer.Builder builder = DemoServer.builder().war(SampleHttpFlow.war()).host("127.0.0.1").port(0);
        params.forEach(builder::contextParam);
        try (DemoServer plain = builder.start()) {
            forget(desktop, "http://127.0.0.1:" + plain.port());
            desktop.get("http://127.0.0.1:" + plain.port() + "/?qhclickid=" + SampleHttpFlow.digits(16));
            assertThat(desktop.findElements(By.cssSelector(".demo-bar"))).isEmpty();
            assertThat(desktop.findElements(By.cssSelector(".nav-demo"))).isEmpty();
            desktop.get("http://127.0.0.1:" + plain.port() + "/demo/");
            assertThat(desktop.findElements(By.id("your-click"))).isEmpty();
        }
    }
}
