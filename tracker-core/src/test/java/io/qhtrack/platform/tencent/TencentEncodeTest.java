package io.qhtrack.platform.tencent;

import static io.qhtrack.platform.tencent.TencentFixtures.CLICK_ID;
import static io.qhtrack.platform.tencent.TencentFixtures.EVENT_TIME;
import static io.qhtrack.platform.tencent.TencentFixtures.LANDING_URL;
import static io.qhtrack.platform.tencent.TencentFixtures.NOW;
import static io.qhtrack.platform.tencent.TencentFixtures.TOKEN;
import static io.qhtrack.platform.tencent.TencentFixtures.click;
import static io.qhtrack.platform.tencent.TencentFixtures.context;
import static io.qhtrack.platform.tencent.TencentFixtures.credentials;
import static io.qhtrack.platform.tencent.TencentFixtures.tencent;
import static io.qhtrack.platform.tencent.TencentFixtures.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Event;
import io.qhtrack.core.spi.CredentialSet;
import io.qhtrack.core.spi.HttpCall;
import io.qhtrack.core.spi.PlatformUpload;
import io.qhtrack.core.spi.RequestContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** From stored uploads and credentials to the request: limits, units, authentication, and rows edited by hand. */
@SuppressWarnings("deprecation") // 360's compatibility methods and amountFen, kept and tested
class TencentEncodeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Tencent TENCENT = tencent();
    private static final String NONCE = "abcdef0123456789abcdef0123456789";

    private static PlatformUpload lead(String key) {
        return upload(TENCENT, Conversion.builder(Event.SUBMIT).transId(key).eventTime(EVENT_TIME).build());
    }

    private static List<PlatformUpload> leads(int n) {
        List<PlatformUpload> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(lead("lead-" + i));
        }
        return batch;
    }

    private static JsonNode body(HttpCall call) throws IOException {
        return JSON.readTree(call.body());
    }

    @ParameterizedTest(name = "{0} fen: fen {1}, yuan {2}")
    @CsvSource({"0, 0, 0", "1, 1, 0.01", "10, 10, 0.1", "100, 100, 1", "2345, 2345, 23.45", "2350, 2350, 23.5",
        "30000, 30000, 300", "2340, 2340, 23.4", "100000, 100000, 1000", "123456789, 123456789, 1234567.89"})
    void anAmountIsWrittenExactlyInTheConfiguredUnit(long fen, String inFen, String inYuan) {
        Conversion order = Conversion.builder(Event.ORDER).transIdFromOrderId("A-" + fen).amountFen(fen)
                .eventTime(EVENT_TIME).build();
        for (String[] unit : new String[][] {{"fen", inFen}, {"yuan", inYuan}}) {
            Tencent t = tencent("qhtrack.tencent.value-unit", unit[0]);
            String body = new String(t.codec().encode(Collections.singletonList(upload(t, order)), credentials(),
                    context(NONCE)).body(), StandardCharsets.UTF_8);

            assertThat(body).as(unit[0]).contains("\"action_param\":{\"value\":" + unit[1] + "}}");
        }
    }

    @Test
    void anUploadStoredInOneUnitIsSentInTheUnitInForceWhenItIsSent() throws IOException {
        PlatformUpload stored = upload(TENCENT, Conversion.builder(Event.PAY).transId("p-1").amountYuan("99.90")
                .build());
        Tencent afterTheFix = tencent("qhtrack.tencent.value-unit", "yuan");

        JsonNode sent = body(afterTheFix.codec().encode(Collections.singletonList(stored), credentials(),
                context(NONCE)));

        assertThat(sent.at("/actions/0/action_param/value").decimalValue()).isEqualByComparingTo("99.9");
    }

    @Test
    void fiftyActionsGoInOneRequest() throws IOException {
        HttpCall call = TENCENT.codec().encode(leads(50), credentials(), context(NONCE));

        assertThat(body(call).get("actions")).hasSize(50);
        assertThat(body(call).at("/actions/49/outer_action_id").asText()).isEqualTo("lead-49");
    }

    @Test
    void fiftyOneActionsAreRefused() {
        assertThatThrownBy(() -> TENCENT.codec().encode(leads(51), credentials(), context(NONCE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a Tencent request carries 1 to 50 actions (qhtrack.tencent.batch-size), not 51");
    }

    @Test
    void anEmptyBatchIsRefused() {
        assertThatThrownBy(() -> TENCENT.codec().encode(Collections.<PlatformUpload>emptyList(), credentials(),
                context(NONCE))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not 0");
    }

    @Test
    void aSmallerBatchSizeBoundsTheBatch() {
        Tencent ten = tencent("qhtrack.tencent.batch-size", "10");

        assertThat(ten.codec().maxBatch()).isEqualTo(10);
        assertThat(ten.codec().encode(leads(10), credentials(), context(NONCE)).body()).isNotEmpty();
        assertThatThrownBy(() -> ten.codec().encode(leads(11), credentials(), context(NONCE)))
                .hasMessageContaining("1 to 10 actions");
    }

    /** The largest action qhtrack can make: a 128-character id and key, a 1024-character landing URL. */
    private static PlatformUpload largest(int i) {
        String id = String.format("%0128d", i);
        String url = "https://shop.example.cn/landing?gdt_vid=" + id + "&q=";
        url += "x".repeat(1024 - url.length());
        String key = String.format("%0128d", i);
        return upload(TENCENT, click(id, url), Conversion.builder(Event.ORDER).transId(key).amountFen(Long.MAX_VALUE)
                .eventTime(EVENT_TIME).build());
    }

    @Test
    void oneActionAloneAlwaysFitsIn50Kb() {
        HttpCall call = TENCENT.codec().encode(Collections.singletonList(largest(1)), credentials(), context(NONCE));

        assertThat(call.body().length).isLessThan(TENCENT.codec().maxRequestBytes() / 20);
    }

    @Test
    void fiftyOfTheLargestActionsExceed50KbSoTheEngineMustSendFewer() {
        List<PlatformUpload> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(largest(i));
        }
        HttpCall call = TENCENT.codec().encode(batch, credentials(), context(NONCE));

        assertThat(call.body().length).isGreaterThan(TENCENT.codec().maxRequestBytes());
        assertThat(TENCENT.codec().encode(batch.subList(0, 25), credentials(), context(NONCE)).body().length)
                .isLessThanOrEqualTo(TENCENT.codec().maxRequestBytes());
    }

    @Test
    void fiftyUsualActionsFitIn50Kb() {
        assertThat(TENCENT.codec().encode(leads(50), credentials(), context(NONCE)).body().length)
                .isLessThan(TENCENT.codec().maxRequestBytes());
    }

    @Test
    void theTimestampIsTheAttemptsTimeAndEachAttemptHasItsOwnNonce() {
        List<PlatformUpload> batch = leads(1);
        RequestContext later = new TencentFixtures.ScriptedContext(NOW.plusSeconds(90), "n2");

        HttpCall first = TENCENT.codec().encode(batch, credentials(), context("n1"));
        HttpCall second = TENCENT.codec().encode(batch, credentials(), later);

        assertThat(first.uri().getQuery()).endsWith("&timestamp=" + NOW.getEpochSecond() + "&nonce=n1");
        assertThat(second.uri().getQuery()).endsWith("&timestamp=" + (NOW.getEpochSecond() + 90) + "&nonce=n2");
        assertThat(second.body()).isEqualTo(first.body());
    }

    @ParameterizedTest
    @CsvSource(value = {"''", "0123456789abcdef0123456789abcdef0", "nonce-1", "nonce 1", "NULL"}, nullValues = "NULL")
    void aContextWhoseNonceTencentCannotTakeIsAnEngineFault(String nonce) {
        RequestContext bad = new RequestContext() {
            @Override
            public Instant now() {
                return NOW;
            }

            @Override
            public String nonce() {
                return nonce;
            }
        };

        assertThatThrownBy(() -> TENCENT.codec().encode(leads(1), credentials(), bad))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Tencent takes 1 to 32 letters and digits");
    }

    @Test
    void anEndpointWithAQueryKeepsItAndTheAuthParametersFollow() {
        Tencent t = tencent("qhtrack.tencent.endpoint", "https://api.e.qq.com/v3.0/user_actions/add?cb=abc");

        assertThat(t.codec().encode(leads(1), credentials(), context(NONCE)).uri().toString()).isEqualTo(
                "https://api.e.qq.com/v3.0/user_actions/add?cb=abc&access_token=" + TOKEN + "&timestamp="
                        + NOW.getEpochSecond() + "&nonce=" + NONCE);
    }

    @Test
    void aTokenIsPercentEncodedInTheQueryAndStillRedacted() {
        CredentialSet odd = CredentialSet.builder().value("account_id", "1").value("user_action_set_id", "2")
                .secret("access_token", "a+b/c=d&e").build();

        HttpCall call = TENCENT.codec().encode(leads(1), odd, context(NONCE));

        assertThat(call.uri().getRawQuery()).startsWith("access_token=a%2Bb%2Fc%3Dd%26e&timestamp=");
        assertThat(call.redactedUri()).contains("access_token=******&timestamp=").doesNotContain("a%2Bb");
    }

    static Stream<Arguments> missingCredentials() {
        return Stream.of(
                Arguments.of(CredentialSet.builder().value("account_id", "1").value("user_action_set_id", "2").build(),
                        "credentials: no secret access_token (qhtrack.tencent.access-token)"),
                Arguments.of(CredentialSet.builder().value("account_id", "1").value("user_action_set_id", "2")
                        .value("access_token", TOKEN).build(), "credentials: no secret access_token"),
                Arguments.of(CredentialSet.builder().value("user_action_set_id", "2").secret("access_token", TOKEN)
                        .build(), "credentials: no account_id"),
                Arguments.of(CredentialSet.builder().value("account_id", "1").secret("access_token", TOKEN).build(),
                        "credentials: no user_action_set_id"),
                Arguments.of(CredentialSet.builder().value("account_id", "acct").value("user_action_set_id", "2")
                        .secret("access_token", TOKEN).build(), "credentials: account_id 'acct' is not a positive"),
                Arguments.of(CredentialSet.builder().value("account_id", "1").value("user_action_set_id", "-2")
                        .secret("access_token", TOKEN).build(), "credentials: user_action_set_id '-2' is not"),
                Arguments.of(CredentialSet.builder().value("account_id", "1").value("user_action_set_id", "2")
                        .secret("access_token", TOKEN + "\n").build(), "access_token has a character outside "
                                + "printable ASCII (or a space) at index " + TOKEN.length()));
    }

    /** A {@code CredentialResolver} may answer anything: a credential Tencent cannot use is named, the token never shown. */
    @ParameterizedTest
    @MethodSource("missingCredentials")
    void credentialsLackingAPartAreRefusedNamingItWithoutTheToken(CredentialSet credentials, String message) {
        assertThatThrownBy(() -> TENCENT.codec().encode(leads(1), credentials, context(NONCE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message)
                .hasMessageNotContaining(TOKEN);
    }

    private static PlatformUpload withPayload(String payload) {
        return PlatformUpload.builder("tencent", CLICK_ID).event("RESERVATION").conversionKey("lead-0")
                .eventTime(EVENT_TIME).payload(payload).build();
    }

    private static String payload(String fields) {
        return "{\"action_time\":1772596800,\"action_type\":\"RESERVATION\",\"click_id\":\"" + CLICK_ID
                + "\",\"url\":\"" + LANDING_URL + "\"" + fields + "}";
    }

    static Stream<Arguments> editedByHand() {
        String ok = ",\"outer_action_id\":\"lead-0\"";
        return Stream.of(
                Arguments.of("not JSON", "{\"action_time\":", "payload is not JSON"),
                Arguments.of("an array", "[1]", "payload is not a JSON object"),
                Arguments.of("an unknown field", payload(ok + ",\"user_id\":{}"), "user_id: is not a field of a Tencent"),
                Arguments.of("no action_time", payload(ok).replace("\"action_time\":1772596800,", ""),
                        "action_time: is missing"),
                Arguments.of("milliseconds", payload(ok).replace("1772596800", "1772596800000"),
                        "action_time: 1772596800000 is not epoch seconds from 1 to 2147483647"),
                Arguments.of("a time as text", payload(ok).replace("1772596800", "\"1772596800\""),
                        "action_time: \"1772596800\" is not an integer"),
                Arguments.of("an unknown type", payload(ok).replace("RESERVATION", "FORM"),
                        "action_type: 'FORM' is not one of"),
                Arguments.of("a click id with a space", payload(ok).replace("\"click_id\":\"" + CLICK_ID,
                        "\"click_id\":\"wx0 abc"), "click_id: 'wx0 abc' has a character outside [A-Za-z0-9._-]"),
                Arguments.of("a url that is not http", payload(ok).replace(LANDING_URL, "javascript:alert(1)"),
                        "url: landingUrl: 'javascript:alert(1)' is not an absolute http(s) URL"),
                Arguments.of("a url with a fragment", payload(ok).replace(LANDING_URL, LANDING_URL + "#x"),
                        "url: landingUrl:"),
                Arguments.of("a url too long", payload(ok).replace(LANDING_URL, LANDING_URL + "&p="
                        + "x".repeat(1024)), "characters, more than 1024"),
                Arguments.of("no key for a form", payload(""), "outer_action_id: is missing; RESERVATION needs one"),
                Arguments.of("a key too long", payload(",\"outer_action_id\":\"" + "k".repeat(129) + "\""),
                        "outer_action_id: is 129 characters long, not 1 to 128"),
                Arguments.of("an empty key", payload(",\"outer_action_id\":\"\""),
                        "outer_action_id: is 0 characters long"),
                Arguments.of("a key with a line break", payload(",\"outer_action_id\":\"a\\nb\""),
                        "outer_action_id: 'a\\u000ab' has a control character"),
                Arguments.of("a key with a lone surrogate", payload(",\"outer_action_id\":\"a\\ud800b\""),
                        "an unpaired surrogate at index 1"),
                Arguments.of("a key with surrounding space", payload(",\"outer_action_id\":\" k \""),
                        "outer_action_id: ' k ' has surrounding white space"),
                Arguments.of("an amount on a form", payload(ok + ",\"value_fen\":100"),
                        "value_fen: RESERVATION takes no amount (only COMPLETE_ORDER, PURCHASE do)"),
                Arguments.of("a click id differing from the row's", payload(ok).replace(CLICK_ID, "other123"),
                        "payload click_id: differs from the upload's click id"),
                Arguments.of("a type differing from the row's", payload(ok).replace("RESERVATION", "CONSULT"),
                        "payload action_type: CONSULT differs from the upload's event"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("editedByHand")
    void aRowEditedByHandIsRefusedNamingTheUploadAndTheField(String what, String payload, String message) {
        List<PlatformUpload> batch = new ArrayList<>(leads(2));
        batch.add(withPayload(payload));

        assertThatThrownBy(() -> TENCENT.codec().encode(batch, credentials(), context(NONCE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("upload 3 of 3 (PlatformUpload[tencent RESERVATION for click " + CLICK_ID)
                .hasMessageContaining(message);
    }

    @Test
    void anOrdersNegativeAmountEditedByHandIsRefused() {
        PlatformUpload order = PlatformUpload.builder("tencent", CLICK_ID).event("COMPLETE_ORDER").conversionKey("k")
                .eventTime(EVENT_TIME).payload(payload(",\"outer_action_id\":\"k\",\"value_fen\":-1")
                        .replace("RESERVATION", "COMPLETE_ORDER")).build();

        assertThatThrownBy(() -> TENCENT.codec().encode(Collections.singletonList(order), credentials(),
                context(NONCE))).hasMessageContaining("value_fen: -1 is negative");
    }

    @Test
    void anUploadOfAnotherPlatformIsRefused() {
        PlatformUpload baidu = PlatformUpload.builder("baidu", CLICK_ID).event("3").eventTime(EVENT_TIME)
                .payload("{}").build();

        assertThatThrownBy(() -> TENCENT.codec().encode(Collections.singletonList(baidu), credentials(),
                context(NONCE))).hasMessageEndingWith(": is not Tencent's");
    }

    @Test
    void theStoredPayloadIsReadBackAsWritten() {
        PlatformUpload u = upload(TENCENT, Conversion.builder(Event.PAY).transId("支付-1").amountFen(1)
                .eventTime(EVENT_TIME).build());

        assertThat(Action.fromPayload(u.payload()).toPayload()).isEqualTo(u.payload());
        assertThat(u.payload()).contains("\"outer_action_id\":\"支付-1\"");
    }
}
