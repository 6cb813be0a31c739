package io.qhtrack.platform.qihoo360;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.qhtrack.core.Account;
import io.qhtrack.core.Click;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Credentials;
import io.qhtrack.core.Event;
import io.qhtrack.core.Fixtures;
import io.qhtrack.core.ProductLine;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bytes on the wire and their App-Sign. Expected signatures were computed outside Java with
 * {@code printf '%s' 'secret{"data":...}' | md5sum}.
 */
@SuppressWarnings("deprecation") // 360's compatibility methods and amountFen, kept and tested
class WireFormatTest {

    private static final Instant REQUEST_TIME = Instant.parse("2026-01-01T00:00:00Z"); // 1767225600

    /** POSTDATA of section 4.2, byte for byte. */
    private static final String DOCUMENT_EXAMPLE = "{\"data\":{\"request_time\":1545033743,\"data_industry\":"
            + "\"ocpc_ps_convert\",\"data_detail\":{\"qhclickid\":\"9356596331006111412\",\"trans_id\":"
            + "\"202cb962ac59075b964b07152d234b70\",\"event\":\"SUBMIT\",\"event_time\":1545033743,"
            + "\"event_param\":{\"value\":2345}}}}";

    private static Credentials searchWithSecret(String secret) {
        return Credentials.of(Account.SEARCH, "k", secret, null);
    }

    private static Credentials displayWithSecret(String secret) {
        return Credentials.of(Account.DISPLAY, "k", secret, "7788");
    }

