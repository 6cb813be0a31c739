package io.qhtrack.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Conversion} and its builder: amounts, trans_id derivation and validation. */
@SuppressWarnings("deprecation") // 360's compatibility methods and amountFen, kept and tested
class ConversionTest {

    @ParameterizedTest(name = "{0} yuan = {1} fen")
    @CsvSource({
        "19.99,  1999",
        "0.1,    10",
        "23.450, 2345",
        "23.45,  2345",
        "100,    10000",
        "0,      0",
        "0.00,   0",
        "0.01,   1",
        // these three are not exact in binary floating point (0.29 * 100 = 28.999999999999996)
        "0.29,   29",
        "1.13,   113",
        "4.35,   435",
        "'  8.80 ', 880",
        "999999999999999.99, 99999999999999999",
    })
    void yuanTextBecomesFenExactly(String yuan, long fen) {
        assertThat(Conversion.builder(Event.ORDER).amountYuan(yuan).build().amountFen()).hasValue(fen);
    }

    @ParameterizedTest(name = "{0} yuan = {1} fen")
    @CsvSource({"19.99, 1999", "0.1, 10", "23.450, 2345", "100, 10000", "1E+1, 1000", "0, 0"})
    void yuanDecimalBecomesFenExactly(BigDecimal yuan, long fen) {
        assertThat(Conversion.builder(Event.ORDER).amountYuan(yuan).build().amountFen()).hasValue(fen);
    }

