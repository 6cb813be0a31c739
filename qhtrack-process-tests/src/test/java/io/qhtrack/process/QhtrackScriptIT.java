package io.qhtrack.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@code qhtrack} script at the repository root, as the README runs it after {@code ./mvnw -DskipTests package}:
 * a process per command, with credentials in its environment only, against the standalone Fake360 jar (a process
 * too). It is what proves that {@code tracker-cli/target/lib} holds every runtime dependency: a missing one fails
 * here with the {@code NoClassDefFoundError} a user would see.
 */
@ExtendWith(PrintOutputOnFailure.class)
class QhtrackScriptIT {

    private static final Duration RUN = Duration.ofSeconds(60);
    private static final Pattern SIGNED = Pattern.compile("App-Sign: ([0-9a-f]{32})\\n.*?\\n\\n(\\{.*\\})\\n",
            Pattern.DOTALL);

    static Path work;
    static Fake360Process fake;

    @BeforeAll
    static void startFake360() {
        work = Artifacts.workDirectory("qhtrack-script");
        fake = Fake360Process.start(work, "fake360");
    }

    @AfterAll
    static void stopFake360() {
        Child.closeAll(fake);
    }

    /** One run of the script: its exit status, stdout and stderr apart. */
    record Run(int status, String out, String err) {
        String both() {
            return out + err;
        }
    }

