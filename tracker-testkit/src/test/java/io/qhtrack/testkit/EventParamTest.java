package io.qhtrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The event_param rules of section 4.4: which key on which line, for which events, of which type. */
class EventParamTest extends Fake360Fixture {

    /** 360's own example in section 4.2, byte for byte. */
    private static final String DOCUMENT_EXAMPLE = "{\"data\":{\"request_time\":1545033743,\"data_industry\":"
            + "\"ocpc_ps_convert\",\"data_detail\":{\"qhclickid\":\"9356596331006111412\",\"trans_id\":"
            + "\"202cb962ac59075b964b07152d234b70\",\"event\":\"SUBMIT\",\"event_time\":1545033743,\"event_param\":"
            + "{\"value\":2345}}}}";

    private static Fake360.Received sendWithParam(String line, String event, String key, String jsonValue)
            throws Exception {
        ObjectNode body = body(line, event);
        eventParam(body).set(key, JSON.readTree(jsonValue));
        return send(body);
    }

    private static void assertRefused(Fake360.Received upload, String... reasonParts) {
        assertThat(upload.errno()).as("%s", upload).isEqualTo(3);
        assertThat(upload.reason()).contains(reasonParts);
    }

    // ---------------------------------------------------------------- the document's example

    /**
     * Section 4.2's example sends {@code "event":"SUBMIT"} with {@code "event_param":{"value":2345}}, which
     * the rule of section 4.4 forbids (value only for ORDER, LOW_PAY, APP_PAY, PAY_SUCCESS, PAY). Fake360
     * follows the rule: a client copying the example gets errno 3 here rather than a silent loss at 360.
     */
    @Test
    void theDocumentExampleWithValueOnSubmitIsRefusedBecauseTheRuleWins() {
        Fake360.Received upload = send(ANY_KEY, ANY_SECRET, DOCUMENT_EXAMPLE);

        assertRefused(upload, "data.data_detail.event_param.value (order amount) is only for events", "not SUBMIT");
    }

    @Test
    void theDocumentExampleWithoutValueIsAccepted() {
        Fake360.Received upload = send(ANY_KEY, ANY_SECRET, DOCUMENT_EXAMPLE.replace(",\"event_param\":{\"value\":2345}", ""));

        assertThat(upload.accepted()).as("%s", upload).isTrue();
    }

    // ---------------------------------------------------------------- event_param itself

    @ParameterizedTest
    @ValueSource(strings = {"SUBMIT", "CALL"})
    void mobilePromotionTakesNoEventParamAtAllNotEvenAnEmptyOne(String event) {
        ObjectNode body = body(WEB, event);
        detail(body).putObject("event_param");

        assertRefused(send(body), "data.data_detail.event_param must be absent for ocpc_web_convert");
    }

