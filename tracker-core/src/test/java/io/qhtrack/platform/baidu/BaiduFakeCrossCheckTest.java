package io.qhtrack.platform.baidu;

import static io.qhtrack.platform.baidu.BaiduFixtures.CONTEXT;
import static io.qhtrack.platform.baidu.BaiduFixtures.EVENT_TIME;
import static io.qhtrack.platform.baidu.BaiduFixtures.LANDING_URL;
import static io.qhtrack.platform.baidu.BaiduFixtures.NOW;
import static io.qhtrack.platform.baidu.BaiduFixtures.TOKEN;
import static io.qhtrack.platform.baidu.BaiduFixtures.click;
import static io.qhtrack.platform.baidu.BaiduFixtures.credentials;
import static io.qhtrack.platform.baidu.BaiduFixtures.leads;
import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.Conversion;
import io.qhtrack.core.Event;
import io.qhtrack.core.spi.CredentialSet;
import io.qhtrack.core.spi.HttpAnswer;
import io.qhtrack.core.spi.HttpCall;
import io.qhtrack.core.spi.Line;
import io.qhtrack.core.spi.PlatformEvent;
import io.qhtrack.core.spi.PlatformUpload;
import io.qhtrack.core.spi.Prepared;
import io.qhtrack.core.spi.Verdict;
import io.qhtrack.core.spi.Verdicts;
import io.qhtrack.testkit.FakeBaidu;
import io.qhtrack.testkit.Fault;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Baidu's codec and classifier against the testkit's FakeBaidu, an independent reading of the spec page: what
 * {@code encode} writes is POSTed over loopback, and what FakeBaidu answers is classified. Every event Baidu offers
 * and a full batch are delivered with the fields FakeBaidu records; each of FakeBaidu's faults gets the verdict the
 * spec page calls for.
 */
