package io.qhtrack.platform.tencent;

import static io.qhtrack.platform.tencent.TencentFixtures.EVENT_TIME;
import static io.qhtrack.platform.tencent.TencentFixtures.tencent;
import static io.qhtrack.platform.tencent.TencentFixtures.upload;
import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.Conversion;
import io.qhtrack.core.Event;
import io.qhtrack.core.spi.Classifier;
import io.qhtrack.core.spi.HttpAnswer;
import io.qhtrack.core.spi.PlatformUpload;
import io.qhtrack.core.spi.Verdict;
import io.qhtrack.core.spi.Verdicts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Tencent's answers → a verdict per action sent, over every documented code and the shapes that are not Tencent's. */
class TencentClassifierTest {

    private static final Tencent TENCENT = tencent();
    private static final Classifier CLASSIFIER = TENCENT.classifier();
    private static final List<PlatformUpload> BATCH = Arrays.asList(lead("a"), lead("b"), lead("c"));

    private static PlatformUpload lead(String key) {
        return upload(TENCENT, Conversion.builder(Event.SUBMIT).transId(key).eventTime(EVENT_TIME).build());
    }

    private static HttpAnswer answer(int status, String body, String... headers) {
        Map<String, String> h = new HashMap<>();
        h.put("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i], headers[i + 1]);
        }
        return new HttpAnswer(status, h, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String tencentSays(int code, String cn) {
        return "{\"code\":" + code + ",\"message\":\"m" + code + "\",\"message_cn\":\"" + cn + "\"}";
    }

    private static Verdicts classify(HttpAnswer answer) {
        return CLASSIFIER.classify(answer, BATCH);
    }

    private static List<Verdict.Kind> kinds(Verdicts v) {
        return v.perItem().stream().map(Verdict::kind).collect(Collectors.toList());
    }

    @Test
    void codeZeroDeliversEveryAction() {
        Verdicts v = classify(answer(200, "{\"code\":0,\"message\":\"\",\"message_cn\":\"\",\"data\":{}}",
                "X-TSA-Trace-Id", "t-123", "X-RateLimit-Remaining", "3999"));

        assertThat(kinds(v)).containsExactly(Verdict.Kind.DELIVERED, Verdict.Kind.DELIVERED, Verdict.Kind.DELIVERED);
        assertThat(v.perItem().get(0).message()).isEqualTo("Tencent accepted 3 actions, trace id t-123");
        assertThat(v.unattributed()).isFalse();
        assertThat(v.slowDown()).isEmpty();
    }

    /** DESIGN.md: "Park and alert" is for answers that say the credentials are wrong. */
    @ParameterizedTest
    @ValueSource(ints = {11000, 11002, 11004, 11005, 11007, 11014, 12000})
    void aCredentialsCodeParksEveryAction(int code) {
        Verdicts v = classify(answer(200, tencentSays(code, "您的 access_token 无效")));

        assertThat(kinds(v)).containsOnly(Verdict.Kind.PARK).hasSize(3);
        assertThat(v.perItem().get(2).code()).contains(Integer.toString(code));
        assertThat(v.perItem().get(2).message()).startsWith("Tencent code " + code + " '您的 access_token 无效' ('m"
                + code + "'): ");
        assertThat(v.slowDown()).isEmpty();
    }

    static Stream<Arguments> limits() {
        return Stream.of(
                Arguments.of(11016, Duration.ofSeconds(1)),
                Arguments.of(11017, Duration.ofMinutes(1)),
                Arguments.of(11018, Duration.ofHours(1)),
                Arguments.of(11019, Duration.ofMinutes(1)),
                Arguments.of(11008, Duration.ofMinutes(1)));
    }

    @ParameterizedTest(name = "{0} waits {1}")
    @MethodSource("limits")
    void aLimitRetriesAfterItsOwnDelayAndSlowsTheEngineDownMeanwhile(int code, Duration pause) {
        Verdicts v = classify(answer(200, tencentSays(code, "频次上限")));

        assertThat(kinds(v)).containsOnly(Verdict.Kind.RETRY).hasSize(3);
        assertThat(v.perItem().get(0).retryAfter()).contains(pause);
        assertThat(v.perItem().get(0).code()).contains(Integer.toString(code));
        assertThat(v.slowDown()).contains(pause);
        assertThat(v.perItem().get(0).alert()).isEmpty();
    }

    @Test
    void busyRetriesWithTheEnginesBackoff() {
        Verdicts v = classify(answer(200, tencentSays(10000, "系统繁忙,请稍后重试")));

        assertThat(kinds(v)).containsOnly(Verdict.Kind.RETRY);
        assertThat(v.perItem().get(0).retryAfter()).isEmpty();
        assertThat(v.perItem().get(0).alert()).isEmpty();
        assertThat(v.slowDown()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {12100, 12101})
    void aNonceSeenBeforeOrAnExpiredTimestampRetriesAndAlerts(int code) {
        Verdicts v = classify(answer(200, tencentSays(code, "时间戳过期")));

        assertThat(kinds(v)).containsOnly(Verdict.Kind.RETRY);
        assertThat(v.perItem().get(0).retryAfter()).isEmpty();
        assertThat(v.perItem().get(0).alert()).isPresent();
    }

    @Test
    void anExpiredTimestampSaysToSynchroniseTheClock() {
        assertThat(classify(answer(200, tencentSays(12101, "时间戳过期"))).perItem().get(0).alert().get())
                .contains("clock", "300 s");
    }

    private static String refusal(int code, String errors) {
        return "{\"code\":" + code + ",\"message\":\"Parameter is invalid\",\"message_cn\":\"参数无效\",\"errors\":["
                + errors + "]}";
    }

    private static String fieldError(String field, String reason) {
        return "{\"type\":\"COMMON_PARAM_EXCEPTION\",\"description\":\"" + reason + "\",\"common_param_exception_spec\":"
                + "{\"error_fields\":[\"" + field + "\"],\"error_user_msg\":\"" + reason + "\"}}";
    }

    @Test
    void aRefusalNamingOneActionRefusesItAndSendsTheOthersAgain() {
        Verdicts v = classify(answer(200, refusal(34109, fieldError("actions[1].url", "url 域名与转化归因不符"))));

        assertThat(v.unattributed()).isFalse();
        assertThat(kinds(v)).containsExactly(Verdict.Kind.RETRY, Verdict.Kind.REFUSED, Verdict.Kind.RETRY);
        assertThat(v.perItem().get(1).message()).isEqualTo("Tencent code 34109 '参数无效' ('Parameter is invalid'); "
                + "action 1: actions[1].url 'url 域名与转化归因不符'");
        assertThat(v.perItem().get(1).code()).contains("34109");
        assertThat(v.perItem().get(0).message()).contains("action 0 was not at fault");
        assertThat(v.perItem().get(0).retryAfter()).isEmpty();
    }

    @Test
    void theDottedFormOfAFieldPathNamesAnActionToo() {
        Verdicts v = classify(answer(200, refusal(18009, fieldError("actions.2.action_type", "not one of"))));

        assertThat(kinds(v)).containsExactly(Verdict.Kind.RETRY, Verdict.Kind.RETRY, Verdict.Kind.REFUSED);
    }

    @Test
    void everyReasonForAnActionIsKept() {
        Verdicts v = classify(answer(200, refusal(34109, fieldError("actions[0].url", "bad url") + ","
                + fieldError("actions[0].trace.click_id", "bad click") + "," + fieldError("actions[2]", "bad"))));

        assertThat(kinds(v)).containsExactly(Verdict.Kind.REFUSED, Verdict.Kind.RETRY, Verdict.Kind.REFUSED);
        assertThat(v.perItem().get(0).message()).endsWith("actions[0].url 'bad url'; actions[0].trace.click_id "
                + "'bad click'");
    }

    static Stream<Arguments> unattributed() {
        return Stream.of(
                Arguments.of("no errors", "{\"code\":18001,\"message\":\"missing\",\"message_cn\":\"缺失必填参数\"}"),
                Arguments.of("empty errors", refusal(18001, "")),
                Arguments.of("an error about the account", refusal(12201, fieldError("account_id", "无效"))),
                Arguments.of("one about an action and one about the account",
                        refusal(34109, fieldError("actions[0].url", "bad") + "," + fieldError("account_id", "bad"))),
                Arguments.of("an action the batch does not have", refusal(34109, fieldError("actions[3].url", "bad"))),
                Arguments.of("a field path that only starts like an action", refusal(34109,
                        fieldError("actionsX[0]", "bad"))),
                Arguments.of("an error without fields", refusal(31033, "{\"type\":\"PRIVILEGE_PARAM_EXCEPTION\","
                        + "\"description\":\"not permitted\",\"privilege_param_exception_spec\":{\"param\":"
                        + "\"behavior_or_interest\",\"privilege_code\":\"intent_targeting\"}}")),
                Arguments.of("errors that are not a list", "{\"code\":34109,\"errors\":{\"actions[0]\":1}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unattributed")
    void aRefusalThatDoesNotNameOnlyActionsOfTheBatchIsUnattributed(String what, String body) {
        Verdicts v = classify(answer(200, body));

        assertThat(v.unattributed()).isTrue();
        assertThat(kinds(v)).containsOnly(Verdict.Kind.REFUSED).hasSize(3);
        assertThat(v.perItem().get(0).message()).startsWith("Tencent code ");
    }

    @Test
    void anUnattributedRefusalSaysWhatErrorsSaidAtMostFiveTimes() {
        String errors = fieldError("account_id", "无效") + "," + fieldError("actions[9].url", "bad") + ",{\"type\":"
                + "\"X\",\"description\":\"no fields\"}";
        for (int i = 0; i < 5; i++) {
            errors += "," + fieldError("user_action_set_id", "e" + i);
        }

        String message = classify(answer(200, refusal(34109, errors))).perItem().get(0).message();

        assertThat(message).isEqualTo("Tencent code 34109 '参数无效' ('Parameter is invalid'): account_id '无效'; "
                + "actions[9].url 'bad'; 'no fields'; user_action_set_id 'e0'; user_action_set_id 'e1'; …");
    }

    @Test
    void aRefusalOfOneActionAloneNamingItIsPerItem() {
        Verdicts v = CLASSIFIER.classify(answer(200, refusal(34109, fieldError("actions[0].url", "bad"))),
                Collections.singletonList(BATCH.get(0)));

        assertThat(v.unattributed()).isFalse();
        assertThat(kinds(v)).containsExactly(Verdict.Kind.REFUSED);
    }

    static Stream<Arguments> notTencents() {
        return Stream.of(
                Arguments.of(200, "<html><body>502 Bad Gateway</body></html>"),
                Arguments.of(200, ""),
                Arguments.of(200, "null"),
                Arguments.of(200, "[{\"code\":0}]"),
                Arguments.of(200, "{\"code\":0"),
                Arguments.of(200, "{\"code\":\"0\"}"),
                Arguments.of(200, "{\"code\":0.5}"),
                Arguments.of(200, "{\"errno\":0,\"error\":\"Success\"}"),
                Arguments.of(200, "{\"code\":null}"),
                Arguments.of(200, "{\"code\":99999999999999999999999}"),
                Arguments.of(200, "{\"code\":0,\"data\":" + "[".repeat(32) + "]".repeat(32) + "}"),
                Arguments.of(201, "{\"header\":{\"status\":0}}"));
    }

    @ParameterizedTest
    @MethodSource("notTencents")
    void anAnswerThatIsNotTencentsShapeRetries(int status, String body) {
        Verdicts v = classify(answer(status, body));

        assertThat(kinds(v)).containsOnly(Verdict.Kind.RETRY).hasSize(3);
        assertThat(v.perItem().get(0).message()).startsWith("not Tencent's answer: HTTP " + status);
        assertThat(v.perItem().get(0).alert()).isEmpty();
    }

    @Test
    void anAnswerNestedWithinTheBoundIsRead() {
        Verdicts v = classify(answer(200, "{\"code\":0,\"data\":" + "[".repeat(31) + "\"]]]{{{\"" + "]".repeat(31)
                + "}"));

        assertThat(kinds(v)).containsOnly(Verdict.Kind.DELIVERED);
    }

    @Test
    void aClientErrorPageThatIsNotTencentsRetriesAndAlertsAboutTheEndpoint() {
        Verdicts v = classify(answer(404, "<html>Not Found</html>"));

        assertThat(kinds(v)).containsOnly(Verdict.Kind.RETRY);
        assertThat(v.perItem().get(0).alert()).hasValueSatisfying(a -> assertThat(a).contains(
                "qhtrack.tencent.endpoint"));
    }

    @Test
    void codeZeroWithAnErrorStatusIsNotASuccess() {
        Verdicts v = classify(answer(400, "{\"code\":0}"));

        assertThat(kinds(v)).containsOnly(Verdict.Kind.RETRY);
        assertThat(v.perItem().get(0).message()).startsWith("code 0 with an error status: HTTP 400");
    }

    @Test
    void tencentsCodesCountEvenWithAnErrorStatus() {
        assertThat(kinds(classify(answer(401, tencentSays(11002, "无效"))))).containsOnly(Verdict.Kind.PARK);
    }

    @Test
    void tencentsTextsAreEscapedAndBoundedSoThatAnAnswerCannotForgeALogLine() {
        String forged = "ok\\n2026-03-04 ERROR qhtrack forged line \\u202e" + "x".repeat(500);
        Verdicts v = classify(answer(200, "{\"code\":11002,\"message_cn\":\"" + forged + "\",\"message\":\"" + forged
                + "\"}", "X-TSA-Trace-Id", "t\r\nSet-Cookie: x"));

        String message = v.perItem().get(0).message();
        assertThat(message).doesNotContain("\n").doesNotContain("\r").doesNotContain("\u202e")
                .contains("ok\\u000a2026-03-04 ERROR").contains("\\u202e").contains("…");
        assertThat(message.length()).isLessThan(700);
    }

    @Test
    void aNonJsonBodyIsQuotedEscapedAndBounded() {
        String message = classify(answer(200, "line1\nline2" + "y".repeat(1000))).perItem().get(0).message();

        assertThat(message).contains("'line1\\u000aline2").doesNotContain("\n");
        assertThat(message.length()).isLessThan(300);
    }

    static Stream<Arguments> remaining() {
        return Stream.of(
                Arguments.of("3999", null),
                Arguments.of("201", null),
                Arguments.of("200", Duration.ofMinutes(1).dividedBy(201)),
                Arguments.of("59", Duration.ofSeconds(1)),
                Arguments.of("1", Duration.ofSeconds(30)),
                Arguments.of("0", Duration.ofMinutes(1)),
                Arguments.of("-3", Duration.ofMinutes(1)),
                Arguments.of(" 9 ", Duration.ofSeconds(6)),
                Arguments.of("many", null),
                Arguments.of("", null));
    }

    @ParameterizedTest(name = "X-RateLimit-Remaining ''{0}'' → {1}")
    @MethodSource("remaining")
    void aLowRateLimitRemainingSpreadsWhatIsLeftOverAMinute(String header, Duration pause) {
        Verdicts v = classify(answer(200, "{\"code\":0}", "X-RateLimit-Remaining", header));

        assertThat(kinds(v)).containsOnly(Verdict.Kind.DELIVERED);
        assertThat(v.slowDown().orElse(null)).isEqualTo(pause);
    }

    @Test
    void lowIsTwoHundred() {
        assertThat(TencentClassifier.LOW_RATE_REMAINING).isEqualTo(200);
    }

    @Test
    void theLongerOfALimitsPauseAndTheHeadersIsKept() {
        assertThat(classify(answer(200, tencentSays(11016, "每秒"), "X-RateLimit-Remaining", "0")).slowDown())
                .contains(Duration.ofMinutes(1));
        assertThat(classify(answer(200, tencentSays(11017, "分钟"), "X-RateLimit-Remaining", "100")).slowDown())
                .contains(Duration.ofMinutes(1));
    }

    @Test
    void aRefusalAlsoCarriesTheHeadersSlowDown() {
        Verdicts v = classify(answer(200, refusal(18001, ""), "X-RateLimit-Remaining", "0"));

        assertThat(v.unattributed()).isTrue();
        assertThat(v.slowDown()).contains(Duration.ofMinutes(1));
    }

    @Test
    void itNeverThrowsWhateverTheBodyIs() {
        Random random = new Random(22);
        List<byte[]> bodies = new ArrayList<>();
        bodies.add(("[".repeat(100_000)).getBytes(StandardCharsets.UTF_8));
        bodies.add(("{\"code\":11002,\"errors\":[" + "[".repeat(5000)).getBytes(StandardCharsets.UTF_8));
        bodies.add("{\"code\":99999999999999999999999}".getBytes(StandardCharsets.UTF_8));
        bodies.add("{\"code\":34109,\"errors\":[{\"x_spec\":{\"error_fields\":[\"actions[999999999999]\"]}}]}"
                .getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 300; i++) {
            byte[] b = new byte[random.nextInt(300)];
            random.nextBytes(b);
            bodies.add(b);
        }
        for (byte[] body : bodies) {
            Verdicts v = CLASSIFIER.classify(new HttpAnswer(200, Collections.<String, String>emptyMap(), body), BATCH);

            assertThat(v.perItem()).hasSize(3);
        }
    }
}
