package io.qhtrack.filter;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The browser-event half of {@code /qhtrack.js}, as served, run by Node on simulated pages whose time the test moves
 * ({@code run-browser-events.js}): marked clicks once per element and page view, visible time only, scroll depth,
 * the third page view of a visit, sendBeacon with a fetch fallback, and nothing at all when no event is allowed.
 */
class BrowserEventsScriptTest {

    private static final Pattern BEACON = Pattern.compile(
            "beacon /qhtrack/event\\?event=([A-Z_]+)&pv=([0-9a-f]{32}) application/x-qhtrack-event");

    @TempDir
    Path dir;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start("qhtrack.browser-events", "CALL_BUTTON, WX_BUTTON_C, BROWSETIME, BROWSE_DEPTH, "
                + "SITE_VISIT_DEPTH", "qhtrack.browse-time", "PT2S", "qhtrack.browse-depth", "75");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** The events of the beacons in {@code lines}, in order. */
    private static List<String> beaconEvents(List<String> lines) {
        List<String> events = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("beacon")) {
                Matcher m = BEACON.matcher(line);
                assertThat(m.matches()).as(line).isTrue();
                events.add(m.group(1));
            }
        }
        return events;
    }

    private static String page(String steps) {
        return "{\"height\": 3000, \"viewport\": 900, \"steps\": [" + steps + "]}";
    }

    @Test
    void theScriptCarriesTheAllowedEventsAndThresholdsAndNothingElse() {
        String script = server.get("/qhtrack.js").body();

        assertThat(script).contains("eventUrl = \"/qhtrack/event\"")
                .contains("events = {\"CALL_BUTTON\": 1, \"SITE_VISIT_DEPTH\": 1, \"BROWSE_DEPTH\": 1, "
                        + "\"BROWSETIME\": 1, \"WX_BUTTON_C\": 1}")
                .contains("browseTime = 2000").contains("browseDepth = 75").doesNotContain("@");
        assertThat(script.getBytes(StandardCharsets.UTF_8).length).as("small").isLessThan(6 * 1024);
    }

    @Test
    void aMarkedClickIsReportedOncePerElementAndPageView() throws Exception {
        List<String> lines = run("{\"pages\": [" + page("{\"click\": \"call\"}, {\"click\": \"call-icon\"}, "
                + "{\"click\": \"call\"}, {\"click\": \"call2\"}, {\"click\": \"wechat\"}, {\"click\": \"plain\"}, "
                + "{\"click\": \"shop\"}, {\"click\": \"wechat\"}") + "]}");

        assertThat(beaconEvents(lines)).as("shop is not allowed; call and call2 are two elements")
                .containsExactly("CALL_BUTTON", "CALL_BUTTON", "WX_BUTTON_C");
    }

    @Test
    void everyEventOfAPageViewCarriesItsPageViewIdAndTheNextPageViewAnother() throws Exception {
        List<String> lines = run("{\"pages\": [" + page("{\"click\": \"call\"}, {\"click\": \"wechat\"}") + ", "
                + page("{\"click\": \"call\"}") + "]}");

        List<String> pageViews = new ArrayList<>();
        for (String line : lines) {
            Matcher m = BEACON.matcher(line);
            if (m.matches()) {
                pageViews.add(m.group(2));
            }
        }
        assertThat(pageViews).hasSize(3);
        assertThat(pageViews.get(0)).isEqualTo(pageViews.get(1)).isNotEqualTo(pageViews.get(2));
    }

    @Test
    void browseTimeCountsOnlyTheTimeThePageIsVisible() throws Exception {
        List<String> lines = run("{\"pages\": [" + page("{\"advance\": 1500}, {\"hide\": true}, {\"advance\": 60000}, "
                + "{\"show\": true}, {\"advance\": 499}, {\"click\": \"plain\"}") + ", "
                + page("{\"advance\": 1500}, {\"hide\": true}, {\"advance\": 60000}, {\"show\": true}, "
                        + "{\"advance\": 500}, {\"advance\": 10000}, {\"hide\": true}, {\"show\": true}, "
                        + "{\"advance\": 10000}") + "]}");

        assertThat(beaconEvents(lines)).as("1999 ms visible on the first page, 2 s and more on the second")
                .containsExactly("BROWSETIME");
        assertThat(lines.indexOf(lines.stream().filter(l -> l.startsWith("beacon")).findFirst().orElseThrow()))
                .as("the beacon came on the second page").isGreaterThan(lines.indexOf(lines.stream()
                        .filter(l -> l.startsWith("page")).findFirst().orElseThrow()));
    }

    @Test
    void browseDepthIsReportedOnceWhenTheVisitorHasScrolledPastItsPercent() throws Exception {
        // 3000 px page, 900 px viewport: 75 % is reached at a scroll of 1350 px
        List<String> lines = run("{\"pages\": [" + page("{\"scroll\": 600}, {\"scroll\": 1349}, {\"scroll\": 1350}, "
                + "{\"scroll\": 2100}, {\"scroll\": 0}, {\"scroll\": 2100}") + "]}");

        assertThat(beaconEvents(lines)).containsExactly("BROWSE_DEPTH");
        assertThat(lines.get(lines.size() - 1)).as("the scroll listener is gone").contains("\"scrollListeners\":0");
    }

    @Test
    void aShortPageThatNeedsNoScrollingReportsNoDepth() throws Exception {
        assertThat(beaconEvents(run("{\"pages\": [{\"height\": 600, \"viewport\": 900, \"steps\": []}]}"))).isEmpty();
    }

    @Test
    void theThirdPageViewOfAVisitIsReportedOnce() throws Exception {
        List<String> lines = run("{\"pages\": [" + page("") + ", " + page("") + ", " + page("") + ", " + page("")
                + "]}");

        assertThat(beaconEvents(lines)).containsExactly("SITE_VISIT_DEPTH");
        assertThat(lines.get(2)).as("after the second page").startsWith("beacon");
    }

    @Test
    void withoutSendBeaconTheEventGoesByFetchWithKeepalive() throws Exception {
        List<String> lines = run("{\"beacon\": false, \"pages\": [" + page("{\"click\": \"wechat\"}") + "]}");

        assertThat(lines).filteredOn(l -> l.startsWith("fetch")).singleElement().asString()
                .matches("fetch /qhtrack/event\\?event=WX_BUTTON_C&pv=[0-9a-f]{32} application/x-qhtrack-event true");
    }

    @Test
    void aBeaconTheBrowserRefusesToQueueGoesByFetch() throws Exception {
        List<String> lines = run("{\"beaconAccepts\": false, \"pages\": [" + page("{\"click\": \"call\"}") + "]}");

        assertThat(lines).filteredOn(l -> l.startsWith("fetch")).hasSize(1);
    }

    @Test
    void withNoEventAllowedTheScriptListensToNothing() throws Exception {
        try (TestServer plain = TestServer.start()) {
            String script = plain.get("/qhtrack.js").body();
            assertThat(script).contains("events = {}");
            List<String> lines = run(script, "{\"pages\": [" + page("{\"click\": \"call\"}, {\"advance\": 100000}, "
                    + "{\"scroll\": 2500}") + "]}");

            assertThat(lines).containsExactly("page {\"clickListeners\":0,\"scrollListeners\":0}");
        }
    }

    private List<String> run(String scenario) throws IOException, InterruptedException {
        return run(server.get("/qhtrack.js").body(), scenario);
    }

    /** The lines {@code run-browser-events.js} prints for {@code script} on {@code scenario}. */
    private List<String> run(String script, String scenario) throws IOException, InterruptedException {
        assumeTrue(BrowserCaptureTest.nodeAvailable(), "node is not installed: the script is tested in a "
                + "browser-like runtime only");
        Path scriptFile = dir.resolve("qhtrack.js");
        Files.writeString(scriptFile, script);
        Path scenarioFile = Files.writeString(dir.resolve("scenario.json"), scenario);
        Path harness = dir.resolve("run-browser-events.js");
        try (InputStream in = BrowserEventsScriptTest.class.getResourceAsStream("run-browser-events.js")) {
            Files.write(harness, in.readAllBytes());
        }
        Process node = new ProcessBuilder("node", harness.toString(), scriptFile.toString(), scenarioFile.toString())
                .redirectErrorStream(true).start();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).as(out).isZero();
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }
}
