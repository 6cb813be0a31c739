package io.qhtrack.platform.baidu;

import static io.qhtrack.platform.baidu.BaiduFixtures.CLICK_ID;
import static io.qhtrack.platform.baidu.BaiduFixtures.CONTEXT;
import static io.qhtrack.platform.baidu.BaiduFixtures.EVENT_TIME;
import static io.qhtrack.platform.baidu.BaiduFixtures.TOKEN;
import static io.qhtrack.platform.baidu.BaiduFixtures.baidu;
import static io.qhtrack.platform.baidu.BaiduFixtures.click;
import static io.qhtrack.platform.baidu.BaiduFixtures.credentials;
import static io.qhtrack.platform.baidu.BaiduFixtures.encode;
import static io.qhtrack.platform.baidu.BaiduFixtures.lead;
import static io.qhtrack.platform.baidu.BaiduFixtures.leads;
import static io.qhtrack.platform.baidu.BaiduFixtures.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Event;
import io.qhtrack.core.Origin;
import io.qhtrack.core.spi.Codec;
import io.qhtrack.core.spi.CredentialSet;
import io.qhtrack.core.spi.HttpCall;
import io.qhtrack.core.spi.PlatformUpload;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link BaiduCodec#encode}: the exact request, batches at Baidu's limits, and stored items edited by hand. */
@SuppressWarnings("deprecation") // 360's compatibility methods and amountFen, kept and tested
class BaiduEncodeTest {

    private static final Path GOLDEN = Paths.get("src/test/resources/golden/baidu-wire.txt");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A representative batch: a lead and an order of one click (one logidUrl, told apart by position), a payment of
     * another click whose landing URL has other and percent-encoded parameters and whose key is not ASCII, and a
     * browser's tap reported without an event time.
     */
    private static List<PlatformUpload> representativeBatch() {
        String otherId = "11058866628461563838";
        String otherUrl = "http://m.shop.example.cn/p/landing.html?kw=%E5%AD%A6%E8%B4%B9&bd_vid=" + otherId + "&s=1";
        return List.of(
                upload(lead()),
                upload(Conversion.builder(Event.ORDER).transIdFromOrderId("A-1001").amountYuan("23.45")
                        .eventTime(EVENT_TIME).build()),
                upload(click(otherId, otherUrl), Conversion.builder(Event.PAY_SUCCESS).transId("订单/2026-0001")
                        .amountFen(199_900).eventTime(EVENT_TIME.plusSeconds(61)).build()),
                upload(Conversion.builder(Event.CALL_BUTTON).transId("pv-7f3a").origin(Origin.BROWSER).build()));
    }

    @Test
    void theRepresentativeBatchHasTheseExactBytesHeadersAndUrl() throws IOException {
        HttpCall call = encode(representativeBatch());
        String now = "# request\n" + call.method() + " " + call.uri() + "\n" + headers(call) + "\n"
                + new String(call.body(), StandardCharsets.UTF_8) + "\n# describe()\n" + call.describe() + "\n";
        String write = System.getProperty("golden.write");
        if (write != null) {
            Files.write(Paths.get(write), now.getBytes(StandardCharsets.UTF_8));
        }

        assertThat(now).isEqualTo(new String(Files.readAllBytes(GOLDEN), StandardCharsets.UTF_8));
    }

