package io.qhtrack.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.Tracker;
import io.qhtrack.spring.txshop.TransactionalShopApplication;
import io.qhtrack.testkit.Fake360;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The transactional outbox in a Spring Boot application: the JDBC outbox lives in the application's own
 * {@code DataSource}, and a lead saved and reported in a {@code @Transactional} method commits or rolls back with its
 * conversion.
 */
@SpringBootTest(classes = TransactionalShopApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"qhtrack.outbox=jdbc", "spring.datasource.url=jdbc:h2:mem:txshop;DB_CLOSE_DELAY=-1"})
class TransactionalOutboxOverHttpTest {

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
    JdbcTemplate jdbc;

    @Autowired
    Tracker tracker;

    private Visitor landed(String clickId) {
        Visitor visitor = new Visitor(port);
        visitor.get("/?qhclickid=" + clickId);
        return visitor;
    }

    private long rows(String table, String column, String value) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE " + column + " = ?", Long.class, value);
    }

    @Test
    void aLeadCommittedWithItsConversionIsDelivered() {
        HttpResponse<String> answer = landed("9356596331006777101").post("/tx/lead", "name", "alice");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).startsWith("QUEUED").contains("in the application's transaction");
        assertThat(rows("leads", "name", "alice")).isEqualTo(1);
        assertThat(FAKE.awaitAccepted(1, Duration.ofSeconds(10)).stream().map(Fake360.Received::transId)
                .collect(Collectors.toList())).contains("alice");
    }

    @Test
    void aLeadRolledBackAfterItWasReportedReportsNothing() {
        Visitor visitor = landed("9356596331006777102");

        HttpResponse<String> failed = visitor.post("/tx/lead", "name", "bob", "fail", "true");

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(rows("leads", "name", "bob")).isZero();
        assertThat(rows("qhtrack_outbox", "trans_id", "bob")).as("its conversion rolled back with it").isZero();

        // a lead committed after it is delivered; the rolled-back one has no row, so nothing can ever send it
        assertThat(landed("9356596331006777103").post("/tx/lead", "name", "carol").statusCode()).isEqualTo(200);
        ShopOverHttpTest.awaitTrue(() -> FAKE.accepted().stream().anyMatch(u -> "carol".equals(u.transId())),
                "the committed lead delivered");
        assertThat(FAKE.received()).noneMatch(u -> "bob".equals(u.transId()));
        assertThat(tracker.outbox().toString()).contains("data source");
    }
}
