package io.qhtrack.platform.baidu;

import static io.qhtrack.platform.baidu.BaiduFixtures.CAPTURED;
import static io.qhtrack.platform.baidu.BaiduFixtures.CLICK_ID;
import static io.qhtrack.platform.baidu.BaiduFixtures.EVENT_TIME;
import static io.qhtrack.platform.baidu.BaiduFixtures.LANDING_URL;
import static io.qhtrack.platform.baidu.BaiduFixtures.NOW;
import static io.qhtrack.platform.baidu.BaiduFixtures.click;
import static io.qhtrack.platform.baidu.BaiduFixtures.credentials;
import static io.qhtrack.platform.baidu.BaiduFixtures.lead;
import static io.qhtrack.platform.baidu.BaiduFixtures.mapped;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link BaiduCodec#prepare}: what the outbox stores, and what Baidu would refuse, refused at once. */
@SuppressWarnings("deprecation") // 360's compatibility methods and amountFen, kept and tested
class BaiduPrepareTest {

    private static Prepared prepare(Click click, Conversion conversion) {
        return prepare(click, conversion, mapped(conversion.event()));
    }

    private static Prepared prepare(Click click, Conversion conversion, PlatformEvent event) {
        return new Baidu().codec().prepare(click, conversion, event, credentials(), NOW);
    }

    private static Prepared prepare(Conversion conversion) {
        return prepare(click(), conversion);
    }

    @Test
    void aLeadBecomesTheExactItemWithTheNeutralFieldsBeside() {
        PlatformUpload u = prepare(lead()).upload();

        assertThat(u.payload()).isEqualTo("{\"logidUrl\":\"" + LANDING_URL + "\",\"newType\":3,\"convertTime\":"
                + EVENT_TIME.getEpochSecond() + ",\"outerEventId\":\"" + lead().transId().orElseThrow() + "\"}");
        assertThat(u.platform()).isEqualTo("baidu");
        assertThat(u.tenant()).isEqualTo("default");
        assertThat(u.line()).isEqualTo("default");
        assertThat(u.clickId()).isEqualTo(CLICK_ID);
        assertThat(u.event()).isEqualTo("3");
        assertThat(u.conversionKey()).isEqualTo(lead().transId().orElseThrow());
        assertThat(u.eventTime()).isEqualTo(EVENT_TIME);
        assertThat(u.origin()).isEqualTo(Origin.SERVER);
    }

    @Test
    void anOrderCarriesItsAmountInFen() {
        Conversion order = Conversion.builder(Event.ORDER).transIdFromOrderId("A-1001").amountYuan("23.45")
                .eventTime(EVENT_TIME).build();

        assertThat(prepare(order).upload().payload()).contains("\"newType\":14,").contains("\"convertValue\":2345,");
    }

    @Test
    void withoutAnEventTimeConvertTimeIsTheTimeOfTheReport() {
        Conversion c = Conversion.builder(Event.CALL_BUTTON).transId("pv-1").build();

        PlatformUpload u = prepare(c).upload();

        assertThat(u.eventTime()).isEqualTo(NOW);
        assertThat(u.payload()).contains("\"convertTime\":" + NOW.getEpochSecond() + ",");
    }

    @Test
    void anOrderWithoutAnAmountIsSentWithoutConvertValue() {
        Conversion order = Conversion.builder(Event.ORDER).transIdFromOrderId("A-1001").build();

        assertThat(prepare(order).upload().payload()).doesNotContain("convertValue");
    }

    @Test
    void theTenantAndTheBrowsersOriginAreKept() {
        Click click = Click.builder("baidu", CLICK_ID).landingUrl(LANDING_URL).tenant("shop-7").capturedAt(CAPTURED)
                .build();
        Conversion tap = Conversion.builder(Event.WX_BUTTON_C).transId("pv-9").origin(Origin.BROWSER).build();

        PlatformUpload u = prepare(click, tap).upload();

        assertThat(u.tenant()).isEqualTo("shop-7");
        assertThat(u.origin()).isEqualTo(Origin.BROWSER);
        assertThat(u.event()).isEqualTo("35");
    }

    @Test
    void fieldsBaiduHasNoPlaceForAreLeftOutAndNamed() {
        Conversion c = Conversion.builder(Event.PAY).transIdFromOrderId("A-1").amountFen(100).score(3)
                .outerUserId("u-1").businessName("店").registrationTime(Instant.parse("2025-01-01T00:00:00Z"))
                .dataSource("chat-tool").build();

        Prepared p = prepare(c);

        assertThat(p.leftOut()).containsExactly("score", "outerUserId", "businessName", "registrationTime",
                "dataSource");
        assertThat(p.upload().payload()).doesNotContain("u-1").doesNotContain("chat-tool");
    }

    @Test
    void anOuterEventIdOfExactly255BytesIsAccepted() {
        String key = "键".repeat(85); // 3 bytes each in UTF-8

        assertThat(prepare(Conversion.builder(Event.SUBMIT).transId(key).build()).isReady()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // what is wrong                 | the message names
        "no landing URL                  | logidUrl: the click has no landing URL",
        "landing URL without bd_vid      | does not carry bd_vid=" + CLICK_ID,
        "landing URL of another click    | does not carry bd_vid=" + CLICK_ID,
        "a form without trans_id         | outerEventId: SUBMIT is sent to Baidu as newType 3 (表单提交成功), a lead form",
        "trans_id of 256 bytes           | outerEventId: the conversion's trans_id has 256 bytes of UTF-8, more than "
                + "Baidu's 255",
        "amount on a form                | convertValue: newType 3 (表单提交成功) takes no amount",
        "amount beyond a Baidu int       | convertValue: 2147483648 fen is not between 0 and 2147483647",
        "a 360 click                     | a qihoo360 click cannot be reported to Baidu",
        "an event of another platform    | 'SUBMIT' is not one of Baidu's newType values"})
    void whatBaiduWouldRefuseIsInvalidAtOnceNamingTheFieldAndTheFix(String wrong, String message) {
        Prepared p = refusal(wrong.trim());

        assertThat(p.isReady()).isFalse();
        assertThat(p.rejection()).isEqualTo(TrackOutcome.Status.INVALID);
        assertThat(p.message()).contains(message.trim());
    }