    private static String headers(HttpCall call) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> h : call.headers().entrySet()) {
            sb.append(h.getKey()).append(": ").append(h.getValue()).append('\n');
        }
        return sb.toString();
    }

    @Test
    void theBodyIsTheTokenThenEachStoredItemAsStoredInTheBatchsOrder() throws IOException {
        List<PlatformUpload> batch = representativeBatch();

        JsonNode body = JSON.readTree(encode(batch).body());

        assertThat(body.fieldNames()).toIterable().containsExactly("token", "conversionTypes");
        assertThat(body.get("token").asText()).isEqualTo(TOKEN);
        List<String> items = new ArrayList<>();
        body.get("conversionTypes").forEach(item -> items.add(item.toString()));
        assertThat(items).containsExactlyElementsOf(batch.stream().map(PlatformUpload::payload).toList());
    }

    @Test
    void aRequestIsAPostOfJsonToTheConfiguredEndpoint() {
        Codec codec = baidu(BaiduSettings.ENDPOINT, "http://127.0.0.1:8089/ocpcapi/api/uploadConvertData").codec();

        HttpCall call = codec.encode(leads(1), credentials(), CONTEXT);

        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.uri()).isEqualTo(URI.create("http://127.0.0.1:8089/ocpcapi/api/uploadConvertData"));
        assertThat(call.headers()).containsExactly(Map.entry("Content-Type", "application/json;charset=utf-8"));
    }

    @Test
    void theSameBatchIsAlwaysTheSameBytes() {
        assertThat(encode(representativeBatch()).body()).isEqualTo(encode(representativeBatch()).body());
    }

    @Test
    void ninetyNineConversionsGoInOneRequestWhenTheBatchSizeAllows() throws IOException {
        HttpCall call = baidu(BaiduSettings.BATCH_SIZE, "99").codec().encode(leads(99), credentials(), CONTEXT);

        assertThat(JSON.readTree(call.body()).get("conversionTypes").size()).isEqualTo(99);
    }

    @Test
    void aBatchLargerThanTheBatchSizeIsRefused() {
        Codec codec = baidu().codec();

        assertThat(codec.encode(leads(50), credentials(), CONTEXT)).isNotNull();
        assertThatThrownBy(() -> codec.encode(leads(51), credentials(), CONTEXT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a Baidu request carries 1 to 50 conversions (qhtrack.baidu.batch-size), not 51");
    }

    @Test
    void aHundredConversionsAreNeverOneRequest() {
        Codec codec = baidu(BaiduSettings.BATCH_SIZE, "99").codec();

        assertThatThrownBy(() -> codec.encode(leads(100), credentials(), CONTEXT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not 100");
    }

    @Test
    void anEmptyBatchIsRefused() {
        assertThatThrownBy(() -> encode(Collections.emptyList())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not 0");
    }

    @Test
    void credentialsWithoutATokenAreRefusedNamingTheSetting() {
        CredentialSet none = CredentialSet.builder().value("token", "not-declared-secret").build();

        assertThatThrownBy(() -> baidu().codec().encode(leads(1), none, CONTEXT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("qhtrack.baidu.token")
                .hasMessageNotContaining("not-declared-secret");
    }

    @Test
    void anotherPlatformsUploadIsRefused() {
        PlatformUpload other = PlatformUpload.builder("tencent", CLICK_ID).event("3").eventTime(EVENT_TIME)
                .payload(leads(1).get(0).payload()).build();

        assertThatThrownBy(() -> encode(List.of(other))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("conversionTypes[0]").hasMessageContaining("is not Baidu's");
    }

    /** A stored lead whose payload was edited into {@code payload}. */
    private static PlatformUpload edited(String payload) {
        PlatformUpload lead = leads(1).get(0);
        return PlatformUpload.builder("baidu", lead.clickId()).event(lead.event())
                .conversionKey(lead.conversionKey()).eventTime(lead.eventTime()).payload(payload).build();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // the stored item, edited                                        | the message names
        "not json                                                         | payload: not JSON",
        "[1,2]                                                            | payload: not a JSON object",
        "{LOGID,'newType':3,'convertTime':1,'outerEventId':KEY} x         | payload: not JSON",
        "{LOGID,'newType':3,'convertTime':1,'outerEventId':KEY,'isConvert':1} | 'isConvert': not a field",
        "{LOGID,LOGID,'newType':3,'convertTime':1,'outerEventId':KEY}     | payload: not JSON",
        "{'newType':3,'convertTime':1,'outerEventId':KEY}                 | logidUrl: missing",
        "{'logidUrl':7,'newType':3,'convertTime':1,'outerEventId':KEY}    | logidUrl: NUMBER, not a string",
        "{'logidUrl':'https://x.cn/?bd_vid=other','newType':3,'convertTime':1,'outerEventId':KEY} "
                + "| logidUrl: 'https://x.cn/?bd_vid=other' does not carry bd_vid=" + CLICK_ID,
        "{'logidUrl':'https://x.cn/?bd_vid=" + CLICK_ID + "#top','newType':3,'convertTime':1,'outerEventId':KEY} "
                + "| logidUrl: has a fragment at index",
        "{LOGID,'newType':'3','convertTime':1,'outerEventId':KEY}         | newType: \"3\" is not a whole number",
        "{LOGID,'newType':27,'convertTime':1,'outerEventId':KEY}          | newType: 27 is not one of Baidu's",
        "{LOGID,'newType':4,'convertTime':1,'outerEventId':KEY}           | newType: 4 is not one of Baidu's",
        "{LOGID,'newType':14,'convertTime':1,'outerEventId':KEY}          | newType: 14 is not the upload's event '3'",
        "{LOGID,'newType':3,'outerEventId':KEY}                           | convertTime: missing",
        "{LOGID,'newType':3,'convertTime':1.5,'outerEventId':KEY}         | convertTime: 1.5 is not a whole number",
        "{LOGID,'newType':3,'convertTime':1772596800000,'outerEventId':KEY} | convertTime: 1772596800000 is not epoch "
                + "seconds",
        "{LOGID,'newType':3,'convertTime':1,'convertValue':100,'outerEventId':KEY} | convertValue: newType 3 "
                + "(表单提交成功) takes no amount",
        "{LOGID,'newType':3,'convertTime':1,'convertValue':null,'outerEventId':KEY} | convertValue: null is not a "
                + "whole number",
        "{LOGID,'newType':3,'convertTime':1}                              | outerEventId: missing, but the upload has "
                + "a conversion key",
        "{LOGID,'newType':3,'convertTime':1,'outerEventId':'other'}       | outerEventId: not the upload's conversion "
                + "key",
        "{LOGID,'newType':3,'convertTime':1,'outerEventId':''}            | outerEventId: empty"})
    void aStoredItemEditedByHandIsRefusedNamingTheItemAndTheField(String payload, String message) {
        PlatformUpload lead = leads(1).get(0);
        String json = payload.trim().replace("LOGID", "'logidUrl':'" + BaiduFixtures.LANDING_URL + "'")
                .replace("KEY", "'" + lead.conversionKey() + "'").replace('\'', '"');

        assertThatThrownBy(() -> encode(List.of(edited(json)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("conversionTypes[0], stored PlatformUpload[baidu 3 for click " + CLICK_ID)
                .hasMessageContaining(message.trim())
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void aPaidItemEditedToANegativeAmountIsRefused() {
        PlatformUpload pay = upload(Conversion.builder(Event.PAY).transId("o-1").amountFen(5).build());
        PlatformUpload edited = PlatformUpload.builder("baidu", pay.clickId()).event(pay.event())
                .conversionKey(pay.conversionKey()).eventTime(pay.eventTime())
                .payload(pay.payload().replace("\"convertValue\":5", "\"convertValue\":-5")).build();

        assertThatThrownBy(() -> encode(List.of(edited))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("convertValue: -5 fen is not between 0 and 2147483647");
    }

    @Test
    void theFirstBadItemIsNamedByItsPosition() {
        List<PlatformUpload> batch = new ArrayList<>(leads(3));
        batch.set(2, edited("{}"));

        assertThatThrownBy(() -> encode(batch)).hasMessageStartingWith("conversionTypes[2], stored");
    }
}
