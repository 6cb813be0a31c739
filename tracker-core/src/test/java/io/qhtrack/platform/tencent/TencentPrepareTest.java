package io.qhtrack.platform.tencent;

import static io.qhtrack.platform.tencent.TencentFixtures.CAPTURED;
import static io.qhtrack.platform.tencent.TencentFixtures.CLICK_ID;
import static io.qhtrack.platform.tencent.TencentFixtures.EVENT_TIME;
import static io.qhtrack.platform.tencent.TencentFixtures.LANDING_URL;
import static io.qhtrack.platform.tencent.TencentFixtures.NOW;
import static io.qhtrack.platform.tencent.TencentFixtures.click;
import static io.qhtrack.platform.tencent.TencentFixtures.credentials;
import static io.qhtrack.platform.tencent.TencentFixtures.mapped;
import static io.qhtrack.platform.tencent.TencentFixtures.tencent;
import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.Click;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Event;
import io.qhtrack.core.Origin;
import io.qhtrack.core.ProductLine;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.core.spi.PlatformEvent;
import io.qhtrack.core.spi.PlatformUpload;
import io.qhtrack.core.spi.Prepared;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** From a conversion for a Tencent click to what the outbox stores, or the reason there is nothing to store. */
@SuppressWarnings("deprecation") // 360's compatibility methods and amountFen, kept and tested
class TencentPrepareTest {

    private static final Tencent TENCENT = tencent();

    private static Prepared prepare(Click click, Conversion conversion) {
        return TENCENT.codec().prepare(click, conversion, mapped(TENCENT, conversion.event()), credentials(), NOW);
    }

    private static Prepared prepare(Conversion conversion) {
        return prepare(click(), conversion);
    }

    @Test
    void aLeadFormBecomesAReservationKeyedByItsTransId() {
        Conversion lead = Conversion.builder(Event.SUBMIT)
                .transIdFromForm(Map.of("name", Arrays.asList("张三"), "phone", Arrays.asList("13800000000")))
                .eventTime(EVENT_TIME).build();

        PlatformUpload u = prepare(lead).upload();

        assertThat(u.platform()).isEqualTo("tencent");
        assertThat(u.tenant()).isEqualTo("default");
        assertThat(u.line()).isEqualTo("default");
        assertThat(u.clickId()).isEqualTo(CLICK_ID);
        assertThat(u.event()).isEqualTo("RESERVATION");
        assertThat(u.conversionKey()).isEqualTo(lead.transId().get()).hasSize(32);
        assertThat(u.eventTime()).isEqualTo(EVENT_TIME);
        assertThat(u.origin()).isEqualTo(Origin.SERVER);
        assertThat(u.payload()).isEqualTo("{\"action_time\":" + EVENT_TIME.getEpochSecond()
                + ",\"action_type\":\"RESERVATION\",\"click_id\":\"" + CLICK_ID + "\",\"url\":\"" + LANDING_URL
                + "\",\"outer_action_id\":\"" + lead.transId().get() + "\"}");
    }

    @Test
    void anOrderKeepsItsAmountInFen() {
        PlatformUpload u = prepare(Conversion.builder(Event.ORDER).transIdFromOrderId("A-1").amountYuan("23.45")
                .eventTime(EVENT_TIME).build()).upload();

        assertThat(u.event()).isEqualTo("COMPLETE_ORDER");
        assertThat(u.payload()).endsWith(",\"value_fen\":2345}");
    }

    @Test
    void withoutAnEventTimeTheActionHappenedWhenItWasReportedInWholeSeconds() {
        Instant now = Instant.parse("2026-03-04T05:06:07.890Z");
        PlatformUpload u = TENCENT.codec().prepare(click(), Conversion.builder(Event.CALL).build(),
                mapped(TENCENT, Event.CALL), credentials(), now).upload();

        assertThat(u.eventTime()).isEqualTo(Instant.parse("2026-03-04T05:06:07Z"));
        assertThat(u.payload()).startsWith("{\"action_time\":" + now.getEpochSecond() + ",");
    }

    @Test
    void aBrowserEventKeepsItsOriginAndItsPageViewKey() {
        PlatformUpload u = prepare(Conversion.builder(Event.CALL_BUTTON).origin(Origin.BROWSER).transId("pv-7f3a")
                .build()).upload();

        assertThat(u.origin()).isEqualTo(Origin.BROWSER);
        assertThat(u.event()).isEqualTo("MAKE_PHONE_CALL");
        assertThat(u.conversionKey()).isEqualTo("pv-7f3a");
        assertThat(u.payload()).contains("\"outer_action_id\":\"pv-7f3a\"");
    }

    @Test
    void theTenantOfTheClickIsKept() {
        Click click = Click.builder("tencent", CLICK_ID).landingUrl(LANDING_URL).tenant("shop-42").capturedAt(CAPTURED)
                .build();

        assertThat(prepare(click, Conversion.builder(Event.CALL).build()).upload().tenant()).isEqualTo("shop-42");
    }

    /** The types that do not stand for one form, order or payment go without a key when the conversion has none. */
    @ParameterizedTest
    @EnumSource(value = Event.class, names = {"CALL_BUTTON", "CALL", "ADVISORY", "ADD_FANS_WX", "REGISTERED"})
    void aConversionWithoutTransIdGoesWithoutOuterActionIdWhereTheTypeAllows(Event event) {
        PlatformUpload u = prepare(Conversion.builder(event).build()).upload();

        assertThat(u.conversionKey()).isEmpty();
        assertThat(u.payload()).doesNotContain("outer_action_id");
    }

