package io.qhtrack.platform.tencent;

import static io.qhtrack.platform.tencent.TencentFixtures.EVENT_TIME;
import static io.qhtrack.platform.tencent.TencentFixtures.TOKEN;
import static io.qhtrack.platform.tencent.TencentFixtures.click;
import static io.qhtrack.platform.tencent.TencentFixtures.context;
import static io.qhtrack.platform.tencent.TencentFixtures.credentials;
import static io.qhtrack.platform.tencent.TencentFixtures.tencent;
import static io.qhtrack.platform.tencent.TencentFixtures.upload;
import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.Conversion;
import io.qhtrack.core.Event;
import io.qhtrack.core.Origin;
import io.qhtrack.core.spi.HttpCall;
import io.qhtrack.core.spi.PlatformUpload;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins the wire, byte for byte, of a representative batch: a lead form, an order with an amount, a browser tap from a
 * {@code qz_gdt} click and a call without a key; in each placement of the token and in both units.
 */
class TencentGoldenTest {

    private static final String NONCE = "0123456789abcdef0123456789abcdef";
    private static final String QZ_LANDING = "https://m.shop.example.cn/p/%E8%AF%BE?qz_gdt=abcdef1234567890";

    /** Seconds of {@code TencentFixtures.NOW}, 2026-03-04T05:06:07Z. */
    private static final String TIMESTAMP = "1772600767";

    private static String actions(String orderValue) {
        return "[{\"action_time\":1772596800,\"action_type\":\"RESERVATION\",\"trace\":{\"click_id\":\"wx0abcdefghij12345\"},"
                + "\"url\":\"https://shop.example.cn/landing?gdt_vid=wx0abcdefghij12345&utm_source=wx\","
                + "\"outer_action_id\":\"lead-0001\"},"
                + "{\"action_time\":1772596800,\"action_type\":\"COMPLETE_ORDER\",\"trace\":{\"click_id\":\"wx0abcdefghij12345\"},"
                + "\"url\":\"https://shop.example.cn/landing?gdt_vid=wx0abcdefghij12345&utm_source=wx\","
                + "\"outer_action_id\":\"0df2f1f2c73e23db15fcd2f7ae7b1862\",\"action_param\":{\"value\":" + orderValue + "}},"
                + "{\"action_time\":1772596800,\"action_type\":\"MAKE_PHONE_CALL\",\"trace\":{\"click_id\":\"abcdef1234567890\"},"
                + "\"url\":\"https://m.shop.example.cn/p/%E8%AF%BE?qz_gdt=abcdef1234567890\",\"outer_action_id\":\"pv-9c2e\"},"
                + "{\"action_time\":1772596800,\"action_type\":\"PHONE_CONNECTED\",\"trace\":{\"click_id\":\"wx0abcdefghij12345\"},"
                + "\"url\":\"https://shop.example.cn/landing?gdt_vid=wx0abcdefghij12345&utm_source=wx\"}]";
    }

    private static String body(String orderValue) {
        return "{\"account_id\":12345678,\"user_action_set_id\":1110852345,\"actions\":" + actions(orderValue) + "}";
    }

    private static List<PlatformUpload> batch(Tencent t) {
        return Arrays.asList(
                upload(t, Conversion.builder(Event.SUBMIT).transId("lead-0001").eventTime(EVENT_TIME).build()),
                upload(t, Conversion.builder(Event.ORDER).transIdFromOrderId("A-1001").amountYuan("23.45")
                        .eventTime(EVENT_TIME).build()),
                upload(t, click("abcdef1234567890", QZ_LANDING), Conversion.builder(Event.CALL_BUTTON)
                        .origin(Origin.BROWSER).transId("pv-9c2e").eventTime(EVENT_TIME).build()),
                upload(t, Conversion.builder(Event.CALL).eventTime(EVENT_TIME).build()));
    }

    private static HttpCall encode(Tencent t) {
        return t.codec().encode(batch(t), credentials(), context(NONCE));
    }

    @Test
    void queryModeSendsTheTokenTimestampAndNonceInTheQuery() {
        HttpCall call = encode(tencent());

        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.uri().toString()).isEqualTo("https://api.e.qq.com/v3.0/user_actions/add?access_token=" + TOKEN
                + "&timestamp=" + TIMESTAMP + "&nonce=" + NONCE);
        assertThat(call.headers()).containsExactly(Map.entry("Content-Type", "application/json"));
        assertThat(call.body()).isEqualTo(body("2345").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void headerModeSendsTheTokenAsAnAccessTokenHeader() {
        HttpCall call = encode(tencent("qhtrack.tencent.auth", "header"));

        assertThat(call.uri().toString()).isEqualTo("https://api.e.qq.com/v3.0/user_actions/add?timestamp=" + TIMESTAMP
                + "&nonce=" + NONCE);
        assertThat(call.headers()).containsExactly(Map.entry("Content-Type", "application/json"),
                Map.entry("access_token", TOKEN));
        assertThat(call.body()).isEqualTo(body("2345").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void headerHyphenModeSendsTheTokenAsAnAccessDashTokenHeader() {
        HttpCall call = encode(tencent("qhtrack.tencent.auth", "header-hyphen"));

        assertThat(call.uri().toString()).isEqualTo("https://api.e.qq.com/v3.0/user_actions/add?timestamp=" + TIMESTAMP
                + "&nonce=" + NONCE);
        assertThat(call.headers()).containsExactly(Map.entry("Content-Type", "application/json"),
                Map.entry("access-token", TOKEN));
        assertThat(call.body()).isEqualTo(body("2345").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void yuanModeWritesTheOrdersAmountInYuan() {
        HttpCall call = encode(tencent("qhtrack.tencent.value-unit", "yuan"));

        assertThat(new String(call.body(), StandardCharsets.UTF_8)).isEqualTo(body("23.45"));
    }

    @Test
    void theDescriptionShowsEverythingButTheToken() {
        assertThat(encode(tencent()).describe()).isEqualTo("POST https://api.e.qq.com/v3.0/user_actions/add"
                + "?access_token=******&timestamp=" + TIMESTAMP + "&nonce=" + NONCE + "\n"
                + "Content-Type: application/json\n\n" + body("2345"));
        assertThat(encode(tencent("qhtrack.tencent.auth", "header-hyphen")).describe()).isEqualTo(
                "POST https://api.e.qq.com/v3.0/user_actions/add?timestamp=" + TIMESTAMP + "&nonce=" + NONCE + "\n"
                        + "Content-Type: application/json\naccess-token: ******\n\n" + body("2345"));
    }
}
