package io.qhtrack.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.Conversion;
import io.qhtrack.core.Event;
import io.qhtrack.spring.guarded.CommitProbe;
import io.qhtrack.spring.guarded.GuardedShopApplication;
import io.qhtrack.testkit.Fake360;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 19, items 9 and 3, under Spring Boot (embedded Tomcat, or Jetty in the build's jetty run; Spring Boot 2.7 and
 * 4 run these too): a {@code @ReportConversion} handler method reports before the visitor sees its answer, whichever
 * way Spring MVC writes it ({@link CommitProbe} tells whether the response was committed when the outbox took the
 * conversion); a trigger reads the form only after the application's own encoding filter said how to decode it.
 */
@SpringBootTest(classes = GuardedShopApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "qhtrack.triggers=POST /signup=SUBMIT",
                // the application's own encoding filter instead of Spring Boot's (Boot 2.7/3; Boot 4's name)
                "server.servlet.encoding.enabled=false", "spring.servlet.encoding.enabled=false"})
class ReportBeforeCommitOverHttpTest {

    static final Fake360 FAKE = Fake360.builder().credentials("search-key", "search-secret").start();
    private static final AtomicLong CLICKS = new AtomicLong(935659633100640000L);

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
    CommitProbe probe;

    private Visitor visitor;

    @BeforeEach void aVisitorFromASearchAd() {
        probe.added.clear();
        visitor = new Visitor(port);
        assertThat(visitor.get("/?qhclickid=" + CLICKS.incrementAndGet()).body()).isEqualTo("landing");
    }

    private void assertReportedBeforeTheResponseCommitted() {
        assertThat(probe.added).hasSize(1);
        assertThat(probe.added.get(0).upload().event()).isEqualTo(Event.SUBMIT.name()); // 360's wire name
        assertThat(probe.added.get(0).committed()).as("the response was committed when the outbox took the conversion")
                .isEqualTo(Boolean.FALSE);
    }

    @Test
    void aResponseBodyHandlerReportsBeforeTheBodyIsWritten() {
        HttpResponse<String> answer = visitor.post("/body", "name", "张三");

        assertThat(answer.body()).isEqualTo("thanks 张三");
        assertReportedBeforeTheResponseCommitted();
    }

    @Test
    void aResponseEntityHandlerReportsWithItsStatusBeforeTheBodyIsWritten() {
        HttpResponse<String> answer = visitor.post("/entity", "name", "张三");

        assertThat(answer.statusCode()).isEqualTo(201);
        assertThat(answer.body()).isEqualTo("created");
        assertReportedBeforeTheResponseCommitted();
    }

    @Test
    void aViewHandlerReportsBeforeTheViewRenders() {
        HttpResponse<String> answer = visitor.post("/view", "name", "张三");

        assertThat(answer.body()).isEqualTo("thank you");
        assertReportedBeforeTheResponseCommitted();
    }

    @Test
    void aRedirectingHandlerReportsBeforeTheRedirectIsSent() {
        HttpResponse<String> answer = visitor.post("/redirect", "name", "张三");

        assertThat(answer.statusCode()).isEqualTo(302);
        assertReportedBeforeTheResponseCommitted();
    }

    @Test
    void aHandlerThatWritesAndFlushesTheResponseItselfReportsBeforeTheFlushReachesTheVisitor() {
        HttpResponse<String> answer = visitor.post("/written", "name", "张三");

        assertThat(answer.body()).isEqualTo("written by the handler");
        assertReportedBeforeTheResponseCommitted();
    }

    @Test
    void anAsynchronousHandlerReportsBeforeItsResultIsWritten() {
        HttpResponse<String> answer = visitor.post("/later", "name", "张三");

        assertThat(answer.body()).isEqualTo("accepted later");
        assertReportedBeforeTheResponseCommitted();
    }

    @Test
    void aTriggeredFormWithoutACharsetIsDecodedByTheApplicationsOwnEncodingFilterFirst() {
        HttpResponse<String> answer = visitor.post("/signup", "name", "张三", "phone", "13800138000");

        assertThat(answer.body()).isEqualTo("thanks 张三");
        assertReportedBeforeTheResponseCommitted();
        assertThat(probe.added.get(0).upload().conversionKey()).isEqualTo(Conversion.builder(Event.SUBMIT)
                .transIdFromForm(Map.of("name", List.of("张三"), "phone", List.of("13800138000"))).build()
                .transId().orElseThrow());
    }
}
