package io.qhtrack.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qhtrack.testkit.Fake360;
import io.qhtrack.testkit.Fault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The launcher jar from the build, as a newcomer runs it ({@code java -jar target/sample-webapp.jar}) in a separate
 * process: it answers {@code /healthz}, registers qhtrack from the WAR's {@code WEB-INF/lib}, reports to its
 * built-in Fake360, and a conversion still pending when the process is killed with {@code kill -9} is delivered,
 * once, after the restart, from the outbox in its H2 file.
 */
class LauncherIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void theJarFromTheBuildStartsAnswersHealthzAndReportsToItsBuiltInFake360() throws Exception {
        try (Launched app = Launched.start(Map.of(), work, "demo")) {
            Visitor visitor = new Visitor(app.base(), Visitor.DESKTOP);
            HttpResponse<String> health = visitor.get("/healthz");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("ok\n");
            assertThat(visitor.get("/qhtrack.js").statusCode()).as("qhtrack is installed").isEqualTo(200);
            assertThat(app.output()).contains("listening on 127.0.0.1:" + app.base().getPort());
            assertThat(reachable("127.0.0.2", app.base().getPort())).as("reachable on another address than loopback's")
                    .isFalse();

            String clickId = SampleHttpFlow.digits(16);
            assertThat(visitor.get("/?qhclickid=" + clickId).body()).contains(clickId);
            assertThat(visitor.post("/order", "orderId", "QH-LAUNCH").body())
                    .contains("data-outcome=\"QUEUED\"");
            JsonNode status = awaitStatus(visitor, s -> s.at("/outbox/counts/DELIVERED").asInt() == 1);
            JsonNode upload = status.at("/fake360/uploads/0");
            assertThat(upload.get("accepted").asBoolean()).isTrue();
            assertThat(upload.get("dataIndustry").asText()).isEqualTo("ocpc_ps_convert");
            assertThat(upload.get("clickId").asText()).isEqualTo(clickId);
            assertThat(upload.get("transId").asText()).isEqualTo(SampleHttpFlow.md5("QH-LAUNCH"));
            assertThat(app.output()).contains("reporting to built-in Fake360").doesNotContain("SEVERE");

            assertThat(app.stop()).as("exit code after SIGTERM").isIn(0, 143);
            assertThat(work.resolve("qhtrack-demo-data/outbox.mv.db")).as("the H2 outbox in ./qhtrack-demo-data")
                    .isRegularFile();
            assertThat(work.resolve("qhtrack-demo-data/outbox.trace.db")).as("H2's log of errors").doesNotExist();
        }
    }

    @Test
    void aConversionPendingWhenTheProcessIsKilledIsDeliveredOnceAfterTheRestart() throws Exception {
        try (Fake360 fake = TestAccounts.fake360()) {
            fake.failAlways(Fault.httpStatus(503, Duration.ofSeconds(10)));
            Map<String, String> env = new HashMap<>(TestAccounts.environment(fake));
            env.put("QHTRACK_DEMO_DATA", work.resolve("data").toString());
            env.put("QHTRACK_DEMO_DASHBOARD", "true"); // for status.json, off by default with credentials
            String clickId = SampleHttpFlow.digits(16);
            String orderId = "QH-" + SampleHttpFlow.digits(8);

            Launched first = Launched.start(env, work, "first");
            Visitor visitor = new Visitor(first.base(), Visitor.DESKTOP);
            visitor.get("/?qhclickid=" + clickId);
            assertThat(visitor.post("/order", "orderId", orderId).body())
                    .contains("data-outcome=\"QUEUED\"");
            // 360 answered 503 (Retry-After: 10 s) and the outbox holds the entry for its next attempt
            awaitStatus(visitor, s -> s.at("/outbox/entries/0/state").asText().equals("PENDING")
                    && s.at("/outbox/entries/0/attempts").asInt() >= 1);
            assertThat(fake.received()).isNotEmpty().noneMatch(Fake360.Received::accepted);
            first.kill();

            fake.healthy();
            try (Launched second = Launched.start(env, work, "second")) {
                Fake360.Received delivered = TestAccounts.awaitAccepted(fake, clickId, "ORDER");
                assertThat(delivered.transId()).isEqualTo(SampleHttpFlow.md5(orderId));
                assertThat(delivered.json().at("/data/data_detail/event_param/value").asLong()).isEqualTo(2345);
                Visitor again = new Visitor(second.base(), Visitor.DESKTOP);
                awaitStatus(again, s -> s.at("/outbox/counts/DELIVERED").asInt() == 1
                        && s.at("/outbox/counts/PENDING").asInt() == 0);
                assertThat(fake.accepted()).as("delivered once").hasSize(1);
                for (String secret : TestAccounts.SECRETS) {
                    assertThat(first.output() + second.output()).as("the logs").doesNotContain(secret);
                }
            }
        }
    }

    @Test
    void withRealCredentialsTheDashboardIsOffAndHostZeroListensOnEveryInterface() throws Exception {
        try (Fake360 fake = TestAccounts.fake360()) {
            Map<String, String> env = new HashMap<>(TestAccounts.environment(fake));
            env.put("QHTRACK_DEMO_DATA", work.resolve("real").toString());
            env.put("HOST", "0.0.0.0");
            try (Launched app = Launched.start(env, work, "real")) {
                Visitor visitor = new Visitor(app.base(), Visitor.DESKTOP);
                assertThat(visitor.get("/healthz").statusCode()).isEqualTo(200);
                assertThat(visitor.get("/demo/").statusCode()).isEqualTo(404);
                assertThat(visitor.get("/demo/status.json").statusCode()).isEqualTo(404);
                assertThat(visitor.get("/?qhclickid=" + SampleHttpFlow.digits(16)).body()).doesNotContain("demo-bar");
                assertThat(reachable("127.0.0.2", app.base().getPort())).as("listening on every interface").isTrue();
                assertThat(app.output()).contains("reporting to http://127.0.0.1:" + fake.endpoint().getPort())
                        .contains("demo dashboard off");
            }
        }
    }

    /** Whether a TCP connection to {@code address:port} is accepted (on this machine: 127.0.0.0/8 is loopback). */
    private static boolean reachable(String address, int port) throws IOException {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(address, port), 5_000);
            return true;
        } catch (java.net.ConnectException refused) {
            return false;
        }
    }

    /** Polls {@code /demo/status.json} (real I/O, every 25 ms) until {@code done}, within 60 s. */
    private static JsonNode awaitStatus(Visitor visitor, Predicate<JsonNode> done)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        JsonNode status = null;
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = visitor.get("/demo/status.json");
            assertThat(response.statusCode()).isEqualTo(200);
            status = JSON.readTree(response.body());
            if (done.test(status)) {
                return status;
            }
            pollInterval();
        }
        return fail("status.json never got there; last: " + status);
    }

    /** The pause between two looks at the running process: the deadline bounds the wait, not this. */
    private static void pollInterval() throws InterruptedException {
        Thread.sleep(25);
    }
}
