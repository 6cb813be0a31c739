package io.qhtrack.platform.qihoo360;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.qhtrack.core.Account;
import io.qhtrack.core.Click;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Credentials;
import io.qhtrack.core.Event;
import io.qhtrack.core.Fixtures;
import io.qhtrack.core.ProductLine;
import io.qhtrack.core.TrackOutcome;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Uploads#prepare}: credentials, trans_id, click field and jzqs per line (section 4.4). */
@SuppressWarnings("deprecation") // 360's compatibility methods and amountFen, kept and tested
class UploadsTest {

    /** Section 4.4, trans_id: required on zs always; on web, ps, ms when the event is SUBMIT or ORDER. */
    static boolean documentRequiresTransId(String line, String event) {
        return line.equals("zs") || event.equals("SUBMIT") || event.equals("ORDER");
    }

    static Stream<Arguments> offeredCells() {
        return Stream.of("web", "ps", "ms", "zs").flatMap(line -> Arrays.stream(Event.values())
                .filter(e -> e.isOfferedOn(Fixtures.line(line)))
                .map(e -> Arguments.of(line, e.wireName(), documentRequiresTransId(line, e.wireName()))));
    }

    @ParameterizedTest(name = "{1} on {0} without trans_id: required={2}")
    @MethodSource("offeredCells")
    void transIdIsRequiredExactlyOnDisplayAndForSubmitAndOrder(String line, String wire, boolean required) {
        Conversion withoutTransId = Conversion.builder(Event.find(wire).orElseThrow()).build();

        Preparation p = Fixtures.prepare(Fixtures.line(line), withoutTransId);

        if (required) {
            Preparation r = Fixtures.rejected(p);
            assertThat(r.rejection()).isEqualTo(TrackOutcome.Status.INVALID);
            assertThat(r.message()).contains("trans_id", wire, Fixtures.line(line).wireName());
        } else {
            assertThat(Fixtures.detail(Fixtures.ready(p).upload()).has("trans_id")).isFalse();
        }
    }

    @ParameterizedTest(name = "{1} on {0} with trans_id")
    @MethodSource("offeredCells")
    void aGivenTransIdIsAlwaysSent(String line, String wire, boolean required) {
        Conversion withTransId = Conversion.builder(Event.find(wire).orElseThrow()).transId("form-md5-0001").build();

        Upload upload = Fixtures.upload(Fixtures.line(line), withTransId);

        assertThat(Fixtures.detail(upload).path("trans_id").asText()).isEqualTo("form-md5-0001");
        assertThat(upload.transId()).contains("form-md5-0001");
    }

    @ParameterizedTest(name = "{0}: needs {1}")
    @CsvSource({
        "web, qhtrack.mobile.key",
        "ps,  qhtrack.search.key",
        "ms,  qhtrack.search.key",
        "zs,  qhtrack.display.key",
    })
    void aLineWithoutCredentialsIsNotConfigured(String line, String setting) {
        ProductLine l = Fixtures.line(line);
        Map<Account, Credentials> others = new HashMap<>(Fixtures.allCredentials());
        others.remove(l.account());

        Preparation p = Upload.prepare(Fixtures.click(l), Conversion.builder(Event.SUBMIT).transId("t").build(),
                others, Fixtures.NOW);

        Preparation r = Fixtures.rejected(p);
        assertThat(r.rejection()).isEqualTo(TrackOutcome.Status.LINE_NOT_CONFIGURED);
        assertThat(r.message()).contains(setting, l.wireName());
    }

    @Test
    void noCredentialsAtAllMeansNoLineIsConfigured() {
        for (ProductLine line : ProductLine.values()) {
            Preparation p = Upload.prepare(Fixtures.click(line), Conversion.builder(Event.SUBMIT).transId("t").build(),
                    Map.of(), Fixtures.NOW);
            assertThat(Fixtures.rejected(p).rejection()).as(line.shortName()).isEqualTo(TrackOutcome.Status.LINE_NOT_CONFIGURED);
        }
    }

    @ParameterizedTest(name = "{0}: click field {1}, jzqs {2}")
    @CsvSource({
        "web, impression_id, false",
        "ps,  qhclickid,     false",
        "ms,  qhclickid,     false",
        "zs,  qhclickid,     true",
    })
    void theClickIdGoesInTheLinesFieldAndJzqsOnlyOnDisplay(String line, String field, boolean jzqs) {
        ProductLine l = Fixtures.line(line);

        JsonNode detail = Fixtures.detail(Fixtures.upload(l, Conversion.builder(Event.SUBMIT).transId("t").build()));

        assertThat(detail.path(field).asText()).isEqualTo(Fixtures.clickIdFor(l));
        List<String> absent = new java.util.ArrayList<>(List.of("impression_id", "qhclickid", "sourceid"));
        absent.remove(field);
        for (String other : absent) {
            assertThat(detail.has(other)).as(other).isFalse();
        }
        if (jzqs) {
            assertThat(detail.path("jzqs").asText()).isEqualTo(Fixtures.DISPLAY_JZQS);
        } else {
            assertThat(detail.has("jzqs")).isFalse();
        }
    }

