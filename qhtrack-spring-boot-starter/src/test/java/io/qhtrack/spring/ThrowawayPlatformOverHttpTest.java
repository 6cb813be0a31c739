package io.qhtrack.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.qhtrack.core.DeliveryEvent;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.core.Tracker;
import io.qhtrack.core.TrackerMetrics;
import io.qhtrack.core.spi.Platform;
import io.qhtrack.spring.shop.ShopApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The proof that the platform seam is real (issue 20): {@link AcmePlatform}, a platform written in this test against
 * the SPI only, given to a real Spring Boot application as a bean, is captured by the starter's servlet filter, kept
 * in the JDBC outbox (the application's H2 database), and delivered to its endpoint (a loopback HTTP server in this
 * test) with its secret key from the application's settings — with no engine code knowing it.
 */
@SpringBootTest(classes = {ShopApplication.class, ThrowawayPlatformOverHttpTest.WithAcme.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"qhtrack.outbox=jdbc", "spring.datasource.url=jdbc:h2:mem:acme;DB_CLOSE_DELAY=-1",
                "management.endpoint.health.show-details=always", "qhtrack.retry.initial-backoff=PT0.05S",
                "qhtrack.retry.max-backoff=PT0.1S"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThrowawayPlatformOverHttpTest {

    private static final String ACME_KEY = "Acme-Key-Secret-31";
    /** What Acme's endpoint received: the key header and the body of each request. */
    private static final BlockingQueue<Map<String, String>> RECEIVED = new LinkedBlockingQueue<>();
    /** The statuses Acme answers next (200 with code 0 when none is queued). */
    private static final BlockingQueue<Integer> NEXT_STATUSES = new LinkedBlockingQueue<>();
    private static final HttpServer ACME = acme();

    private static HttpServer acme() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/conversions", exchange -> {
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
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource static void acmeSettings(DynamicPropertyRegistry r) {
        r.add(AcmePlatform.ENDPOINT, () -> "http://127.0.0.1:" + ACME.getAddress().getPort() + "/conversions");
        r.add(AcmePlatform.KEY, () -> ACME_KEY);
    }

    @AfterAll static void stopAcme() {
        ACME.stop(0);
    }

    /** The application adds its platform as a bean; the starter configures it with the application's settings. */
    @Configuration(proxyBeanMethods = false)
    static class WithAcme {
        @Bean
        Platform acmePlatform() {
            return new AcmePlatform();
        }
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    Tracker tracker;

    @Autowired
    DataSource dataSource;

    @Autowired
    MeterRegistry meters;

    @Test
    @Order(1)
    void aLeadFromAnAcmeClickIsCapturedQueuedInTheDatabaseAndDeliveredWithTheKeyFromTheSettings() throws Exception {
        leadAfterAnAcmeClick("AC-20260101-0001", "王五");

        Map<String, String> request = RECEIVED.poll(10, TimeUnit.SECONDS);
        assertThat(request).as("Acme's endpoint was called").isNotNull();
        assertThat(request.get("key")).isEqualTo(ACME_KEY);
        assertThat(request.get("contentType")).isEqualTo("application/json");
        JsonNode conversion = new ObjectMapper().readTree(request.get("body")).path("conversions").get(0);
        assertThat(conversion.path("click_id").asText()).isEqualTo("AC-20260101-0001");
        assertThat(conversion.path("event").asText()).isEqualTo("lead");
        assertThat(conversion.path("key").asText()).isNotEmpty(); // the form's key, as for 360
        ShopOverHttpTest.awaitTrue(() -> rows("acme", "DELIVERED") == 1,
                "the delivered row names its platform and tenant in the application's table");
        assertThat(meters.get("qhtrack.uploads").tag("platform", "acme").tag("result", "delivered").counter()
                .count()).isEqualTo(1.0);
        assertThat(meters.get("qhtrack.reports").tag("platform", "acme").tag("outcome", "queued")
                .functionCounter().count()).isEqualTo(1.0);
    }

    @Test
    @Order(2)
    void aForgedClickIdIsNotCapturedAndNothingIsSent() throws Exception {
        Visitor visitor = new Visitor(port);
        visitor.get("/?" + AcmePlatform.PARAMETER + "=__ACME_CID__"); // an unreplaced macro
        visitor.get("/?" + AcmePlatform.PARAMETER + "=%3Cscript%3E"); // not a token

        long notAttributed = tracker.metrics().reports(TrackerMetrics.NO_PLATFORM, TrackOutcome.Status.NOT_ATTRIBUTED);

        HttpResponse<String> lead = visitor.post("/lead", "name", "赵六");

        assertThat(lead.statusCode()).isEqualTo(200);
        assertThat(visitor.get("/click").body()).isEqualTo("none");
        assertThat(tracker.metrics().reports(TrackerMetrics.NO_PLATFORM, TrackOutcome.Status.NOT_ATTRIBUTED))
                .as("the lead had no click").isEqualTo(notAttributed + 1);
        assertThat(tracker.metrics().reports("acme", TrackOutcome.Status.QUEUED)).isEqualTo(1);
        assertThat(RECEIVED).as("nothing sent to Acme").isEmpty();
    }

    @Test
    @Order(3)
    void anAcmeThatFailsForAMomentGetsTheConversionOnTheRetry() throws Exception {
        NEXT_STATUSES.add(503);
        leadAfterAnAcmeClick("AC-20260101-0003", "钱七");

        assertThat(RECEIVED.poll(10, TimeUnit.SECONDS)).as("the first attempt").isNotNull();
        Map<String, String> retry = RECEIVED.poll(10, TimeUnit.SECONDS);
        assertThat(retry).as("the retry").isNotNull();
        assertThat(retry.get("body")).contains("AC-20260101-0003");
        ShopOverHttpTest.awaitTrue(() -> rows("acme", "DELIVERED") == 2, "delivered on the retry");
    }

    @Test
    @Order(4)
    void aRefusedKeyParksAcmeAndTheHealthComponentShowsItWhileStayingUp() throws Exception {
        NEXT_STATUSES.add(401);
        Visitor visitor = leadAfterAnAcmeClick("AC-20260101-0004", "孙八");

        assertThat(RECEIVED.poll(10, TimeUnit.SECONDS)).isNotNull();
        ShopOverHttpTest.awaitTrue(() -> rows("acme", "PARKED") == 1, "the conversion is parked, not retried");
        HttpResponse<String> health = visitor.get("/actuator/health");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        JsonNode qhtrack = HealthOverHttpTest.json(health).at("/components/qhtrack");
        assertThat(qhtrack.path("status").asText()).isEqualTo("UP");
        assertThat(qhtrack.at("/details/parkedPlatforms").toString()).contains("acme");
        assertThat(qhtrack.at("/details/deliveryTrouble").toString()).contains("acme").doesNotContain(ACME_KEY);
        assertThat(meters.get("qhtrack.parked").tag("platform", "acme").gauge().value()).isEqualTo(1.0);
        assertThat(tracker.metrics().deliveries("acme", DeliveryEvent.Kind.DELIVERED)).isEqualTo(2);
    }

    /** A visitor who lands from an Acme ad with {@code clickId}, then sends the lead form (200 expected). */
    private Visitor leadAfterAnAcmeClick(String clickId, String name) {
        Visitor visitor = new Visitor(port);
        visitor.get("/?" + AcmePlatform.PARAMETER + "=" + clickId);
        assertThat(visitor.post("/lead", "name", name).statusCode()).isEqualTo(200);
        return visitor;
    }

    private long rows(String platform, String state) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM qhtrack_outbox WHERE platform = '" + platform
                     + "' AND tenant = 'default' AND state = '" + state + "'")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }
}