    private static Prepared refusal(String wrong) {
        switch (wrong) {
            case "no landing URL":
                return prepare(Click.builder("baidu", CLICK_ID).capturedAt(CAPTURED).build(), lead());
            case "landing URL without bd_vid":
                return prepare(click(CLICK_ID, "https://shop.example.cn/landing?utm_source=baidu"), lead());
            case "landing URL of another click":
                return prepare(click(CLICK_ID, "https://shop.example.cn/landing?bd_vid=other"), lead());
            case "a form without trans_id":
                return prepare(Conversion.builder(Event.SUBMIT).build());
            case "trans_id of 256 bytes":
                return prepare(Conversion.builder(Event.SUBMIT).transId("键".repeat(85) + "x").build());
            case "amount on a form":
                return prepare(Conversion.builder(Event.SUBMIT).transId("f-1").amountFen(100).build());
            case "amount beyond a Baidu int":
                return prepare(Conversion.builder(Event.PAY).transId("o-1").amountFen(2_147_483_648L).build());
            case "a 360 click":
                return prepare(Click.of(ProductLine.PC_SEARCH, "SATss51237212004", CAPTURED), lead());
            case "an event of another platform":
                return prepare(click(), lead(), PlatformEvent.of("SUBMIT", "表单提交"));
            default:
                throw new AssertionError(wrong);
        }
    }

    @Test
    void theLandingUrlsBdVidMayBePercentEncodedAndAmongOtherParameters() {
        Click click = click(CLICK_ID, "https://shop.example.cn/p?a=1&bd_vid=" + CLICK_ID.replace("n", "%6E")
                + "&b=%E4%B8%AD");

        assertThat(prepare(click, lead()).isReady()).isTrue();
    }

    @Test
    void aParameterThatMerelyEndsInBdVidIsNotBdVid() {
        Click click = click(CLICK_ID, "https://shop.example.cn/p?xbd_vid=" + CLICK_ID);

        assertThat(prepare(click, lead()).message()).contains("does not carry bd_vid=");
    }

    @ParameterizedTest
    @CsvSource({"PAY, 26", "PAY_SUCCESS, 10", "ORDER, 14", "PLACE_ORDER, 14"})
    void theOrdersAndPaymentsCarryAnAmount(Event event, String newType) {
        Conversion c = Conversion.builder(event).transId("o-1").amountFen(1).build();

        assertThat(prepare(c).upload().payload()).contains("\"newType\":" + newType + ",")
                .contains("\"convertValue\":1,");
    }

    @Test
    void aZeroAmountIsSent() {
        Conversion c = Conversion.builder(Event.PAY).transId("o-1").amountFen(0).build();

        assertThat(prepare(c).upload().payload()).contains("\"convertValue\":0,");
    }

    @ParameterizedTest
    @CsvSource({
        // event           | newType | a key is required
        "SUBMIT,             3,  true",
        "LEAVE_CONTACT,      18, true",
        "ORDER,              14, true",
        "PLACE_ORDER,        14, true",
        "PAY,                26, true",
        "PAY_SUCCESS,        10, true",
        "SUBMIT_BUTTON,      5,  false",
        "CALL_BUTTON,        2,  false",
        "CALL,               30, false",
        "ADVISORY_BUTTON,    1,  false",
        "ADVISORY,           19, false",
        "EFFECTIVE_ADVISORY, 17, false",
        "WX_BUTTON_C,        35, false",
        "ADD_FANS_WX,        79, false",
        "SITE_VISIT_DEPTH,   20, false",
        "VPPV,               20, false"})
    void aKeyIsRequiredOnlyForLeadFormsOrdersAndPayments(Event event, String newType, boolean required) {
        Prepared p = prepare(Conversion.builder(event).build());

        assertThat(new Baidu().codec().requiresConversionKey(io.qhtrack.core.spi.Line.single(),
                PlatformEvent.of(newType, ""))).isEqualTo(required);
        if (required) {
            assertThat(p.isReady()).isFalse();
            assertThat(p.rejection()).isEqualTo(TrackOutcome.Status.INVALID);
            assertThat(p.message()).startsWith("outerEventId: " + event.name() + " is sent to Baidu as newType "
                    + newType).contains("transIdFromOrderId");
        } else {
            assertThat(p.isReady()).as(p.toString()).isTrue();
            assertThat(p.upload().payload()).contains("\"newType\":" + newType + ",").doesNotContain("outerEventId");
            assertThat(p.upload().conversionKey()).isEmpty();
        }
    }

    @Test
    void aConversionWithAKeySendsItAsOuterEventIdWhateverItsType() {
        Prepared p = prepare(Conversion.builder(Event.CALL_BUTTON).transId("page-view-7").build());

        assertThat(p.upload().payload()).endsWith(",\"outerEventId\":\"page-view-7\"}");
        assertThat(p.upload().conversionKey()).isEqualTo("page-view-7");
    }
}
