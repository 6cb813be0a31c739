package io.qhtrack.platform.qihoo360;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qhtrack.core.Conversion;
import io.qhtrack.core.Event;
import io.qhtrack.core.Fixtures;
import io.qhtrack.core.ProductLine;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Upload#toStorageJson()} and {@link Upload#fromStorageJson(String)}: what an outbox keeps and reads back. */
@SuppressWarnings("deprecation") // 360's compatibility methods and amountFen, kept and tested
class UploadStorageTest {

    private static final String STORED_DISPLAY_ORDER = "{\"data\":{\"data_industry\":\"ocpc_zs_convert\","
            + "\"data_detail\":{\"qhclickid\":\"abcdefghijkl\",\"jzqs\":\"7788\",\"trans_id\":\"t-1\","
            + "\"event\":\"ORDER\",\"event_time\":1767225600,\"event_param\":{\"value\":2345,\"score\":3,"
            + "\"bname\":\"RPG\"}}}}";

    static Stream<Arguments> uploadsOfEveryLine() {
        Instant registered = Instant.ofEpochSecond(1705487632L);
        Instant at = Instant.ofEpochSecond(1767225000L);
        return Stream.of(
                Arguments.of("web, minimal", Fixtures.upload(ProductLine.MOBILE_PROMOTION,
                        Conversion.builder(Event.CALL).build())),
                Arguments.of("web, submit", Fixtures.upload(ProductLine.MOBILE_PROMOTION,
                        Conversion.builder(Event.SUBMIT).transId("表单/1 \"x\"").eventTime(at).build())),
                Arguments.of("ps, order with everything", Fixtures.upload(ProductLine.PC_SEARCH,
                        Conversion.builder(Event.ORDER).transIdFromOrderId("O-1").amountYuan("23.45").score(7)
                                .outerUserId("用户😀").registrationTime(registered).dataSource("chat").eventTime(at)
                                .build())),
                Arguments.of("ms, app pay", Fixtures.upload(ProductLine.MOBILE_SEARCH,
                        Conversion.builder(Event.APP_PAY).amountFen(100).outerUserId("u\\1").build())),
                Arguments.of("ms, minimal", Fixtures.upload(ProductLine.MOBILE_SEARCH,
                        Conversion.builder(Event.APP_DOWNLOAD).build())),
                Arguments.of("zs, order with everything", Fixtures.upload(ProductLine.DISPLAY,
                        Conversion.builder(Event.ORDER).transId("t-1").amountFen(0).score(1).outerUserId("u")
                                .businessName("游戏 RPG").registrationTime(registered).build())),
                Arguments.of("zs, customize", Fixtures.upload(ProductLine.DISPLAY,
                        Conversion.builder(Event.CUSTOMIZE).transId("t-2").registrationTime(registered).build())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("uploadsOfEveryLine")
    void anUploadReadBackFromStorageIsTheSameUpload(String name, Upload upload) {
        Upload back = Upload.fromStorageJson(upload.toStorageJson());

        assertThat(back).isEqualTo(upload);
        assertThat(back.body(Fixtures.NOW)).isEqualTo(upload.body(Fixtures.NOW));
        assertThat(back.deduplicationKey()).isEqualTo(upload.deduplicationKey());
        assertThat(back.line()).isEqualTo(upload.line());
        assertThat(back.eventParams()).isEqualTo(upload.eventParams());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("uploadsOfEveryLine")
    void storageJsonIsTheBodyWithoutRequestTime(String name, Upload upload) {
        String stored = upload.toStorageJson();

        assertThat(stored).doesNotContain("request_time");
        assertThat(new String(upload.body(Fixtures.NOW), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(stored.replace("{\"data\":{", "{\"data\":{\"request_time\":1767225600,"));
    }

    @Test
    void theStoredExampleIsValid() {
        Upload upload = Upload.fromStorageJson(STORED_DISPLAY_ORDER);

        assertThat(upload.toStorageJson()).isEqualTo(STORED_DISPLAY_ORDER);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "unknown line             | `\"data_industry\":\"ocpc_zs_convert\"` | `\"data_industry\":\"ocpc_xx_convert\"` | data_industry",
        "no line                  | `\"data_industry\":\"ocpc_zs_convert\",` | ``                                 | data_industry",
        "unknown event            | `\"event\":\"ORDER\"`         | `\"event\":\"BUY\"`                  | event",
        "event not offered        | `\"event\":\"ORDER\"`         | `\"event\":\"APP_PAY\"`              | event",
        "no click id              | `\"qhclickid\":\"abcdefghijkl\",` | ``                               | qhclickid",
        "click id with a space    | `\"qhclickid\":\"abcdefghijkl\"`  | `\"qhclickid\":\"abc def\"`        | qhclickid",
        "click id is a macro      | `\"qhclickid\":\"abcdefghijkl\"`  | `\"qhclickid\":\"__sourceid__\"`   | qhclickid",
        "no jzqs on display       | `\"jzqs\":\"7788\",`          | ``                                   | jzqs",
        "jzqs on search           | `ocpc_zs_convert`             | `ocpc_ps_convert`                    | jzqs",
        "no trans_id on display   | `\"trans_id\":\"t-1\",`       | ``                                   | trans_id",
        "no event_time            | `\"event_time\":1767225600,`  | ``                                   | event_time",
        "event_time zero          | `\"event_time\":1767225600`   | `\"event_time\":0`                   | event_time",
        "event_time too large     | `\"event_time\":1767225600`   | `\"event_time\":99999999999`         | event_time",
        "unknown event_param      | `\"score\":3`                 | `\"scor\":3`                         | event_param",
        "value is text            | `\"value\":2345`              | `\"value\":\"abc\"`                  | event_param.value",
        "value is a fraction      | `\"value\":2345`              | `\"value\":23.45`                    | event_param.value",
        "value is negative        | `\"value\":2345`              | `\"value\":-1`                       | event_param.value",
        "score is zero            | `\"score\":3`                 | `\"score\":0`                        | event_param.score",
        "bname is an object       | `\"bname\":\"RPG\"`           | `\"bname\":{\"x\":1}`                | event_param.bname",
        "not JSON                 | `{\"data\":`                  | `{\"data\"`                          | JSON",
    })
    void aTamperedStoredUploadIsRefusedNamingTheField(String what, String original, String replacement,
            String field) {
        assertThat(STORED_DISPLAY_ORDER).contains(original);
        String tampered = STORED_DISPLAY_ORDER.replace(original, replacement);

        assertThatThrownBy(() -> Upload.fromStorageJson(tampered))
                .as(what)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(field);
    }

    @Test
    void aStoredMobilePromotionUploadMustCarryImpressionId() {
        String stored = Fixtures.upload(ProductLine.MOBILE_PROMOTION, Conversion.builder(Event.CALL).build())
                .toStorageJson().replace("impression_id", "qhclickid");

        assertThatThrownBy(() -> Upload.fromStorageJson(stored))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("impression_id");
    }

    @Test
    void aStoredMobilePromotionUploadMustNotCarryEventParams() {
        String stored = Fixtures.upload(ProductLine.MOBILE_PROMOTION, Conversion.builder(Event.CALL).build())
                .toStorageJson().replace("\"event_time\":1767225600", "\"event_time\":1767225600,\"event_param\":{\"score\":1}");

        assertThatThrownBy(() -> Upload.fromStorageJson(stored))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("event_param.score");
    }

    @Test
    void aStoredSearchUploadForSubmitMustCarryTransId() {
        String stored = Fixtures.upload(ProductLine.PC_SEARCH, Conversion.builder(Event.SUBMIT).transId("t").build())
                .toStorageJson().replace("\"trans_id\":\"t\",", "");

        assertThatThrownBy(() -> Upload.fromStorageJson(stored))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trans_id");
    }
}
