package io.qhtrack.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.Tracker;
import io.qhtrack.spring.shop.ShopApplication;
import io.qhtrack.testkit.Fake360;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code qhtrack.outbox=jdbc} with no JDBC URL: the outbox lives in the application's own database, through the
 * application's own pool (Spring Boot's HikariCP DataSource), not a second one. The tracker delivers synchronously
 * ({@link ShopOverHttpTest.SynchronousDelivery}): the row is delivered when the lead's response returns.
 */
@SpringBootTest(classes = {ShopApplication.class, ShopOverHttpTest.SynchronousDelivery.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"qhtrack.outbox=jdbc", "spring.datasource.url=jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1"})
class JdbcOutboxOverHttpTest {

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
    DataSource dataSource;

    @Autowired
    Tracker tracker;

    @Test
    void aLeadIsKeptInTheApplicationsDatabaseAndDelivered() throws Exception {
        assertThat(tracker.outbox().toString()).contains("data source com.zaxxer.hikari.HikariDataSource");
        Visitor visitor = new Visitor(port);
        visitor.get("/?qhclickid=9356596331006777001");

        visitor.post("/lead", "name", "王五");

        assertThat(FAKE.accepted().get(0).event()).isEqualTo("SUBMIT");
        assertThat(rows("DELIVERED")).as("the delivered row is in the application's table").isEqualTo(1);
    }

    private long rows(String state) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM qhtrack_outbox WHERE state = '" + state + "'")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }
}