    @Test
    void whatTencentHasNoPlaceForIsLeftOutAndNamed() {
        Prepared p = prepare(Conversion.builder(Event.PAY).transIdFromOrderId("A-2").amountFen(100).score(3)
                .outerUserId("u-1").businessName("店").registrationTime(Instant.parse("2025-01-01T00:00:00Z"))
                .dataSource("chat").build());

        assertThat(p.leftOut()).containsExactly("score", "outerUserId", "businessName", "registrationTime",
                "dataSource");
        assertThat(p.upload().payload()).doesNotContain("u-1").doesNotContain("店").doesNotContain("chat");
    }

    @Test
    void theSameConversionPreparedTwiceIsTheSameUpload() {
        Conversion order = Conversion.builder(Event.ORDER).transIdFromOrderId("A-1").amountFen(2345)
                .eventTime(EVENT_TIME).build();

        assertThat(prepare(order).upload()).isEqualTo(prepare(order).upload());
        assertThat(prepare(order).upload().payload()).isEqualTo(prepare(order).upload().payload());
    }

    static Stream<Arguments> refusals() {
        Click noLandingUrl = Click.builder("tencent", CLICK_ID).capturedAt(CAPTURED).build();
        Click baidu = Click.builder("baidu", CLICK_ID).landingUrl(LANDING_URL).capturedAt(CAPTURED).build();
        Click otherLine = Click.builder("tencent", CLICK_ID).line("ps").landingUrl(LANDING_URL).capturedAt(CAPTURED)
                .build();
        Click qihoo = Click.of(ProductLine.PC_SEARCH, CLICK_ID, CAPTURED);
        return Stream.of(
                Arguments.of("a click without its landing URL", noLandingUrl,
                        Conversion.builder(Event.CALL).build(), "the click has no landing URL"),
                Arguments.of("a lead form without its transId", click(), Conversion.builder(Event.SUBMIT).build(),
                        "SUBMIT is sent to Tencent as RESERVATION, one form, order or payment"),
                Arguments.of("an order without its transId", click(),
                        Conversion.builder(Event.ORDER).amountFen(100).build(), "give the conversion its transId"),
                Arguments.of("a payment without its transId", click(), Conversion.builder(Event.PAY_SUCCESS).build(),
                        "as PURCHASE"),
                Arguments.of("a contact left without its transId", click(),
                        Conversion.builder(Event.LEAVE_CONTACT).build(), "as LEAVE_INFORMATION"),
                Arguments.of("an amount with a lead form", click(),
                        Conversion.builder(Event.SUBMIT).transId("f-1").amountFen(100).build(),
                        "RESERVATION, which takes no amount (only COMPLETE_ORDER, PURCHASE do)"),
                Arguments.of("an amount with a call", click(), Conversion.builder(Event.CALL).amountFen(0).build(),
                        "PHONE_CONNECTED, which takes no amount"),
                Arguments.of("a Baidu click", baidu, Conversion.builder(Event.CALL).build(),
                        "a baidu click on line default cannot be reported to Tencent"),
                Arguments.of("a 360 click", qihoo, Conversion.builder(Event.CALL).build(),
                        "a qihoo360 click on line ps"),
                Arguments.of("a Tencent click on a line Tencent does not have", otherLine,
                        Conversion.builder(Event.CALL).build(), "a tencent click on line ps"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void whatTencentCannotTakeIsInvalidAndTheMessageSaysWhy(String what, Click click, Conversion conversion,
            String message) {
        Prepared p = prepare(click, conversion);

        assertThat(p.isReady()).isFalse();
        assertThat(p.rejection()).isEqualTo(TrackOutcome.Status.INVALID);
        assertThat(p.message()).contains(message);
    }

    @Test
    void anEventThatIsNotOneOfTencentsTypesIsNotOffered() {
        Prepared p = TENCENT.codec().prepare(click(), Conversion.builder(Event.SUBMIT).transId("f-1").build(),
                PlatformEvent.of("3", "表单提交成功"), credentials(), NOW);

        assertThat(p.rejection()).isEqualTo(TrackOutcome.Status.EVENT_NOT_OFFERED);
        assertThat(p.message()).isEqualTo("3 is not one of Tencent's action types");
    }

    @Test
    void aTimeTencentCannotTakeIsInvalid() {
        Instant beyond = Instant.ofEpochSecond(Integer.MAX_VALUE + 1L);
        Prepared p = TENCENT.codec().prepare(click(), Conversion.builder(Event.CALL).build(),
                mapped(TENCENT, Event.CALL), credentials(), beyond);

        assertThat(p.rejection()).isEqualTo(TrackOutcome.Status.INVALID);
        assertThat(p.message()).contains("action_time: 2147483648 is not epoch seconds from 1 to 2147483647");
    }

    @Test
    void aMappingOverrideDecidesTheRules() {
        Tencent leadsAreLeaveInformation = tencent("qhtrack.tencent.events", "CALL=LEAVE_INFORMATION");
        Prepared p = leadsAreLeaveInformation.codec().prepare(click(), Conversion.builder(Event.CALL).build(),
                mapped(leadsAreLeaveInformation, Event.CALL), credentials(), NOW);

        assertThat(p.rejection()).isEqualTo(TrackOutcome.Status.INVALID);
        assertThat(p.message()).contains("CALL is sent to Tencent as LEAVE_INFORMATION");
    }
}
