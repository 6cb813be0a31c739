package io.qhtrack.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code java -jar sample-spring-boot/target/sample-spring-boot.jar} as the README runs it (no database configured:
 * its H2 file), reporting to the standalone Fake360 jar: a visitor lands, sends the lead form (no charset, a Chinese
 * name: on Tomcat) and places an order; both reach the fake with the right fields.
 */
@ExtendWith(PrintOutputOnFailure.class)
class BootShopIT {

    static final Duration DELIVERY = Duration.ofSeconds(30);

    static Fake360Process fake;
    static Site shop;

    @BeforeAll
    static void start() {
        Path work = Artifacts.workDirectory("boot-shop");
        fake = Fake360Process.start(work, "fake360");
        shop = Site.bootShop(work, "shop", fake.environment());
    }

    @AfterAll
    static void stop() {
        try {
            if (shop != null) {
                assertThat(shop.stop()).as("exit status after SIGTERM").isIn(0, 143);
            }
        } finally {
            Child.closeAll(shop, fake);
        }
    }

    @Test
    void healthzAndTheQhtrackHealthComponentAnswer() throws Exception {
        HttpResponse<String> health = shop.visitor().get("/healthz");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("ok");
        assertThat(shop.qhtrackHealth().at("/status").asText()).isEqualTo("UP");
    }

    @Test
    void aLeadPostedWithoutACharsetKeepsItsChineseNameAndReachesTheFakeAsSubmit() throws Exception {
        Lead lead = Lead.send(shop, "张三丰 Zhang");

        assertThat(lead.status()).isEqualTo(200);
        assertThat(lead.reply()).as("the handler saw the name intact").contains("Thank you, 张三丰 Zhang.");
        Fake360Process.Upload submit = fake.awaitAccepted(lead.clickId(), "SUBMIT", DELIVERY);
        assertThat(submit.dataIndustry()).isEqualTo("ocpc_ps_convert");
        assertThat(submit.transId()).as("trans_id from the form").matches("[0-9a-f]{32}");
    }

    @Test
    void anOrderIsPricedByTheServerAndReachesTheFakeAsOrder() throws Exception {
        Visitor visitor = shop.visitor();
        String clickId = Visitor.clickId(16);
        String orderId = "QH-" + Visitor.clickId(8);
        visitor.get("/?qhclickid=" + clickId);

        HttpResponse<String> reply = visitor.post("/order", "orderId", orderId, "quantity", "3", "amount", "0.01");

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.body()).contains("¥70.35", "qhtrack: QUEUED");
        Fake360Process.Upload order = fake.awaitAccepted(clickId, "ORDER", DELIVERY);
        assertThat(order.valueFen()).as("3 × ¥23.45 in fen, whatever the browser posted").isEqualTo(7035);
        assertThat(order.transId()).as("md5 of the order id").isEqualTo(Md5.hex(orderId));
    }

    @Test
    void neitherTheLandingPageNorTheLogShowsTheSecret() throws Exception {
        HttpResponse<String> page = shop.visitor().get("/?qhclickid=" + Visitor.clickId(16));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("data-qhtrack-event=\"CALL_BUTTON\"", "/qhtrack.js")
                .doesNotContain(fake.secret());
        assertThat(shop.child().output()).as("the shop's output").doesNotContain(fake.secret());
    }
}
