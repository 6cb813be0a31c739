package io.qhtrack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.Settings;
import io.qhtrack.testkit.Fake360;
import io.qhtrack.testkit.Fault;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code qhtrack} command line, run in-process with a fake environment, a fixed clock and Fake360. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MainTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static final String SEARCH_KEY = "search-key-0001";
    private static final String SEARCH_SECRET = "search-secret-0001";
    private static final String DISPLAY_KEY = "display-key-0001";
    private static final String DISPLAY_SECRET = "display-secret-0001";
    private static final String MOBILE_KEY = "mobile-key-0001";
    private static final String MOBILE_SECRET = "mobile-secret-0001";
    private static final String WRONG_SECRET = "wrong-secret-9999";

    private Fake360 fake;
    private final Map<String, String> env = new HashMap<>();
    private final List<String> secretsInPlay = new ArrayList<>(List.of(SEARCH_SECRET, DISPLAY_SECRET, MOBILE_SECRET,
            WRONG_SECRET));
    private String out = "";
    private String err = "";

    @BeforeEach
    void start() {
        fake = Fake360.builder()
                .credentials(SEARCH_KEY, SEARCH_SECRET, "ocpc_ps_convert", "ocpc_ms_convert")
                .credentials(DISPLAY_KEY, DISPLAY_SECRET, "ocpc_zs_convert")
                .jzqs(DISPLAY_KEY, "7788")
                .credentials(MOBILE_KEY, MOBILE_SECRET, "ocpc_web_convert")
                .start();
    }

    @AfterEach
    void theSecretNeverAppears() {
        fake.close();
        for (String secret : secretsInPlay) {
            assertThat(out).as("stdout").doesNotContain(secret);
            assertThat(err).as("stderr").doesNotContain(secret);
        }
    }

    private void searchCredentials(String secret) {
        env.put("QHTRACK_SEARCH_KEY", SEARCH_KEY);
        env.put("QHTRACK_SEARCH_SECRET", secret);
    }

    private void displayCredentials(String jzqs) {
        env.put("QHTRACK_DISPLAY_KEY", DISPLAY_KEY);
        env.put("QHTRACK_DISPLAY_SECRET", DISPLAY_SECRET);
        if (jzqs != null) {
            env.put("QHTRACK_DISPLAY_JZQS", jzqs);
        }
    }

    private int run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int status;
        try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8);
                PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
            status = Main.run(args, Settings.environment(env), CLOCK, po, pe);
        }
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return status;
    }

    private String endpoint() {
        return fake.endpoint().toString();
    }

    private static String md5(String secret, String body) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md.digest((secret + body).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    // ---- send --dry-run -------------------------------------------------------------------------------------

    @Test
    void dryRunPrintsTheExactRequestAndSendsNothing() {
        searchCredentials(SEARCH_SECRET);

        int status = run("send", "--line", "ps", "--click-id", "9356596331006111412", "--event", "SUBMIT",
                "--trans-id", "form-0001", "--dry-run");

        String body = "{\"data\":{\"request_time\":1767225600,\"data_industry\":\"ocpc_ps_convert\",\"data_detail\":{"
                + "\"qhclickid\":\"9356596331006111412\",\"trans_id\":\"form-0001\",\"event\":\"SUBMIT\","
                + "\"event_time\":1767225600}}}";
        assertThat(status).isZero();
        assertThat(out).isEqualTo("qhtrack send: SUBMIT (表单提交) on ps (ocpc_ps_convert, PC 搜索推广), "
                + "click 9356596331006111412\n"
                + "POST https://convert.dop.360.cn/uploadWebConvert\n"
                + "App-Key: search-key-0001\n"
                // printf '%s' 'search-secret-0001{"data":...}' | md5sum
                + "App-Sign: 050d3cd9a89ad4ffe7e255ae29a00c64\n"
                + "Content-Type: application/json;charset=utf-8\n"
                + "\n"
                + body + "\n"
                + "\n"
                + "dry run: nothing was sent\n");
        assertThat(md5(SEARCH_SECRET, body)).isEqualTo("050d3cd9a89ad4ffe7e255ae29a00c64");
        assertThat(err).isEmpty();
    }

    @Test
    void dryRunToAnEndpointSendsNothingThere() {
        searchCredentials(SEARCH_SECRET);

        int status = run("send", "--line", "ms", "--click-id", "123", "--event", "CALL", "--endpoint", endpoint(),
                "--dry-run");

        assertThat(status).isZero();
        assertThat(out).contains("POST " + endpoint() + "\n");
        assertThat(fake.received()).isEmpty();
    }

    @Test
    void dryRunOfADisplayOrderConvertsYuanToFenAndDerivesTransIdFromTheOrderId() {
        displayCredentials("7788");

        int status = run("send", "--line", "zs", "--click-id", "abcdefghijkl", "--event", "ORDER", "--order-id",
                "ORDER-2026-0001", "--amount", "23.45", "--score", "5", "--dry-run");

        assertThat(status).isZero();
        // trans_id: printf '%s' 'ORDER-2026-0001' | md5sum; App-Sign: printf '%s' 'display-secret-0001{...}' | md5sum
        assertThat(out).contains("qhtrack send: ORDER (订单转化) on zs (ocpc_zs_convert, 展示广告), click abcdefghijkl\n",
                "App-Key: display-key-0001\n",
                "App-Sign: f03d8c85b579d58f94e51fe7d16375c8\n",
                "{\"data\":{\"request_time\":1767225600,\"data_industry\":\"ocpc_zs_convert\",\"data_detail\":{"
                        + "\"qhclickid\":\"abcdefghijkl\",\"jzqs\":\"7788\",\"trans_id\":"
                        + "\"3d490bd2c9d3a9b07a39227554becdd5\",\"event\":\"ORDER\",\"event_time\":1767225600,"
                        + "\"event_param\":{\"value\":2345,\"score\":5}}}}\n");
    }

    @Test
    void theEndpointComesFromQhtrackEndpointWhenNotGiven() {
        searchCredentials(SEARCH_SECRET);
        env.put("QHTRACK_ENDPOINT", endpoint());

        int status = run("send", "--line", "ps", "--click-id", "123", "--event", "CALL", "--dry-run");

        assertThat(status).isZero();
        assertThat(out).contains("POST " + endpoint() + "\n");
    }

    @Test
    void theEventMayBeGivenByItsJavaNameAndIsSentUnderItsWireName() {
        searchCredentials(SEARCH_SECRET);

        int status = run("send", "--line", "ps", "--click-id", "123", "--event", "customize", "--dry-run");

        assertThat(status).isZero();
        assertThat(out).contains("\"event\":\"COUSTOMIZE\"", "COUSTOMIZE (客户自定义)");
    }

    @Test
    void aParameterTheLineDoesNotAcceptIsLeftOutWithANote() {
        searchCredentials(SEARCH_SECRET);

        int status = run("send", "--line", "ps", "--click-id", "123", "--event", "SUBMIT", "--trans-id", "t",
                "--amount", "10", "--dry-run");

        assertThat(status).isZero();
        assertThat(out).doesNotContain("event_param");
        assertThat(err).contains("value is not accepted on ocpc_ps_convert for SUBMIT");
    }

    @Test
    void callOnSearchNeedsNoTransId() {
        searchCredentials(SEARCH_SECRET);

        assertThat(run("send", "--line", "ps", "--click-id", "123", "--event", "CALL", "--dry-run")).isZero();
        assertThat(out).doesNotContain("trans_id");
    }

    // ---- send, for real ---------------------------------------------------------------------------------------

    @Test
    void sendDeliversToFake360AndExitsZero() {
        searchCredentials(SEARCH_SECRET);

        int status = run("send", "--line", "ps", "--click-id", "9356596331006111412", "--event", "SUBMIT",
                "--trans-id", "form-0001", "--endpoint", endpoint());

        assertThat(status).as(out + err).isZero();
        List<Fake360.Received> accepted = fake.awaitAccepted(1, Duration.ofSeconds(5));
        assertThat(accepted).hasSize(1);
        Fake360.Received upload = accepted.get(0);
        assertThat(upload.bodyText()).isEqualTo("{\"data\":{\"request_time\":1767225600,\"data_industry\":"
                + "\"ocpc_ps_convert\",\"data_detail\":{\"qhclickid\":\"9356596331006111412\",\"trans_id\":"
                + "\"form-0001\",\"event\":\"SUBMIT\",\"event_time\":1767225600}}}");
        assertThat(upload.appKey()).isEqualTo(SEARCH_KEY);
        assertThat(out).contains(upload.bodyText() + "\n", "App-Sign: " + upload.appSign() + "\n",
                "360's answer: HTTP 200\n{\"errno\":0,\"error\":\"Success\"}\n",
                "delivered: 360 accepted the conversion (errno 0)");
        assertThat(err).isEmpty();
    }

    @Test
    void sendDeliversChineseTextOnEveryLine() {
        searchCredentials(SEARCH_SECRET);
        displayCredentials("7788");
        env.put("QHTRACK_MOBILE_KEY", MOBILE_KEY);
        env.put("QHTRACK_MOBILE_SECRET", MOBILE_SECRET);

        assertThat(run("send", "--line", "web", "--click-id", "imp123", "--event", "SUBMIT", "--trans-id",
                "表单-😀", "--endpoint", endpoint())).as(err).isZero();
        assertThat(run("send", "--line", "ms", "--click-id", "123", "--event", "ORDER", "--order-id", "订单1",
                "--amount", "0.29", "--endpoint", endpoint())).as(err).isZero();
        assertThat(run("send", "--line", "zs", "--click-id", "abcdefghijkl", "--event", "CONCEM", "--trans-id",
                "关注/1", "--endpoint", endpoint())).as(err).isZero();

        assertThat(fake.awaitAccepted(3, Duration.ofSeconds(5))).extracting(Fake360.Received::transId)
                // printf '%s' '订单1' | md5sum
                .containsExactly("表单-😀", "a60c286a5da42e8e9ce7430196d36b46", "关注/1");
        assertThat(fake.accepted().get(1).json().path("data").path("data_detail").path("event_param")
                .path("value").asLong()).isEqualTo(29);
    }

    @Test
    void aWrongSecretExitsThreeWithTheFaq57Hint() {
        searchCredentials(WRONG_SECRET);

        int status = run("send", "--line", "ps", "--click-id", "123", "--event", "CALL", "--endpoint", endpoint());

        assertThat(status).isEqualTo(Main.EXIT_PERMANENT);
        assertThat(out).contains("360's answer: HTTP 200", "\"errno\":2");
        assertThat(err).contains("errno 2", "FAQ 5.7", "QHTRACK_SEARCH_SECRET");
        assertThat(fake.rejected()).extracting(Fake360.Received::errno).containsExactly(2);
    }

    @Test
    void aWrongKeyExitsThreeWithTheFaq58Hint() {
        env.put("QHTRACK_SEARCH_KEY", "no-such-key");
        env.put("QHTRACK_SEARCH_SECRET", SEARCH_SECRET);

        int status = run("send", "--line", "ps", "--click-id", "123", "--event", "CALL", "--endpoint", endpoint());

        assertThat(status).isEqualTo(Main.EXIT_PERMANENT);
        assertThat(err).contains("errno 1", "FAQ 5.8", "QHTRACK_SEARCH_KEY");
    }

    @Test
    void dataFake360RefusesExitsThreeWithTheFaq59Hint() {
        displayCredentials("9999");

        int status = run("send", "--line", "zs", "--click-id", "abcdefghijkl", "--event", "CALL", "--trans-id", "t",
                "--endpoint", endpoint());

        assertThat(status).isEqualTo(Main.EXIT_PERMANENT);
        assertThat(err).contains("errno 3", "FAQ 5.9", "QHTRACK_DISPLAY_JZQS");
    }

    @Test
    void anUnreachableEndpointExitsFourAskingWhetherItIsReachable() throws IOException {
        searchCredentials(SEARCH_SECRET);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        int status = run("send", "--line", "ps", "--click-id", "123", "--event", "CALL", "--endpoint",
                "http://127.0.0.1:" + closedPort + "/uploadWebConvert");

        assertThat(status).isEqualTo(Main.EXIT_TRANSIENT);
        assertThat(out).contains("360's answer: none");
        assertThat(err).contains("refused", "reachable", "FAQ 5.5");
    }

    @Test
    void aServerErrorExitsFour() {
        searchCredentials(SEARCH_SECRET);
        fake.failNext(Fault.httpStatus(503, Duration.ofSeconds(30)));

        int status = run("send", "--line", "ps", "--click-id", "123", "--event", "CALL", "--endpoint", endpoint());

        assertThat(status).isEqualTo(Main.EXIT_TRANSIENT);
        assertThat(out).contains("360's answer: HTTP 503");
        assertThat(err).contains("30 s", "FAQ 5.5");
    }

    @Test
    void aTimeoutExitsFour() {
        searchCredentials(SEARCH_SECRET);
        fake.failNext(Fault.stall(Duration.ofSeconds(20)));

        int status = run("send", "--line", "ps", "--click-id", "123", "--event", "CALL", "--endpoint", endpoint(),
                "--timeout", "1");

        assertThat(status).isEqualTo(Main.EXIT_TRANSIENT);
        assertThat(err).contains("no answer within 1000 ms");
    }

    // ---- configuration and usage errors -------------------------------------------------------------------------

    @Test
    void missingCredentialsExitTwoNamingTheVariables() {
        int status = run("send", "--line", "ps", "--click-id", "123", "--event", "CALL", "--dry-run");

        assertThat(status).isEqualTo(Main.EXIT_USAGE);
        assertThat(err).contains("QHTRACK_SEARCH_KEY and QHTRACK_SEARCH_SECRET", "Lines configured now: none");
        assertThat(out).isEmpty();
    }

    @Test
    void missingCredentialsListTheLinesThatAreConfigured() {
        displayCredentials("7788");

        int status = run("send", "--line", "web", "--click-id", "imp1", "--event", "CALL", "--dry-run");

        assertThat(status).isEqualTo(Main.EXIT_USAGE);
        assertThat(err).contains("QHTRACK_MOBILE_KEY and QHTRACK_MOBILE_SECRET",
                "Lines configured now: zs (ocpc_zs_convert, 展示广告)");
    }

    @Test
    void displayWithoutJzqsExitsTwoNamingIt() {
        displayCredentials(null);

        int status = run("send", "--line", "zs", "--click-id", "abcdefghijkl", "--event", "CALL", "--trans-id", "t",
                "--dry-run");

        assertThat(status).isEqualTo(Main.EXIT_USAGE);
        assertThat(err).contains("QHTRACK_DISPLAY_JZQS");
    }

    @Test
    void aKeyWithoutSecretExitsTwoNamingTheSecretVariable() {
        env.put("QHTRACK_SEARCH_KEY", SEARCH_KEY);

        int status = run("send", "--line", "ps", "--click-id", "123", "--event", "CALL", "--dry-run");

        assertThat(status).isEqualTo(Main.EXIT_USAGE);
        assertThat(err).contains("QHTRACK_SEARCH_SECRET");
    }

    @Test
    void aPaddedSecretIsRefusedWithoutShowingIt() {
        searchCredentials(" " + SEARCH_SECRET);

        int status = run("send", "--line", "ps", "--click-id", "123", "--event", "CALL", "--dry-run");

        assertThat(status).isEqualTo(Main.EXIT_USAGE);
        assertThat(err).contains("QHTRACK_SEARCH_SECRET", "white space");
    }

    @Test
    void anotherAccountsBrokenSettingsDoNotStopALineThatIsConfigured() {
        searchCredentials(SEARCH_SECRET);
        displayCredentials(null);

        assertThat(run("send", "--line", "ps", "--click-id", "123", "--event", "CALL", "--dry-run")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--secret", "--app-secret", "--search-secret", "--SECRET"})
    void aSecretOnTheCommandLineIsRefusedPointingToTheEnvironment(String option) {
        secretsInPlay.add("hunter2-cli-secret");
        searchCredentials(SEARCH_SECRET);

        int status = run("send", "--line", "ps", "--click-id", "123", "--event", "CALL", option,
                "hunter2-cli-secret", "--dry-run");

        assertThat(status).isEqualTo(Main.EXIT_USAGE);
        assertThat(err).contains("never takes a secret", "QHTRACK_SEARCH_SECRET", "QHTRACK_DISPLAY_SECRET",
                "QHTRACK_MOBILE_SECRET");
        assertThat(out).isEmpty();
    }

    @Test
    void aSecretGivenWithEqualsIsRefusedWithoutEchoingIt() {
        secretsInPlay.add("hunter2-cli-secret");

        int status = run("send", "--secret=hunter2-cli-secret");

        assertThat(status).isEqualTo(Main.EXIT_USAGE);
        assertThat(err).contains("never takes a secret");
    }

    @Test
    void aKeyOnTheCommandLineIsRefusedPointingToTheEnvironment() {
        int status = run("send", "--key", "k", "--line", "ps");

        assertThat(status).isEqualTo(Main.EXIT_USAGE);
        assertThat(err).contains("environment", "QHTRACK_SEARCH_KEY");
    }

    @Test
    void submitWithoutTransIdExitsTwoAskingForIt() {
        searchCredentials(SEARCH_SECRET);

        int status = run("send", "--line", "ps", "--click-id", "123", "--event", "SUBMIT", "--dry-run");

        assertThat(status).isEqualTo(Main.EXIT_USAGE);
        assertThat(err).contains("requires trans_id", "--trans-id", "--order-id");
    }

    @Test
    void anyDisplayEventWithoutTransIdExitsTwo() {
        displayCredentials("7788");

        int status = run("send", "--line", "zs", "--click-id", "abcdefghijkl", "--event", "CALL", "--dry-run");

        assertThat(status).isEqualTo(Main.EXIT_USAGE);
        assertThat(err).contains("ocpc_zs_convert requires trans_id", "--trans-id");
    }

    @Test
    void anEventTheLineDoesNotOfferExitsTwoNamingTheLinesThatDo() {
        env.put("QHTRACK_MOBILE_KEY", MOBILE_KEY);
        env.put("QHTRACK_MOBILE_SECRET", MOBILE_SECRET);

        int status = run("send", "--line", "web", "--click-id", "imp1", "--event", "ORDER", "--trans-id", "t",
                "--dry-run");

        assertThat(status).isEqualTo(Main.EXIT_USAGE);
        assertThat(err).contains("ORDER is not offered on web", "ps, ms, zs");
    }

    @Test
    void anUnknownEventExitsTwo() {
        int status = run("send", "--line", "ps", "--click-id", "123", "--event", "PURCHASE");

        assertThat(status).isEqualTo(Main.EXIT_USAGE);
        assertThat(err).contains("'PURCHASE'", "qhtrack events");
    }

    @Test
    void anUnknownLineExitsTwo() {
        int status = run("send", "--line", "search", "--click-id", "123", "--event", "CALL");

        assertThat(status).isEqualTo(Main.EXIT_USAGE);
        assertThat(err).contains("--line", "ps, ms, zs or web");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.005", "-1", "abc", "1e3"})
    void anAmountThatIsNotWholeFenExitsTwo(String amount) {
        searchCredentials(SEARCH_SECRET);

        int status = run("send", "--line", "ps", "--click-id", "123", "--event", "ORDER", "--trans-id", "t",
                "--amount", amount, "--dry-run");

        assertThat(status).isEqualTo(Main.EXIT_USAGE);
        assertThat(err).contains("--amount");
    }

    @Test
    void aBadClickIdExitsTwo() {
        searchCredentials(SEARCH_SECRET);

        int status = run("send", "--line", "web", "--click-id", "__impression_id__", "--event", "CALL", "--dry-run");

        assertThat(status).isEqualTo(Main.EXIT_USAGE);
        assertThat(err).contains("--click-id", "macro");
    }

    @Test
    void aPlainHttpEndpointElsewhereThanLoopbackExitsTwo() {
        searchCredentials(SEARCH_SECRET);

        int status = run("send", "--line", "ps", "--click-id", "123", "--event", "CALL", "--endpoint",
                "http://example.com/uploadWebConvert", "--dry-run");

        assertThat(status).isEqualTo(Main.EXIT_USAGE);
        assertThat(err).contains("--endpoint", "qhtrack.endpoint", "https");
    }

    @Test
    void aMissingRequiredOptionExitsTwo() {
        assertThat(run("send", "--line", "ps", "--event", "CALL")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err).contains("--click-id is required");
    }

    @Test
    void anUnknownOptionExitsTwo() {
        assertThat(run("send", "--colour", "red")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err).contains("unknown option --colour");
    }

    @Test
    void transIdAndOrderIdTogetherExitTwo() {
        searchCredentials(SEARCH_SECRET);

        assertThat(run("send", "--line", "ps", "--click-id", "1", "--event", "ORDER", "--trans-id", "t",
                "--order-id", "o", "--dry-run")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err).contains("not both");
    }

    // ---- help and events -----------------------------------------------------------------------------------------

    @Test
    void noArgumentsPrintsUsageAndExitsTwo() {
        assertThat(run()).isEqualTo(Main.EXIT_USAGE);
        assertThat(err).contains("usage: qhtrack <command>", "send", "events");
    }

    @Test
    void helpPrintsUsageAndExitsZero() {
        assertThat(run("help")).isZero();
        assertThat(out).contains("usage: qhtrack <command>", "send", "events", "QHTRACK_SEARCH_KEY",
                "QHTRACK_DISPLAY_JZQS", "QHTRACK_MOBILE_SECRET", "QHTRACK_ENDPOINT");
    }

    @Test
    void sendHelpPrintsTheSendUsage() {
        assertThat(run("send", "--help")).isZero();
        assertThat(out).startsWith("usage: qhtrack send").contains("--dry-run", "--trans-id", "--amount");
        assertThat(run("help", "send")).isZero();
        assertThat(out).startsWith("usage: qhtrack send");
    }

    @Test
    void anUnknownCommandExitsTwo() {
        assertThat(run("demo")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err).contains("unknown command 'demo'");
    }

    @Test
    void eventsListsAll53WithTheirNamesOnEachLine() {
        assertThat(run("events")).isZero();

        String[] lines = out.split("\n");
        assertThat(lines).hasSize(2 + 53);
        assertThat(lines[1]).contains("web 移动推广 | ps PC 搜索推广 | ms 移动搜索 | zs 展示广告");
        assertThat(out).containsPattern("\nORDER +× \\| 订单 \\| 订单 \\| 订单转化\n")
                .containsPattern("\nCALL +电话拨打 \\| 有效电话拨打 \\| 有效电话拨打 \\| 有效电话拨打\n")
                .containsPattern("\nCOUSTOMIZE \\(CUSTOMIZE\\) +× \\| 客户自定义 \\| 客户自定义 \\| 客户自定义\n");
    }

    @Test
    void eventsForOneLineListsOnlyItsEventsAndMarksTransId() {
        assertThat(run("events", "--line", "web")).isZero();

        assertThat(out.split("\n")).hasSize(1 + 4);
        assertThat(out).contains("offers 4 of the 53").containsPattern("\nSUBMIT \\* +表单提交 — 成功提交表单内容\n")
                .containsPattern("\nADVISORY +咨询 — ").doesNotContain("ORDER");
    }

    @Test
    void eventsForDisplayMarksEveryEventAsNeedingTransId() {
        assertThat(run("events", "--line", "zs")).isZero();

        assertThat(out).containsPattern("\nORDER \\* +订单转化 — ").containsPattern("\nAPPLET_PAY \\* +小程序内付费")
                .doesNotContain("CART_BUTTON");
    }

    @Test
    void eventsForAnUnknownLineExitsTwo() {
        assertThat(run("events", "--line", "tv")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err).contains("'tv'");
    }

    @Test
    void thePublicEntryPointReadsTheGivenEnvironment() {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();

        int status = Main.run(new String[] {"send", "--line", "ps", "--click-id", "1", "--event", "CALL",
            "--dry-run"}, Map.of("QHTRACK_SEARCH_KEY", SEARCH_KEY, "QHTRACK_SEARCH_SECRET", SEARCH_SECRET),
                new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));

        assertThat(status).isZero();
        assertThat(o.toString(StandardCharsets.UTF_8)).contains("App-Key: " + SEARCH_KEY).doesNotContain(SEARCH_SECRET);
    }
}
