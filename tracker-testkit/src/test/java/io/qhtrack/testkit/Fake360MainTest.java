package io.qhtrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command-line runner: arguments, the start line, one line per upload. */
class Fake360MainTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String post(Fake360 fake, String key, String secret, String body) throws Exception {
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(fake.endpoint())
                .header("App-Key", key)
                .header("App-Sign", Fake360Fixture.md5Hex(secret, payload))
                .header("Content-Type", "application/json;charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void itPrintsTheEndpointThenOneLinePerUploadWithItsVerdict() throws Exception {
        try (Fake360 fake = Fake360Main.start(new String[] {
                "--port", "0", "--credentials", "display-key:display-secret:ocpc_zs_convert", "--jzqs", "display-key:123456"},
                out)) {
            String accepted = Fake360Fixture.body(Fake360Fixture.ZS, "SUBMIT").toString();
            String wrongLine = Fake360Fixture.body(Fake360Fixture.PS, "SUBMIT").toString();

            assertThat(post(fake, "display-key", "display-secret", accepted)).isEqualTo("{\"errno\":0,\"error\":\"Success\"}");
            assertThat(post(fake, "display-key", "display-secret", wrongLine)).contains("\"errno\":1");

            String[] lines = output().split("\n");
            assertThat(lines[0]).isEqualTo("Fake360 listening on " + fake.endpoint());
            assertThat(lines[1]).startsWith("Upload#1[accepted").contains(accepted);
            assertThat(lines[2]).startsWith("Upload#2[errno 1: App-Key display-key is not allowed for data_industry "
                    + "ocpc_ps_convert");
            assertThat(output()).doesNotContain("display-secret");
        }
    }

    @Test
    void aSecretMayContainColons() throws Exception {
        try (Fake360 fake = Fake360Main.start(new String[] {"--port=0", "--credentials", "k:se:cr:et"}, out)) {
            assertThat(post(fake, "k", "se:cr:et", Fake360Fixture.body(Fake360Fixture.WEB, "CALL").toString()))
                    .isEqualTo("{\"errno\":0,\"error\":\"Success\"}");
        }
    }

    @Test
    void theDefaultPortIs8360() {
        assertThat(Fake360Main.DEFAULT_PORT).isEqualTo(8360);
        assertThat(Fake360Main.parse(new String[] {"--credentials", "k:s"}).toString()).contains("port=8360");
    }

    @Test
    void badArgumentsAreRefusedWithAReason() {
        assertThatThrownBy(() -> Fake360Main.parse(new String[] {"--verbose", "yes"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown option --verbose");
        assertThatThrownBy(() -> Fake360Main.parse(new String[] {"--port"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--port needs a value");
        assertThatThrownBy(() -> Fake360Main.parse(new String[] {"--port", "http"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--port must be a number but was http");
        assertThatThrownBy(() -> Fake360Main.parse(new String[] {"--credentials", "only-a-key"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--credentials must be key:secret[:industry,industry] (secret not shown)");
        assertThatThrownBy(() -> Fake360Main.parse(new String[] {"--credentials", "k:s", "--jzqs", "k"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--jzqs must be key:value but was k");
        assertThatThrownBy(() -> Fake360Main.parse(new String[] {"--credentials", "k:s:ocpc_pc_convert"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("but was ocpc_pc_convert");
    }

    @Test
    void tlsServesHttpsWithTheTestCertificate() throws Exception {
        try (Fake360 fake = Fake360Main.start(new String[] {"--port", "0", "--tls", "--credentials", "k:s"}, out)) {
            byte[] payload = Fake360Fixture.body(Fake360Fixture.WEB, "CALL").toString().getBytes(StandardCharsets.UTF_8);
            HttpRequest request = Fake360Fixture.post(fake.endpoint(), "k", Fake360Fixture.md5Hex("s", payload),
                    "application/json", payload);
            HttpClient client = HttpClient.newBuilder().sslContext(fake.sslContext()).build();

            assertThat(output()).startsWith("Fake360 listening on https://127.0.0.1:");
            assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).body())
                    .isEqualTo("{\"errno\":0,\"error\":\"Success\"}");
        }
    }

    @Test
    void tlsGivenTwiceIsRefused() {
        assertThatThrownBy(() -> Fake360Main.parse(new String[] {"--tls", "--tls", "--credentials", "k:s"}))
                .isInstanceOf(IllegalStateException.class).hasMessage("tls() was already called");
    }

    @Test
    void latencyMsHoldsEveryAnswer() {
        assertThat(Fake360Main.parse(new String[] {"--latency-ms", "50", "--credentials", "k:s"}).toString())
                .contains("latency=PT0.05S");
        assertThatThrownBy(() -> Fake360Main.parse(new String[] {"--latency-ms", "soon"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--latency-ms must be a number of milliseconds but was soon");
        assertThatThrownBy(() -> Fake360Main.parse(new String[] {"--latency-ms", "-5"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("latency must be between PT0S and PT10M but was PT-0.005S");
    }
}
