package io.qhtrack.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.core.Tracker;
import io.qhtrack.spring.shop.ShopApplication;
import io.qhtrack.testkit.Fake360;
import io.qhtrack.testkit.Fault;
import java.io.IOException;
import java.net.HttpCookie;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The shop as a Spring Boot application on a random port (embedded Tomcat, or Jetty in the build's jetty run),
 * driven over real HTTP with cookies carried between requests; conversions asserted at Fake360. The Fake360 set-up is
 * the testkit README's, word for word. The tracker delivers synchronously (a {@link QhtrackTrackerCustomizer} gives
 * it {@code executor(Runnable::run)}): a conversion reported while a request is handled has reached Fake360, and its
 * answer is settled, when the response returns, so nothing here waits.
 */
@SpringBootTest(classes = {ShopApplication.class, ShopOverHttpTest.SynchronousDelivery.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "qhtrack.triggers=POST /advisory=ADVISORY",
                "qhtrack.browser-events=CALL_BUTTON,WX_BUTTON_C",
                "management.endpoints.web.exposure.include=health,metrics,qhtrack",
                "management.endpoint.health.show-details=always"})
class ShopOverHttpTest {

    static final Fake360 FAKE = Fake360.builder().credentials("search-key", "search-secret").start();
    private static final AtomicLong CLICKS = new AtomicLong(935659633100610000L);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource static void qhtrack(DynamicPropertyRegistry r) {
        r.add("qhtrack.endpoint", () -> FAKE.endpoint().toString());
        r.add("qhtrack.search.key", () -> "search-key"); r.add("qhtrack.search.secret", () -> "search-secret");
    }

    @AfterAll static void stopFake() {
        FAKE.close();
    }

    /** Delivery on the thread that reports: done before the response is written (other tests use it too). */
    @Configuration(proxyBeanMethods = false)
    static class SynchronousDelivery {
        @Bean
        QhtrackTrackerCustomizer synchronousDelivery() {
            return b -> b.executor(Runnable::run);
        }
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    Tracker tracker;

    private Visitor visitor;
    private String clickId;

    @BeforeEach void forgetEarlierUploads() {
        assertThat(tracker.metrics().getInFlight()).as("every earlier upload settled before its response").isZero();
        FAKE.clear();
        FAKE.healthy();
        visitor = new Visitor(port);
        clickId = String.valueOf(CLICKS.incrementAndGet());
    }

    private void landFromASearchAd() {
        HttpResponse<String> landing = visitor.get("/?utm_source=360&qhclickid=" + clickId);
        assertThat(landing.statusCode()).isEqualTo(200);
        assertThat(visitor.cookies().getCookieStore().getCookies()).extracting(HttpCookie::getName)
                .contains("qhtrack_click");
    }

    @Test
    void aTapOnTheMarkedPhoneLinkIsReportedAsABrowserEvent() {
        landFromASearchAd();

        HttpResponse<String> beacon = visitor.beacon("CALL_BUTTON", "0123456789abcdef0123456789abcdef", visitor.origin());

        assertThat(beacon.statusCode()).isEqualTo(204);
        Fake360.Received upload = FAKE.accepted().get(0);
        assertThat(upload.event()).isEqualTo("CALL_BUTTON");
        assertThat(upload.clickId()).isEqualTo(clickId);
    }

    @Test
    void aBeaconFromAnotherSiteIsRefusedAndSendsNothing() {
        landFromASearchAd();
        long refusedBefore = tracker.metrics().getRefused();

        HttpResponse<String> forged = visitor.beacon("WX_BUTTON_C", "0123456789abcdef0123456789abcdef",
                "https://attacker.example");

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(tracker.metrics().getRefused()).isEqualTo(refusedBefore + 1);
        assertThat(FAKE.received()).isEmpty();
    }

    @Test
    void runsOnTheEmbeddedServerThisBuildAsksFor() {
        Containers.assertRunsOnTheExpectedServer(context);
    }

