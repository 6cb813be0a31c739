package io.qhtrack.sample.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.testkit.Fake360;
import io.qhtrack.testkit.FakeBaidu;
import io.qhtrack.testkit.FakeTencent;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The sample shop over real HTTP: landing from a 360, Baidu or Tencent ad, a lead, an order at the server's price. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:sample;DB_CLOSE_DELAY=-1")
class ShopOverHttpTest {

    static final Fake360 FAKE = Fake360.builder().credentials("search-key", "search-secret").start();
    static final FakeBaidu BAIDU = FakeBaidu.builder().token("baidu-token-0001").start();
    static final FakeTencent TENCENT = FakeTencent.builder().accessToken("tencent-token-0001").accountId(1001)
            .userActionSetId(2002).domain("127.0.0.1").start();

    @DynamicPropertySource static void qhtrack(DynamicPropertyRegistry r) {
        r.add("qhtrack.endpoint", () -> FAKE.endpoint().toString());
        r.add("qhtrack.search.key", () -> "search-key"); r.add("qhtrack.search.secret", () -> "search-secret");
        r.add("qhtrack.baidu.endpoint", () -> BAIDU.endpoint().toString());
        r.add("qhtrack.baidu.token", () -> "baidu-token-0001");
        r.add("qhtrack.tencent.endpoint", () -> TENCENT.endpoint().toString());
        r.add("qhtrack.tencent.access-token", () -> "tencent-token-0001");
        r.add("qhtrack.tencent.account-id", () -> "1001");
        r.add("qhtrack.tencent.user-action-set-id", () -> "2002");
    }

    @AfterAll static void stopFake() {
        FAKE.close();
        BAIDU.close();
        TENCENT.close();
    }

    @Value("${local.server.port}")
    int port;

    private HttpClient browser;

    @BeforeEach void newVisitor() {
        FAKE.clear();
        BAIDU.clear();
        TENCENT.clear();
        browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String form) throws IOException, InterruptedException {
        return browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theLandingPageHasTheBrowserEventMarkup() throws Exception {
        String page = get("/?qhclickid=9356596331006000001").body();

        assertThat(page).contains("data-qhtrack-event=\"CALL_BUTTON\"").contains("data-qhtrack-event=\"WX_BUTTON_C\"")
                .contains("/qhtrack.js");
    }

    @Test
    void aLeadIsReportedAsSubmitAndTheReplyShowsTheEscapedName() throws Exception {
        get("/?qhclickid=9356596331006000002");

        HttpResponse<String> reply = post("/lead", "name=%3Cb%3E%E5%BC%A0%E4%B8%89&phone=13800138000");

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.body()).contains("&lt;b&gt;张三").doesNotContain("<b>张三");
        Fake360.Received upload = FAKE.awaitAccepted(1, Duration.ofSeconds(10)).get(0);
        assertThat(upload.event()).isEqualTo("SUBMIT");
        assertThat(upload.clickId()).isEqualTo("9356596331006000002");
    }

    @Test
    void anOrderIsPricedByTheServerWhateverTheBrowserPosts() throws Exception {
        get("/?qhclickid=9356596331006000003");

        HttpResponse<String> reply = post("/order", "orderId=QH-0003&quantity=3&amount=0.01");

        assertThat(reply.body()).contains("¥70.35").contains("QUEUED");
        Fake360.Received upload = FAKE.awaitAccepted(1, Duration.ofSeconds(10)).get(0);
        assertThat(upload.event()).isEqualTo("ORDER");
        assertThat(upload.json().at("/data/data_detail/event_param/value").asLong()).isEqualTo(3 * 2345);
    }

    @Test
    void anInvalidLeadIsRefusedAndNotReported() throws Exception {
        get("/?qhclickid=9356596331006000004");

        assertThat(post("/lead", "name=&phone=x").statusCode()).isEqualTo(400);
        post("/lead", "name=ok&phone=13800138000");

        assertThat(FAKE.awaitAccepted(1, Duration.ofSeconds(10))).hasSize(1);
        assertThat(FAKE.received()).hasSize(1);
    }

    @Test
    void healthzAnswersOk() throws Exception {
        assertThat(get("/healthz").body()).isEqualTo("ok");
        assertThat(get("/actuator/health/qhtrack").body()).contains("\"status\":\"UP\"");
    }

    @Test
    void aLeadFromABaiduClickIsReportedToBaiduWithTheLandingUrl() throws Exception {
        String landing = "/?from=baidu&bd_vid=bdvid0001abc";
        assertThat(get(landing).body()).contains("You came from a Baidu ad");

        assertThat(post("/lead", "name=Wang&phone=13900139000").statusCode()).isEqualTo(200);

        FakeBaidu.Item lead = BAIDU.awaitAccepted(1, Duration.ofSeconds(10)).get(0);
        assertThat(lead.newType()).isEqualTo(3);
        assertThat(lead.logidUrl()).isEqualTo("http://127.0.0.1:" + port + landing);
        assertThat(FAKE.received()).as("not to 360").isEmpty();
    }

    @Test
    void anOrderFromATencentClickIsReportedToTencentInFen() throws Exception {
        get("/?qz_gdt=qz0abc123def456");

        assertThat(post("/order", "orderId=QH-0005&quantity=2").body()).contains("QUEUED");

        FakeTencent.Action order = TENCENT.awaitAccepted(1, Duration.ofSeconds(10)).get(0);
        assertThat(order.actionType()).isEqualTo("COMPLETE_ORDER");
        assertThat(order.clickId()).isEqualTo("qz0abc123def456");
        assertThat(order.valueFen()).isEqualTo(2 * 2345);
        assertThat(FAKE.received()).as("not to 360").isEmpty();
    }

    @Test
    void theLastClickWinsAcrossPlatforms() throws Exception {
        get("/?bd_vid=bdvid0002abc");
        get("/?qhclickid=9356596331006000005");

        post("/lead", "name=Li&phone=13800138000");

        assertThat(FAKE.awaitAccepted(1, Duration.ofSeconds(10)).get(0).clickId()).isEqualTo("9356596331006000005");
        assertThat(BAIDU.received()).isEmpty();
    }
}
