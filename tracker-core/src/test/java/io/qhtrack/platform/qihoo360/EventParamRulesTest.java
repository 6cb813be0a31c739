package io.qhtrack.platform.qihoo360;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Event;
import io.qhtrack.core.Fixtures;
import io.qhtrack.core.ProductLine;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code event_param} rules of section 4.4, written out again here from 360's document: for every key, line and
 * offered event, a conversion carrying that key either has it in the body or leaves it out (and says so).
 */
@SuppressWarnings("deprecation") // 360's compatibility methods and amountFen, kept and tested
class EventParamRulesTest {

    private static final List<String> ALL_LINES = List.of("web", "ps", "ms", "zs");
    private static final List<String> AMOUNT_EVENTS = List.of("ORDER", "LOW_PAY", "APP_PAY", "PAY_SUCCESS", "PAY");
    private static final List<String> URTIME_EVENTS = List.of("ORDER", "COUSTOMIZE");

    /** Section 4.4, by key, line short name and event wire name. */
    static boolean documentAccepts(String key, String line, String event) {
        switch (key) {
            case "value":
                return List.of("zs", "ps", "ms").contains(line) && AMOUNT_EVENTS.contains(event);
            case "score":
            case "outeruserid":
                return List.of("zs", "ps", "ms").contains(line);
            case "bname":
                return line.equals("zs");
            case "urtime":
                return List.of("zs", "ps").contains(line) && URTIME_EVENTS.contains(event);
            default:
                throw new IllegalArgumentException(key);
        }
    }

    /** The conversion carrying only {@code key}, and the JSON value that key must have on the wire. */
    static Conversion carrying(String key, Event event) {
        Conversion.Builder b = Conversion.builder(event).transId("t-0001");
        switch (key) {
            case "value":
                return b.amountFen(2345).build();
            case "score":
                return b.score(123).build();
            case "outeruserid":
                return b.outerUserId("user001").build();
            case "bname":
                return b.businessName("RPG").build();
            case "urtime":
                return b.registrationTime(Instant.ofEpochSecond(1705487632L)).build();
            default:
                throw new IllegalArgumentException(key);
        }
    }

    static String expectedJson(String key) {
        switch (key) {
            case "value":
                return "2345";
            case "score":
                return "123";
            case "outeruserid":
                return "\"user001\"";
            case "bname":
                return "\"RPG\"";
            case "urtime":
                return "1705487632";
            default:
                throw new IllegalArgumentException(key);
        }
    }

    /** Every key × line × event the line offers. */
    static Stream<Arguments> cells() {
        return Stream.of("value", "score", "outeruserid", "bname", "urtime").flatMap(key -> ALL_LINES.stream()
                .flatMap(line -> Arrays.stream(Event.values())
                        .filter(e -> e.isOfferedOn(Fixtures.line(line)))
                        .map(e -> Arguments.of(key, line, e.wireName(), documentAccepts(key, line, e.wireName())))));
    }

    @ParameterizedTest(name = "{0} on {1} for {2}: sent={3}")
    @MethodSource("cells")
    void aParameterIsSentOnlyWhereSection44AcceptsIt(String key, String line, String wire, boolean sent) {
        Event event = Event.find(wire).orElseThrow();

        Preparation ready = Fixtures.ready(Fixtures.prepare(Fixtures.line(line), carrying(key, event)));

        JsonNode detail = Fixtures.detail(ready.upload());
        if (sent) {
            assertThat(detail.path("event_param").toString()).isEqualTo("{\"" + key + "\":" + expectedJson(key) + "}");
            assertThat(ready.leftOut()).isEmpty();
        } else {
            assertThat(detail.has("event_param")).as("event_param present in %s", detail).isFalse();
            assertThat(ready.leftOut()).extracting(EventParam::key).containsExactly(key);
        }
    }

    @ParameterizedTest(name = "{0} on {1} for {2}: accepted={3}")
    @MethodSource("cells")
    void isAcceptedForAgreesWithSection44(String key, String line, String wire, boolean accepted) {
        EventParam param = Arrays.stream(EventParam.values()).filter(p -> p.key().equals(key)).findFirst().orElseThrow();

        assertThat(param.isAcceptedFor(Fixtures.line(line), Event.find(wire).orElseThrow())).isEqualTo(accepted);
    }

    @Test
    void thereAreExactlyTheFiveKeysOfSection44() {
        assertThat(EventParam.values()).extracting(EventParam::key)
                .containsExactly("value", "score", "outeruserid", "bname", "urtime");
    }

    @ParameterizedTest(name = "{0} is a JSON {1}")
    @CsvSource({"value, INTEGER", "score, INTEGER", "outeruserid, STRING", "bname, STRING", "urtime, INTEGER"})
    void eachKeyHasItsDocumentedType(String key, EventParam.Type type) {
        assertThat(Arrays.stream(EventParam.values()).filter(p -> p.key().equals(key)).findFirst().orElseThrow().type())
                .isEqualTo(type);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"SUBMIT", "CALL", "ADVISORY", "SITEDOWNLOAD"})
    void mobilePromotionSendsNoEventParamAtAll(String wire) {
        Conversion everything = Conversion.builder(Event.find(wire).orElseThrow()).transId("t-0001").amountFen(100)
                .score(5).outerUserId("u1").businessName("b").registrationTime(Instant.ofEpochSecond(1705487632L))
                .build();

        Preparation ready = Fixtures.ready(Fixtures.prepare(ProductLine.MOBILE_PROMOTION, everything));

        assertThat(Fixtures.detail(ready.upload()).has("event_param")).isFalse();
        assertThat(ready.leftOut()).isEqualTo(EnumSet.allOf(EventParam.class));
    }

    @Test
    void allAcceptedParametersAreSentTogetherInAFixedOrder() {
        Conversion everything = Conversion.builder(Event.ORDER).transId("t-0001").amountFen(2345).score(9)
                .outerUserId("user001").businessName("RPG").registrationTime(Instant.ofEpochSecond(1705487632L))
                .build();

        Preparation ready = Fixtures.ready(Fixtures.prepare(ProductLine.DISPLAY, everything));

        assertThat(Fixtures.detail(ready.upload()).path("event_param").toString()).isEqualTo(
                "{\"value\":2345,\"score\":9,\"outeruserid\":\"user001\",\"bname\":\"RPG\",\"urtime\":1705487632}");
        assertThat(ready.leftOut()).isEmpty();
    }

    @Test
    void onlyTheRefusedParametersAreLeftOut() {
        Conversion everything = Conversion.builder(Event.SUBMIT).transId("t-0001").amountFen(2345).score(9)
                .outerUserId("user001").businessName("RPG").registrationTime(Instant.ofEpochSecond(1705487632L))
                .build();

        Preparation ready = Fixtures.ready(Fixtures.prepare(ProductLine.MOBILE_SEARCH, everything));

        assertThat(Fixtures.detail(ready.upload()).path("event_param").toString())
                .isEqualTo("{\"score\":9,\"outeruserid\":\"user001\"}");
        assertThat(ready.leftOut()).isEqualTo(Set.of(EventParam.VALUE, EventParam.BUSINESS_NAME,
                EventParam.REGISTRATION_TIME));
    }

    @Test
    void aZeroAmountIsSentAsZero() {
        Upload upload = Fixtures.upload(ProductLine.PC_SEARCH,
                Conversion.builder(Event.ORDER).transId("t-0001").amountFen(0).build());

        assertThat(Fixtures.detail(upload).path("event_param").toString()).isEqualTo("{\"value\":0}");
    }
}
