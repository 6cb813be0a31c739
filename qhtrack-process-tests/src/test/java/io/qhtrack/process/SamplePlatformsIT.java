package io.qhtrack.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code java -jar sample-webapp.jar} reporting Baidu's and Tencent's clicks to the standalone FakeBaidu and
 * FakeTencent (strict, as processes, configured by {@code QHTRACK_BAIDU_*} and {@code QHTRACK_TENCENT_*}), and 360's to
 * the standalone Fake360: a landing, a lead and an order reach the platform the click came from, with the right
 * fields; a second visitor's 360 click still goes to 360; a visitor who clicked ads of all three converts once, for
 * the last.
 */
@ExtendWith(PrintOutputOnFailure.class)
class SamplePlatformsIT {

    private static final Duration DELIVERY = SampleJarIT.DELIVERY;

    static Path work;

    @BeforeAll
    static void workDirectory() {
        work = Artifacts.workDirectory("sample-platforms");
    }

    private static Map<String, String> environment(AutoCloseable... fakes) {
        Map<String, String> env = new HashMap<>();
        for (AutoCloseable fake : fakes) {
            if (fake instanceof Fake360Process f) {
                env.putAll(f.environment());
            } else {
                env.putAll(((PlatformFakeProcess) fake).environment());
            }
        }
        env.put("QHTRACK_DEMO_DASHBOARD", "true");
        return env;
    }

    private static String id(String prefix) {
        return prefix + Visitor.clickId(16);
    }

    @Test
    void aBaiduLandingThenALeadAndAnOrderReachFakeBaiduWithTheirBodyAndA360ClickStillGoesTo360() throws Exception {
        try (PlatformFakeProcess baidu = PlatformFakeProcess.baidu(work, "fake-baidu");
                Fake360Process fake360 = Fake360Process.start(work, "fake360-b");
                Site sample = Site.sampleJar(work, "sample-baidu", environment(baidu, fake360))) {
            Visitor visitor = sample.visitor();
            String bdVid = id("bd");
            String landing = "/?from=baidu&bd_vid=" + bdVid;
            Instant before = Instant.now().minusSeconds(1);
            assertThat(visitor.get(landing).statusCode()).isEqualTo(200);
            assertThat(visitor.post("/lead", "name", "王芳", "phone", "139 0013 9000").statusCode()).isEqualTo(200);
            String orderId = "QH-" + Visitor.clickId(8);
            HttpResponse<String> order = visitor.post("/order", "orderId", orderId, "amount", "0.01");
            assertThat(order.body()).contains("data-outcome=\"QUEUED\"");

            String landingUrl = sample.base().resolve(landing).toString();
            PlatformFakeProcess.Conversion lead = baidu.awaitAccepted(bdVid, "3", DELIVERY);
            assertThat(lead.url()).as("logidUrl: the landing URL").isEqualTo(landingUrl);
            assertThat(lead.time()).as("convertTime, seconds").isBetween(before.getEpochSecond(),
                    Instant.now().getEpochSecond() + 1);
            assertThat(lead.key()).as("outerEventId from the form").matches("[0-9a-f]{32}");
            assertThat(lead.valueFen()).as("no value for a lead").isEqualTo(-1);
            PlatformFakeProcess.Conversion placed = baidu.awaitAccepted(bdVid, "14", DELIVERY);
            assertThat(placed.url()).isEqualTo(landingUrl);
            assertThat(placed.valueFen()).as("convertValue: the server's price, ¥23.45").isEqualTo(2345);
            assertThat(placed.key()).as("outerEventId from the order id").isEqualTo(Md5.hex(orderId));
            assertThat(baidu.conversionsFor(bdVid)).as("nothing else, nothing twice").hasSize(2);

            Visitor other = sample.visitor();
            String qhclickid = Visitor.clickId(16);
            other.get("/?qhclickid=" + qhclickid);
            other.post("/lead", "name", "李雷", "phone", "13800138000");
            assertThat(fake360.awaitAccepted(qhclickid, "SUBMIT", DELIVERY).dataIndustry()).isEqualTo("ocpc_ps_convert");
            assertThat(fake360.uploadsFor(bdVid)).as("the Baidu click went to Baidu only").isEmpty();
            assertThat(baidu.conversionsFor(qhclickid)).as("the 360 click went to 360 only").isEmpty();

            assertThat(visitor.get("/demo/").body()).contains(bdVid).doesNotContain(baidu.token());
            assertThat(visitor.get("/demo/status.json").body()).doesNotContain(baidu.token());
            assertThat(sample.stop()).isIn(0, 143);
            assertThat(sample.child().output()).doesNotContain(baidu.token());
        }
    }

