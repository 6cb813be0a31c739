package io.qhtrack.sample;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headless Chromium from Debian's {@code chromium} and {@code chromium-driver} packages, at fixed paths, so that
 * Selenium Manager never downloads a browser or a driver.
 */
final class Browsers {

    static final Duration WAIT = Duration.ofSeconds(20);

    private Browsers() {
    }

    /** A headless Chromium, 1280×900, with {@code userAgent} if not null. */
    static ChromeDriver chromium(String userAgent) {
        File binary = binary();
        File driver = driver();
        requireBoth(binary, driver);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,900", "--hide-scrollbars", "--force-device-scale-factor=1");
        if (userAgent != null) {
            options.addArguments("--user-agent=" + userAgent);
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver)
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** The environment variable that makes a missing Chromium a failure instead of a skip (CI sets it). */
    static final String REQUIRE = "QHTRACK_REQUIRE_BROWSER";

    /**
     * Whether the browser tests run: Chromium and its driver are installed, or {@value #REQUIRE} is {@code true} (then
     * a missing browser fails them). Browser test classes are
     * {@code @EnabledIf(value = Browsers.AVAILABLE, disabledReason = Browsers.HOW_TO_ENABLE)}, so that a machine without
     * Chromium reports them as skipped, with this reason, instead of failing or silently running none.
     */
    static boolean availableOrRequired() {
        return Boolean.parseBoolean(System.getenv(REQUIRE)) || binary().canExecute() && driver().canExecute();
    }

    /** The condition method, for {@code @EnabledIf}. */
    static final String AVAILABLE = "io.qhtrack.sample.Browsers#availableOrRequired";

    /** Why browser tests are skipped, and how to run them. */
    static final String HOW_TO_ENABLE = "no headless Chromium here: install it with `sudo apt-get install chromium "
            + "chromium-driver` (Debian/Ubuntu), or point -Dchromium.binary and -Dchromedriver.binary at a Chromium and "
            + "its matching driver; CI sets " + REQUIRE + "=true and always runs these tests";

    private static File binary() {
        return new File(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    }

    private static File driver() {
        return new File(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));
    }

    private static void requireBoth(File binary, File driver) {
        assertThat(binary).as("Chromium, required by " + REQUIRE + "=true: " + HOW_TO_ENABLE).isExecutable();
        assertThat(driver).as("chromedriver, required by " + REQUIRE + "=true: " + HOW_TO_ENABLE).isExecutable();
    }

    /**
     * Keeps the page's {@code tel:} links from opening the system's phone application: in headless Chromium that
     * hand-over never ends, and no later click of the session reaches any page. The page's own listeners, qhtrack's
     * included, still see the click (this one runs last, in the bubbling phase, and only prevents the default).
     */
    static void keepTelLinksOnThePage(WebDriver driver) {
        ((JavascriptExecutor) driver).executeScript("document.addEventListener('click', function (e) {"
                + " var a = e.target.closest && e.target.closest('a[href^=\"tel:\"]'); if (a) { e.preventDefault(); } },"
                + " false);");
    }

    /** Waits up to {@link #WAIT}, looking every 50 ms. */
    static WebDriverWait await(WebDriver driver) {
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.pollingEvery(Duration.ofMillis(50));
        return wait;
    }

    /** Saves the whole page (the window stretched to its height) as {@code target/screenshots/name}. */
    static Path screenshot(WebDriver driver, String name) throws IOException {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        Dimension before = driver.manage().window().getSize();
        long page = ((Number) js.executeScript("return document.documentElement.scrollHeight")).longValue();
        long chrome = ((Number) js.executeScript("return window.outerHeight - window.innerHeight")).longValue();
        driver.manage().window().setSize(new Dimension(before.getWidth(),
                (int) Math.min(Math.max(page, 600) + chrome, 8000)));
        try {
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Path dir = Files.createDirectories(Path.of(System.getProperty("sample.target", "target"), "screenshots"));
            return Files.copy(shot.toPath(), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } finally {
            driver.manage().window().setSize(before);
        }
    }
}
