package io.qhtrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each open question of the spec page is a named setting of FakeBaidu, shown both ways. */
class BaiduOpenQuestionsTest extends FakeBaiduFixture {

    private static FakeBaidu.Received sendTo(FakeBaidu other, ObjectNode body) {
        call(post(other.endpoint(), "application/json", body.toString().getBytes(StandardCharsets.UTF_8)));
        return other.received().get(other.received().size() - 1);
    }

    // ---------------------------------------------------------------- 1: newType 4

    @Test
    void type4IsRefusedByDefaultNamingTheFixture() {
        FakeBaidu.Received received = send(body(item(4)));

        assertThat(only(received).reason()).contains("newType 4 is disputed", "open question 1",
                "FakeBaidu.Builder.acceptDisputedType4()");
    }

    @Test
    void acceptDisputedType4AcceptsIt() {
        try (FakeBaidu lenient = FakeBaidu.builder().token(TOKEN).acceptDisputedType4().start()) {
            assertThat(sendTo(lenient, body(item(4))).status()).isZero();
        }
    }

    @Test
    void newTypesReplacesTheKnownTypesButNeverAdmits4() {
        try (FakeBaidu account = FakeBaidu.builder().token(TOKEN).newTypes(3, 46).start()) {
            assertThat(sendTo(account, body(item(46))).status()).isZero();
            assertThat(only(sendTo(account, body(item(14)))).reason())
                    .startsWith("newType 14 is not one of the known conversion types [3, 46]");
        }
        assertThatThrownBy(() -> FakeBaidu.builder().newTypes(3, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("newType 4 is disputed: call acceptDisputedType4() to accept it");
    }

    // ---------------------------------------------------------------- 2: when convertTime is required

    static Stream<Arguments> convertTimeRules() {
        return Stream.of(
                Arguments.of(FakeBaidu.ConvertTimeRule.ALWAYS, 3, false),
                Arguments.of(FakeBaidu.ConvertTimeRule.ALWAYS, 46, false),
                Arguments.of(FakeBaidu.ConvertTimeRule.TYPES_45_TO_48, 3, true),
                Arguments.of(FakeBaidu.ConvertTimeRule.TYPES_45_TO_48, 45, false),
                Arguments.of(FakeBaidu.ConvertTimeRule.TYPES_45_TO_48, 48, false),
                Arguments.of(FakeBaidu.ConvertTimeRule.TYPES_45_TO_48, 49, true),
                Arguments.of(FakeBaidu.ConvertTimeRule.TYPE_46, 45, true),
                Arguments.of(FakeBaidu.ConvertTimeRule.TYPE_46, 46, false));
    }

    @ParameterizedTest(name = "{0}: newType {1} without convertTime accepted: {2}")
    @MethodSource("convertTimeRules")
    void convertTimeIsRequiredAsTheRuleSays(FakeBaidu.ConvertTimeRule rule, int newType, boolean acceptedWithout) {
        try (FakeBaidu ruled = FakeBaidu.builder().token(TOKEN).newTypes(3, 45, 46, 47, 48, 49)
                .convertTimeRequired(rule).start()) {
            ObjectNode item = item(newType);
            item.remove("convertTime");

            FakeBaidu.Received received = sendTo(ruled, body(item));

            assertThat(received.accepted()).as("%s", received).isEqualTo(acceptedWithout);
            if (!acceptedWithout) {
                assertThat(only(received).reason()).startsWith("convertTime is required");
            }
        }
    }

    @Test
    void theDefaultRuleIsAlways() {
        ObjectNode item = item(3);
        item.remove("convertTime");

        assertThat(only(send(body(item))).reason()).isEqualTo("convertTime is required (FakeBaidu requires it on "
                + "every item: ConvertTimeRule.ALWAYS, open question 2): epoch seconds of the conversion");
    }

    // ---------------------------------------------------------------- 3: outerEventId de-duplication

    @Test
    void aRepeatedOuterEventIdForTheSameBdVidIsAcceptedMarkedDuplicateAndNotCounted() {
        send(body(item(3).put("outerEventId", "form-1")));
        FakeBaidu.Received second = send(body(item(3).put("outerEventId", "form-1")));

        FakeBaidu.Item repeat = only(second);
        assertThat(repeat.accepted()).isTrue();
        assertThat(repeat.duplicate()).isTrue();
        assertThat(repeat.counted()).isFalse();
        assertThat(repeat.reason()).isEqualTo("accepted, but a duplicate of item #" + fake.received().get(0).number()
                + ".0 (same bd_vid and outerEventId: Baidu counts it once");
        assertThat(second.status()).isZero();
    }

    @Test
    void theSameOuterEventIdForAnotherEventIsADuplicateTooBecauseBaiduKeysOnItAlone() {
        FakeBaidu.Received received = send(body(item(14).put("outerEventId", "order-7"),
                item(10).put("outerEventId", "order-7")));

        assertThat(received.items()).extracting(FakeBaidu.Item::duplicate).containsExactly(false, true);
    }

    @Test
    void anotherBdVidOrNoOuterEventIdIsNeverADuplicate() {
        send(body(item(3).put("outerEventId", "form-1"), item(3), item(3)));
        ObjectNode otherClick = item(3).put("outerEventId", "form-1");
        otherClick.put("logidUrl", "https://www.example.com/?bd_vid=another-click");
        send(body(otherClick));

        assertThat(fake.accepted()).hasSize(4).noneMatch(FakeBaidu.Item::duplicate).allMatch(FakeBaidu.Item::counted);
    }

    @Test
    void outerEventIdIgnoredCountsTheRepeatAgainButStillMarksIt() {
        try (FakeBaidu ignoring = FakeBaidu.builder().token(TOKEN).outerEventIdIgnored().start()) {
            sendTo(ignoring, body(item(3).put("outerEventId", "form-1")));
            FakeBaidu.Item repeat = only(sendTo(ignoring, body(item(3).put("outerEventId", "form-1"))));

            assertThat(repeat.duplicate()).isTrue();
            assertThat(repeat.counted()).isTrue();
            assertThat(repeat.reason()).contains("counts it again (outerEventIdIgnored)");
        }
    }

    @Test
    void aRefusedItemTakesNoOuterEventIdSoItsCorrectedRepeatIsNoDuplicate() {
        send(body(item(99).put("outerEventId", "form-1")));
        FakeBaidu.Item corrected = only(send(body(item(3).put("outerEventId", "form-1"))));

        assertThat(corrected.duplicate()).isFalse();
    }

    // ---------------------------------------------------------------- 4: the re-upload window

    @Test
    void withoutMaxConvertAgeAnOldConversionIsAccepted() {
        assertThat(send(body(item(3).put("convertTime", CONVERT_TIME - 365L * 24 * 3600))).status()).isZero();
    }

    @Test
    void maxConvertAgeRefusesConversionsOlderThanItByTheFakesClock() {
        MovableClock clock = new MovableClock(NOW);
        try (FakeBaidu windowed = FakeBaidu.builder().token(TOKEN).clock(clock).maxConvertAge(Duration.ofHours(24))
                .start()) {
            assertThat(sendTo(windowed, body(item(3))).status()).isZero();

            clock.move(Duration.ofHours(25));
            FakeBaidu.Received late = sendTo(windowed, body(item(3)));

            assertThat(late.status()).isEqualTo(2);
            assertThat(only(late).reason()).contains("is older than the re-upload window this FakeBaidu was given "
                    + "(maxConvertAge PT24H; Baidu publishes none: open question 4)");
        }
    }
}
