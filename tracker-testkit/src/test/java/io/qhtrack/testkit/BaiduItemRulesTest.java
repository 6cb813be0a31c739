package io.qhtrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** FakeBaidu's rules for one conversion (an item of conversionTypes), table by table. */
class BaiduItemRulesTest extends FakeBaiduFixture {

    private static final String LONG_PATH = "https://www.example.com/p?bd_vid=" + BD_VID + "&pad=";

    private static Arguments accepted(String name, Consumer<ObjectNode> change) {
        return Arguments.of(name, change);
    }

    private static Arguments refused(String name, Consumer<ObjectNode> change, String field, String reason) {
        return Arguments.of(name, change, field, reason);
    }

    private static String ofLength(int length) {
        return LONG_PATH + "x".repeat(length - LONG_PATH.length());
    }

    static Stream<Arguments> acceptedItems() {
        return Stream.of(
                accepted("logidUrl, newType and convertTime only", item -> { }),
                accepted("an amount in fen", item -> item.put("convertValue", 2345)),
                accepted("an amount of 0 fen", item -> item.put("convertValue", 0)),
                accepted("an outerEventId of 255 ASCII bytes", item -> item.put("outerEventId", "e".repeat(255))),
                accepted("an outerEventId of 85 Chinese characters (255 bytes)",
                        item -> item.put("outerEventId", "订".repeat(85))),
                accepted("isConvert 0", item -> item.put("isConvert", 0)),
                accepted("isConvert 1", item -> item.put("isConvert", 1)),
                accepted("deviceType 2 with a deviceId", item -> item.put("deviceType", 2).put("deviceId", "d41d8cd9")),
                accepted("confidence 0", item -> item.put("confidence", 0)),
                accepted("confidence 100", item -> item.put("confidence", 100)),
                accepted("outerEventType quality_points_add", item -> item.put("outerEventType", "quality_points_add")),
                accepted("outerEventType custom_dedup", item -> item.put("outerEventType", "custom_dedup")),
                accepted("a plain http landing page", item -> item.put("logidUrl", "http://m.example.com/?bd_vid=1")),
                accepted("a logidUrl of exactly 1024 characters", item -> item.put("logidUrl", ofLength(1024))),
                accepted("bd_vid as the first parameter",
                        item -> item.put("logidUrl", "https://www.example.com/?bd_vid=" + BD_VID + "&a=b")),
                accepted("a percent-encoded bd_vid", item -> item.put("logidUrl", "https://www.example.com/?bd_vid=a%2Bb")),
                accepted("the same bd_vid twice", item -> item.put("logidUrl", LANDING + "&bd_vid=" + BD_VID)),
                accepted("a Chinese path", item -> item.put("logidUrl", "https://www.example.com/课程?bd_vid=1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedItems")
    void aValidConversionIsAccepted(String name, Consumer<ObjectNode> change) {
        ObjectNode item = item(3);
        change.accept(item);

        FakeBaidu.Received received = send(body(item));

        assertThat(received.status()).as("%s", received).isZero();
        assertThat(received.accepted()).isTrue();
        assertThat(only(received).accepted()).isTrue();
        assertThat(only(received).reason()).isEqualTo("accepted");
    }

    @ParameterizedTest(name = "newType {0}")
    @MethodSource("io.qhtrack.testkit.BaiduItemRulesTest#defaultTypes")
    void everyTypeOfTheSpecPageIsKnown(int newType) {
        assertThat(send(body(item(newType))).status()).isZero();
    }

    static Stream<Integer> defaultTypes() {
        return FakeBaidu.DEFAULT_NEW_TYPES.stream();
    }

    static Stream<Arguments> refusedItems() {
        return Stream.of(
                refused("no logidUrl", item -> item.remove("logidUrl"), "logidUrl", "logidUrl is required"),
                refused("a logidUrl that is a number", item -> item.put("logidUrl", 42), "logidUrl",
                        "logidUrl must be a string, got number 42"),
                refused("an empty logidUrl", item -> item.put("logidUrl", ""), "logidUrl",
                        "logidUrl must be a non-empty string"),
                refused("a logidUrl of 1025 characters", item -> item.put("logidUrl", ofLength(1025)), "logidUrl",
                        "logidUrl has 1025 characters; Baidu allows at most 1024 (drop other query parameters, never "
                                + "bd_vid)"),
                refused("a fragment", item -> item.put("logidUrl", LANDING + "#B_vid=" + BD_VID), "logidUrl",
                        "logidUrl must not carry a fragment"),
                refused("a relative URL", item -> item.put("logidUrl", "/course?bd_vid=1"), "logidUrl",
                        "logidUrl must be an absolute http(s) URL with a host"),
                refused("an ftp URL", item -> item.put("logidUrl", "ftp://www.example.com/?bd_vid=1"), "logidUrl",
                        "logidUrl must be an absolute http(s) URL with a host"),
                refused("white space in the URL", item -> item.put("logidUrl", "https://www.example.com/a b?bd_vid=1"),
                        "logidUrl", "logidUrl is not a valid URL"),
                refused("no bd_vid", item -> item.put("logidUrl", "https://www.example.com/course?from=ad"), "logidUrl",
                        "logidUrl has no bd_vid in its query"),
                refused("bd_vid only in the fragment's query",
                        item -> item.put("logidUrl", "https://www.example.com/#/form?bd_vid=1"), "logidUrl",
                        "must not carry a fragment"),
                refused("an empty bd_vid", item -> item.put("logidUrl", "https://www.example.com/?bd_vid="), "logidUrl",
                        "logidUrl's bd_vid is empty"),
                refused("an unreplaced __BD_VID__", item -> item.put("logidUrl", "https://www.example.com/?bd_vid=__BD_VID__"),
                        "logidUrl", "is an unreplaced macro, not a click id"),
                refused("an unreplaced {bd_vid}, encoded",
                        item -> item.put("logidUrl", "https://www.example.com/?bd_vid=%7Bbd_vid%7D"), "logidUrl",
                        "\"{bd_vid}\" is an unreplaced macro"),
                refused("two different bd_vid", item -> item.put("logidUrl", LANDING + "&bd_vid=other"), "logidUrl",
                        "logidUrl carries bd_vid 2 times with different values"),
                refused("no newType", item -> item.remove("newType"), "newType", "newType is required"),
                refused("newType as a string", item -> item.put("newType", "3"), "newType",
                        "newType must be an integer conversion type (a JSON integer), got string \"3\""),
                refused("newType 3.0", item -> item.put("newType", 3.0), "newType",
                        "newType must be an integer conversion type (a JSON integer), got number 3.0"),
                refused("an unknown newType", item -> item.put("newType", 99), "newType",
                        "newType 99 is not one of the known conversion types [1, 2, 3, 5, 10, 14, 17, 18, 19, 20, 26, "
                                + "30, 35, 45, 79]"),
                refused("the disputed newType 4", item -> item.put("newType", 4), "newType",
                        "newType 4 is disputed"),
                refused("no convertTime", item -> item.remove("convertTime"), "convertTime",
                        "convertTime is required (FakeBaidu requires it on every item"),
                refused("convertTime in milliseconds", item -> item.put("convertTime", CONVERT_TIME * 1000),
                        "convertTime", "convertTime " + CONVERT_TIME * 1000 + " looks like milliseconds"),
                refused("convertTime 0", item -> item.put("convertTime", 0), "convertTime",
                        "convertTime must be positive epoch seconds (at most 10 digits), got 0"),
                refused("a negative convertTime", item -> item.put("convertTime", -1), "convertTime",
                        "convertTime must be positive epoch seconds"),
                refused("convertTime of 11 digits", item -> item.put("convertTime", 17_369_061_000L), "convertTime",
                        "at most 10 digits"),
                refused("convertTime as a string", item -> item.put("convertTime", Long.toString(CONVERT_TIME)),
                        "convertTime", "convertTime must be epoch seconds (an integer) (a JSON integer), got string"),
                refused("an amount in yuan", item -> item.put("convertValue", 23.45), "convertValue",
                        "convertValue is an amount in fen (an integer), got 23.45: yuan?"),
                refused("an amount as a string", item -> item.put("convertValue", "2345"), "convertValue",
                        "convertValue must be an integer amount in fen (a JSON integer), got string"),
                refused("a negative amount", item -> item.put("convertValue", -1), "convertValue",
                        "convertValue must be an amount in fen >= 0, got -1"),
                refused("an outerEventId of 256 bytes", item -> item.put("outerEventId", "e".repeat(256)),
                        "outerEventId", "outerEventId has 256 bytes in UTF-8; Baidu allows at most 255"),
                refused("an outerEventId of 86 Chinese characters", item -> item.put("outerEventId", "订".repeat(86)),
                        "outerEventId", "outerEventId has 258 bytes in UTF-8"),
                refused("an outerEventId that is a number", item -> item.put("outerEventId", 42), "outerEventId",
                        "outerEventId must be a string, got number 42"),
                refused("an empty outerEventId", item -> item.put("outerEventId", " "), "outerEventId",
                        "outerEventId must be a non-empty string"),
                refused("an unknown outerEventType", item -> item.put("outerEventType", "dedup"), "outerEventType",
                        "outerEventType must be one of [custom_dedup, quality_points_add]"),
                refused("isConvert 2", item -> item.put("isConvert", 2), "isConvert",
                        "isConvert must be 0 (no conversion) or 1 (a conversion, the default), got 2"),
                refused("isConvert true", item -> item.put("isConvert", true), "isConvert", "got boolean true"),
                refused("deviceType 3", item -> item.put("deviceType", 3), "deviceType",
                        "deviceType must be 0 (Android), 1 (iOS) or 2 (other), got 3"),
                refused("a deviceId that is a number", item -> item.put("deviceId", 7), "deviceId",
                        "deviceId must be a string"),
                refused("confidence 101", item -> item.put("confidence", 101), "confidence",
                        "confidence must be 0 to 100, got 101"),
                refused("confidence -1", item -> item.put("confidence", -1), "confidence", "got -1"),
                refused("the old convertType", item -> item.put("convertType", 3), "convertType",
                        "newType replaced convertType"),
                refused("a bare bd_vid", item -> item.put("bd_vid", BD_VID), "bd_vid",
                        "send the whole landing URL with its bd_vid in logidUrl"),
                refused("an unknown field", item -> item.put("clickId", "x"), "clickId",
                        "unknown field clickId; a conversion has only [confidence, convertTime"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedItems")
    void aConversionBreakingARuleIsRefusedNamingTheRuleAndTheField(String name, Consumer<ObjectNode> change,
            String field, String reason) throws Exception {
        ObjectNode item = item(3);
        change.accept(item);
        byte[] bytes = body(item).toString().getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = call(post(fake.endpoint(), "application/json", bytes));

        FakeBaidu.Received received = fake.received().get(0);
        assertThat(received.status()).as("%s", received).isEqualTo(2);
        assertThat(only(received).accepted()).isFalse();
        assertThat(only(received).reason()).contains(reason);
        JsonNode error = header(response).get("errors").get(0);
        assertThat(error.get("position").asText()).isEqualTo("conversionTypes[0]." + field);
        assertThat(error.get("code").asInt()).isEqualTo(FakeBaidu.ERROR_CODE);
        assertThat(error.get("message").asText()).isEqualTo(only(received).reason());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonObjects")
    void aConversionMustBeAnObject(String json) throws Exception {
        FakeBaidu.Received received = send("{\"token\":\"" + TOKEN + "\",\"conversionTypes\":[" + json + "]}");

        assertThat(received.status()).isEqualTo(2);
        assertThat(only(received).reason()).startsWith("each conversion must be an object");
    }

    static Stream<String> nonObjects() {
        return Stream.of("\"" + LANDING + "\"", "3", "null", "[]");
    }
}