    @Test
    void aLeadAfterALandingFromASearchAdIsReportedToFake360() {
        landFromASearchAd();

        HttpResponse<String> lead = visitor.post("/lead", "name", "张三", "phone", "13800138000");

        assertThat(lead.body()).isEqualTo("thanks 张三");
        Fake360.Received upload = FAKE.accepted().get(0);
        assertThat(upload.event()).isEqualTo("SUBMIT");
        assertThat(upload.dataIndustry()).isEqualTo("ocpc_ps_convert");
        assertThat(upload.clickId()).isEqualTo(clickId);
        assertThat(upload.transId()).isNotBlank();
    }

    @Test
    void aLeadWhoseHandlerReadsNothingOfTheFormGetsItsTransIdFromTheForm() {
        landFromASearchAd();

        visitor.post("/lead-unread", "name", "赵六", "phone", "13900139000");

        Fake360.Received upload = FAKE.accepted().get(0);
        assertThat(upload.event()).isEqualTo("SUBMIT");
        assertThat(upload.transId()).isNotBlank();
    }

    @Test
    void theVisitorsClickIsAHandlerMethodArgument() {
        assertThat(visitor.get("/click").body()).isEqualTo("none");
        assertThat(visitor.get("/click-or-null").body()).isEqualTo("null");

        landFromASearchAd();

        assertThat(visitor.get("/click").body()).isEqualTo("ocpc_ps_convert " + clickId);
        assertThat(visitor.get("/click-or-null").body()).isEqualTo(clickId);
    }

    @Test
    void anOrderIsReportedAtTheServersPriceWithTheOrderIdAsTransId() {
        landFromASearchAd();

        HttpResponse<String> order = visitor.post("/order", "orderId", "A-" + clickId, "quantity", "2",
                "amount", "0.01");

        assertThat(order.body()).isEqualTo("QUEUED");
        Fake360.Received upload = FAKE.accepted().get(0);
        assertThat(upload.event()).isEqualTo("ORDER");
        assertThat(upload.json().at("/data/data_detail/event_param/value").asLong()).isEqualTo(4690);
    }

    @Test
    void aHandlerAnswering400ReportsNothing() {
        landFromASearchAd();
        long queued = queued();

        assertThat(visitor.post("/lead-invalid", "name", "x").statusCode()).isEqualTo(400);
        visitor.post("/lead", "name", "after the failure");

        assertOnlyTheLaterLeadWasReported(queued);
    }

    @Test
    void aHandlerWhoseExceptionAnExceptionHandlerAnsweredReportsNothing() {
        landFromASearchAd();
        long queued = queued();

        HttpResponse<String> broken = visitor.post("/lead-broken", "name", "x");
        assertThat(broken.statusCode()).isEqualTo(200);
        assertThat(broken.body()).isEqualTo("sorry: the CRM is down");
        visitor.post("/lead", "name", "after the failure");

        assertOnlyTheLaterLeadWasReported(queued);
    }

    private long queued() {
        return tracker.metrics().reports(TrackOutcome.Status.QUEUED);
    }

    /** The failed request's handling ended before the later one was read: only the later one is queued. */
    private void assertOnlyTheLaterLeadWasReported(long queuedBefore) {
        Fake360.Received upload = FAKE.accepted().get(0);
        assertThat(upload.event()).isEqualTo("SUBMIT");
        assertThat(FAKE.received()).hasSize(1);
        assertThat(queued()).as("exactly one more report counted as queued").isEqualTo(queuedBefore + 1);
    }

    @Test
    void anAsynchronousHandlerReportsWhenItsResultIsWritten() {
        landFromASearchAd();

        assertThat(visitor.post("/lead-async", "name", "李四").body()).isEqualTo("thanks later 李四");

        assertThat(FAKE.accepted().get(0).event()).isEqualTo("SUBMIT");
    }

    @Test
    void theAnnotationOnAControllerClassReportsItsPostHandlersOnly() {
        landFromASearchAd();

        assertThat(visitor.get("/call").body()).isEqualTo("call us");
        visitor.post("/call");

        assertThat(FAKE.accepted().get(0).event()).isEqualTo("CALL");
        assertThat(FAKE.received()).hasSize(1);
    }

    @Test
    void aTriggerFromTheEnvironmentReports() {
        landFromASearchAd();

        visitor.post("/advisory", "question", "when does the class start?");

        assertThat(FAKE.accepted().get(0).event()).isEqualTo("ADVISORY");
    }