    @ParameterizedTest(name = "\"{0}\" is refused")
    @ValueSource(strings = {"0.001", "1.005", "-1", "-0.01", "abc", "1e3", "", " ", "1.", ".5", "1,5", "NaN",
        "Infinity", "0x10", "１２", "1 000", "12.3.4", "+1", "1234567890123456"})
    void yuanTextThatIsNotAWholeNumberOfFenIsRefusedNamingAmountYuan(String yuan) {
        Conversion.Builder builder = Conversion.builder(Event.ORDER);

        assertThatThrownBy(() -> builder.amountYuan(yuan))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("amountYuan");
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"0.001", "1.005", "-1", "-0.01"})
    void yuanDecimalThatIsNotAWholeNumberOfFenIsRefusedNamingAmountYuan(String yuan) {
        Conversion.Builder builder = Conversion.builder(Event.ORDER);

        assertThatThrownBy(() -> builder.amountYuan(new BigDecimal(yuan)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("amountYuan");
    }

    @Test
    void aRefusedAmountLeavesThePreviousOneInPlace() {
        Conversion.Builder builder = Conversion.builder(Event.ORDER).amountYuan("1.00");

        assertThatThrownBy(() -> builder.amountYuan("1.005")).isInstanceOf(IllegalArgumentException.class);
        assertThat(builder.build().amountFen()).hasValue(100);
    }

    @Test
    void aNegativeAmountInFenIsRefused() {
        assertThatThrownBy(() -> Conversion.builder(Event.ORDER).amountFen(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("amountFen");
    }

    @Test
    void transIdFromOrderIdIsTheMd5OfTheOrderId() {
        // printf '%s' 'ORDER-2026-0001' | md5sum
        assertThat(Conversion.builder(Event.ORDER).transIdFromOrderId("ORDER-2026-0001").build().transId())
                .contains("3d490bd2c9d3a9b07a39227554becdd5");
    }

    @Test
    void transIdFromOrderIdMatchesTheDocumentsExample() {
        // section 4.2 sends trans_id 202cb962ac59075b964b07152d234b70, which is md5("123")
        assertThat(Conversion.builder(Event.ORDER).transIdFromOrderId("123").build().transId())
                .contains("202cb962ac59075b964b07152d234b70");
    }

    @Test
    void transIdFromOrderIdHashesTheUtf8BytesOfChineseOrderIds() {
        // printf '%s' '订单-0001' | md5sum
        assertThat(Conversion.builder(Event.ORDER).transIdFromOrderId("订单-0001").build().transId())
                .contains("e3a578f257ededdc0329aa21496955ef");
    }

    @Test
    void transIdFromOrderIdDiffersForDifferentOrders() {
        // printf '%s' 'ORDER-2026-0002' | md5sum
        assertThat(Conversion.builder(Event.ORDER).transIdFromOrderId("ORDER-2026-0002").build().transId())
                .contains("a75911394b374bfba9e4b5a8b6f96273");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", " ORDER-1", "ORDER-1 ", "ORDER\n1"})
    void transIdFromOrderIdRefusesBlankOrPaddedIds(String orderId) {
        assertThatThrownBy(() -> Conversion.builder(Event.ORDER).transIdFromOrderId(orderId))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("orderId");
    }

    @Test
    void transIdFromFormDoesNotDependOnFieldOrder() {
        Map<String, List<String>> nameFirst = new LinkedHashMap<>();
        nameFirst.put("name", List.of("张三"));
        nameFirst.put("phone", List.of("13800000000"));
        Map<String, List<String>> phoneFirst = new LinkedHashMap<>();
        phoneFirst.put("phone", List.of("13800000000"));
        phoneFirst.put("name", List.of("张三"));

        String a = Conversion.builder(Event.SUBMIT).transIdFromForm(nameFirst).build().transId().orElseThrow();
        String b = Conversion.builder(Event.SUBMIT).transIdFromForm(phoneFirst).build().transId().orElseThrow();

        assertThat(a).isEqualTo(b).matches("[0-9a-f]{32}");
    }

    @Test
    void transIdFromFormIsStableAcrossCalls() {
        Map<String, List<String>> form = Map.of("name", List.of("张三"), "phone", List.of("13800000000"));

        assertThat(Conversion.builder(Event.SUBMIT).transIdFromForm(form).build().transId())
                .isEqualTo(Conversion.builder(Event.SUBMIT).transIdFromForm(Map.copyOf(form)).build().transId());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a different value      | name=张三;phone=13800000001",
        "a different field name | name=张三;mobile=13800000000",
        "a missing field        | name=张三",
        "an extra field         | name=张三;phone=13800000000;city=北京",
        "values moved across    | name=张三13800000000;phone=",
        "boundary moved         | nam=e张三;phone=13800000000",
        "two values             | name=张三,李四;phone=13800000000",
    })
    void transIdFromFormDiffersForDifferentForms(String what, String other) {
        Map<String, List<String>> form = Map.of("name", List.of("张三"), "phone", List.of("13800000000"));

        String base = Conversion.builder(Event.SUBMIT).transIdFromForm(form).build().transId().orElseThrow();
        String changed = Conversion.builder(Event.SUBMIT).transIdFromForm(parseForm(other)).build().transId()
                .orElseThrow();

        assertThat(changed).as(what).isNotEqualTo(base);
    }

    private static Map<String, List<String>> parseForm(String text) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        for (String field : text.split(";")) {
            String[] kv = field.split("=", -1);
            form.put(kv[0], kv[1].isEmpty() ? List.of("") : List.of(kv[1].split(",")));
        }
        return form;
    }

    @Test
    void transIdFromAnEmptyFormIsRefused() {
        assertThatThrownBy(() -> Conversion.builder(Event.SUBMIT).transIdFromForm(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("form");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", " ", " t-1", "t-1 ", "t\u0000-1", "t\t1", "t\n1"})
    void aTransIdThatIsBlankPaddedOrHasControlCharactersIsRefused(String transId) {
        assertThatThrownBy(() -> Conversion.builder(Event.SUBMIT).transId(transId))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("transId");
    }

    @Test
    void aTransIdOf128CharactersIsAcceptedAnd129Refused() {
        assertThat(Conversion.builder(Event.SUBMIT).transId("x".repeat(128)).build().transId()).isPresent();
        assertThatThrownBy(() -> Conversion.builder(Event.SUBMIT).transId("x".repeat(129)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("transId");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void aScoreThatIsNotPositiveIsRefused(int score) {
        assertThatThrownBy(() -> Conversion.builder(Event.SUBMIT).score(score))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("score");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1970-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "2038-01-19T03:14:08Z"})
    void anEventTimeOutsideInt32EpochSecondsIsRefused(String time) {
        assertThatThrownBy(() -> Conversion.builder(Event.SUBMIT).eventTime(Instant.parse(time)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eventTime");
    }

    @Test
    void theLastInt32SecondIsAValidEventTime() {
        assertThat(Conversion.builder(Event.SUBMIT).eventTime(Instant.parse("2038-01-19T03:14:07Z")).build()
                .eventTime()).isPresent();
    }

    @ParameterizedTest
    @ValueSource(longs = {999_999_999L, 10_000_000_000L, 0L})
    void aRegistrationTimeThatIsNotTenDigitSecondsIsRefused(long seconds) {
        assertThatThrownBy(() -> Conversion.builder(Event.ORDER).registrationTime(Instant.ofEpochSecond(seconds)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("registrationTime");
    }

    @Test
    void textFieldsLongerThan256CharactersAreRefusedNamingTheField() {
        String tooLong = "x".repeat(257);
        Conversion.Builder b = Conversion.builder(Event.SUBMIT);

        assertThatThrownBy(() -> b.outerUserId(tooLong)).hasMessageContaining("outerUserId");
        assertThatThrownBy(() -> b.businessName(tooLong)).hasMessageContaining("businessName");
        assertThatThrownBy(() -> b.dataSource(tooLong)).hasMessageContaining("dataSource");
    }

    @Test
    void aConversionNeedsAnEvent() {
        assertThatThrownBy(() -> Conversion.builder(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void anUnsetFieldIsEmpty() {
        Conversion c = Conversion.builder(Event.CALL).build();

        assertThat(c.event()).isEqualTo(Event.CALL);
        assertThat(c.transId()).isEmpty();
        assertThat(c.amountFen()).isEmpty();
        assertThat(c.score()).isEmpty();
        assertThat(c.eventTime()).isEmpty();
        assertThat(c.outerUserId()).isEmpty();
        assertThat(c.businessName()).isEmpty();
        assertThat(c.registrationTime()).isEmpty();
        assertThat(c.dataSource()).isEmpty();
    }

    @Test
    void toBuilderCopiesEveryField() {
        Conversion c = Conversion.builder(Event.ORDER).transId("t").amountYuan("1.23").score(3)
                .eventTime(Instant.ofEpochSecond(1700000000L)).outerUserId("u").businessName("b")
                .registrationTime(Instant.ofEpochSecond(1600000000L)).dataSource("d").build();

        assertThat(c.toBuilder().build()).isEqualTo(c).hasSameHashCodeAs(c);
        assertThat(c.toBuilder().score(4).build()).isNotEqualTo(c);
    }
}