    private static Run qhtrack(Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Artifacts.script().toString());
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(work, "qhtrack-", ".out");
            Path err = Files.createTempFile(work, "qhtrack-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(Artifacts.root().toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("QHTRACK_") || k.endsWith("JAVA_OPTIONS"));
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().putAll(environment);
            Process process = builder.start();
            try {
                assertThat(process.waitFor(RUN.toMillis(), TimeUnit.MILLISECONDS)).as("qhtrack %s exited within %s",
                        String.join(" ", args), RUN).isTrue();
            } finally {
                process.destroyForcibly();
            }
            Run run = new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            System.out.printf("./qhtrack %s -> exit %d%n%s%s", String.join(" ", args), run.status(), run.out(),
                    run.err());
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> credentials(String secret) {
        Map<String, String> env = new HashMap<>();
        env.put("QHTRACK_SEARCH_KEY", Fake360Process.SEARCH_KEY);
        env.put("QHTRACK_SEARCH_SECRET", secret);
        return env;
    }

    @Test
    void helpListsTheCommandsAndTheCredentialVariables() {
        Run run = qhtrack(Map.of(), "help");

        assertThat(run.status()).isZero();
        assertThat(run.out()).startsWith("usage: qhtrack <command>").contains("send", "events", "outbox",
                "QHTRACK_SEARCH_KEY");
    }

    @Test
    void aDryRunPrintsTheSignedRequestWithoutTheSecretAndSendsNothing() {
        String clickId = Visitor.clickId(19);

        Run run = qhtrack(credentials(fake.secret()), "send", "--line", "ps", "--click-id", clickId, "--event",
                "SUBMIT", "--trans-id", "form-0001", "--endpoint", fake.endpoint().toString(), "--dry-run");

        assertThat(run.status()).as("exit status; stderr: %s", run.err()).isZero();
        assertThat(run.both()).as("stdout and stderr").doesNotContain(fake.secret());
        Matcher signed = SIGNED.matcher(run.out());
        assertThat(signed.find()).as("App-Sign and the body in: %s", run.out()).isTrue();
        assertThat(signed.group(1)).as("App-Sign = md5(secret + the exact body printed)")
                .isEqualTo(Md5.hex(fake.secret() + signed.group(2)));
        assertThat(signed.group(2)).contains("\"qhclickid\":\"" + clickId + "\"", "\"event\":\"SUBMIT\"",
                "\"data_industry\":\"ocpc_ps_convert\"");
        assertThat(run.out()).contains("App-Key: " + Fake360Process.SEARCH_KEY, "dry run: nothing was sent");
        assertThat(fake.uploadsFor(clickId)).as("what the fake received for the click").isEmpty();
    }

    @Test
    void aRealSendIsAcceptedByTheStandaloneFake360() {
        String clickId = Visitor.clickId(19);

        Run run = qhtrack(credentials(fake.secret()), "send", "--line", "ps", "--click-id", clickId, "--event",
                "ORDER", "--order-id", "A-1001", "--amount", "23.45", "--endpoint", fake.endpoint().toString());

        assertThat(run.status()).as("exit status; stderr: %s", run.err()).isZero();
        assertThat(run.both()).doesNotContain(fake.secret());
        List<Fake360Process.Upload> received = fake.uploadsFor(clickId);
        assertThat(received).as("what the fake received for the click").hasSize(1);
        Fake360Process.Upload order = received.get(0);
        assertThat(order.accepted()).as("%s", order).isTrue();
        assertThat(order.event()).isEqualTo("ORDER");
        assertThat(order.dataIndustry()).isEqualTo("ocpc_ps_convert");
        assertThat(order.valueFen()).as("¥23.45 in fen").isEqualTo(2345);
        assertThat(order.transId()).as("md5 of the order id").isEqualTo(Md5.hex("A-1001"));
    }

    @Test
    void aWrongSecretIsRefusedByTheFakeAndExits3WithoutPrintingIt() {
        String clickId = Visitor.clickId(19);
        String wrong = "wrong-" + fake.secret();

        Run run = qhtrack(credentials(wrong), "send", "--line", "ps", "--click-id", clickId, "--event", "SUBMIT",
                "--trans-id", "form-0002", "--endpoint", fake.endpoint().toString());

        assertThat(run.status()).as("refused by 360: exit 3; stderr: %s", run.err()).isEqualTo(3);
        assertThat(run.out()).contains("\"errno\":2");
        assertThat(run.err()).contains("not delivered, refused", "FAQ 5.7");
        assertThat(run.both()).doesNotContain(wrong);
        assertThat(fake.uploadsFor(clickId)).extracting(Fake360Process.Upload::verdict).containsExactly("errno 2");
    }

    @Test
    void withoutCredentialsItNamesTheVariablesToSetAndExits2SendingNothing() {
        String clickId = Visitor.clickId(19);

        Run run = qhtrack(Map.of(), "send", "--line", "ps", "--click-id", clickId, "--event", "SUBMIT",
                "--trans-id", "form-0003", "--endpoint", fake.endpoint().toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("no credentials for", "QHTRACK_SEARCH_KEY", "QHTRACK_SEARCH_SECRET");
        assertThat(run.err()).doesNotContain("Exception");
        assertThat(fake.uploadsFor(clickId)).isEmpty();
    }

    // ---- Baidu and Tencent, against their standalone fakes ---------------------------------------------------

    @Test
    void baiduDryRunPrintsTheBodyWithoutTheTokenAndARealSendIsAcceptedByTheStandaloneFakeBaidu() {
        try (PlatformFakeProcess baidu = PlatformFakeProcess.baidu(work, "fake-baidu")) {
            String bdVid = "bd" + Visitor.clickId(16);
            String landing = "https://shop.example.com/course?from=baidu&bd_vid=" + bdVid;

            Run dry = qhtrack(baidu.environment(), "send", "--platform", "baidu", "--landing-url", landing, "--event",
                    "SUBMIT", "--trans-id", "form-0001", "--dry-run");
            assertThat(dry.status()).as("exit status; stderr: %s", dry.err()).isZero();
            assertThat(dry.out()).contains("POST " + baidu.endpoint(), "\"logidUrl\":\"" + landing + "\"",
                    "\"newType\":3", "dry run: nothing was sent");
            assertThat(dry.both()).doesNotContain(baidu.token());
            assertThat(baidu.conversionsFor(bdVid)).as("nothing sent by the dry run").isEmpty();

            Run real = qhtrack(baidu.environment(), "send", "--platform", "baidu", "--landing-url", landing,
                    "--event", "ORDER", "--order-id", "A-2001", "--amount", "23.45");
            assertThat(real.status()).as("exit status; stderr: %s", real.err()).isZero();
            assertThat(real.both()).doesNotContain(baidu.token());
            assertThat(baidu.conversionsFor(bdVid)).singleElement().satisfies(order -> {
                assertThat(order.accepted()).as("%s", order).isTrue();
                assertThat(order.type()).isEqualTo("14");
                assertThat(order.url()).isEqualTo(landing);
                assertThat(order.valueFen()).isEqualTo(2345);
                assertThat(order.key()).isEqualTo(Md5.hex("A-2001"));
            });

            Map<String, String> wrong = new HashMap<>(baidu.environment());
            wrong.put("QHTRACK_BAIDU_TOKEN", "wrong-" + baidu.token());
            Run refused = qhtrack(wrong, "send", "--platform", "baidu", "--landing-url", landing, "--event", "SUBMIT",
                    "--trans-id", "form-0002");
            assertThat(refused.status()).as("credentials refused: exit 5; stderr: %s", refused.err()).isEqualTo(5);
            assertThat(refused.both()).doesNotContain(baidu.token());
        }
    }

    @Test
    void tencentDryRunMasksTheAccessTokenAndARealSendIsAcceptedByTheStandaloneFakeTencent() {
        try (PlatformFakeProcess tencent = PlatformFakeProcess.tencent(work, "fake-tencent", "example.com")) {
            String gdtVid = "wx0" + Visitor.clickId(16);
            String landing = "https://shop.example.com/?gdt_vid=" + gdtVid;

            Run dry = qhtrack(tencent.environment(), "send", "--platform", "tencent", "--landing-url", landing,
                    "--event", "SUBMIT", "--trans-id", "form-0001", "--dry-run");
            assertThat(dry.status()).as("exit status; stderr: %s", dry.err()).isZero();
            assertThat(dry.out()).contains("access_token=******", "\"click_id\":\"" + gdtVid + "\"", "RESERVATION");
            assertThat(dry.both()).doesNotContain(tencent.token());
            assertThat(tencent.conversionsFor(gdtVid)).isEmpty();

            Run real = qhtrack(tencent.environment(), "send", "--platform", "tencent", "--landing-url", landing,
                    "--event", "ORDER", "--order-id", "A-3001", "--amount", "23.45");
            assertThat(real.status()).as("exit status; stderr: %s", real.err()).isZero();
            assertThat(real.both()).doesNotContain(tencent.token());
            assertThat(tencent.conversionsFor(gdtVid)).singleElement().satisfies(order -> {
                assertThat(order.accepted()).as("%s", order).isTrue();
                assertThat(order.type()).isEqualTo("COMPLETE_ORDER");
                assertThat(order.url()).isEqualTo(landing);
                assertThat(order.valueFen()).isEqualTo(2345);
            });
        }
    }

    @Test
    void eventsListsBaidusAndTencentsTypes() {
        Run baidu = qhtrack(Map.of(), "events", "--platform", "baidu");
        Run tencent = qhtrack(Map.of(), "events", "--platform", "tencent");

        assertThat(baidu.status()).isZero();
        assertThat(baidu.out()).contains("3 (SUBMIT)", "14 (ORDER)");
        assertThat(tencent.status()).isZero();
        assertThat(tencent.out()).contains("RESERVATION (SUBMIT)", "COMPLETE_ORDER (ORDER)");
    }
}
