package io.qhtrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The body's structure and fields (section 4.4), its encoding and its Content-Type: all errno 3. */
class DataFieldsTest extends Fake360Fixture {

    private static void assertRefused(Fake360.Received upload, String... reasonParts) {
        assertThat(upload.errno()).as("%s", upload).isEqualTo(3);
        assertThat(upload.error()).isEqualTo("Parameter [data] is unverified");
        assertThat(upload.reason()).contains(reasonParts);
    }

    private static Fake360.Received sendText(String body) {
        return send(ANY_KEY, ANY_SECRET, body);
    }

    // ---------------------------------------------------------------- structure

    @Test
    void aMinimalBodyWithOnlyRequiredFieldsIsAccepted() {
        Fake360.Received upload = sendText(
                "{\"data\":{\"data_industry\":\"ocpc_ps_convert\",\"data_detail\":{\"qhclickid\":\"1\",\"event\":\"CALL\"}}}");

        assertThat(upload.accepted()).as("%s", upload).isTrue();
    }

    @Test
    void aKeyNextToDataIsRefusedByName() {
        ObjectNode body = body(PS, "SUBMIT");
        body.put("app_key", "x");

        assertRefused(send(body), "unknown key app_key at the top level");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"data\"", "42", "null"})
    void theBodyMustBeAJsonObject(String text) {
        assertRefused(sendText(text), "the body must be a JSON object");
    }

    @Test
    void dataIsRequired() {
        assertRefused(sendText("{}"), "data is required");
    }

    @Test
    void dataMustBeAnObject() {
        assertRefused(sendText("{\"data\":\"{}\"}"), "data must be an object, got string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dataIndustry", "data_details", "qhclickid", "sign"})
    void anUnknownKeyInDataIsRefusedByName(String key) {
        ObjectNode body = body(PS, "SUBMIT");
        data(body).put(key, "x");

        assertRefused(send(body), "unknown key data." + key + " in data");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sourceid", "clickid", "value", "event_type", "qhclickId"})
    void anUnknownKeyInDataDetailIsRefusedByName(String key) {
        ObjectNode body = body(ZS, "SUBMIT");
        detail(body).put(key, "x");

        assertRefused(send(body), "unknown key data.data_detail." + key + " in data.data_detail");
    }

    @Test
    void dataDetailIsRequired() {
        ObjectNode body = body(PS, "SUBMIT");
        data(body).remove("data_detail");

        assertRefused(send(body), "data.data_detail is required");
    }

    @Test
    void dataDetailMustBeAnObject() {
        ObjectNode body = body(PS, "SUBMIT");
        data(body).putArray("data_detail");

        assertRefused(send(body), "data.data_detail must be an object, got an array");
    }

    // ---------------------------------------------------------------- request_time and event_time

    @Test
    void requestTimeAndEventTimeAreOptional() {
        ObjectNode body = body(PS, "SUBMIT");
        data(body).remove("request_time");
        detail(body).remove("event_time");

        assertThat(send(body).accepted()).isTrue();
    }

    @ParameterizedTest(name = "request_time {0}")
    @ValueSource(strings = {"\"1545033743\"", "1545033743.0", "1545033743000", "0", "-1", "2147483648", "null"})
    void requestTimeMustBePositiveInt32EpochSeconds(String json) throws Exception {
        ObjectNode body = body(PS, "SUBMIT");
        data(body).set("request_time", JSON.readTree(json));

        assertRefused(send(body), "data.request_time must be");
    }

    @ParameterizedTest(name = "event_time {0}")
    @ValueSource(strings = {"\"1545033743\"", "1545033743.5", "1545033743000", "0", "true"})
    void eventTimeMustBePositiveInt32EpochSeconds(String json) throws Exception {
        ObjectNode body = body(MS, "SUBMIT");
        detail(body).set("event_time", JSON.readTree(json));

        assertRefused(send(body), "data.data_detail.event_time must be");
    }

    @Test
    void theLargestInt32IsAValidTime() {
        ObjectNode body = body(PS, "SUBMIT");
        data(body).put("request_time", Integer.MAX_VALUE);
        detail(body).put("event_time", Integer.MAX_VALUE);

        assertThat(send(body).accepted()).isTrue();
    }

    // ---------------------------------------------------------------- data_industry and data_source

    @Test
    void dataIndustryIsRequired() {
        ObjectNode body = body(PS, "SUBMIT");
        data(body).remove("data_industry");

        assertRefused(send(body), "data.data_industry is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ocpc_pc_convert", "OCPC_PS_CONVERT", "ps", "ocpc_ps_convert "})
    void dataIndustryMustBeOneOfTheFourLines(String industry) {
        ObjectNode body = body(PS, "SUBMIT");
        data(body).put("data_industry", industry);

        assertRefused(send(body), "data.data_industry must be one of [ocpc_web_convert, ocpc_ps_convert, "
                + "ocpc_ms_convert, ocpc_zs_convert]");
    }

    @Test
    void dataSourceOfAChatToolIsAccepted() {
        ObjectNode body = body(PS, "ADVISORY");
        data(body).put("data_source", "第三方咨询工具");

        assertThat(send(body).accepted()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "1", "null"})
    void dataSourceWhenPresentMustBeANonEmptyString(String json) throws Exception {
        ObjectNode body = body(PS, "ADVISORY");
        data(body).set("data_source", JSON.readTree(json));

        assertRefused(send(body), "data.data_source must be a");
    }

    // ---------------------------------------------------------------- click ids and jzqs

    @Test
    void mobilePromotionRequiresImpressionId() {
        ObjectNode body = body(WEB, "SUBMIT");
        detail(body).remove("impression_id");

        assertRefused(send(body), "data.data_detail.impression_id is required for ocpc_web_convert");
    }

    @Test
    void mobilePromotionRefusesQhclickid() {
        ObjectNode body = body(WEB, "SUBMIT");
        detail(body).put("qhclickid", QHCLICKID);

        assertRefused(send(body), "data.data_detail.qhclickid must be absent for ocpc_web_convert");
    }

    @Test
    void mobilePromotionRefusesTheUnreplacedImpressionIdMacro() {
        ObjectNode body = body(WEB, "SUBMIT");
        detail(body).put("impression_id", "__impression_id__");

        assertRefused(send(body), "data.data_detail.impression_id is the unreplaced macro __impression_id__");
    }

    @ParameterizedTest
    @ValueSource(strings = {PS, MS, ZS})
    void searchAndDisplayRequireQhclickid(String line) {
        ObjectNode body = body(line, "SUBMIT");
        detail(body).remove("qhclickid");

        assertRefused(send(body), "data.data_detail.qhclickid is required for " + line);
    }

    @ParameterizedTest
    @ValueSource(strings = {PS, MS, ZS})
    void searchAndDisplayRefuseImpressionId(String line) {
        ObjectNode body = body(line, "SUBMIT");
        detail(body).put("impression_id", IMPRESSION_ID);

        assertRefused(send(body), "data.data_detail.impression_id must be absent for " + line);
    }

    @Test
    void qhclickidMustBeAStringNotANumber() {
        ObjectNode body = body(PS, "SUBMIT");
        detail(body).put("qhclickid", new BigInteger(QHCLICKID));

        assertRefused(send(body), "data.data_detail.qhclickid must be a string, got number 9356596331006111412");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\" \""})
    void clickIdsMustNotBeEmpty(String json) throws Exception {
        ObjectNode search = body(PS, "SUBMIT");
        detail(search).set("qhclickid", JSON.readTree(json));
        ObjectNode web = body(WEB, "SUBMIT");
        detail(web).set("impression_id", JSON.readTree(json));

        assertRefused(send(search), "data.data_detail.qhclickid must be a non-empty string");
        assertRefused(send(web), "data.data_detail.impression_id must be a non-empty string");
    }

    @ParameterizedTest(name = "a {0}-character qhclickid")
    @ValueSource(ints = {12, 16, 19, 40})
    void clickIdLengthIsNotChecked(int length) {
        ObjectNode body = body(ZS, "SUBMIT");
        detail(body).put("qhclickid", "7".repeat(length));

        assertThat(send(body).accepted()).isTrue();
    }

    @Test
    void displayRequiresJzqs() {
        ObjectNode body = body(ZS, "SUBMIT");
        detail(body).remove("jzqs");

        assertRefused(send(body), "data.data_detail.jzqs is required for ocpc_zs_convert");
    }

    @ParameterizedTest
    @ValueSource(strings = {WEB, PS, MS})
    void otherLinesRefuseJzqs(String line) {
        ObjectNode body = body(line, "SUBMIT");
        detail(body).put("jzqs", JZQS);

        assertRefused(send(body), "data.data_detail.jzqs must be absent for " + line);
    }

    @Test
    void aKeyWithAConfiguredJzqsMustSendExactlyThatJzqs() {
        ObjectNode body = body(ZS, "SUBMIT");
        detail(body).put("jzqs", "654321");

        Fake360.Received upload = send(DISPLAY_KEY, DISPLAY_SECRET, body.toString());

        assertRefused(upload, "data.data_detail.jzqs \"654321\" is not the jzqs of App-Key display-key (\"123456\")");
    }

    @Test
    void aKeyWithAConfiguredJzqsIsAcceptedWithIt() {
        assertThat(send(DISPLAY_KEY, DISPLAY_SECRET, body(ZS, "SUBMIT").toString()).accepted()).isTrue();
    }

    @Test
    void aKeyWithoutAConfiguredJzqsAcceptsAnyNonEmptyJzqs() {
        ObjectNode body = body(ZS, "SUBMIT");
        detail(body).put("jzqs", "999");

        assertThat(send(body).accepted()).isTrue();
    }

    // ---------------------------------------------------------------- JSON and UTF-8

    @Test
    void aDuplicatedKeyIsRefused() {
        String body = body(PS, "SUBMIT").toString().replace("\"event\":\"SUBMIT\"", "\"event\":\"SUBMIT\",\"event\":\"CALL\"");

        assertRefused(sendText(body), "the body is not valid JSON", "Duplicate field 'event'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"data\":", "{\"data\":{}} {}", "{'data':{}}", "{\"data\":{}} // done", "not json"})
    void theBodyMustBeExactlyOneValidJsonValue(String text) {
        assertRefused(sendText(text), "the body is not valid JSON");
    }

    @Test
    void anEmptyBodyIsRefused() {
        assertRefused(sendText(""), "the body is empty");
    }

    @Test
    void aBodyInGbkIsRefusedAsNotUtf8() {
        Charset gbk = Charset.forName("GBK");
        ObjectNode body = body(PS, "SUBMIT");
        eventParam(body).put("outeruserid", "用户");

        assertRefused(sendBytes(body.toString().getBytes(gbk), "application/json;charset=utf-8"),
                "the body is not valid UTF-8");
    }

    @Test
    void aBodyStartingWithAByteOrderMarkIsRefused() {
        byte[] json = body(PS, "SUBMIT").toString().getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[json.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(json, 0, withBom, 3, json.length);

        assertRefused(sendBytes(withBom, "application/json;charset=utf-8"), "byte order mark");
    }

    @Test
    void chineseTextEscapedOrNotIsAcceptedWhenSignedAsSent() {
        String raw = "{\"data\":{\"data_industry\":\"ocpc_ps_convert\",\"data_detail\":{\"qhclickid\":\"1\","
                + "\"event\":\"CALL\",\"event_param\":{\"outeruserid\":\"用户\"}}}}";
        String escaped = raw.replace("用户", "\\u7528\\u6237");

        assertThat(sendText(raw).accepted()).isTrue();
        assertThat(sendText(escaped).accepted()).isTrue();
    }

    // ---------------------------------------------------------------- Content-Type

    @ParameterizedTest
    @ValueSource(strings = {
            "application/json;charset=utf-8", "application/json", "application/json; charset=UTF-8",
            "APPLICATION/JSON;CHARSET=\"utf-8\""})
    void jsonContentTypesInUtf8AreAccepted(String contentType) {
        byte[] body = body(PS, "SUBMIT").toString().getBytes(StandardCharsets.UTF_8);

        assertThat(sendBytes(body, contentType).accepted()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "text/plain", "application/x-www-form-urlencoded", "application/json;charset=gbk",
            "application/json;charset=utf-8'", "application/json;boundary=x", "text/json"})
    void otherContentTypesAreRefused(String contentType) {
        byte[] body = body(PS, "SUBMIT").toString().getBytes(StandardCharsets.UTF_8);

        assertRefused(sendBytes(body, contentType), "Content-Type");
    }

    @Test
    void aMissingContentTypeIsRefused() {
        byte[] body = body(PS, "SUBMIT").toString().getBytes(StandardCharsets.UTF_8);

        assertRefused(sendBytes(body, null), "Content-Type header is missing");
    }
}