    @ParameterizedTest
    @ValueSource(strings = {PS, MS, ZS})
    void anEmptyEventParamIsAcceptedOnSearchAndDisplay(String line) {
        ObjectNode body = body(line, "SUBMIT");
        detail(body).putObject("event_param");

        assertThat(send(body).accepted()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"{}\"", "null", "1"})
    void eventParamMustBeAnObject(String json) throws Exception {
        ObjectNode body = body(PS, "SUBMIT");
        detail(body).set("event_param", JSON.readTree(json));

        assertRefused(send(body), "data.data_detail.event_param must be an object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"amount", "Value", "order_id", "currency"})
    void anUnknownEventParamKeyIsRefusedByName(String key) throws Exception {
        assertRefused(sendWithParam(PS, "ORDER", key, "1"), "unknown key data.data_detail.event_param." + key);
    }

    // ---------------------------------------------------------------- value

    @ParameterizedTest(name = "value on {1} {0}")
    @CsvSource({
            "ORDER, ocpc_ps_convert", "ORDER, ocpc_ms_convert", "ORDER, ocpc_zs_convert",
            "LOW_PAY, ocpc_ps_convert", "LOW_PAY, ocpc_ms_convert", "LOW_PAY, ocpc_zs_convert",
            "PAY_SUCCESS, ocpc_ps_convert", "PAY_SUCCESS, ocpc_ms_convert", "PAY_SUCCESS, ocpc_zs_convert",
            "PAY, ocpc_ps_convert", "PAY, ocpc_ms_convert", "PAY, ocpc_zs_convert",
            "APP_PAY, ocpc_ms_convert"})
    void valueIsAcceptedForTheFivePaymentEventsOnSearchAndDisplay(String event, String line)
            throws Exception {
        assertThat(sendWithParam(line, event, "value", "2345").accepted()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SUBMIT", "CALL", "PLACE_ORDER", "COUSTOMIZE", "REGISTERED", "ORDER_VALIDITY"})
    void valueIsRefusedForOtherEvents(String event) throws Exception {
        assertRefused(sendWithParam(PS, event, "value", "2345"),
                "data.data_detail.event_param.value (order amount) is only for events", "not " + event);
    }

    @Test
    void valueZeroIsAccepted() throws Exception {
        assertThat(sendWithParam(PS, "ORDER", "value", "0").accepted()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"23.45", "2345.0", "\"2345\"", "-1", "null", "true"})
    void valueMustBeANonNegativeIntegerNumberOfFen(String json) throws Exception {
        assertRefused(sendWithParam(ZS, "ORDER", "value", json), "data.data_detail.event_param.value must be");
    }

    // ---------------------------------------------------------------- score

    @ParameterizedTest(name = "score on {1} {0}")
    @CsvSource({
            "SUBMIT, ocpc_ps_convert", "CALL, ocpc_ms_convert", "REGISTERED, ocpc_zs_convert",
            "ORDER, ocpc_ps_convert", "APP_ACTIVATION, ocpc_ms_convert", "APPLET_PAY, ocpc_zs_convert"})
    void scoreIsAcceptedForAnyEventOnSearchAndDisplay(String event, String line) throws Exception {
        assertThat(sendWithParam(line, event, "score", "123").accepted()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "1.5", "\"123\""})
    void scoreMustBeAPositiveInteger(String json) throws Exception {
        assertRefused(sendWithParam(PS, "SUBMIT", "score", json), "data.data_detail.event_param.score must be");
    }

    // ---------------------------------------------------------------- outeruserid

    @ParameterizedTest
    @ValueSource(strings = {PS, MS, ZS})
    void outeruseridIsAcceptedOnSearchAndDisplay(String line) throws Exception {
        assertThat(sendWithParam(line, "CALL", "outeruserid", "\"user001\"").accepted()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1001", "\"\"", "null"})
    void outeruseridMustBeANonEmptyString(String json) throws Exception {
        assertRefused(sendWithParam(MS, "CALL", "outeruserid", json), "data.data_detail.event_param.outeruserid must be");
    }

    // ---------------------------------------------------------------- bname

    @Test
    void bnameIsAcceptedOnDisplay() throws Exception {
        assertThat(sendWithParam(ZS, "TRY_TO_PLAY", "bname", "\"RPG\"").accepted()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {PS, MS})
    void bnameIsRefusedOnSearch(String line) throws Exception {
        assertRefused(sendWithParam(line, "SUBMIT", "bname", "\"RPG\""),
                "data.data_detail.event_param.bname is not allowed for " + line, "only for [ocpc_zs_convert]");
    }

    @Test
    void bnameMustBeAString() throws Exception {
        assertRefused(sendWithParam(ZS, "SUBMIT", "bname", "7"), "data.data_detail.event_param.bname must be a string");
    }

    // ---------------------------------------------------------------- urtime

    @ParameterizedTest(name = "urtime on {1} {0}")
    @CsvSource({
            "ORDER, ocpc_zs_convert", "ORDER, ocpc_ps_convert",
            "COUSTOMIZE, ocpc_zs_convert", "COUSTOMIZE, ocpc_ps_convert"})
    void urtimeIsAcceptedForOrderAndCoustomizeOnDisplayAndPcSearch(String event, String line)
            throws Exception {
        assertThat(sendWithParam(line, event, "urtime", "1705487632").accepted()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ORDER", "COUSTOMIZE"})
    void urtimeIsRefusedOnMobileSearch(String event) throws Exception {
        assertRefused(sendWithParam(MS, event, "urtime", "1705487632"),
                "data.data_detail.event_param.urtime is not allowed for ocpc_ms_convert");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SUBMIT", "REGISTERED", "PAY"})
    void urtimeIsRefusedForEventsOtherThanOrderAndCoustomize(String event) throws Exception {
        assertRefused(sendWithParam(ZS, event, "urtime", "1705487632"),
                "urtime (registration time) is only for events [ORDER, COUSTOMIZE]", "not " + event);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1705487632000", "170548763", "\"1705487632\"", "1705487632.5", "-1705487632"})
    void urtimeMustBeAnIntegerOfExactlyTenDigits(String json) throws Exception {
        assertRefused(sendWithParam(PS, "ORDER", "urtime", json), "data.data_detail.event_param.urtime must be");
    }

    // ---------------------------------------------------------------- together

    @Test
    void everyKeyADisplayOrderMayCarryIsAcceptedTogether() throws Exception {
        ObjectNode body = body(ZS, "ORDER");
        eventParam(body).put("value", 2345).put("score", 5).put("outeruserid", "用户001").put("bname", "RPG")
                .put("urtime", 1705487632);

        assertThat(send(body).accepted()).isTrue();
    }
}