    private static String md5(String secret, byte[] body) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            md.update(secret.getBytes(StandardCharsets.UTF_8));
            md.update(body);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError("body is not valid UTF-8", e);
        }
    }

    @Test
    void appSignOfTheDocumentsExampleIsMd5OfSecretFollowedByTheBody() {
        // printf '%s' 'secret{"data":...section 4.2...}' | md5sum
        assertThat(SignedUpload.appSign(searchWithSecret("secret"), DOCUMENT_EXAMPLE.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("c40460091cde24dc033fcdc748dfb920");
    }

    @Test
    void anAsciiOrderUploadHasExactlyTheseBytesAndThisAppSign() {
        Click click = Click.of(ProductLine.PC_SEARCH, "9356596331006111412", Fixtures.CAPTURED);
        Conversion order = Conversion.builder(Event.ORDER).transIdFromOrderId("123").amountYuan("23.45")
                .eventTime(Instant.ofEpochSecond(1545033743L)).build();
        Upload upload = Fixtures.ready(Upload.prepare(click, order,
                java.util.Map.of(Account.SEARCH, searchWithSecret("secret")), Fixtures.NOW)).upload();

        byte[] body = upload.body(Instant.ofEpochSecond(1545033743L));

        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("{\"data\":{\"request_time\":1545033743,"
                + "\"data_industry\":\"ocpc_ps_convert\",\"data_detail\":{\"qhclickid\":\"9356596331006111412\","
                + "\"trans_id\":\"202cb962ac59075b964b07152d234b70\",\"event\":\"ORDER\",\"event_time\":1545033743,"
                + "\"event_param\":{\"value\":2345}}}}");
        assertThat(SignedUpload.appSign(searchWithSecret("secret"), body)).isEqualTo("f4db861367d46b40708ffc006ff90410");
    }

    @Test
    void aSubmitWithoutEventParamHasExactlyTheseBytesAndThisAppSign() {
        Click click = Click.of(ProductLine.PC_SEARCH, "9356596331006111412", Fixtures.CAPTURED);
        Conversion submit = Conversion.builder(Event.SUBMIT).transId("202cb962ac59075b964b07152d234b70")
                .eventTime(Instant.ofEpochSecond(1545033743L)).build();
        Upload upload = Fixtures.ready(Upload.prepare(click, submit,
                java.util.Map.of(Account.SEARCH, searchWithSecret("secret")), Fixtures.NOW)).upload();

        byte[] body = upload.body(Instant.ofEpochSecond(1545033743L));

        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("{\"data\":{\"request_time\":1545033743,"
                + "\"data_industry\":\"ocpc_ps_convert\",\"data_detail\":{\"qhclickid\":\"9356596331006111412\","
                + "\"trans_id\":\"202cb962ac59075b964b07152d234b70\",\"event\":\"SUBMIT\",\"event_time\":1545033743}}}");
        assertThat(SignedUpload.appSign(searchWithSecret("secret"), body)).isEqualTo("ce1a8fb93565b567df089e2668dff3ff");
    }

    @Test
    void aDisplayUploadWithChineseTextHasExactlyTheseBytesAndThisAppSign() {
        Click click = Click.of(ProductLine.DISPLAY, "abcdefghijkl", Fixtures.CAPTURED);
        Conversion order = Conversion.builder(Event.ORDER).transId("订单-2026/01").amountFen(2345)
                .businessName("游戏 RPG").eventTime(Instant.ofEpochSecond(1767225000L)).build();
        Upload upload = Fixtures.ready(Upload.prepare(click, order,
                java.util.Map.of(Account.DISPLAY, displayWithSecret("s3cr3t")), Fixtures.NOW)).upload();

        byte[] body = upload.body(REQUEST_TIME);

        assertThat(body).isEqualTo(("{\"data\":{\"request_time\":1767225600,\"data_industry\":\"ocpc_zs_convert\","
                + "\"data_detail\":{\"qhclickid\":\"abcdefghijkl\",\"jzqs\":\"7788\",\"trans_id\":\"订单-2026/01\","
                + "\"event\":\"ORDER\",\"event_time\":1767225000,\"event_param\":{\"value\":2345,\"bname\":"
                + "\"游戏 RPG\"}}}}").getBytes(StandardCharsets.UTF_8));
        // printf '%s' 's3cr3t{"data":...}' | md5sum
        assertThat(SignedUpload.appSign(displayWithSecret("s3cr3t"), body)).isEqualTo("eddcd531a2ca447a30e636197d3b57dc");
    }

    @Test
    void aMobilePromotionUploadHasExactlyTheseBytes() {
        Upload upload = Fixtures.upload(ProductLine.MOBILE_PROMOTION,
                Conversion.builder(Event.SUBMIT).transId("t-1").score(5).build());

        assertThat(new String(upload.body(REQUEST_TIME), StandardCharsets.UTF_8)).isEqualTo("{\"data\":{"
                + "\"request_time\":1767225600,\"data_industry\":\"ocpc_web_convert\",\"data_detail\":{"
                + "\"impression_id\":\"imp1234567890\",\"trans_id\":\"t-1\",\"event\":\"SUBMIT\","
                + "\"event_time\":1767225600}}}");
    }

    @Test
    void aFullSearchUploadHasItsFieldsInTheDocumentsOrder() {
        Conversion everything = Conversion.builder(Event.ORDER).transId("t-1").amountFen(1).score(2)
                .outerUserId("u").registrationTime(Instant.ofEpochSecond(1705487632L)).dataSource("chat")
                .eventTime(Instant.ofEpochSecond(1767225000L)).build();

        Upload upload = Fixtures.upload(ProductLine.PC_SEARCH, everything);

        assertThat(new String(upload.body(REQUEST_TIME), StandardCharsets.UTF_8)).isEqualTo("{\"data\":{"
                + "\"request_time\":1767225600,\"data_industry\":\"ocpc_ps_convert\",\"data_source\":\"chat\","
                + "\"data_detail\":{\"qhclickid\":\"9356596331006111412\",\"trans_id\":\"t-1\",\"event\":\"ORDER\","
                + "\"event_time\":1767225000,\"event_param\":{\"value\":1,\"score\":2,\"outeruserid\":\"u\","
                + "\"urtime\":1705487632}}}}");
    }

    @Test
    void theBodyIsTheSameBytesEveryTimeForTheSameRequestTime() {
        Upload upload = Fixtures.upload(ProductLine.DISPLAY, Conversion.builder(Event.SUBMIT).transId("表单").build());

        assertThat(upload.body(REQUEST_TIME)).isEqualTo(upload.body(REQUEST_TIME));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "用户\"引号\"\\反斜杠/斜杠😀",
        "a/b/c",
        "https://example.com/path?x=1&y=2",
        "\"",
        "\\",
        "\\\"",
        "😀",
        "👍🏽家族👨‍👩‍👧",
        "中文",
        "<script>alert('x')</script>",
        "a\u2028b\u2029c",
        "é è ñ",
    })
    void specialTextSurvivesTheWireAndTheSignatureCoversTheExactBytes(String text) {
        Conversion conversion = Conversion.builder(Event.SUBMIT).transId(text).outerUserId(text).businessName(text)
                .build();
        Upload upload = Fixtures.upload(ProductLine.DISPLAY, conversion);

        byte[] body = upload.body(REQUEST_TIME);
        String decoded = strictUtf8(body);
        JsonNode detail = Fixtures.json(body).path("data").path("data_detail");

        assertThat(detail.path("trans_id").asText()).isEqualTo(text);
        assertThat(detail.path("event_param").path("outeruserid").asText()).isEqualTo(text);
        assertThat(detail.path("event_param").path("bname").asText()).isEqualTo(text);
        String escaped = text.replace("\\", "\\\\").replace("\"", "\\\"");
        assertThat(decoded).contains("\"trans_id\":\"" + escaped + "\"")
                .contains("\"outeruserid\":\"" + escaped + "\"")
                .contains("\"bname\":\"" + escaped + "\"")
                .doesNotContain("\\/")
                .doesNotContain("\\u");
        SignedUpload signed = SignedUpload.sign(URI.create("https://convert.dop.360.cn/uploadWebConvert"), upload,
                Fixtures.display(), REQUEST_TIME);
        assertThat(signed.body()).isEqualTo(body);
        assertThat(signed.appSign()).isEqualTo(md5(Fixtures.DISPLAY_SECRET, body));
    }

    @Test
    void signedUploadSignsExactlyTheBodyItCarries() {
        Upload upload = Fixtures.upload(ProductLine.MOBILE_SEARCH, Conversion.builder(Event.CALL).build());

        SignedUpload signed = SignedUpload.sign(URI.create("https://convert.dop.360.cn/uploadWebConvert"), upload,
                Fixtures.search(), REQUEST_TIME);

        assertThat(signed.body()).isEqualTo(upload.body(REQUEST_TIME));
        assertThat(signed.appKey()).isEqualTo(Fixtures.SEARCH_KEY);
        assertThat(signed.appSign()).isEqualTo(md5(Fixtures.SEARCH_SECRET, signed.body())).matches("[0-9a-f]{32}");
        assertThat(signed.endpoint()).isEqualTo(URI.create("https://convert.dop.360.cn/uploadWebConvert"));
    }

    @Test
    void describeShowsTheRequestExactly() {
        Upload upload = Fixtures.upload(ProductLine.MOBILE_SEARCH, Conversion.builder(Event.CALL).build());

        SignedUpload signed = SignedUpload.sign(URI.create("https://convert.dop.360.cn/uploadWebConvert"), upload,
                Fixtures.search(), REQUEST_TIME);

        String body = "{\"data\":{\"request_time\":1767225600,\"data_industry\":\"ocpc_ms_convert\",\"data_detail\":{"
                + "\"qhclickid\":\"9356596331006111412\",\"event\":\"CALL\",\"event_time\":1767225600}}}";
        assertThat(signed.describe()).isEqualTo("POST https://convert.dop.360.cn/uploadWebConvert\n"
                + "App-Key: search-key-0001\n"
                + "App-Sign: " + md5(Fixtures.SEARCH_SECRET, body.getBytes(StandardCharsets.UTF_8)) + "\n"
                + "Content-Type: application/json;charset=utf-8\n"
                + "\n"
                + body);
    }

    @Test
    void aSignedUploadNeverShowsTheSecret() {
        Upload upload = Fixtures.upload(ProductLine.DISPLAY, Conversion.builder(Event.CALL).transId("t").build());

        SignedUpload signed = SignedUpload.sign(URI.create("http://127.0.0.1:1/x"), upload, Fixtures.display(),
                REQUEST_TIME);

        assertThat(signed.describe()).doesNotContain(Fixtures.DISPLAY_SECRET);
        assertThat(signed.toString()).doesNotContain(Fixtures.DISPLAY_SECRET);
        assertThat(signed.bodyText()).doesNotContain(Fixtures.DISPLAY_SECRET);
    }

    @Test
    void anotherAccountsCredentialsCannotSignALinesUpload() {
        Upload display = Fixtures.upload(ProductLine.DISPLAY, Conversion.builder(Event.CALL).transId("t").build());

        assertThatThrownBy(() -> SignedUpload.sign(URI.create("http://127.0.0.1:1/x"), display, Fixtures.search(),
                REQUEST_TIME)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FAQ 5.1");
    }

    @Test
    void theBodyCopyCannotChangeTheSignedBytes() {
        Upload upload = Fixtures.upload(ProductLine.PC_SEARCH, Conversion.builder(Event.CALL).build());
        SignedUpload signed = SignedUpload.sign(URI.create("http://127.0.0.1:1/x"), upload, Fixtures.search(),
                REQUEST_TIME);

        signed.body()[0] = 'X';

        assertThat(signed.body()[0]).isEqualTo((byte) '{');
    }
}
