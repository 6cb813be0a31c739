package io.qhtrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The published {@code standalone} jar, run as users run it: {@code java -jar} in a child process, driven
 * over real HTTP and HTTPS. Runs in the integration-test phase, after the shade plugin built the jar.
 */
class StandaloneJarIT {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("Fake(?:360|Baidu|Tencent) listening on (\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Process> started = new ArrayList<>();

    private static Path jar() {
        String path = System.getProperty("fake360.standaloneJar");
        assertThat(path).as("system property fake360.standaloneJar (set by the failsafe configuration)").isNotNull();
        assertThat(Paths.get(path)).isRegularFile();
        return Paths.get(path);
    }

    /** A running {@code java -jar}, its output (stdout and stderr) read line by line. */
    private final class Child {
        final Process process;
        final Thread reader;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final List<String> seen = new ArrayList<>();

        Child(String... args) throws IOException {
            List<String> command = new ArrayList<>(Arrays.asList(
                    Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString()));
            command.addAll(Arrays.asList(args));
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
            started.add(process);
            reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("(output unreadable: " + e + ")");
                }
            }, "standalone-output");
            reader.setDaemon(true);
            reader.start();
        }

        /** The next line of output, within the deadline. */
        String nextLine() throws InterruptedException {
            String line = lines.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(line).as("a line of output within %s; so far: %s (alive: %s)", DEADLINE, seen,
                    process.isAlive()).isNotNull();
            seen.add(line);
            return line;
        }

        /** The endpoint from the first line, {@code Fake360 listening on URL} (or FakeBaidu, FakeTencent). */
        URI endpoint() throws InterruptedException {
            String line = nextLine();
            Matcher matcher = LISTENING.matcher(line);
            assertThat(matcher.matches()).as("first line: %s", line).isTrue();
            return URI.create(matcher.group(1));
        }

        /** Waits for the process to exit on its own, within the deadline, and returns its status. */
        int exitStatus() throws InterruptedException {
            assertThat(process.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).as("exited within %s", DEADLINE)
                    .isTrue();
            return process.exitValue();
        }

        /** Everything printed (and not yet taken by {@link #nextLine()}), once the process has exited. */
        String output() throws InterruptedException {
            exitStatus();
            reader.join(DEADLINE.toMillis());
            assertThat(reader.isAlive()).as("output read to its end within %s", DEADLINE).isFalse();
            StringBuilder all = new StringBuilder();
            for (String line; (line = lines.poll()) != null; ) {
                all.append(line).append('\n');
            }
            return all.toString();
        }
    }

    @AfterEach
    void stopChildren() throws InterruptedException {
        for (Process process : started) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest upload(URI endpoint, String key, String secret) {
        byte[] body = Fake360Fixture.body(Fake360Fixture.PS, "SUBMIT").toString().getBytes(StandardCharsets.UTF_8);
        return Fake360Fixture.post(endpoint, key, Fake360Fixture.md5Hex(secret, body), "application/json", body);
    }

    @Test
    void javaDashJarServesPrintsEachUploadAndShowsItInTheView() throws Exception {
        Child child = new Child("--port", "0", "--credentials", "search-key:search-secret");
        URI endpoint = child.endpoint();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        assertThat(endpoint.toString()).matches("http://127\\.0\\.0\\.1:[1-9][0-9]*/uploadWebConvert");
        assertThat(child.nextLine()).isEqualTo("What it received: " + endpoint.resolve("/") + " (as JSON: "
                + endpoint.resolve("/received.json") + ")");
        assertThat(send(client, upload(endpoint, "search-key", "search-secret")).body())
                .isEqualTo("{\"errno\":0,\"error\":\"Success\"}");
        assertThat(child.nextLine()).startsWith("Upload#1[accepted, POST /uploadWebConvert, App-Key=search-key");

        JsonNode view = JSON.readTree(send(client, HttpRequest.newBuilder(endpoint.resolve("/received.json")).build()).body());
        assertThat(view.get("accepted").asInt()).isEqualTo(1);
        assertThat(view.get("uploads").get(0).get("verdict").asText()).isEqualTo("accepted");
        assertThat(send(client, HttpRequest.newBuilder(endpoint.resolve("/")).build()).body())
                .contains("<h1>Fake360</h1>", "1 accepted").doesNotContain("search-secret");
    }

    @Test
    void withTlsItServesHttpsToAClientTrustingTheTestCertificate() throws Exception {
        Child child = new Child("--port", "0", "--tls", "--credentials", "search-key:search-secret");
        URI endpoint = child.endpoint();
        HttpClient client = HttpClient.newBuilder().sslContext(TlsIdentity.clientContext()).build();

        assertThat(endpoint.getScheme()).isEqualTo("https");
        assertThat(send(client, upload(endpoint, "search-key", "search-secret")).body())
                .isEqualTo("{\"errno\":0,\"error\":\"Success\"}");
    }

    @Test
    void printCertificatePrintsThePemAndExits() throws Exception {
        Child child = new Child("--print-certificate");

        assertThat(child.output()).isEqualTo(Fake360.certificatePem());
        assertThat(child.exitStatus()).isZero();
    }

    @Test
    void badArgumentsExitWithStatus2AndTheUsage() throws Exception {
        Child child = new Child("--verbose", "yes");

        String output = child.output();

        assertThat(child.exitStatus()).isEqualTo(2);
        assertThat(output).startsWith("Fake360: unknown option --verbose\nusage: Fake360Main");
    }

    @Test
    void theJarIsSelfContainedWithFake360MainAsMainClass() throws IOException {
        try (JarFile jar = new JarFile(jar().toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("io.qhtrack.testkit.Fake360Main");
            assertThat(jar.getManifest().getMainAttributes().getValue("Multi-Release")).isEqualTo("true");
            assertThat(jar.getEntry("com/fasterxml/jackson/databind/ObjectMapper.class")).isNotNull();
            assertThat(jar.getEntry("com/fasterxml/jackson/core/JsonFactory.class")).isNotNull();
            assertThat(jar.getEntry("io/qhtrack/testkit/" + TlsIdentity.RESOURCE)).isNotNull();
            assertThat(jar.getEntry("META-INF/LICENSE")).isNotNull();
            assertThat(jar.stream().filter(entry -> entry.getName().endsWith("module-info.class"))).isEmpty();
        }
        Path plainJar = Paths.get(jar().toString().replace("-standalone.jar", ".jar"));
        assertThat(Files.size(jar())).isGreaterThan(Files.size(plainJar));
    }

    // ---------------------------------------------------------------- FakeBaidu and FakeTencent

    @Test
    void baiduRunsFakeBaiduPrintsEachRequestAndShowsItInTheView() throws Exception {
        Child child = new Child("baidu", "--port", "0", "--token", "bdJarToken-42");
        URI endpoint = child.endpoint();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String body = FakeBaiduFixture.body(FakeBaiduFixture.item(3), FakeBaiduFixture.item(99))
                .put("token", "bdJarToken-42").toString();

        assertThat(endpoint.toString()).matches("http://127\\.0\\.0\\.1:[1-9][0-9]*/ocpcapi/api/uploadConvertData");
        assertThat(child.nextLine()).startsWith("What it received: " + endpoint.resolve("/"));
        HttpResponse<String> answer = send(client, FakeBaiduFixture.post(endpoint, "application/json",
                body.getBytes(StandardCharsets.UTF_8)));
        assertThat(JSON.readTree(answer.body()).get("header").get("status").asInt()).isEqualTo(1);
        assertThat(child.nextLine()).startsWith("Request#1[status 1 (1 of 2 items accepted): 1 of 2 item(s) refused: "
                + "conversionTypes[1]: newType 99").doesNotContain("bdJarToken-42");

        JsonNode view = JSON.readTree(send(client, HttpRequest.newBuilder(endpoint.resolve("/received.json")).build())
                .body());
        assertThat(view.get("uploads").get(0).get("items").get(0).get("accepted").asBoolean()).isTrue();
        assertThat(view.toString() + send(client, HttpRequest.newBuilder(endpoint.resolve("/")).build()).body())
                .contains("FakeBaidu").doesNotContain("bdJarToken-42");
    }

    @Test
    void tencentRunsFakeTencentOverTlsWithTheTokenInAHyphenHeader() throws Exception {
        Child child = new Child("tencent", "--port", "0", "--tls", "--auth", "header-hyphen", "--access-token",
                "tcJarToken-42", "--account-id", "21436587", "--user-action-set-id", "1100456789", "--domain",
                "example.com");
        URI endpoint = child.endpoint();
        HttpClient client = HttpClient.newBuilder().sslContext(TlsIdentity.clientContext()).build();
        URI signed = URI.create(endpoint + "?timestamp=" + java.time.Instant.now().getEpochSecond() + "&nonce=jar-1");
        HttpRequest request = HttpRequest.newBuilder(signed).header("Content-Type", "application/json")
                .header("access-token", "tcJarToken-42")
                .POST(HttpRequest.BodyPublishers.ofString(FakeTencentFixture.body(
                        FakeTencentFixture.action("RESERVATION")).toString())).build();

        assertThat(endpoint.toString()).matches("https://127\\.0\\.0\\.1:[1-9][0-9]*/v3\\.0/user_actions/add");
        assertThat(child.nextLine()).startsWith("What it received: " + endpoint.resolve("/"));
        HttpResponse<String> first = send(client, request);
        HttpResponse<String> again = send(client, request);

        assertThat(first.body()).isEqualTo("{\"code\":0,\"message\":\"\",\"message_cn\":\"\",\"data\":{}}");
        assertThat(first.headers().firstValue("X-TSA-Trace-Id")).isPresent();
        assertThat(JSON.readTree(again.body()).get("code").asInt()).isEqualTo(12100);
        assertThat(child.nextLine()).startsWith("Request#1[code 0, POST /v3.0/user_actions/add?timestamp=")
                .contains("access_token in header access-token");
        assertThat(child.nextLine()).startsWith("Request#2[code 12100: nonce \"jar-1\" was already used");
        JsonNode view = JSON.readTree(send(client, HttpRequest.newBuilder(endpoint.resolve("/received.json")).build())
                .body());
        assertThat(view.get("accepted").asInt()).isEqualTo(1);
        assertThat(view.toString() + child.seen).doesNotContain("tcJarToken-42");
    }

    @Test
    void badArgumentsOfBaiduExitWithStatus2AndItsUsage() throws Exception {
        Child child = new Child("baidu", "--verbose", "yes");

        String output = child.output();

        assertThat(child.exitStatus()).isEqualTo(2);
        assertThat(output).startsWith("FakeBaidu: unknown option --verbose\nusage: Fake360Main baidu");
    }

    @Test
    void tencentWithoutItsRequiredSettingsExitsWithStatus2NamingTheFirst() throws Exception {
        Child child = new Child("tencent", "--port", "0", "--access-token", "tcJarToken-43");

        String output = child.output();

        assertThat(child.exitStatus()).isEqualTo(2);
        assertThat(output).startsWith("FakeTencent: no account id was set: call accountId(id)\nusage: Fake360Main tencent")
                .doesNotContain("tcJarToken-43");
    }

    @Test
    void tencentPrintCertificatePrintsTheSamePem() throws Exception {
        Child child = new Child("tencent", "--print-certificate");

        assertThat(child.output()).isEqualTo(Fake360.certificatePem());
        assertThat(child.exitStatus()).isZero();
    }
}
