package io.qhtrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** App-Sign (section 4.1, FAQ 5.7): lower-case hex md5 of the secret followed by the exact body bytes. */
class SignatureTest extends Fake360Fixture {

    /** Test vector computed outside Java with {@code printf '%s' "search-secret$BODY" | md5sum}. */
    private static final String SEARCH_BODY = "{\"data\":{\"request_time\":1545033743,\"data_industry\":"
            + "\"ocpc_ps_convert\",\"data_detail\":{\"qhclickid\":\"9356596331006111412\",\"trans_id\":"
            + "\"202cb962ac59075b964b07152d234b70\",\"event\":\"SUBMIT\",\"event_time\":1545033743,"
            + "\"event_param\":{\"outeruserid\":\"用户001\"}}}}";
    private static final String SEARCH_BODY_SIGN = "3bc86157981593650ad9499f4ce595b8";
    private static final String SEARCH_BODY_MD5_WITHOUT_SECRET = "5578158ac973e5226cad8af783f85013";

    /** Test vector with a non-ASCII secret: {@code printf '%s' "密钥secret$BODY" | md5sum}. */
    private static final String DISPLAY_BODY = "{\"data\":{\"data_industry\":\"ocpc_zs_convert\",\"data_detail\":"
            + "{\"qhclickid\":\"a1b2c3d4e5f6\",\"jzqs\":\"123456\",\"trans_id\":\"订单-2025-0001\",\"event\":\"ORDER\","
            + "\"event_param\":{\"value\":2345,\"bname\":\"测试业务\"}}}}";
    private static final String CHINESE_SECRET = "密钥secret";
    private static final String DISPLAY_BODY_SIGN = "d507889dec55dae0fbef463b5c662c9d";

    private static Fake360.Received sendSigned(String key, String sign, String body) {
        return exchange(post(key, sign, "application/json;charset=utf-8", body.getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertErrno2(Fake360.Received upload, String reason) {
        assertThat(upload.errno()).as("%s", upload).isEqualTo(2);
        assertThat(upload.error()).isEqualTo("Parameter [app_sign] is unverified");
        assertThat(upload.reason()).contains(reason);
    }

    @Test
    void theShellComputedVectorWithChineseTextIsAccepted() {
        Fake360.Received upload = sendSigned(SEARCH_KEY, SEARCH_BODY_SIGN, SEARCH_BODY);

        assertThat(upload.accepted()).as("%s", upload).isTrue();
    }

    @Test
    void theSignatureCoversTheSecretsUtf8Bytes() {
        try (Fake360 chineseSecret = Fake360.builder().credentials("k", CHINESE_SECRET).start()) {
            HttpResponse<String> response = call(post(chineseSecret.endpoint(), "k", DISPLAY_BODY_SIGN,
                    "application/json;charset=utf-8", DISPLAY_BODY.getBytes(StandardCharsets.UTF_8)));

            assertThat(response.body()).isEqualTo("{\"errno\":0,\"error\":\"Success\"}");
            assertThat(chineseSecret.accepted()).hasSize(1);
        }
    }

    @Test
    void theTestHelperSignsLikeTheShell() {
        assertThat(md5Hex(SEARCH_SECRET, SEARCH_BODY.getBytes(StandardCharsets.UTF_8))).isEqualTo(SEARCH_BODY_SIGN);
        assertThat(md5Hex(CHINESE_SECRET, DISPLAY_BODY.getBytes(StandardCharsets.UTF_8))).isEqualTo(DISPLAY_BODY_SIGN);
    }

    @Test
    void fake360SignsLikeTheShell() {
        assertThat(UploadRules.sign(SEARCH_SECRET.getBytes(StandardCharsets.UTF_8),
                SEARCH_BODY.getBytes(StandardCharsets.UTF_8))).isEqualTo(SEARCH_BODY_SIGN);
    }

    @Test
    void anUpperCaseSignatureIsRefused() {
        Fake360.Received upload = sendSigned(SEARCH_KEY, SEARCH_BODY_SIGN.toUpperCase(Locale.ROOT), SEARCH_BODY);

        assertErrno2(upload, "right md5 but in upper case");
    }

    @Test
    void md5OfTheBodyAloneIsRefused() {
        assertErrno2(sendSigned(SEARCH_KEY, SEARCH_BODY_MD5_WITHOUT_SECRET, SEARCH_BODY), "without the secret");
    }

    @Test
    void md5OfBodyThenSecretIsRefused() {
        byte[] body = SEARCH_BODY.getBytes(StandardCharsets.UTF_8);
        byte[] secret = SEARCH_SECRET.getBytes(StandardCharsets.UTF_8);
        String reversed = UploadRules.sign(body, secret);

        assertErrno2(sendSigned(SEARCH_KEY, reversed, SEARCH_BODY), "the secret comes first");
    }

    @Test
    void aSignatureOfAReSerialisedBodyIsRefused() {
        String escapedBody = SEARCH_BODY.replace("用户", "\\u7528\\u6237");
        String signOfOriginal = SEARCH_BODY_SIGN;

        assertErrno2(sendSigned(SEARCH_KEY, signOfOriginal, escapedBody), "sign exactly the body bytes sent");
    }

    @Test
    void aSignatureMadeWithAnotherKeysSecretIsRefused() {
        String sign = md5Hex(DISPLAY_SECRET, SEARCH_BODY.getBytes(StandardCharsets.UTF_8));

        assertErrno2(sendSigned(SEARCH_KEY, sign, SEARCH_BODY), "does not match md5(secret + body) for App-Key search-key");
    }

    @Test
    void aSignatureThatIsNot32HexDigitsIsRefused() {
        assertErrno2(sendSigned(SEARCH_KEY, "sha256:abc", SEARCH_BODY), "must be 32 lower-case hex digits");
    }

    @Test
    void aMissingSignatureIsRefused() {
        assertErrno2(sendSigned(SEARCH_KEY, null, SEARCH_BODY), "App-Sign header is missing");
    }

    @Test
    void theKeyIsCheckedBeforeTheSignature() {
        Fake360.Received upload = sendSigned("no-such-key", "nonsense", SEARCH_BODY);

        assertThat(upload.errno()).isEqualTo(1);
    }

    @Test
    void theSignatureIsCheckedBeforeTheBody() {
        Fake360.Received upload = sendSigned(SEARCH_KEY, "0".repeat(32), "not json");

        assertThat(upload.errno()).isEqualTo(2);
    }
}
