package io.qhtrack.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.spring.shop.ShopApplication;
import io.qhtrack.testkit.Fake360;
import java.net.HttpCookie;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.Ordered;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code qhtrack.store=session} with Spring Session JDBC (on H2), over HTTP: the capture and trigger filters run after
 * Spring Session's {@code SessionRepositoryFilter}, so the click goes into Spring Session's session (its table, shared
 * by every node), never into the servlet container's own, and a later lead of the same visitor is attributed. The
 * tracker delivers synchronously ({@link ShopOverHttpTest.SynchronousDelivery}).
 */
@SpringBootTest(classes = {ShopApplication.class, ShopOverHttpTest.SynchronousDelivery.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"qhtrack.store=session", "qhtrack.triggers=POST /advisory=ADVISORY",
                "spring.datasource.url=jdbc:h2:mem:spring-session;DB_CLOSE_DELAY=-1"})
class SpringSessionStoreTest {

    static final Fake360 FAKE = Fake360.builder().credentials("search-key", "search-secret").start();
    /** The session attribute qhtrack keeps the click under (SessionClickStore.ATTRIBUTE). */
    private static final String CLICK_ATTRIBUTE = "io.qhtrack.filter.click";

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

    private Visitor visitor;

    @BeforeEach void aNewVisitor() {
        FAKE.clear();
        visitor = new Visitor(port);
    }

    @Test
    void theClickIsKeptInSpringSessionsTableNotInTheContainersSession() {
        visitor.get("/?qhclickid=9356596331006400001");

        assertThat(visitor.cookies().getCookieStore().getCookies()).extracting(HttpCookie::getName)
                .contains("SESSION").doesNotContain("JSESSIONID", "qhtrack_click");
        assertThat(clickAttributesOf(springSessionId())).isEqualTo(1);
        assertThat(visitor.get("/click").body()).isEqualTo("ocpc_ps_convert 9356596331006400001");
    }

    @Test
    void aLeadInTheSameSpringSessionIsAttributed() {
        visitor.get("/?qhclickid=9356596331006400002");

        assertThat(visitor.post("/lead", "name", "张三").body()).isEqualTo("thanks 张三");

        Fake360.Received upload = FAKE.accepted().get(0); // delivered synchronously, before the response
        assertThat(upload.event()).isEqualTo("SUBMIT");
        assertThat(upload.clickId()).isEqualTo("9356596331006400002");
    }

    @Test
    void aTriggerInTheSameSpringSessionIsAttributed() {
        visitor.get("/?qhclickid=9356596331006400003");

        visitor.post("/advisory", "question", "when does the class start?");

        Fake360.Received upload = FAKE.accepted().get(0); // delivered synchronously, before the response
        assertThat(upload.event()).isEqualTo("ADVISORY");
        assertThat(upload.clickId()).isEqualTo("9356596331006400003");
    }

    @Test
    void theFiltersAreOrderedAfterSpringSessionAndBeforeSpringSecurity() {
        int springSecurity = -100; // SecurityProperties.DEFAULT_FILTER_ORDER, in a module of its own on Spring Boot 4

        assertThat(QhtrackWebAutoConfiguration.CAPTURE_FILTER_ORDER)
                .isGreaterThan(SessionRepositoryFilter.DEFAULT_ORDER)
                .isGreaterThan(Ordered.HIGHEST_PRECEDENCE + 1) // Spring Boot's request observation (metrics) filter
                .isLessThan(springSecurity);
        assertThat(QhtrackWebAutoConfiguration.TRIGGER_FILTER_ORDER)
                .isGreaterThan(QhtrackWebAutoConfiguration.CAPTURE_FILTER_ORDER).isLessThan(springSecurity);
    }

    /** The visitor's Spring Session id: its SESSION cookie, which Spring Session writes Base64-encoded. */
    private String springSessionId() {
        String cookie = visitor.cookies().getCookieStore().getCookies().stream().filter(c -> c.getName().equals("SESSION"))
                .findFirst().orElseThrow(() -> new AssertionError("no SESSION cookie")).getValue();
        return new String(Base64.getDecoder().decode(cookie), StandardCharsets.US_ASCII);
    }

    /** How many click attributes Spring Session's tables hold for the session {@code sessionId}. */
    private int clickAttributesOf(String sessionId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM SPRING_SESSION_ATTRIBUTES a "
                     + "JOIN SPRING_SESSION s ON s.PRIMARY_ID = a.SESSION_PRIMARY_ID "
                     + "WHERE s.SESSION_ID = ? AND a.ATTRIBUTE_NAME = ?")) {
            s.setString(1, sessionId);
            s.setString(2, CLICK_ATTRIBUTE);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