@SuppressWarnings("deprecation") // 360's compatibility methods and amountFen, kept and tested
class BaiduFakeCrossCheckTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private FakeBaidu fake;

    @BeforeEach
    void start() {
        fake = FakeBaidu.builder().token(TOKEN).start();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    /** Replaces the fake by one built by {@code builder} with the token. */
    private void restart(FakeBaidu.Builder builder) {
        fake.close();
        fake = builder.token(TOKEN).start();
    }

    private Baidu baidu(String... pairs) {
        List<String> all = new ArrayList<>(List.of(BaiduSettings.ENDPOINT, fake.endpoint().toString(),
                BaiduSettings.BATCH_SIZE, "99"));
        all.addAll(List.of(pairs));
        return BaiduFixtures.baidu(all.toArray(new String[0]));
    }

    /** Encodes {@code batch}, sends it to FakeBaidu and classifies the answer. */
    private Verdicts send(Baidu baidu, List<PlatformUpload> batch, CredentialSet credentials) {
        HttpCall call = baidu.codec().encode(batch, credentials, CONTEXT);
        HttpRequest.Builder request = HttpRequest.newBuilder(call.uri()).timeout(Duration.ofSeconds(10))
                .method(call.method(), HttpRequest.BodyPublishers.ofByteArray(call.body()));
        call.headers().forEach(request::header);
        HttpResponse<byte[]> response;
        try {
            response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AssertionError("FakeBaidu did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        Map<String, String> headers = new HashMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name, values.get(0)));
        return baidu.classifier().classify(new HttpAnswer(response.statusCode(), headers, response.body()), batch);
    }

    private Verdicts send(List<PlatformUpload> batch) {
        return send(baidu(), batch, credentials());
    }

    static Stream<Arguments> everyEventBaiduOffers() {
        return new Baidu().events().mapping().entrySet().stream()
                .map(m -> Arguments.of(m.getKey(), Integer.parseInt(m.getValue().wireName())));
    }

    @ParameterizedTest
    @MethodSource("everyEventBaiduOffers")
    void everyMappedEventIsDeliveredWithTheFieldsFakeBaiduRecords(Event event, int newType) {
        NewType type = NewType.of(newType).orElseThrow();
        Conversion.Builder c = Conversion.builder(event).transIdFromOrderId("x-" + event.name()).eventTime(EVENT_TIME);
        if (type.takesValue()) {
            c.amountYuan("23.45");
        }
        PlatformUpload upload = BaiduFixtures.upload(c.build());

        Verdicts v = send(List.of(upload));

        assertThat(v.perItem()).extracting(Verdict::kind).containsExactly(Verdict.Kind.DELIVERED);
        assertThat(fake.accepted()).singleElement().satisfies(item -> {
            assertThat(item.logidUrl()).isEqualTo(LANDING_URL);
            assertThat(item.bdVid()).isEqualTo(BaiduFixtures.CLICK_ID);
            assertThat(item.newType()).isEqualTo(newType);
            assertThat(item.convertTime()).isEqualTo(EVENT_TIME.getEpochSecond());
            assertThat(item.convertValue()).isEqualTo(type.takesValue() ? Long.valueOf(2345) : null);
            assertThat(item.outerEventId()).isEqualTo(upload.conversionKey());
        });
    }

    @Test
    void goodsOrderedIsDeliveredWhenADeploymentMapsToIt() {
        Baidu baidu = baidu(BaiduSettings.EVENTS, "ORDER=45");
        PlatformEvent goods = baidu.events().map(Event.ORDER, Line.single()).orElseThrow();
        Prepared p = baidu.codec().prepare(click(), Conversion.builder(Event.ORDER).transId("o-45").amountFen(100)
                .build(), goods, credentials(), NOW);

        assertThat(send(baidu, List.of(p.upload()), credentials()).perItem()).extracting(Verdict::kind)
                .containsExactly(Verdict.Kind.DELIVERED);
        assertThat(fake.accepted()).singleElement().satisfies(item -> assertThat(item.newType()).isEqualTo(45));
    }

    @Test
    void theFakesIndependentCopyOfTheProtocolAgreesCellByCell() {
        assertThat(new Baidu().events().events()).extracting(PlatformEvent::wireName).map(Integer::valueOf)
                .filteredOn(t -> t != 4).containsExactlyElementsOf(FakeBaidu.DEFAULT_NEW_TYPES);
        assertThat(BaiduSettings.MAX_BATCH_SIZE).isEqualTo(FakeBaidu.MAX_ITEMS);
        assertThat(BaiduItem.MAX_LOGID_URL_CHARS).isEqualTo(FakeBaidu.MAX_LOGID_URL_CHARS);
        assertThat(BaiduItem.MAX_OUTER_EVENT_ID_BYTES).isEqualTo(FakeBaidu.MAX_OUTER_EVENT_ID_BYTES);
    }

    @Test
    void aFullBatchOfNinetyNineIsDeliveredInOneRequestInItsOrder() {
        List<PlatformUpload> batch = leads(99);

        Verdicts v = send(batch);

        assertThat(v.perItem()).hasSize(99).allSatisfy(i -> assertThat(i.kind()).isEqualTo(Verdict.Kind.DELIVERED));
        assertThat(fake.received()).hasSize(1);
        assertThat(fake.accepted()).extracting(FakeBaidu.Item::outerEventId)
                .containsExactlyElementsOf(batch.stream().map(PlatformUpload::conversionKey).toList());
    }

    @Test
    void refusedItemsAreRefusedAndTheOthersDelivered() {
        fake.failNext(Fault.baiduFailItems(1, 3));

        Verdicts v = send(leads(4));

        assertThat(v.unattributed()).isFalse();
        assertThat(v.perItem()).extracting(Verdict::kind).containsExactly(Verdict.Kind.DELIVERED,
                Verdict.Kind.REFUSED, Verdict.Kind.DELIVERED, Verdict.Kind.REFUSED);
        assertThat(v.perItem().get(1).message()).contains("conversionTypes[1]").contains("refused by the fault");
        assertThat(fake.accepted()).extracting(FakeBaidu.Item::index).containsExactly(0, 2);
    }

    @Test
    void refusedItemsNamedByTheirIndexAloneAreRefusedToo() {
        restart(FakeBaidu.builder().errorPosition(FakeBaidu.ErrorPosition.ITEM_INDEX));
        fake.failNext(Fault.baiduFailItems(0));

        Verdicts v = send(leads(3));

        assertThat(v.perItem()).extracting(Verdict::kind).containsExactly(Verdict.Kind.REFUSED,
                Verdict.Kind.DELIVERED, Verdict.Kind.DELIVERED);
    }

    @Test
    void refusalsThatNameNoItemLeaveTheSplittingToTheEngine() {
        restart(FakeBaidu.builder().errorPosition(FakeBaidu.ErrorPosition.OMITTED));
        fake.failNext(Fault.baiduFailItems(1));

        Verdicts v = send(leads(3));

        assertThat(v.unattributed()).isTrue();
        assertThat(v.perItem()).allSatisfy(i -> assertThat(i.kind()).isEqualTo(Verdict.Kind.REFUSED));
    }

    @Test
    void aBatchRefusedWholeIsRefusedItemByItem() {
        fake.failNext(Fault.baiduFailItems(0, 1, 2));

        Verdicts v = send(leads(3));

        assertThat(v.unattributed()).isFalse();
        assertThat(v.perItem()).allSatisfy(i -> assertThat(i.kind()).isEqualTo(Verdict.Kind.REFUSED))
                .allSatisfy(i -> assertThat(i.code()).contains("2"));
    }

    @Test
    void aWrongTokenParks() {
        Verdicts v = send(baidu(), leads(2), CredentialSet.builder().secret("token", "not-the-token").build());

        assertThat(v.perItem()).allSatisfy(i -> assertThat(i.kind()).isEqualTo(Verdict.Kind.PARK))
                .allSatisfy(i -> assertThat(i.code()).contains("3"));
        assertThat(fake.accepted()).isEmpty();
    }

    @Test
    void status3AsAFaultParks() {
        fake.failNext(Fault.baiduStatus(3));

        assertThat(send(leads(2)).perItem()).extracting(Verdict::kind).containsOnly(Verdict.Kind.PARK);
    }

    @Test
    void status4IsRetried() {
        fake.failNext(Fault.baiduStatus(4));

        assertThat(send(leads(2)).perItem()).allSatisfy(i -> {
            assertThat(i.kind()).isEqualTo(Verdict.Kind.RETRY);
            assertThat(i.retryAfter()).isEmpty();
        });
    }

    @Test
    void anHtmlPageInsteadOfBaidusJsonIsRetried() {
        fake.failNext(Fault.garbage("<html><body>502 Bad Gateway</body></html>"));

        assertThat(send(leads(1)).perItem()).extracting(Verdict::kind).containsExactly(Verdict.Kind.RETRY);
    }

    @Test
    void anEmptyBodyIsRetried() {
        fake.failNext(Fault.emptyBody());

        assertThat(send(leads(1)).perItem()).extracting(Verdict::kind).containsExactly(Verdict.Kind.RETRY);
    }

    @Test
    void aClientErrorIsRetriedNamingTheEndpointSetting() {
        fake.failNext(Fault.httpStatus(404));

        Verdict v = send(leads(1)).perItem().get(0);

        assertThat(v.kind()).isEqualTo(Verdict.Kind.RETRY);
        assertThat(v.message()).contains("HTTP 404").contains("qhtrack.baidu.endpoint");
    }
}
