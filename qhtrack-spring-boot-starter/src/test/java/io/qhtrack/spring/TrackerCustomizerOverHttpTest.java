package io.qhtrack.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.Tracker;
import io.qhtrack.spring.shop.ShopApplication;
import io.qhtrack.testkit.Fake360;
import io.qhtrack.testkit.Fault;
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
import org.springframework.core.annotation.Order;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link QhtrackTrackerCustomizer} beans on the auto-configured tracker of the shop, over real HTTP: with a
 * synchronous executor and a clock the test moves, a lead has reached Fake360 when the response returns (no polling),
 * and a retry is sent by {@code tracker.dispatchNow()} once the clock has passed its backoff; customizers are applied
 * in their order, after the settings, so a customizer's setter wins over {@code qhtrack.max-concurrency}.
 */
@SpringBootTest(classes = {ShopApplication.class, TrackerCustomizerOverHttpTest.Customizers.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "qhtrack.max-concurrency=7")
class TrackerCustomizerOverHttpTest {

    static final Fake360 FAKE = Fake360.builder().credentials("search-key", "search-secret").start();
    static final MovableClock CLOCK = new MovableClock();
    private static final AtomicLong CLICKS = new AtomicLong(935659633100640000L);

    @DynamicPropertySource static void qhtrack(DynamicPropertyRegistry r) {
        r.add("qhtrack.endpoint", () -> FAKE.endpoint().toString());
        r.add("qhtrack.search.key", () -> "search-key"); r.add("qhtrack.search.secret", () -> "search-secret");
    }

    @AfterAll static void stopFake() {
        FAKE.close();
    }

    /**
     * Two customizers, declared in the opposite of their order: the synchronous one first ({@code @Order(1)}), then
     * the one that sets the concurrency again ({@code @Order(2)}), which therefore wins.
     */
    @Configuration(proxyBeanMethods = false)
    static class Customizers {
        @Bean
        @Order(2)
        QhtrackTrackerCustomizer fewerRequestsAtOnce() {
            return b -> b.maxConcurrency(3);
        }

        @Bean
        @Order(1)
        QhtrackTrackerCustomizer synchronous() {
            return b -> b.executor(Runnable::run).clock(CLOCK).maxConcurrency(5);
        }
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    Tracker tracker;

    private Visitor visitor;
    private String clickId;

    @BeforeEach void aVisitorFromASearchAd() {
        FAKE.clear();
        FAKE.healthy();
        visitor = new Visitor(port);
        clickId = String.valueOf(CLICKS.incrementAndGet());
        assertThat(visitor.get("/?utm_source=360&qhclickid=" + clickId).statusCode()).isEqualTo(200);
    }

    @Test
    void aLeadHasReachedFake360WhenTheResponseReturns() {
        long deliveredBefore = tracker.metrics().getDelivered();

        HttpResponse<String> lead = visitor.post("/lead", "name", "张三", "phone", "13800138000");

        assertThat(lead.body()).isEqualTo("thanks 张三");
        assertThat(FAKE.accepted()).singleElement().satisfies(upload -> {
            assertThat(upload.event()).isEqualTo("SUBMIT");
            assertThat(upload.clickId()).isEqualTo(clickId);
        });
        assertThat(tracker.metrics().getDelivered()).isEqualTo(deliveredBefore + 1);
        assertThat(tracker.metrics().getInFlight()).isZero();
    }

    @Test
    void aRetryIsSentByDispatchNowOnceTheClockHasPassedItsBackoff() {
        FAKE.failNext(Fault.httpStatus(503, Duration.ofMinutes(2)));
        long retriedBefore = tracker.metrics().getRetried();

        visitor.post("/lead", "name", "李四");

        assertThat(tracker.metrics().getRetried()).as("the 503 was answered before the response")
                .isEqualTo(retriedBefore + 1);
        tracker.dispatchNow();
        assertThat(FAKE.accepted()).as("not due before the backoff has passed").isEmpty();

        CLOCK.advance(Duration.ofMinutes(3));
        tracker.dispatchNow();

        assertThat(FAKE.accepted()).singleElement().satisfies(upload -> {
            assertThat(upload.event()).isEqualTo("SUBMIT");
            assertThat(upload.clickId()).isEqualTo(clickId);
        });
    }

    @Test
    void customizersAreAppliedInTheirOrderAfterTheSettings() {
        assertThat(tracker.options().maxConcurrency()).isEqualTo(3);
    }
}
