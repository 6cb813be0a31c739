package io.qhtrack.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.qhtrack.core.Tracker;
import io.qhtrack.spring.shop.ShopApplication;
import io.qhtrack.testkit.Fake360;
import io.qhtrack.testkit.Fault;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code qhtrack.health.down-on-delivery-trouble=true}, over HTTP: for those who want it, delivery trouble turns the
 * {@code qhtrack} component, and so {@code /actuator/health}, DOWN (503); fixed and replayed, it is UP again. The
 * tracker delivers synchronously ({@link ShopOverHttpTest.SynchronousDelivery}): each answer is settled when the
 * response of the request that reported (or replayed) returns.
 */
@SpringBootTest(classes = {ShopApplication.class, ShopOverHttpTest.SynchronousDelivery.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"qhtrack.health.down-on-delivery-trouble=true", "management.endpoint.health.show-details=always",
                "management.endpoints.web.exposure.include=health,qhtrack"})
class HealthDownOnDeliveryTroubleOverHttpTest {

    static final Fake360 FAKE = Fake360.builder().credentials("search-key", "search-secret").start();

    @DynamicPropertySource static void qhtrack(DynamicPropertyRegistry r) {
        r.add("qhtrack.endpoint", () -> FAKE.endpoint().toString());
        r.add("qhtrack.search.key", () -> "search-key"); r.add("qhtrack.search.secret", () -> "search-secret");
    }

    @AfterAll static void stopFake() {
        FAKE.close();
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    Tracker tracker;

    @Test
    void refusedCredentialsTurnTheHealthDownUntilTheReplayIsDelivered() {
        Visitor visitor = new Visitor(port);
        visitor.get("/?qhclickid=9356596331006300001");
        FAKE.failNext(Fault.errno(1));

        visitor.post("/lead", "name", "王五");
        assertThat(tracker.metrics().getDeadLettered()).as("360's errno 1 dead-letters the lead").isEqualTo(1);

        HttpResponse<String> health = visitor.get("/actuator/health");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
        JsonNode qhtrack = HealthOverHttpTest.json(health).at("/components/qhtrack");
        assertThat(qhtrack.path("status").asText()).isEqualTo("DOWN");
        assertThat(qhtrack.at("/details/deliveryTrouble").toString()).contains("errno 1");

        visitor.postJson("/actuator/qhtrack", "{\"ids\":\"all\"}");

        assertThat(FAKE.accepted().get(0).clickId()).isEqualTo("9356596331006300001");
        assertThat(visitor.get("/actuator/health").statusCode())
                .as("the health is UP again once 360 accepts the replayed lead").isEqualTo(200);
    }
}
