package io.qhtrack.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qhtrack.core.Tracker;
import io.qhtrack.spring.shop.ShopApplication;
import io.qhtrack.testkit.Fake360;
import io.qhtrack.testkit.Fault;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The {@code qhtrack} health component by default, over HTTP: when 360 refuses the App-Key or does not answer for longer
 * than {@code qhtrack.health.max-pending-age}, {@code /actuator/health} stays 200 UP (a load balancer keeps the node in
 * service) and the component shows the trouble in its details. The tracker runs on a clock the test moves, so a
 * backlog ages without waiting, and delivers synchronously ({@code executor(Runnable::run)}): 360's answer is
 * settled when the response of the request that reported returns.
 */
@SpringBootTest(classes = {ShopApplication.class, HealthOverHttpTest.TrackerOnAMovableClock.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.endpoint.health.show-details=always", "qhtrack.health.max-pending-age=PT10M"})
class HealthOverHttpTest {

    static final Fake360 FAKE = Fake360.builder().credentials("search-key", "search-secret").start();
    static final MovableClock CLOCK = new MovableClock();
    private static final AtomicLong CLICKS = new AtomicLong(935659633100620000L);
    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource static void qhtrack(DynamicPropertyRegistry r) {
        r.add("qhtrack.endpoint", () -> FAKE.endpoint().toString());
        r.add("qhtrack.search.key", () -> "search-key"); r.add("qhtrack.search.secret", () -> "search-secret");
    }

    @AfterAll static void stopFake() {
        FAKE.close();
    }

    /** The application's own tracker (the starter's stands aside), on the test's clock. */
    @Configuration(proxyBeanMethods = false)
    static class TrackerOnAMovableClock {
        @Bean(destroyMethod = "close")
        Tracker healthTestTracker(SpringSettings settings) {
            return Tracker.builder().name("health-test").settings(settings).clock(CLOCK).executor(Runnable::run)
                    .build();
        }
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    Tracker tracker;

    private Visitor visitor;

    @BeforeEach void aVisitorFromASearchAd() {
        assertThat(tracker.metrics().getInFlight()).as("every earlier upload settled before its response").isZero();
        FAKE.clear();
        visitor = new Visitor(port);
        assertThat(visitor.get("/?qhclickid=" + CLICKS.incrementAndGet()).statusCode()).isEqualTo(200);
    }

    @Test
    void refusedCredentialsShowInTheDetailsWhileTheSiteStaysInService() {
        FAKE.failAlways(Fault.errno(1));
        long deadBefore = tracker.metrics().getDeadLettered();

        visitor.post("/lead", "name", "张三");
        // (another test's lead, still pending, may be refused and dead-lettered too)
        assertThat(tracker.metrics().getDeadLettered()).as("360's errno 1 dead-letters the lead")
                .isGreaterThan(deadBefore);

        HttpResponse<String> health = visitor.get("/actuator/health");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        JsonNode root = json(health);
        assertThat(root.path("status").asText()).isEqualTo("UP");
        JsonNode qhtrack = root.at("/components/qhtrack");
        assertThat(qhtrack.path("status").asText()).isEqualTo("UP");
        assertThat(qhtrack.at("/details/deliveryTrouble").toString()).contains("errno 1");
        assertThat(qhtrack.at("/details/lastErrno").asInt()).isEqualTo(1);
        assertThat(qhtrack.at("/details/deadLetters").asLong()).isPositive();
        assertThat(qhtrack.at("/details/lastError/result").asText()).isEqualTo("dead_lettered");
        assertThat(qhtrack.at("/details/lastError/line").asText()).isEqualTo("ocpc_ps_convert");
        assertThat(qhtrack.at("/details/lastError/message").asText()).isNotBlank();
        assertThat(qhtrack.at("/details/parkedPlatforms").isArray()).isTrue();
        assertThat(health.body()).doesNotContain("search-secret");
    }

    @Test
    void a360ThatDoesNotAnswerForLongerThanTheMaxPendingAgeShowsInTheDetailsWhileTheSiteStaysInService() {
        FAKE.failAlways(Fault.dropConnection());
        long retriedBefore = tracker.metrics().getRetried();

        visitor.post("/lead", "name", "李四");
        assertThat(tracker.metrics().getRetried()).as("the dropped connection is a transient failure")
                .isGreaterThan(retriedBefore);
        CLOCK.advance(Duration.ofMinutes(11));

        HttpResponse<String> health = visitor.get("/actuator/health");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        JsonNode root = json(health);
        assertThat(root.path("status").asText()).isEqualTo("UP");
        JsonNode qhtrack = root.at("/components/qhtrack");
        assertThat(qhtrack.path("status").asText()).isEqualTo("UP");
        assertThat(qhtrack.at("/details/deliveryTrouble").toString())
                .contains("longer than qhtrack.health.max-pending-age (PT10M)");
        assertThat(Duration.parse(qhtrack.at("/details/oldestPendingAge").asText()))
                .isGreaterThanOrEqualTo(Duration.ofMinutes(11));
        assertThat(qhtrack.at("/details/backlog").asLong()).isPositive();
        assertThat(qhtrack.at("/details/lastError/result").asText()).isEqualTo("will_retry");
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }
}
