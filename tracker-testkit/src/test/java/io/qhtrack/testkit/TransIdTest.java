package io.qhtrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** trans_id (section 4.4): always on display; on the other lines when the event is SUBMIT or ORDER. */
class TransIdTest extends Fake360Fixture {

    private static Fake360.Received sendWithoutTransId(String line, String event) {
        ObjectNode body = body(line, event);
        detail(body).remove("trans_id");
        return send(body);
    }

    @ParameterizedTest(name = "{0} without trans_id on display")
    @ValueSource(strings = {"SUBMIT", "CALL", "ADVISORY", "SITEDOWNLOAD", "REGISTERED", "PAY", "APPLET_PAY"})
    void displayRequiresTransIdForEveryEvent(String event) {
        Fake360.Received upload = sendWithoutTransId(ZS, event);

        assertThat(upload.errno()).isEqualTo(3);
        assertThat(upload.reason()).isEqualTo("data.data_detail.trans_id is required for ocpc_zs_convert");
    }

    @ParameterizedTest(name = "{1} without trans_id on {0}")
    @CsvSource({
            "ocpc_web_convert, SUBMIT",
            "ocpc_ps_convert, SUBMIT", "ocpc_ps_convert, ORDER",
            "ocpc_ms_convert, SUBMIT", "ocpc_ms_convert, ORDER"})
    void webAndSearchRequireTransIdForSubmitAndOrder(String line, String event) {
        Fake360.Received upload = sendWithoutTransId(line, event);

        assertThat(upload.errno()).isEqualTo(3);
        assertThat(upload.reason())
                .isEqualTo("data.data_detail.trans_id is required for " + line + " when event is SUBMIT or ORDER");
    }

    @ParameterizedTest(name = "{1} without trans_id on {0}")
    @CsvSource({
            "ocpc_web_convert, CALL", "ocpc_web_convert, ADVISORY", "ocpc_web_convert, SITEDOWNLOAD",
            "ocpc_ps_convert, CALL", "ocpc_ps_convert, PAY", "ocpc_ps_convert, PLACE_ORDER",
            "ocpc_ms_convert, ADVISORY", "ocpc_ms_convert, APP_PAY", "ocpc_ms_convert, REGISTERED"})
    void webAndSearchAcceptOtherEventsWithoutTransId(String line, String event) {
        assertThat(sendWithoutTransId(line, event).accepted()).isTrue();
    }

    @ParameterizedTest(name = "trans_id {0}")
    @ValueSource(strings = {"\"\"", "\"  \"", "12345", "null", "{}"})
    void transIdWhenPresentMustBeANonEmptyString(String json) throws Exception {
        ObjectNode body = body(PS, "CALL");
        detail(body).set("trans_id", JSON.readTree(json));

        Fake360.Received upload = send(body);

        assertThat(upload.errno()).isEqualTo(3);
        assertThat(upload.reason()).startsWith("data.data_detail.trans_id must be a ");
    }
}
