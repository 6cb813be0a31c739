package io.qhtrack.filter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.qhtrack.core.Settings;
import io.qhtrack.core.Tracker;
import io.qhtrack.core.jdbc.JdbcOutbox;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The proof that the platform seam is real, through a plain web application (issue 20): {@link AcmePlatform}, a
 * platform written in the tests against the SPI only, is given to the application's own {@link Tracker}
 * ({@code Tracker.builder().platform(...)}, installed by the application's listener with
 * {@link QhTracker#install}), captured by {@link ClickIdCaptureFilter} on embedded Jetty, reported by
 * {@link ConversionTriggerFilter} ({@code POST /lead=SUBMIT}), kept in a {@link JdbcOutbox} on H2 and delivered to
 * its endpoint, a loopback HTTP server of this test, as JSON with its key from the settings: no engine code knows it.
 * The refused key comes last: a parked platform stays parked until the application restarts.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThrowawayPlatformThroughWarTest {

    private static final String ACME_KEY = "Acme-War-Key-77";
    private static final String DATABASE = "jdbc:h2:mem:acme-war;DB_CLOSE_DELAY=-1";
    /** How long real I/O (an upload, a retry after 50 ms) may take before the test fails. */
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    /** What Acme's endpoint received: its key header, content type and body, per request. */
    private static final BlockingQueue<Map<String, String>> RECEIVED = new LinkedBlockingQueue<>();
    /** The statuses Acme answers next (200 with {@code "code":0} when none is queued). */
    private static final BlockingQueue<Integer> NEXT_STATUSES = new LinkedBlockingQueue<>();

    private static HttpServer acme;
    private static Server jetty;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        acme = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        acme.createContext("/conversions", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String key = exchange.getRequestHeaders().getFirst(AcmePlatform.KEY_HEADER);
            RECEIVED.add(Map.of("key", key == null ? "" : key, "body", body,
                    "contentType", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"))));
            Integer status = NEXT_STATUSES.poll();
            byte[] answer = (status == null ? "{\"code\":0}" : "{\"code\":" + status + "}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status == null ? 200 : status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        acme.start();

        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        context.setInitParameter("qhtrack.triggers", "POST /lead=SUBMIT");
        context.addEventListener(new ShopListener("http://127.0.0.1:" + acme.getAddress().getPort()
                + "/conversions"));
        context.addFilter(new FilterHolder(new ClickIdCaptureFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(new ConversionTriggerFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder("lead", new Thanks()), "/lead");
        context.addServlet(new ServletHolder("page", new Page()), "/");
        jetty.setHandler(context);
        jetty.start();
        port = connector.getLocalPort();
    }

    @AfterAll
    static void stop() throws Exception {
        if (jetty != null) {
            jetty.stop();
        }
        if (acme != null) {
            acme.stop(0);
        }
    }

    @BeforeEach
    void nothingPending() {
        RECEIVED.clear();
        NEXT_STATUSES.clear();
    }

    /** The application's listener: its own tracker with Acme, on the JDBC outbox, installed and later closed. */
    static final class ShopListener implements ServletContextListener {
        private final String endpoint;
        private Tracker tracker;

        ShopListener(String endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        public void contextInitialized(ServletContextEvent event) {
            tracker = Tracker.builder().name("acme-war")
                    .settings(Settings.of(Map.of(AcmePlatform.ENDPOINT, endpoint, AcmePlatform.KEY, ACME_KEY,
                            "qhtrack.retry.initial-backoff", "PT0.05S", "qhtrack.retry.max-backoff", "PT0.1S")))
                    .platform(new AcmePlatform())
                    .outbox(JdbcOutbox.builder().url(DATABASE).build())
                    .jmx(false).build();
            QhTracker.install(event.getServletContext(), tracker);
        }

        @Override
        public void contextDestroyed(ServletContextEvent event) {
            QhTracker.uninstall(event.getServletContext(), tracker);
            tracker.close();
        }
    }

    /** {@code /lead}: the form's thank-you page; the trigger filter reports {@code SUBMIT}. */
    static final class Thanks extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            request.getParameter("name"); // the application reads its form
            response.setContentType("text/plain;charset=utf-8");
            response.getWriter().print("thanks");
        }
    }

    /** Any other page: the visitor's click as {@code platform:id}, or {@code none}. */
    static final class Page extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain;charset=utf-8");
            response.getWriter().print(QhClick.current(request).map(c -> c.platform() + ":" + c.id()).orElse("none"));
        }
    }

    private static CookieCarryingClient visitor() {
        return new CookieCarryingClient() {
            @Override
            URI uri(String pathAndQuery) {
                return URI.create("http://127.0.0.1:" + port + pathAndQuery);
            }
        };
    }

    /** A visitor who lands from an Acme ad with {@code clickId}, then sends the lead form. */
    private static CookieCarryingClient leadAfterAnAcmeClick(String clickId, String name) {
        CookieCarryingClient visitor = visitor();
        assertThat(visitor.get("/?" + AcmePlatform.PARAMETER + "=" + clickId).body()).isEqualTo("acme:" + clickId);
        HttpResponse<String> lead = visitor.post("/lead", ("name=" + name).getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(lead.statusCode()).isEqualTo(200);
        assertThat(lead.body()).isEqualTo("thanks");
        return visitor;
    }

    @Test
    @Order(1)
    void aLeadFromAnAcmeClickIsQueuedInTheDatabaseNamingPlatformAndTenantAndDeliveredAsJson() throws Exception {
        leadAfterAnAcmeClick("AW-0001", "wang");

        Map<String, String> request = RECEIVED.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(request).as("Acme's endpoint was called").isNotNull();
        assertThat(request.get("key")).isEqualTo(ACME_KEY);
        assertThat(request.get("contentType")).isEqualTo("application/json");
        JsonNode conversions = new ObjectMapper().readTree(request.get("body")).path("conversions");
        assertThat(conversions.size()).isEqualTo(1);
        assertThat(conversions.get(0).path("click_id").asText()).isEqualTo("AW-0001");
        assertThat(conversions.get(0).path("event").asText()).isEqualTo("lead");
        assertThat(conversions.get(0).path("key").asText()).as("trans_id from the form").isNotEmpty();
        awaitTrue(() -> rows("AW-0001", "acme", "default", "DELIVERED") == 1,
                "the delivered row names the platform acme and the tenant default");
    }

    @Test
    @Order(2)
    void anAcmeThatAnswers503GetsTheConversionOnTheRetry() throws Exception {
        NEXT_STATUSES.add(503);
        leadAfterAnAcmeClick("AW-0503", "qian");

        Map<String, String> first = RECEIVED.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(first).as("the first attempt").isNotNull();
        Map<String, String> retry = RECEIVED.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(retry).as("the retry").isNotNull();
        assertThat(retry.get("body")).isEqualTo(first.get("body")).contains("AW-0503");
        awaitTrue(() -> rows("AW-0503", "acme", "default", "DELIVERED") == 1, "delivered on the retry");
    }

    @Test
    @Order(3)
    void anAcmeThatAnswers401ParksTheConversionWithoutRetrying() throws Exception {
        NEXT_STATUSES.add(401);
        leadAfterAnAcmeClick("AW-0401", "sun");

        assertThat(RECEIVED.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).as("the attempt").isNotNull();
        awaitTrue(() -> rows("AW-0401", "acme", "default", "PARKED") == 1, "the conversion is parked");
        assertThat(RECEIVED.poll(300, TimeUnit.MILLISECONDS)).as("no retry after a parked key (backoff is 50 ms)")
                .isNull();
    }

    /** The rows of click {@code clickId} with this platform, tenant and state in the application's outbox table. */
    private static long rows(String clickId, String platform, String tenant, String state) {
        try (Connection c = DriverManager.getConnection(DATABASE); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + JdbcOutbox.DEFAULT_TABLE + " WHERE platform = '"
                     + platform + "' AND tenant = '" + tenant + "' AND state = '" + state + "' AND click_id = '"
                     + clickId + "'")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("within %s: %s", DEADLINE, what).isNegative();
            Thread.sleep(20); // polling real I/O (an upload to a loopback server) with a bounded deadline
        }
    }
}
