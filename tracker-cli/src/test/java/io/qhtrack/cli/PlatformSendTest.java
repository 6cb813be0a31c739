package io.qhtrack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.Settings;
import io.qhtrack.testkit.FakeBaidu;
import io.qhtrack.testkit.FakeTencent;
import io.qhtrack.testkit.Fault;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code qhtrack send --platform baidu|tencent} and {@code qhtrack events --platform …}, run in-process against a
 * strict FakeBaidu and FakeTencent on the same fixed clock. After each test: no token in either output.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PlatformSendTest {

    private static final Instant NOW = Instant.parse("2026-03-02T08:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static final String BAIDU_TOKEN = "baidu-token-0001-abcdef";
    private static final String TENCENT_TOKEN = "tencent-token-0001-abcdef";
    private static final String WRONG_TOKEN = "wrong-token-9999-zzzzzz";
    private static final long ACCOUNT_ID = 12345;
    private static final long ACTION_SET_ID = 67890;

    private static final String BD_VID = "bdvid0001abc";
    private static final String BAIDU_LANDING = "https://shop.example.com/course?from=baidu&bd_vid=" + BD_VID;
    private static final String GDT_VID = "wx0abc123def456";
    private static final String TENCENT_LANDING = "https://shop.example.com/course?gdt_vid=" + GDT_VID;

    private final Map<String, String> env = new HashMap<>();
    private FakeBaidu baidu;
    private FakeTencent tencent;
    private String out = "";
    private String err = "";

    @AfterEach
    void noTokenEverAppears() {
        if (baidu != null) {
            baidu.close();
        }
        if (tencent != null) {
            tencent.close();
        }
        for (String token : List.of(BAIDU_TOKEN, TENCENT_TOKEN, WRONG_TOKEN)) {
            assertThat(out).as("stdout").doesNotContain(token);
            assertThat(err).as("stderr").doesNotContain(token);
        }
    }

    private void baidu(String token) {
        baidu = FakeBaidu.builder().token(BAIDU_TOKEN).clock(CLOCK).start();
        env.put("QHTRACK_BAIDU_ENDPOINT", baidu.endpoint().toString());
        env.put("QHTRACK_BAIDU_TOKEN", token);
    }

    private void tencent(String token) {
        tencent = FakeTencent.builder().accessToken(TENCENT_TOKEN).expiredAccessToken(WRONG_TOKEN)
                .accountId(ACCOUNT_ID).userActionSetId(ACTION_SET_ID).domain("example.com").clock(CLOCK).start();
        env.put("QHTRACK_TENCENT_ENDPOINT", tencent.endpoint().toString());
        env.put("QHTRACK_TENCENT_ACCESS_TOKEN", token);
        env.put("QHTRACK_TENCENT_ACCOUNT_ID", Long.toString(ACCOUNT_ID));
        env.put("QHTRACK_TENCENT_USER_ACTION_SET_ID", Long.toString(ACTION_SET_ID));
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

    // ---- Baidu ------------------------------------------------------------------------------------------------

    @Test
    void baiduDryRunPrintsTheRequestWithTheTokenMaskedAndSendsNothing() {
        baidu(BAIDU_TOKEN);

        int status = run("send", "--platform", "baidu", "--landing-url", BAIDU_LANDING, "--event", "SUBMIT",
                "--trans-id", "form-0001", "--dry-run");

        assertThat(status).as(err).isEqualTo(Main.EXIT_OK);
        assertThat(out).contains("POST " + baidu.endpoint())
                .contains("\"logidUrl\":\"" + BAIDU_LANDING + "\"")
                .contains("\"newType\":3")
                .contains("\"convertTime\":" + NOW.getEpochSecond())
                .contains("dry run: nothing was sent");
        assertThat(baidu.received()).isEmpty();
    }

    @Test
    void baiduOrderIsDeliveredWithLogidUrlNewTypeValueInFenAndOuterEventId() {
        baidu(BAIDU_TOKEN);

        int status = run("send", "--platform", "baidu", "--landing-url", BAIDU_LANDING, "--click-id", BD_VID,
                "--event", "ORDER", "--trans-id", "order-QH-0001", "--amount", "23.45");

        assertThat(status).as(out + err).isEqualTo(Main.EXIT_OK);
        assertThat(out).contains("delivered");
        assertThat(baidu.accepted()).singleElement().satisfies(item -> {
            assertThat(item.logidUrl()).isEqualTo(BAIDU_LANDING);
            assertThat(item.bdVid()).isEqualTo(BD_VID);
            assertThat(item.newType()).isEqualTo(14);
            assertThat(item.convertTime()).isEqualTo(NOW.getEpochSecond());
            assertThat(item.convertValue()).isEqualTo(2345L);
            assertThat(item.outerEventId()).isNotBlank();
        });
    }

    @Test
    void baiduWrongTokenExitsFiveNamingTheVariable() {
        baidu(WRONG_TOKEN);

        int status = run("send", "--platform", "baidu", "--landing-url", BAIDU_LANDING, "--event", "SUBMIT",
                "--trans-id", "form-0001");

        assertThat(status).as(out + err).isEqualTo(Main.EXIT_CREDENTIALS);
        assertThat(err).contains("QHTRACK_BAIDU_TOKEN");
        assertThat(baidu.accepted()).isEmpty();
    }

    @Test
    void baiduRefusalExitsThree() {
        baidu(BAIDU_TOKEN);
        baidu.failNext(Fault.baiduStatus(2));

        int status = run("send", "--platform", "baidu", "--landing-url", BAIDU_LANDING, "--event", "SUBMIT",
                "--trans-id", "form-0001");

        assertThat(status).as(out + err).isEqualTo(Main.EXIT_PERMANENT);
        assertThat(err).contains("refused");
    }

    @Test
    void baiduServerErrorExitsFour() {
        baidu(BAIDU_TOKEN);
        baidu.failNext(Fault.httpStatus(503));

        int status = run("send", "--platform", "baidu", "--landing-url", BAIDU_LANDING, "--event", "SUBMIT",
                "--trans-id", "form-0001");

        assertThat(status).as(out + err).isEqualTo(Main.EXIT_TRANSIENT);
        assertThat(err).contains("503");
    }

    @Test
    void aClickIdThatDisagreesWithTheLandingUrlIsAUsageErrorAndNothingIsSent() {
        baidu(BAIDU_TOKEN);

        int status = run("send", "--platform", "baidu", "--landing-url", BAIDU_LANDING, "--click-id", "another0001",
                "--event", "SUBMIT", "--trans-id", "form-0001");

        assertThat(status).isEqualTo(Main.EXIT_USAGE);
        assertThat(err).contains("--click-id does not match the landing URL's bd_vid");
        assertThat(baidu.received()).isEmpty();
    }

    @Test
    void baiduWithoutALandingUrlIsAUsageError() {
        baidu(BAIDU_TOKEN);

        int status = run("send", "--platform", "baidu", "--click-id", BD_VID, "--event", "SUBMIT", "--trans-id", "f1");

        assertThat(status).isEqualTo(Main.EXIT_USAGE);
        assertThat(err).contains("--landing-url is required for baidu");
    }

    @Test
    void baiduWithoutATokenNamesTheVariable() {
        int status = run("send", "--platform", "baidu", "--landing-url", BAIDU_LANDING, "--event", "SUBMIT",
                "--trans-id", "f1", "--dry-run");

        assertThat(status).isEqualTo(Main.EXIT_USAGE);
        assertThat(err).contains("QHTRACK_BAIDU_TOKEN");
    }

    @Test
    void aTokenOnTheCommandLineIsRefusedUnread() {
        int status = run("send", "--platform", "baidu", "--token", WRONG_TOKEN, "--landing-url", BAIDU_LANDING,
                "--event", "SUBMIT");

        assertThat(status).isEqualTo(Main.EXIT_USAGE);
        assertThat(err).contains("never takes a token on the command line").contains("QHTRACK_BAIDU_TOKEN");
    }

    @Test
    void anEventBaiduDoesNotOfferIsAUsageError() {
        baidu(BAIDU_TOKEN);

        int status = run("send", "--platform", "baidu", "--landing-url", BAIDU_LANDING, "--event", "REGISTERED",
                "--dry-run");

        assertThat(status).isEqualTo(Main.EXIT_USAGE);
        assertThat(err).contains("REGISTERED is not offered by baidu");
    }

    @Test
    void threeSixtyOptionsAreRefusedForBaidu() {
        baidu(BAIDU_TOKEN);

        int status = run("send", "--platform", "baidu", "--line", "ps", "--landing-url", BAIDU_LANDING, "--event",
                "SUBMIT", "--dry-run");

        assertThat(status).isEqualTo(Main.EXIT_USAGE);
        assertThat(err).contains("--line is 360's");
    }

    @Test
    void aLandingUrlIsRefusedFor360WhichTakesTheClickIdAlone() {
        int status = run("send", "--platform", "qihoo360", "--line", "ps", "--click-id", "9356596331006111412",
                "--landing-url", BAIDU_LANDING, "--event", "SUBMIT", "--trans-id", "f1", "--dry-run");

        assertThat(status).isEqualTo(Main.EXIT_USAGE);
        assertThat(err).contains("--landing-url is for the platforms that send it");
    }

    @Test
    void anUnknownPlatformListsTheKnownOnes() {
        int status = run("send", "--platform", "kuaishou", "--click-id", "x", "--event", "SUBMIT");

        assertThat(status).isEqualTo(Main.EXIT_USAGE);
        assertThat(err).contains("qihoo360").contains("baidu").contains("tencent");
    }

    // ---- Tencent ----------------------------------------------------------------------------------------------

    @Test
    void tencentDryRunShowsTheAccessTokenMasked() {
        tencent(TENCENT_TOKEN);

        int status = run("send", "--platform", "tencent", "--landing-url", TENCENT_LANDING, "--event", "SUBMIT",
                "--trans-id", "form-0001", "--dry-run");

        assertThat(status).as(err).isEqualTo(Main.EXIT_OK);
        assertThat(out).contains("access_token=******").contains("\"click_id\":\"" + GDT_VID + "\"")
                .contains("RESERVATION").contains("\"account_id\":" + ACCOUNT_ID);
        assertThat(tencent.received()).isEmpty();
    }

    @Test
    void tencentLeadFromGdtVidIsDeliveredAndEachSendUsesAFreshNonce() {
        tencent(TENCENT_TOKEN);

        assertThat(run("send", "--platform", "tencent", "--landing-url", TENCENT_LANDING, "--event", "SUBMIT",
                "--trans-id", "form-0001")).as(out + err).isEqualTo(Main.EXIT_OK);
        assertThat(run("send", "--platform", "tencent", "--landing-url", TENCENT_LANDING, "--event", "SUBMIT",
                "--trans-id", "form-0001")).as(out + err).isEqualTo(Main.EXIT_OK);

        assertThat(tencent.accepted()).hasSize(2).allSatisfy(action -> {
            assertThat(action.clickId()).isEqualTo(GDT_VID);
            assertThat(action.actionType()).isEqualTo("RESERVATION");
            assertThat(action.url()).isEqualTo(TENCENT_LANDING);
            assertThat(action.actionTime()).isEqualTo(NOW.getEpochSecond());
        });
        assertThat(tencent.nonces()).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void tencentOrderFromQzGdtCarriesTheValueInFen() {
        tencent(TENCENT_TOKEN);
        String landing = "https://shop.example.com/?qz_gdt=qz0abc123def";

        int status = run("send", "--platform", "tencent", "--landing-url", landing, "--event", "ORDER",
                "--order-id", "QH-0002", "--amount", "23.45");

        assertThat(status).as(out + err).isEqualTo(Main.EXIT_OK);
        assertThat(tencent.accepted()).singleElement().satisfies(action -> {
            assertThat(action.clickId()).isEqualTo("qz0abc123def");
            assertThat(action.actionType()).isEqualTo("COMPLETE_ORDER");
            assertThat(action.valueFen()).isEqualTo(2345L);
            assertThat(action.outerActionId()).isNotBlank();
        });
    }

    @Test
    void tencentExpiredTokenExitsFive() {
        tencent(WRONG_TOKEN);

        int status = run("send", "--platform", "tencent", "--landing-url", TENCENT_LANDING, "--event", "SUBMIT",
                "--trans-id", "form-0001");

        assertThat(status).as(out + err).isEqualTo(Main.EXIT_CREDENTIALS);
        assertThat(err).contains("QHTRACK_TENCENT_ACCESS_TOKEN");
    }

    @Test
    void tencentWithPartOfItsCredentialsNamesWhatIsMissing() {
        env.put("QHTRACK_TENCENT_ACCESS_TOKEN", TENCENT_TOKEN);

        int status = run("send", "--platform", "tencent", "--landing-url", TENCENT_LANDING, "--event", "SUBMIT",
                "--dry-run");

        assertThat(status).isEqualTo(Main.EXIT_USAGE);
        assertThat(err).containsAnyOf("QHTRACK_TENCENT_ACCOUNT_ID", "qhtrack.tencent.account-id");
    }

    // ---- events -----------------------------------------------------------------------------------------------

    @Test
    void eventsForBaiduShowTheNewTypes() {
        assertThat(run("events", "--platform", "baidu")).as(err).isEqualTo(Main.EXIT_OK);

        assertThat(out).contains("百度营销").contains("3 (SUBMIT)").contains("14 (ORDER)");
    }

    @Test
    void eventsForTencentShowTheActionTypes() {
        assertThat(run("events", "--platform", "tencent")).as(err).isEqualTo(Main.EXIT_OK);

        assertThat(out).contains("腾讯广告").contains("RESERVATION (SUBMIT)").contains("COMPLETE_ORDER (ORDER)");
    }

    @Test
    void eventsFollowTheEnvironmentsOverrides() {
        env.put("QHTRACK_BAIDU_EVENTS", "PAY=10");

        assertThat(run("events", "--platform", "baidu")).as(err).isEqualTo(Main.EXIT_OK);

        assertThat(out).contains("10 (PAY)").doesNotContain("26 (PAY)");
    }
}