    @Test
    void gdtVidAndQzGdtLandingsReportLeadsAndOrdersToFakeTencentAndNoNonceIsEverReused() throws Exception {
        // Half the requests fail with 503, drawn from a fixed seed whose first two draws fail (java.util.Random(4986):
        // F F . . F .), so that some request fails however the sample batches the three conversions (seed 7 drew
        // . . F: when the order and the second lead went in one request, none failed). The retries are new requests
        // with new nonces.
        try (PlatformFakeProcess tencent = PlatformFakeProcess.tencent(work, "fake-tencent", "127.0.0.1",
                "--fault", "http:503", "--fault-probability", "0.5", "--fault-seed", "4986");
                Site sample = Site.sampleJar(work, "sample-tencent", environment(tencent))) {
            String gdtVid = id("wx0");
            String qzGdt = id("qz");
            Visitor wechat = sample.visitor();
            String wechatLanding = "/?gdt_vid=" + gdtVid;
            wechat.get(wechatLanding);
            wechat.post("/lead", "name", "张伟", "phone", "137 0013 7000");
            String orderId = "QH-" + Visitor.clickId(8);
            assertThat(wechat.post("/order", "orderId", orderId).body()).contains("data-outcome=\"QUEUED\"");
            Visitor qq = sample.visitor();
            String qqLanding = "/?from=qq&qz_gdt=" + qzGdt;
            qq.get(qqLanding);
            qq.post("/lead", "name", "赵敏", "phone", "136 0013 6000");

            PlatformFakeProcess.Conversion lead = tencent.awaitAccepted(gdtVid, "RESERVATION", DELIVERY);
            assertThat(lead.url()).isEqualTo(sample.base().resolve(wechatLanding).toString());
            assertThat(lead.key()).as("outer_action_id from the form").matches("[0-9a-f]{32}");
            PlatformFakeProcess.Conversion placed = tencent.awaitAccepted(gdtVid, "COMPLETE_ORDER", DELIVERY);
            assertThat(placed.valueFen()).as("action_param.value in fen").isEqualTo(2345);
            assertThat(placed.key()).isEqualTo(Md5.hex(orderId));
            assertThat(placed.request().path("accountId").asLong()).isEqualTo(PlatformFakeProcess.TENCENT_ACCOUNT_ID);
            PlatformFakeProcess.Conversion qqLead = tencent.awaitAccepted(qzGdt, "RESERVATION", DELIVERY);
            assertThat(qqLead.url()).isEqualTo(sample.base().resolve(qqLanding).toString());

            List<String> nonces = tencent.requests().stream().map(r -> r.path("nonce").asText("")).toList();
            assertThat(tencent.view().path("faulted").asInt()).as("some requests failed and were sent again")
                    .isPositive();
            assertThat(nonces).as("every request's nonce").allMatch(n -> !n.isEmpty()).doesNotHaveDuplicates();
            assertThat(tencent.conversions().stream().filter(PlatformFakeProcess.Conversion::accepted))
                    .as("each conversion accepted once").hasSize(3);
            assertThat(sample.stop()).isIn(0, 143);
            assertThat(sample.child().output()).doesNotContain(tencent.token());
        }
    }

    @Test
    void aVisitorWhoClickedBaiduTencentAnd360AdsInTurnConvertsOnceForTheLast() throws Exception {
        try (PlatformFakeProcess baidu = PlatformFakeProcess.baidu(work, "fake-baidu-3");
                PlatformFakeProcess tencent = PlatformFakeProcess.tencent(work, "fake-tencent-3", "127.0.0.1");
                Fake360Process fake360 = Fake360Process.start(work, "fake360-3");
                Site sample = Site.sampleJar(work, "sample-three", environment(baidu, tencent, fake360))) {
            Visitor visitor = sample.visitor();
            String bdVid = id("bd");
            String gdtVid = id("wx0");
            String qhclickid = Visitor.clickId(16);
            visitor.get("/?bd_vid=" + bdVid);
            visitor.get("/?gdt_vid=" + gdtVid);
            visitor.get("/?qhclickid=" + qhclickid);
            visitor.post("/lead", "name", "陈晨", "phone", "135 0013 5000");

            Visitor reverse = sample.visitor();
            String qhclickid2 = Visitor.clickId(16);
            String bdVid2 = id("bd");
            String gdtVid2 = id("wx0");
            reverse.get("/?qhclickid=" + qhclickid2);
            reverse.get("/?bd_vid=" + bdVid2);
            reverse.get("/?gdt_vid=" + gdtVid2);
            reverse.post("/lead", "name", "周杰", "phone", "134 0013 4000");

            fake360.awaitAccepted(qhclickid, "SUBMIT", DELIVERY);
            tencent.awaitAccepted(gdtVid2, "RESERVATION", DELIVERY);
            Poll.until("both leads settled in the outbox", DELIVERY, () -> SampleJarIT.status(visitor),
                    s -> s.at("/outbox/counts/DELIVERED").asInt() == 2);
            assertThat(fake360.uploadsFor(qhclickid)).as("once, for 360, the last").hasSize(1);
            assertThat(baidu.conversions()).as("Baidu's clicks were replaced before the leads").isEmpty();
            assertThat(tencent.conversionsFor(gdtVid)).isEmpty();
            assertThat(tencent.conversionsFor(gdtVid2)).as("once, for Tencent, the last").hasSize(1);
            assertThat(fake360.uploadsFor(qhclickid2)).isEmpty();
        }
    }
}
