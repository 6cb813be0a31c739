package io.qhtrack.filter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qhtrack.core.Event;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.testkit.Fake360;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigInteger;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole product on embedded Jetty 12 against Fake360 over real HTTP: a visitor lands from a 360 ad, submits
 * the lead form (reported by a configured trigger, no code in the handler) and places an order (one explicit
 * {@link QhTracker#order} call); Fake360 checks every upload like 360 would.
 */
class ConversionEndToEndTest {

    private static final String PC_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36";
    private static final String PHONE_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fake360 fake;
    private Server server;
    private HttpClient browser;

    /** Always answers 200; the trigger reports the lead. */
    static final class LeadServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            req.setCharacterEncoding("UTF-8");
            if (req.getParameter("phone") == null || req.getParameter("phone").isBlank()) {
                resp.sendError(400, "phone is required");
                return;
            }
            resp.setContentType("text/plain;charset=utf-8");
            resp.getWriter().print("thanks " + req.getParameter("name"));
        }
    }

    /** Reports the order with one explicit call and echoes the outcome. */
    static final class OrderServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            TrackOutcome outcome = QhTracker.order(req, req.getParameter("orderId"), req.getParameter("amount"));
            resp.setContentType("text/plain;charset=utf-8");
            resp.getWriter().print(outcome.status());
        }
    }

    /** Reported by annotation. */
    @ReportConversion(Event.CALL)
    public static final class CallServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        /** For the container, which instantiates it by class name as from web.xml. */
        public CallServlet() {
        }

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) {
            resp.setStatus(204);
        }
    }

    /** The landing page. */
    static final class PageServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain;charset=utf-8");
            resp.getWriter().print("click=" + QhClick.current(req).map(c -> c.line().shortName() + ":" + c.id()).orElse("none"));
        }
    }

    @BeforeEach
    void start() throws Exception {
        fake = Fake360.builder()
                .credentials("sk", "ss", "ocpc_ps_convert", "ocpc_ms_convert")
                .credentials("dk", "ds", "ocpc_zs_convert").jzqs("dk", "8888")
                .credentials("mk", "ms", "ocpc_web_convert")
                .start();
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        // the configuration contract, as context-params; TrackerListener starts the tracker from them
        context.setInitParameter("qhtrack.endpoint", fake.endpoint().toString());
        context.setInitParameter("qhtrack.search.key", "sk");
        context.setInitParameter("qhtrack.search.secret", "ss");
        context.setInitParameter("qhtrack.display.key", "dk");
        context.setInitParameter("qhtrack.display.secret", "ds");
        context.setInitParameter("qhtrack.display.jzqs", "8888");
        context.setInitParameter("qhtrack.mobile.key", "mk");
        context.setInitParameter("qhtrack.mobile.secret", "ms");
        context.setInitParameter("qhtrack.triggers", "POST /lead=SUBMIT");
        context.addEventListener(new TrackerListener());
        context.addFilter(new FilterHolder(new ClickIdCaptureFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(new ConversionTriggerFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder("lead", new LeadServlet()), "/lead");
        context.addServlet(new ServletHolder("order", new OrderServlet()), "/order");
        context.addServlet(new ServletHolder("call", CallServlet.class), "/call");
        context.addServlet(new ServletHolder("page", new PageServlet()), "/");
        server.setHandler(context);
        server.start();
        browser = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL)).build();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        fake.close();
    }

    private URI uri(String pathAndQuery) {
        return URI.create(server.getURI().toString().replaceAll("/$", "") + pathAndQuery);
    }

    private HttpResponse<String> get(String pathAndQuery, String userAgent) throws Exception {
        return browser.send(HttpRequest.newBuilder(uri(pathAndQuery)).header("User-Agent", userAgent).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(String path, String... fields) throws Exception {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < fields.length; i += 2) {
            form.append(form.length() == 0 ? "" : "&").append(fields[i]).append('=')
                    .append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        return browser.send(HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
                        .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static JsonNode detail(Fake360.Received u) throws IOException {
        return JSON.readTree(u.bodyText()).path("data").path("data_detail");
    }

    private static String md5(String s) throws Exception {
        byte[] d = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
        return String.format("%032x", new BigInteger(1, d));
    }

    private void landSubmitAndOrder(String landing, String userAgent, String orderId) throws Exception {
        assertThat(get(landing, userAgent).statusCode()).isEqualTo(200);
        HttpResponse<String> lead = post("/lead", "name", "张三", "phone", "13800000000");
        assertThat(lead.body()).isEqualTo("thanks 张三");
        post("/order", "orderId", orderId, "amount", "23.45");
    }

    @Test
    void pcSearchVisitorLeadAndOrderAreUploadedOnThePcSearchLine() throws Exception {
        landSubmitAndOrder("/?qhclickid=9356596331006111412", PC_UA, "A-1001");

        List<Fake360.Received> got = fake.awaitAccepted(2, Duration.ofSeconds(10));
        assertThat(got).extracting(Fake360.Received::dataIndustry).containsOnly("ocpc_ps_convert");
        assertThat(got).extracting(Fake360.Received::event).containsExactlyInAnyOrder("SUBMIT", "ORDER");
        Fake360.Received order = got.stream().filter(u -> u.event().equals("ORDER")).findFirst().orElseThrow();
        assertThat(detail(order).path("qhclickid").asText()).isEqualTo("9356596331006111412");
        assertThat(detail(order).path("event_param").path("value").asLong()).isEqualTo(2345);
        assertThat(detail(order).path("trans_id").asText()).isEqualTo(md5("A-1001"));
        assertThat(fake.rejected()).isEmpty();
    }

    @Test
    void mobileSearchVisitorIsUploadedOnTheMobileSearchLine() throws Exception {
        landSubmitAndOrder("/?qhclickid=7777666655554444", PHONE_UA, "B-1");

        assertThat(fake.awaitAccepted(2, Duration.ofSeconds(10))).extracting(Fake360.Received::dataIndustry)
                .containsOnly("ocpc_ms_convert");
    }

    @Test
    void displayVisitorIsUploadedWithSourceidAsQhclickidAndJzqs() throws Exception {
        landSubmitAndOrder("/landing?utm=x&sourceid=abcdefghijkl", PC_UA, "C-1");

        List<Fake360.Received> got = fake.awaitAccepted(2, Duration.ofSeconds(10));
        assertThat(got).extracting(Fake360.Received::dataIndustry).containsOnly("ocpc_zs_convert");
        for (Fake360.Received u : got) {
            assertThat(detail(u).path("qhclickid").asText()).isEqualTo("abcdefghijkl");
            assertThat(detail(u).path("jzqs").asText()).isEqualTo("8888");
            assertThat(detail(u).has("trans_id")).isTrue();
        }
    }

    @Test
    void mobilePromotionVisitorLeadIsUploadedButAnOrderIsNotOfferedThere() throws Exception {
        assertThat(get("/?impression_id=imp20260310abc", PHONE_UA).statusCode()).isEqualTo(200);
        post("/lead", "name", "王五", "phone", "13900000000");
        HttpResponse<String> order = post("/order", "orderId", "D-1", "amount", "10");

        assertThat(order.body()).isEqualTo("EVENT_NOT_OFFERED");
        Fake360.Received lead = fake.awaitAccepted(1, Duration.ofSeconds(10)).get(0);
        assertThat(lead.dataIndustry()).isEqualTo("ocpc_web_convert");
        assertThat(detail(lead).path("impression_id").asText()).isEqualTo("imp20260310abc");
        assertThat(detail(lead).has("event_param")).isFalse();
        assertThat(fake.received()).hasSize(1);
    }

    @Test
    void aDoubleSubmittedLeadIsDeliveredOnce() throws Exception {
        get("/?qhclickid=1111222233334444", PC_UA);
        post("/lead", "name", "赵六", "phone", "13700000000");
        post("/lead", "name", "赵六", "phone", "13700000000");
        post("/lead", "phone", "13700000000", "name", "赵六");

        fake.awaitAccepted(1, Duration.ofSeconds(10));
        post("/call");
        fake.awaitAccepted(2, Duration.ofSeconds(10));
        assertThat(fake.received()).extracting(Fake360.Received::event).containsExactly("SUBMIT", "CALL");
    }

    @Test
    void aFailedSubmissionReportsNothing() throws Exception {
        get("/?qhclickid=1111222233335555", PC_UA);
        assertThat(post("/lead", "name", "no phone").statusCode()).isEqualTo(400);
        post("/call");

        assertThat(fake.awaitAccepted(1, Duration.ofSeconds(10))).extracting(Fake360.Received::event)
                .containsExactly("CALL");
        assertThat(fake.received()).hasSize(1);
    }

    @Test
    void anAnnotatedServletReportsItsEvent() throws Exception {
        get("/?qhclickid=1111222233336666", PC_UA);
        assertThat(post("/call").statusCode()).isEqualTo(204);

        Fake360.Received call = fake.awaitAccepted(1, Duration.ofSeconds(10)).get(0);
        assertThat(call.event()).isEqualTo("CALL");
        assertThat(call.dataIndustry()).isEqualTo("ocpc_ps_convert");
    }

    @Test
    void aVisitorWithoutAClickSubmitsNormallyAndNothingIsSent() throws Exception {
        assertThat(get("/", PC_UA).body()).isEqualTo("click=none");
        assertThat(post("/lead", "name", "x", "phone", "1").statusCode()).isEqualTo(200);
        assertThat(post("/order", "orderId", "E-1", "amount", "1").body()).isEqualTo("NOT_ATTRIBUTED");

        assertThat(fake.received()).isEmpty();
    }

    @Test
    void aMalformedAmountIsAnsweredAsInvalidNotA500() throws Exception {
        get("/?qhclickid=1111222233337777", PC_UA);
        HttpResponse<String> order = post("/order", "orderId", "F-1", "amount", "12.345");

        assertThat(order.statusCode()).isEqualTo(200);
        assertThat(order.body()).isEqualTo("INVALID");
    }
}