    @Test
    void displaysSourceidIsSentAsQhclickidWithJzqs() {
        Click click = Click.of(ProductLine.DISPLAY, "srcid0000001", Fixtures.CAPTURED);

        Upload upload = Fixtures.ready(Upload.prepare(click, Conversion.builder(Event.SUBMIT).transId("t").build(),
                Fixtures.allCredentials(), Fixtures.NOW)).upload();

        JsonNode data = Fixtures.json(upload.body(Fixtures.NOW)).path("data");
        assertThat(data.path("data_industry").asText()).isEqualTo("ocpc_zs_convert");
        assertThat(data.path("data_detail").path("qhclickid").asText()).isEqualTo("srcid0000001");
        assertThat(data.path("data_detail").path("jzqs").asText()).isEqualTo("7788");
    }

    @ParameterizedTest
    @CsvSource({"web, ocpc_web_convert", "ps, ocpc_ps_convert", "ms, ocpc_ms_convert", "zs, ocpc_zs_convert"})
    void dataIndustryIsTheLinesWireName(String line, String industry) {
        Upload upload = Fixtures.upload(Fixtures.line(line), Conversion.builder(Event.SUBMIT).transId("t").build());

        assertThat(Fixtures.json(upload.body(Fixtures.NOW)).path("data").path("data_industry").asText())
                .isEqualTo(industry);
    }

    @Test
    void eventTimeDefaultsToNow() {
        Upload upload = Fixtures.upload(ProductLine.PC_SEARCH, Conversion.builder(Event.CALL).build());

        assertThat(upload.eventTime()).isEqualTo(Fixtures.NOW.getEpochSecond());
        assertThat(Fixtures.detail(upload).path("event_time").asLong()).isEqualTo(1767225600L);
    }

    @Test
    void aGivenEventTimeIsKept() {
        Instant at = Instant.parse("2025-12-31T12:00:00Z");

        Upload upload = Fixtures.upload(ProductLine.PC_SEARCH, Conversion.builder(Event.CALL).eventTime(at).build());

        assertThat(Fixtures.detail(upload).path("event_time").asLong()).isEqualTo(at.getEpochSecond());
    }

    @Test
    void requestTimeIsTheAttemptsTimeNotTheEventTime() {
        Upload upload = Fixtures.upload(ProductLine.PC_SEARCH, Conversion.builder(Event.CALL).build());

        JsonNode data = Fixtures.json(upload.body(Instant.ofEpochSecond(1767229200L))).path("data");

        assertThat(data.path("request_time").asLong()).isEqualTo(1767229200L);
        assertThat(data.path("data_detail").path("event_time").asLong()).isEqualTo(1767225600L);
    }

    @Test
    void dataSourceIsSentOnlyWhenGiven() {
        Upload without = Fixtures.upload(ProductLine.PC_SEARCH, Conversion.builder(Event.ADVISORY).build());
        Upload with = Fixtures.upload(ProductLine.PC_SEARCH,
                Conversion.builder(Event.ADVISORY).dataSource("chat-tool").build());

        assertThat(Fixtures.json(without.body(Fixtures.NOW)).path("data").has("data_source")).isFalse();
        assertThat(Fixtures.json(with.body(Fixtures.NOW)).path("data").path("data_source").asText())
                .isEqualTo("chat-tool");
    }

    @Test
    void eventNotOfferedNamesTheLinesThatOfferIt() {
        Preparation p = Fixtures.prepare(ProductLine.MOBILE_PROMOTION,
                Conversion.builder(Event.ORDER).transId("t").build());

        Preparation r = Fixtures.rejected(p);
        assertThat(r.rejection()).isEqualTo(TrackOutcome.Status.EVENT_NOT_OFFERED);
        assertThat(r.message()).contains("ORDER", "ocpc_web_convert", "ocpc_ps_convert", "ocpc_ms_convert",
                "ocpc_zs_convert");
    }

    @Test
    void missingCredentialsAreReportedBeforeAnEventThatIsNotOffered() {
        Preparation p = Upload.prepare(Fixtures.click(ProductLine.MOBILE_PROMOTION),
                Conversion.builder(Event.ORDER).build(), Map.of(), Fixtures.NOW);

        assertThat(Fixtures.rejected(p).rejection()).isEqualTo(TrackOutcome.Status.LINE_NOT_CONFIGURED);
    }

    @EnumSource(ProductLine.class)
    @ParameterizedTest
    void theDeduplicationKeyIdentifiesLineClickEventAndTransId(ProductLine line) {
        Upload a = Fixtures.upload(line, Conversion.builder(Event.SUBMIT).transId("t-1").build());
        Upload sameAgain = Fixtures.ready(Upload.prepare(Click.of(line, Fixtures.clickIdFor(line), Fixtures.NOW),
                Conversion.builder(Event.SUBMIT).transId("t-1").eventTime(Instant.ofEpochSecond(1700000000L)).build(),
                Fixtures.allCredentials(), Fixtures.NOW)).upload();
        Upload otherTransId = Fixtures.upload(line, Conversion.builder(Event.SUBMIT).transId("t-2").build());
        Upload otherEvent = Fixtures.upload(line, Conversion.builder(Event.CALL).transId("t-1").build());

        assertThat(a.deduplicationKey()).isEqualTo(sameAgain.deduplicationKey())
                .isNotEqualTo(otherTransId.deduplicationKey())
                .isNotEqualTo(otherEvent.deduplicationKey());
        assertThat(a.deduplicationKey()).contains(line.shortName(), Fixtures.clickIdFor(line), "SUBMIT", "t-1");
    }
}
