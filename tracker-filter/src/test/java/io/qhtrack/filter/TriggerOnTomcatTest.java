package io.qhtrack.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.testkit.Fake360;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trigger on a handler that never reads its form, on Tomcat 11 (the sample runs on Jetty and Tomcat, the filter's
 * other tests on Jetty): the form's own fields still make the {@code trans_id}, although the answer was sent first.
 */
class TriggerOnTomcatTest {

    @TempDir
    Path base;

    private Fake360 fake;
    private Tomcat tomcat;
    private HttpClient browser;
    private URI root;

    /** Answers 303 without reading the form, as a handler that stores the raw request elsewhere might. */
    static final class SilentLeadServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) {
            resp.setStatus(303);
            resp.setHeader("Location", "/thanks");
        }
    }

    /** The landing page. */
    static final class PageServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            resp.setStatus(204);
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
        Context context = tomcat.addContext("", Files.createDirectories(base.resolve("docs")).toString());
        context.addParameter("qhtrack.endpoint", fake.endpoint().toString());
        context.addParameter("qhtrack.search.key", "sk");
        context.addParameter("qhtrack.search.secret", "ss");
        context.addParameter("qhtrack.triggers", "POST /lead=SUBMIT");
        context.addApplicationListener(TrackerListener.class.getName());
        addFilter(context, "qhtrack", new ClickIdCaptureFilter());
        addFilter(context, "qhtrack-triggers", new ConversionTriggerFilter());
        Tomcat.addServlet(context, "lead", new SilentLeadServlet());
        context.addServletMapping("/lead", "lead");
        Tomcat.addServlet(context, "page", new PageServlet());
        context.addServletMapping("/", "page");
        tomcat.start();
        root = URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort());
        browser = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL)).build();
    }

    private static void addFilter(Context context, String name, jakarta.servlet.Filter filter) {
        FilterDef def = new FilterDef();
        def.setFilterName(name);
        def.setFilter(filter);
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName(name);
        map.addURLPattern("/*");
        context.addFilterMap(map);
    }

    @AfterEach
    void stop() throws Exception {
        tomcat.stop();
        tomcat.destroy();
        fake.close();
    }

    @Test
    void aTriggeredLeadWhoseHandlerNeverReadsTheFormIsReportedWithTheFormsTransId() throws Exception {
        browser.send(HttpRequest.newBuilder(root.resolve("/?qhclickid=9356596331006111412")).build(),
                HttpResponse.BodyHandlers.discarding());

        HttpResponse<Void> posted = browser.send(HttpRequest.newBuilder(root.resolve("/lead"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=Zhang+San&phone=13800138000")).build(),
                HttpResponse.BodyHandlers.discarding());

        assertThat(posted.statusCode()).isEqualTo(303);
        var received = fake.awaitAccepted(1, Duration.ofSeconds(10)).get(0);
        assertThat(received.event()).isEqualTo("SUBMIT");
        assertThat(received.transId()).isEqualTo(formTransId());
    }

    /** What {@code Conversion.Builder.transIdFromForm} makes of {name: Zhang San, phone: 13800138000}. */
    private static String formTransId() throws Exception {
        String canonical = "4:name1#9:Zhang San5:phone1#11:13800138000";
        byte[] md5 = MessageDigest.getInstance("MD5").digest(canonical.getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder();
        for (byte b : md5) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }
}
