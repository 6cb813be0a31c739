package io.qhtrack.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code java -jar sample-webapp/target/sample-webapp.jar} as the README's first command runs it: once reporting to
 * the standalone Fake360 jar (configured from the environment), once with nothing configured (its built-in fake). A
 * visitor lands, sends the lead form (no charset, a Chinese name) and places an order; the conversions reach the fake
 * with the right fields, and the demo dashboard answers.
 */
@ExtendWith(PrintOutputOnFailure.class)
class SampleJarIT {

    static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path work;

    @BeforeAll
    static void workDirectory() {
        work = Artifacts.workDirectory("sample-jar");
    }

    @Test
    void reportingToTheStandaloneFake360ALeadAndAnOrderArriveWithTheirFields() throws Exception {
        try (Fake360Process fake = Fake360Process.start(work, "fake360")) {
            Map<String, String> env = new HashMap<>(fake.environment());
            env.put("QHTRACK_DEMO_DASHBOARD", "true");
            try (Site sample = Site.sampleJar(work, "sample", env)) {
                Visitor visitor = sample.visitor();
                assertThat(visitor.get("/healthz").body()).isEqualTo("ok\n");
                String clickId = Visitor.clickId(16);
                assertThat(visitor.get("/?qhclickid=" + clickId).statusCode()).isEqualTo(200);

                HttpResponse<String> lead = visitor.post("/lead", "name", "张三", "phone", "138 0013 8000");
                assertThat(lead.statusCode()).isEqualTo(200);
                assertThat(lead.body()).as("the reply page shows the name as submitted")
                        .contains("谢谢，<span class=\"visitor-name\">张三</span>！");
                String orderId = "QH-" + Visitor.clickId(8);
                HttpResponse<String> order = visitor.post("/order", "orderId", orderId, "amount", "0.01");
                assertThat(order.body()).contains("data-outcome=\"QUEUED\"");

                Fake360Process.Upload submit = fake.awaitAccepted(clickId, "SUBMIT", DELIVERY);
                assertThat(submit.dataIndustry()).isEqualTo("ocpc_ps_convert");
                assertThat(submit.transId()).matches("[0-9a-f]{32}");
                Fake360Process.Upload placed = fake.awaitAccepted(clickId, "ORDER", DELIVERY);
                assertThat(placed.valueFen()).as("the server's price, ¥23.45").isEqualTo(2345);
                assertThat(placed.transId()).isEqualTo(Md5.hex(orderId));
                assertThat(fake.uploadsFor(clickId)).as("nothing else, nothing twice").hasSize(2);
                assertThat(fake.view().at("/accepted").asInt()).as("the fake's own count").isEqualTo(2);

                HttpResponse<String> dashboard = visitor.get("/demo/");
                assertThat(dashboard.statusCode()).isEqualTo(200);
                assertThat(dashboard.body()).contains(clickId).doesNotContain(fake.secret());
                assertThat(sample.stop()).as("exit status after SIGTERM").isIn(0, 143);
                assertThat(sample.child().output()).contains("reporting to http://127.0.0.1:"
                        + fake.endpoint().getPort()).doesNotContain(fake.secret());
            }
        }
    }

    @Test
    void withNothingConfiguredItReportsToItsBuiltInFake360AndTheDashboardShowsIt() throws Exception {
        try (Site sample = Site.sampleJar(work, "sample-built-in", Map.of())) {
            Visitor visitor = sample.visitor();
            assertThat(visitor.get("/healthz").statusCode()).isEqualTo(200);
            String clickId = Visitor.clickId(16);
            visitor.get("/?qhclickid=" + clickId);

            assertThat(visitor.post("/lead", "name", "李雷", "phone", "13800138000").body())
                    .contains("<span class=\"visitor-name\">李雷</span>");
            assertThat(visitor.post("/order", "orderId", "QH-BUILTIN").body()).contains("data-outcome=\"QUEUED\"");

            // The fake records an upload before the dispatcher settles its row: wait for both.
            JsonNode status = Poll.until("both uploads accepted by the built-in fake and settled", DELIVERY,
                    () -> status(visitor),
                    s -> acceptedFor(s, clickId) == 2 && s.at("/outbox/counts/DELIVERED").asInt() == 2);
            assertThat(acceptedFor(status, clickId)).isEqualTo(2);
            assertThat(status.at("/outbox/counts/DELIVERED").asInt()).isEqualTo(2);
            assertThat(visitor.get("/demo/").body()).contains(clickId);
            assertThat(sample.child().output()).contains("reporting to built-in Fake360");
        }
    }

    static JsonNode status(Visitor visitor) {
        try {
            return JSON.readTree(visitor.get("/demo/status.json").body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long acceptedFor(JsonNode status, String clickId) {
        long n = 0;
        for (JsonNode upload : status.at("/fake360/uploads")) {
            if (clickId.equals(upload.path("clickId").asText()) && upload.path("accepted").asBoolean()) {
                n++;
            }
        }
        return n;
    }
}
