package io.qhtrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** FakeTencent's rules for the body: the request's fields, the batch limits, each action, the value's unit. */
class TencentBodyTest extends FakeTencentFixture {

    private static ObjectNode trace(ObjectNode action) {
        return (ObjectNode) action.get("trace");
    }

    private static Arguments accepted(String name, Consumer<ObjectNode> change) {
        return Arguments.of(name, change);
    }

    private static Arguments refused(String name, Consumer<ObjectNode> change, int code, String field, String reason) {
        return Arguments.of(name, change, code, field, reason);
    }

    static Stream<Arguments> acceptedActions() {
        return Stream.of(
                accepted("the required fields and action_time", action -> { }),
                accepted("no action_time (Tencent uses its own time)", action -> action.remove("action_time")),
                accepted("an outer_action_id", action -> action.put("outer_action_id", "order-7")),
                accepted("a value in fen", action -> action.putObject("action_param").put("value", 2345)),
                accepted("a value of 0", action -> action.putObject("action_param").put("value", 0)),
                accepted("an empty action_param", action -> action.putObject("action_param")),
                accepted("the registered domain itself", action -> action.put("url", "https://example.com/")),
                accepted("a deeper sub-domain, upper case", action -> action.put("url", "http://M.Shop.Example.com/a")),
                accepted("a qz_gdt click id of 16 characters", action -> trace(action).put("click_id",
                        "qz0abcdEFGhij123")),
                accepted("a page with a fragment", action -> action.put("url", PAGE + "#/form")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedActions")
    void aValidActionIsAccepted(String name, Consumer<ObjectNode> change) {
        ObjectNode action = action("RESERVATION");
        change.accept(action);

        FakeTencent.Received received = send(body(action));

        assertThat(received.code()).as("%s", received).isZero();
        assertThat(received.actions()).singleElement().satisfies(one -> assertThat(one.accepted()).isTrue());
    }

    @ParameterizedTest(name = "action_type {0}")
    @MethodSource("defaultActionTypes")
    void everyActionTypeOfTheSpecPageIsKnown(String actionType) {
        assertThat(send(body(action(actionType))).code()).isZero();
    }

    static Stream<String> defaultActionTypes() {
        return FakeTencent.DEFAULT_ACTION_TYPES.stream();
    }

    static Stream<Arguments> refusedActions() {
        return Stream.of(
                refused("no action_type", action -> action.remove("action_type"), 18001, "action_type",
                        "action_type is required"),
                refused("an action_type that is a number", action -> action.put("action_type", 3), 18002, "action_type",
                        "action_type must be a string, got number 3"),
                refused("an unknown action_type", action -> action.put("action_type", "SUBMIT"), 18009, "action_type",
                        "action_type \"SUBMIT\" is not one of [ADD_WECHAT, COMPLETE_ORDER"),
                refused("a lower-case action_type", action -> action.put("action_type", "reservation"), 18009,
                        "action_type", "is not one of"),
                refused("no trace", action -> action.remove("trace"), 18001, "trace", "trace is required"),
                refused("a trace that is the click id", action -> action.put("trace", CLICK_ID), 18002, "trace",
                        "trace must be an object, got string"),
                refused("no click_id", action -> action.putObject("trace"), 18001, "trace.click_id",
                        "click_id is required"),
                refused("an empty click_id", action -> trace(action).put("click_id", ""), 18001,
                        "trace.click_id", "click_id must not be empty"),
                refused("another field in trace", action -> trace(action).put("gdt_vid", CLICK_ID), 34109,
                        "trace.gdt_vid", "unknown field trace.gdt_vid; trace has only click_id"),
                refused("no url", action -> action.remove("url"), 18001, "url", "url is required"),
                refused("a relative url", action -> action.put("url", "/course"), 34109, "url",
                        "url must be an absolute http(s) URL with a host"),
                refused("another domain", action -> action.put("url", "https://shop.example.net/"), 34109, "url",
                        "url's host shop.example.net is not the registered domain example.com or a sub-domain of it"),
                refused("a look-alike domain", action -> action.put("url", "https://badexample.com/"), 34109, "url",
                        "url's host badexample.com is not the registered domain"),
                refused("the domain as a prefix", action -> action.put("url", "https://example.com.evil.cn/"), 34109,
                        "url", "url's host example.com.evil.cn is not"),
                refused("action_time in milliseconds", action -> action.put("action_time", ACTION_TIME * 1000), 18003,
                        "action_time", "looks like milliseconds: Tencent wants epoch seconds (10 digits)"),
                refused("action_time 0", action -> action.put("action_time", 0), 18004, "action_time",
                        "action_time must be positive epoch seconds"),
                refused("action_time as a string", action -> action.put("action_time", Long.toString(ACTION_TIME)),
                        18002, "action_time", "action_time must be epoch seconds (an integer), got string"),
                refused("an empty outer_action_id", action -> action.put("outer_action_id", ""), 18001,
                        "outer_action_id", "outer_action_id must not be empty"),
                refused("a value in yuan in fen mode", action -> action.putObject("action_param").put("value", 23.45),
                        18002, "action_param.value", "value is an amount in fen (an integer), got 23.45: yuan?"),
                refused("a value as a string", action -> action.putObject("action_param").put("value", "2345"), 18002,
                        "action_param.value", "value must be a number (an integer amount in fen), got string"),
                refused("a negative value", action -> action.putObject("action_param").put("value", -1), 18004,
                        "action_param.value", "value must be an amount >= 0, got -1"),
                refused("another key in action_param", action -> action.putObject("action_param").put("amount", 1),
                        34109, "action_param.amount", "unknown field action_param.amount; this fake knows only value"),
                refused("a user_id (not click_id mode)", action -> action.putObject("user_id"), 34109, "user_id",
                        "a field of Tencent's UserAction that the web click_id mode does not use"),
                refused("an unknown field", action -> action.put("gdt_vid", CLICK_ID), 34109, "gdt_vid",
                        "unknown field gdt_vid; an action here has only [action_param, action_time, action_type"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedActions")
    void anActionBreakingARuleRefusesTheRequestNamingTheActionAndField(String name, Consumer<ObjectNode> change,
            int code, String field, String reason) {
        ObjectNode bad = action("RESERVATION");
        change.accept(bad);

        HttpResponse<String> response = call(post(authed(), body(action("RESERVATION"), bad)));

        JsonNode answer = json(response);
        assertThat(answer.get("code").asInt()).as("%s", answer).isEqualTo(code);
        JsonNode error = answer.get("errors").get(0);
        assertThat(answer.get("errors")).hasSize(1);
        assertThat(error.get("type").asText()).isEqualTo("COMMON_PARAM_EXCEPTION");
        assertThat(error.get("common_param_exception_spec").get("error_fields").get(0).asText())
                .isEqualTo("actions[1]." + field);
        assertThat(error.get("description").asText()).contains(reason);
        FakeTencent.Received received = fake.received().get(0);
        assertThat(received.accepted()).isFalse();
        assertThat(received.actions()).noneMatch(FakeTencent.Action::accepted);
        assertThat(received.actions().get(1).reason()).startsWith("actions[1]." + field + ": ").contains(reason);
        assertThat(received.actions().get(0).reason()).startsWith("not refused itself: the request was refused (code "
                + code);
    }

    @Test
    void everyWrongActionIsNamedAndTheCodeIsTheFirstOnes() {
        ObjectNode late = action("RESERVATION").put("action_time", ACTION_TIME * 1000);
        ObjectNode elsewhere = action("PURCHASE").put("url", "https://example.org/");

        HttpResponse<String> response = call(post(authed(), body(late, action("CONSULT"), elsewhere)));

        JsonNode answer = json(response);
        assertThat(answer.get("code").asInt()).isEqualTo(18003);
        assertThat(answer.get("message").asText()).isEqualTo("The value you specified for 'actions[0].action_time' is "
                + "invalid. Valid values must be not greater than 9999999999.");
        assertThat(answer.get("message_cn").asText()).isEqualTo("参数actions[0].action_time无效，取值需不大于9999999999");
        assertThat(answer.get("errors")).extracting(error -> error.get("common_param_exception_spec")
                .get("error_fields").get(0).asText()).containsExactly("actions[0].action_time", "actions[2].url");
        assertThat(fake.received().get(0).reason()).startsWith("actions[0].action_time: action_time ")
                .contains("; actions[2].url: url's host example.org");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"x\"", "7"})
    void anActionMustBeAnObject(String json) {
        String body = "{\"account_id\":" + ACCOUNT_ID + ",\"user_action_set_id\":" + ACTION_SET_ID + ",\"actions\":["
                + json + "]}";

        FakeTencent.Received received = exchange(post(authed(), body.getBytes(StandardCharsets.UTF_8)));

        assertThat(received.code()).isEqualTo(18002);
        assertThat(received.reason()).startsWith("actions[0]: actions[0] must be an object");
    }

    // ---------------------------------------------------------------- the request's fields

    @Test
    void anotherAccountIs12201() {
        ObjectNode body = body(action("RESERVATION"));
        body.put("account_id", 999);

        FakeTencent.Received received = send(body);

        assertThat(received.code()).isEqualTo(12201);
        assertThat(received.message()).isEqualTo("Parameter 'account_id' is invalid.");
        assertThat(received.reason()).isEqualTo("account_id: account_id 999 is not the configured account " + ACCOUNT_ID
                + " (or this token may not operate it)");
    }

    @Test
    void anotherActionSetIsRefused() {
        ObjectNode body = body(action("RESERVATION"));
        body.put("user_action_set_id", 1);

        FakeTencent.Received received = send(body);

        assertThat(received.code()).isEqualTo(34109);
        assertThat(received.message()).isEqualTo("Parameter user_action_set_id is invalid");
    }

    @Test
    void idsAreRequiredIntegers() {
        ObjectNode body = body(action("RESERVATION"));
        body.remove("account_id");
        assertThat(send(body).message()).isEqualTo("Your request is missing a required parameter. The required "
                + "parameter is 'account_id'.");

        body.put("account_id", Long.toString(ACCOUNT_ID));
        FakeTencent.Received asText = send(body);
        assertThat(asText.code()).isEqualTo(18002);
        assertThat(asText.message()).isEqualTo("Parameter 'account_id' must be integer .");
    }

    @Test
    void v11sDataSourceIdIsRefusedByName() {
        ObjectNode body = body(action("RESERVATION"));
        body.remove("user_action_set_id");
        body.put("data_source_id", ACTION_SET_ID);

        FakeTencent.Received received = send(body);

        assertThat(received.code()).isEqualTo(34109);
        assertThat(received.reason()).isEqualTo("data_source_id: unknown field data_source_id: that is v1.1's name of "
                + "the action set; v3.0 names it user_action_set_id (open question 2)");
    }

    @Test
    void anUnknownTopLevelFieldIsRefused() {
        ObjectNode body = body(action("RESERVATION"));
        body.put("access_token", ACCESS_TOKEN);

        FakeTencent.Received received = send(body);

        assertThat(received.code()).isEqualTo(34109);
        assertThat(received.reason()).startsWith("access_token: unknown field access_token; the request has only");
        assertThat(received.toString()).doesNotContain(ACCESS_TOKEN);
    }

    // ---------------------------------------------------------------- batch limits

    @Test
    void fiftyActionsAreAccepted() {
        FakeTencent.Received received = send(bodyOf(50));

        assertThat(received.code()).isZero();
        assertThat(fake.accepted()).hasSize(50);
    }

    @Test
    void fiftyOneActionsAreTooMany() {
        FakeTencent.Received received = send(bodyOf(51));

        assertThat(received.code()).isEqualTo(64022);
        assertThat(received.message()).isEqualTo("Your request contains too many values for actions. This parameter can "
                + "have a maximum of 50 value(s).");
        assertThat(received.actions()).hasSize(51).noneMatch(FakeTencent.Action::accepted);
    }

    @Test
    void noActionsAreTooFew() {
        FakeTencent.Received received = send(body());

        assertThat(received.code()).isEqualTo(18012);
        assertThat(received.reason()).isEqualTo("actions: actions is empty; send 1 to 50");
    }

    /** A body of exactly {@code bytes} bytes: one action whose outer_action_id pads it. */
    private static byte[] bodyOfSize(int bytes) {
        ObjectNode body = body(action("RESERVATION").put("outer_action_id", ""));
        int padding = bytes - body.toString().getBytes(StandardCharsets.UTF_8).length;
        ((ObjectNode) body.get("actions").get(0)).put("outer_action_id", "p".repeat(padding));
        byte[] encoded = body.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(encoded).hasSize(bytes);
        return encoded;
    }

    @Test
    void aBodyOf50KbIsAcceptedAndOneByteMoreIsNot() {
        assertThat(exchange(post(authed(), bodyOfSize(FakeTencent.MAX_BODY_BYTES))).code()).isZero();

        FakeTencent.Received tooLarge = exchange(post(authed(), bodyOfSize(FakeTencent.MAX_BODY_BYTES + 1)));
        assertThat(tooLarge.code()).isEqualTo(18003);
        assertThat(tooLarge.reason()).isEqualTo("body: the body has 51201 bytes; Tencent takes at most 50 KB (51200 "
                + "bytes)");
    }

    @Test
    void actionsMustBeAnArray() {
        ObjectNode body = body();
        body.set("actions", action("RESERVATION"));

        assertThat(send(body).reason()).isEqualTo("actions: actions must be an array, got an object");
    }

    // ---------------------------------------------------------------- the shape and encoding

    @Test
    void aBodyThatIsNotJsonIs12003() {
        FakeTencent.Received received = exchange(post(authed(), "account_id=1".getBytes(StandardCharsets.UTF_8)));

        assertThat(received.code()).isEqualTo(12003);
        assertThat(received.message()).isEqualTo("JSON string is malformed.");
        assertThat(received.reason()).startsWith("the body is not valid JSON");
    }

    @Test
    void aFormContentTypeIs12003() {
        FakeTencent.Received received = exchange(java.net.http.HttpRequest.newBuilder(authed())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body(action("RESERVATION")).toString())).build());

        assertThat(received.code()).isEqualTo(12003);
        assertThat(received.reason()).startsWith("Content-Type must be application/json");
    }

    @Test
    void anotherPathOrMethodIs12007() {
        FakeTencent.Received wrongPath = exchange(post(authed().resolve("/v1.1/user_actions/add"),
                body(action("RESERVATION"))));
        FakeTencent.Received get = exchange(java.net.http.HttpRequest.newBuilder(authed()).GET().build());

        assertThat(wrongPath.code()).isEqualTo(12007);
        assertThat(wrongPath.reason()).isEqualTo("POST /v1.1/user_actions/add is not this API: it is POST "
                + "/v3.0/user_actions/add");
        assertThat(get.code()).isEqualTo(12007);
    }

    // ---------------------------------------------------------------- the value's unit (open question 3)

    @Test
    void inFenTheValueIsRecordedAsItArrived() {
        ObjectNode order = action("COMPLETE_ORDER");
        order.putObject("action_param").put("value", 2345);

        FakeTencent.Action action = send(body(order)).actions().get(0);

        assertThat(action.value()).isEqualByComparingTo("2345");
        assertThat(action.valueFen()).isEqualTo(2345L);
    }

    @Test
    void inYuanADecimalIsAcceptedAndRecordedAsItArrived() {
        try (FakeTencent yuan = FakeTencent.builder().accessToken(ACCESS_TOKEN).accountId(ACCOUNT_ID)
                .userActionSetId(ACTION_SET_ID).domain(DOMAIN).clock(CLOCK).valueUnit(FakeTencent.ValueUnit.YUAN)
                .start()) {
            ObjectNode order = action("COMPLETE_ORDER");
            order.putObject("action_param").put("value", new BigDecimal("23.45"));
            ObjectNode tooFine = action("PURCHASE");
            tooFine.putObject("action_param").put("value", new BigDecimal("23.456"));

            call(post(authed(yuan.endpoint(), ACCESS_TOKEN, NOW.getEpochSecond(), nonce()), body(order)));
            call(post(authed(yuan.endpoint(), ACCESS_TOKEN, NOW.getEpochSecond(), nonce()), body(tooFine)));

            FakeTencent.Action accepted = yuan.accepted().get(0);
            assertThat(accepted.value()).isEqualByComparingTo("23.45");
            assertThat(accepted.valueFen()).isEqualTo(2345L);
            assertThat(yuan.received().get(1).reason()).contains("value 23.456 has more than 2 decimal places");
        }
    }
}
