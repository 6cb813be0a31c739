package io.qhtrack.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.TrackOutcome;
import io.qhtrack.core.Tracker;
import io.qhtrack.testkit.Fake360;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.RemoteIpValve;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tomcat 11 behind a reverse proxy, with the container rewriting each request itself (its {@code RemoteIpValve}, as
 * Spring Boot's {@code server.forward-headers-strategy=native} configures it): the valve rewrites the client address,
 * the server name and the scheme but leaves the backend's {@code Host} header, and qhtrack takes the request as it
 * is, with no {@code qhtrack.trusted-proxies}.
 */
class BehindRemoteIpValveTest {

    private static final String PUBLIC = "https://shop.example.com.cn";

    @TempDir
    Path base;

    private Fake360 fake;
    private Tomcat tomcat;
    private Context context;
    private ScriptClient proxy;

    /** Which click the visitor is attributed to. */
    static final class PageServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain;charset=utf-8");
            resp.getWriter().print("click=" + QhClick.current(req).map(c -> c.line().shortName() + ":" + c.id())
                    .orElse("none"));
        }
    }

    @BeforeEach
    void start() throws Exception {
        fake = Fake360.builder().credentials("sk", "ss", "ocpc_ps_convert", "ocpc_ms_convert").start();
        tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createDirectories(base.resolve("tomcat")).toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.setPort(0);
        RemoteIpValve valve = new RemoteIpValve();
        valve.setInternalProxies("127\\.0\\.0\\.1");
        valve.setRemoteIpHeader("X-Forwarded-For");
        valve.setProtocolHeader("X-Forwarded-Proto");
        valve.setHostHeader("X-Forwarded-Host");
        tomcat.getHost().getPipeline().addValve(valve);
        context = tomcat.addContext("", Files.createDirectories(base.resolve("docs")).toString());
        context.addParameter("qhtrack.endpoint", fake.endpoint().toString());
        context.addParameter("qhtrack.search.key", "sk");
        context.addParameter("qhtrack.search.secret", "ss");
        context.addParameter("qhtrack.browser-events", "CALL_BUTTON");
        context.addParameter("qhtrack.browser-events.budget", "1/PT1H");
        context.addApplicationListener(TrackerListener.class.getName());
        FilterDef def = new FilterDef();
        def.setFilterName("qhtrack");
        def.setFilter(new ClickIdCaptureFilter());
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName("qhtrack");
        map.addURLPattern("/*");
        context.addFilterMap(map);
        Tomcat.addServlet(context, "page", new PageServlet());
        context.addServletMapping("/", "page");
        tomcat.start();
        proxy = ScriptClient.from(tomcat.getConnector().getLocalPort(), PUBLIC, "127.0.0.1");
    }

    @AfterEach
    void stop() throws Exception {
        tomcat.stop();
        tomcat.destroy();
        fake.close();
    }

    private Tracker tracker() {
        return QhTracker.tracker(context.getServletContext()).orElseThrow();
    }

    /** Requests as the proxy passes them on for the visitor at {@code client}. */
    private ScriptClient forClient(String client) {
        return proxy.with("Host: backend:8080", "X-Forwarded-Host: shop.example.com.cn", "X-Forwarded-Proto: https",
                "X-Forwarded-For: " + client);
    }

    @Test
    void theBeaconOfThePublicSitePassesAndIsReported() {
        ScriptClient visitor = forClient("198.51.100.7");
        String cookie = visitor.land("5600000000000001");

        assertThat(visitor.beacon(cookie, "CALL_BUTTON").status()).isEqualTo(204);

        assertThat(fake.awaitAccepted(1, Duration.ofSeconds(10))).singleElement()
                .extracting(Fake360.Received::clickId).isEqualTo("5600000000000001");
        assertThat(tracker().metrics().getRefused()).isZero();
    }

    @Test
    void theRefererFallbackMatchesThePublicSite() {
        RawHttp.Response page = forClient("198.51.100.7").get("/page",
                "Referer: " + PUBLIC + "/cdn/landing.html?qhclickid=5600000000000002");

        assertThat(page.bodyText()).isEqualTo("click=ps:5600000000000002");
        assertThat(page.headers("Set-Cookie")).singleElement().asString().contains("; Secure");
    }

    @Test
    void eachClientTheValveNamesHasItsOwnBudget() {
        ScriptClient first = forClient("198.51.100.7");
        ScriptClient second = forClient("198.51.100.8");

        first.beacon(first.land("5600000000000003"), "CALL_BUTTON");
        second.beacon(second.land("5600000000000004"), "CALL_BUTTON");
        first.beacon(first.land("5600000000000005"), "CALL_BUTTON");

        assertThat(tracker().metrics().getQueued()).isEqualTo(2);
        assertThat(tracker().metrics().reports(TrackOutcome.Status.THROTTLED)).isEqualTo(1);
    }
}