    @Test
    void theHealthComponentIsUpWithTheBacklogInItsDetails() throws IOException {
        JsonNode health = json(visitor.get("/actuator/health/qhtrack"));

        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.at("/details/backlog").isNumber()).isTrue();
        assertThat(health.at("/details/lastErrno").asInt()).isEqualTo(0);
        assertThat(health.at("/details/lines").toString()).contains("ocpc_ps_convert");
    }

    @Test
    void theMetersCountReportsByOutcomeAndUploadsByLineAndResult() throws IOException {
        double before = counter("qhtrack.uploads?tag=line:ocpc_ps_convert&tag=result:delivered");
        double notAttributed = counter("qhtrack.reports?tag=outcome:not_attributed");

        visitor.post("/lead", "name", "no click");
        landFromASearchAd();
        visitor.post("/lead", "name", "with a click");

        assertThat(FAKE.accepted()).hasSize(1);
        assertThat(counter("qhtrack.reports?tag=outcome:not_attributed")).isEqualTo(notAttributed + 1);
        assertThat(counter("qhtrack.uploads?tag=line:ocpc_ps_convert&tag=result:delivered"))
                .as("the delivered upload is counted").isEqualTo(before + 1);
        assertThat(json(visitor.get("/actuator/metrics/qhtrack.backlog")).at("/measurements/0/value").isNumber())
                .isTrue();
        assertThat(visitor.get("/actuator/metrics/qhtrack.dead.letters").statusCode()).isEqualTo(200);
        assertThat(visitor.get("/actuator/metrics/qhtrack.oldest.pending.age").statusCode()).isEqualTo(200);
    }

    @Test
    void aDeadLetterShowsInTheHealthDetailsAndIsListedAndReplayedThroughTheEndpoint() throws IOException {
        FAKE.failNext(Fault.errno(2));
        landFromASearchAd();
        visitor.post("/lead", "name", "refused first");
        assertThat(deadLetters()).as("the refused upload is dead-lettered").hasSize(1);

        HttpResponse<String> component = visitor.get("/actuator/health/qhtrack");
        JsonNode health = json(component);
        assertThat(component.statusCode()).isEqualTo(200);
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.at("/details/lastErrno").asInt()).isEqualTo(2);
        assertThat(health.at("/details/deliveryTrouble").toString()).contains("errno 2");
        JsonNode dead = deadLetters().get(0);
        assertThat(dead.path("clickId").asText()).isEqualTo(clickId);
        assertThat(dead.path("event").asText()).isEqualTo("SUBMIT");

        JsonNode replayed = json(visitor.postJson("/actuator/qhtrack", "{\"ids\":\"" + dead.path("id").asText() + "\"}"));

        assertThat(replayed.path("replayed").asInt()).isEqualTo(1);
        assertThat(FAKE.accepted().get(0).clickId()).isEqualTo(clickId);
        assertThat(noDeliveryTrouble(json(visitor.get("/actuator/health/qhtrack"))))
                .as("no delivery trouble once 360 accepts uploads").isTrue();
        assertThat(deadLetters()).isEmpty();
    }

    private static boolean noDeliveryTrouble(JsonNode health) {
        JsonNode trouble = health.at("/details/deliveryTrouble");
        return trouble.isArray() && trouble.size() == 0;
    }

    private JsonNode deadLetters() {
        return json(visitor.get("/actuator/qhtrack")).path("deadLetters");
    }

    private double counter(String query) {
        JsonNode m = json(visitor.get("/actuator/metrics/" + query));
        return m.at("/measurements/0/value").asDouble();
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    /** Polls real state (HTTP answers) until it holds, for at most ten seconds. */
    static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
        awaitTrue(WAIT, condition, () -> what);
    }

    /** Polls {@code condition} until it holds; fails after {@code within}, with {@code state} as it is then. */
    static void awaitTrue(Duration within, java.util.function.BooleanSupplier condition,
            java.util.function.Supplier<String> state) {
        Instant deadline = Instant.now().plus(within);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + within + ": " + state.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
