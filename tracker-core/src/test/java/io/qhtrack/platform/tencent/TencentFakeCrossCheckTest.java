package io.qhtrack.platform.tencent;

import static io.qhtrack.platform.tencent.TencentFixtures.ACCOUNT_ID;
import static io.qhtrack.platform.tencent.TencentFixtures.ACTION_SET_ID;
import static io.qhtrack.platform.tencent.TencentFixtures.EVENT_TIME;
import static io.qhtrack.platform.tencent.TencentFixtures.NOW;
import static io.qhtrack.platform.tencent.TencentFixtures.TOKEN;
import static io.qhtrack.platform.tencent.TencentFixtures.click;
import static io.qhtrack.platform.tencent.TencentFixtures.context;
import static io.qhtrack.platform.tencent.TencentFixtures.credentials;
import static io.qhtrack.platform.tencent.TencentFixtures.tencent;
import static io.qhtrack.platform.tencent.TencentFixtures.upload;
import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.Conversion;
import io.qhtrack.core.Event;
import io.qhtrack.core.spi.CredentialSet;
import io.qhtrack.core.spi.HttpAnswer;
import io.qhtrack.core.spi.HttpCall;
import io.qhtrack.core.spi.Line;
import io.qhtrack.core.spi.PlatformUpload;
import io.qhtrack.core.spi.RequestContext;
import io.qhtrack.core.spi.Verdict;
import io.qhtrack.core.spi.Verdicts;
import io.qhtrack.testkit.FakeTencent;
import io.qhtrack.testkit.Fault;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tencent's codec and classifier against {@link FakeTencent}, a strict stand-in written from the spec page on its own:
 * each request {@code encode} makes is POSTed to the fake over TLS on loopback with the JDK's HTTP client, and the
 * fake's answer goes through {@code classify}. Every default event, a full batch, both units and the three token
 * placements are delivered; each fault and each of the fake's refusals gets the verdict the spec calls for.
 */
class TencentFakeCrossCheckTest {

    private static final String DOMAIN = "shop.example.cn";

    private FakeTencent fake;
    private HttpClient client;
    private int nonces;

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    private FakeTencent start(FakeTencent.Builder builder) {
        fake = builder.tls().accessToken(TOKEN).accountId(Long.parseLong(ACCOUNT_ID))
                .userActionSetId(Long.parseLong(ACTION_SET_ID)).domain(DOMAIN).clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .start();
        client = HttpClient.newBuilder().sslContext(fake.sslContext()).connectTimeout(Duration.ofSeconds(10))
                .build();
        return fake;
    }

    private FakeTencent start() {
        return start(FakeTencent.builder());
    }

    /** Tencent pointed at the fake, with {@code more} settings. */
    private Tencent tencentAtTheFake(String... more) {
        List<String> settings = new ArrayList<>(Arrays.asList("qhtrack.tencent.endpoint", fake.endpoint().toString()));
        settings.addAll(Arrays.asList(more));
        return tencent(settings.toArray(new String[0]));
    }

    /** A fresh nonce per request, as the engine's secure random source gives. */
    private RequestContext fresh() {
        return context(String.format("%032x", ++nonces));
    }

    /** Sends {@code call} as the engine's transport would, and reads the whole answer. */
    private HttpAnswer send(HttpCall call) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(call.uri()).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(call.body()));
        call.headers().forEach(request::header);
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        Map<String, String> headers = new HashMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name, values.get(0)));
        return new HttpAnswer(response.statusCode(), headers, response.body());
    }

    private Verdicts roundTrip(Tencent t, List<PlatformUpload> batch) throws IOException, InterruptedException {
        return roundTrip(t, batch, credentials(), fresh());
    }

    private Verdicts roundTrip(Tencent t, List<PlatformUpload> batch, CredentialSet credentials,
            RequestContext context) throws IOException, InterruptedException {
        return t.classifier().classify(send(t.codec().encode(batch, credentials, context)), batch);
    }

    private static List<Verdict.Kind> kinds(Verdicts v) {
        return v.perItem().stream().map(Verdict::kind).collect(Collectors.toList());
    }

    /** A conversion of {@code event} as an application would report it: forms and orders keyed, orders priced. */
    private static Conversion conversion(Event event, String key) {
        Conversion.Builder b = Conversion.builder(event).transId(key).eventTime(EVENT_TIME);
        if (event == Event.ORDER || event == Event.PLACE_ORDER || event == Event.PAY || event == Event.PAY_SUCCESS) {
            b.amountYuan("23.45");
        }
        return b.build();
    }

    static Stream<Arguments> everyMappedEventInEveryPlacement() {
        List<Event> mapped = Arrays.stream(Event.values())
                .filter(e -> new Tencent().events().map(e, Line.single()).isPresent()).collect(Collectors.toList());
        return mapped.stream().flatMap(e -> Stream.of(FakeTencent.AuthMode.values()).map(a -> Arguments.of(e, a)));
    }

    @ParameterizedTest(name = "{0} with the token in {1}")
    @MethodSource("everyMappedEventInEveryPlacement")
    void everyMappedEventIsDeliveredWhereverTheTokenGoes(Event event, FakeTencent.AuthMode auth) throws Exception {
        start(FakeTencent.builder().auth(auth));
        Tencent t = tencentAtTheFake("qhtrack.tencent.auth", auth.settingValue());
        PlatformUpload u = upload(t, conversion(event, "key-" + event));

        Verdicts v = roundTrip(t, Collections.singletonList(u));

        assertThat(kinds(v)).as("%s", fake.received()).containsExactly(Verdict.Kind.DELIVERED);
        FakeTencent.Action got = fake.accepted().get(0);
        assertThat(got.actionType()).isEqualTo(u.event());
        assertThat(got.clickId()).isEqualTo(u.clickId());
        assertThat(got.outerActionId()).isEqualTo("key-" + event);
        assertThat(got.actionTime()).isEqualTo(EVENT_TIME.getEpochSecond());
    }

    @Test
    void aFullBatchOfFiftyIsDeliveredInOneRequest() throws Exception {
        start();
        Tencent t = tencentAtTheFake();
        List<PlatformUpload> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(upload(t, conversion(i % 2 == 0 ? Event.SUBMIT : Event.ORDER, "k-" + i)));
        }

        Verdicts v = roundTrip(t, batch);

        assertThat(kinds(v)).hasSize(50).containsOnly(Verdict.Kind.DELIVERED);
        assertThat(fake.received()).hasSize(1);
        assertThat(fake.accepted()).hasSize(50);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fen", "yuan"})
    void anOrdersAmountArrivesAsTheSameMoneyInEitherUnit(String unit) throws Exception {
        start(FakeTencent.builder().valueUnit(unit.equals("fen") ? FakeTencent.ValueUnit.FEN
                : FakeTencent.ValueUnit.YUAN));
        Tencent t = tencentAtTheFake("qhtrack.tencent.value-unit", unit);

        Verdicts v = roundTrip(t, Collections.singletonList(upload(t, conversion(Event.ORDER, "A-1"))));

        assertThat(kinds(v)).containsExactly(Verdict.Kind.DELIVERED);
        assertThat(fake.accepted().get(0).valueFen()).isEqualTo(2345L);
    }

    @Test
    void aRepeatedAttemptCarriesANewNonceAndIsDeliveredAgainWithTheSameKey() throws Exception {
        start();
        Tencent t = tencentAtTheFake();
        List<PlatformUpload> batch = Collections.singletonList(upload(t, conversion(Event.SUBMIT, "lead-1")));

        assertThat(kinds(roundTrip(t, batch))).containsExactly(Verdict.Kind.DELIVERED);
        assertThat(kinds(roundTrip(t, batch))).containsExactly(Verdict.Kind.DELIVERED);

        assertThat(fake.nonces()).doesNotHaveDuplicates().hasSize(2);
        assertThat(fake.accepted().get(1).duplicate()).isTrue();
    }

    @Test
    void aReusedNonceIsRetriedWithAnAlert() throws Exception {
        start();
        Tencent t = tencentAtTheFake();
        List<PlatformUpload> batch = Collections.singletonList(upload(t, conversion(Event.SUBMIT, "lead-1")));
        roundTrip(t, batch, credentials(), context("0f0f"));

        Verdicts again = roundTrip(t, batch, credentials(), context("0f0f"));

        assertThat(kinds(again)).containsExactly(Verdict.Kind.RETRY);
        assertThat(again.perItem().get(0).code()).contains("12100");
        assertThat(again.perItem().get(0).alert()).isPresent();
    }

    @Test
    void aClockFiveMinutesOffIsRetriedWithAnAlertAboutTheClock() throws Exception {
        start();
        Tencent t = tencentAtTheFake();
        List<PlatformUpload> batch = Collections.singletonList(upload(t, conversion(Event.SUBMIT, "lead-1")));

        Verdicts v = roundTrip(t, batch, credentials(), new TencentFixtures.ScriptedContext(NOW.plusSeconds(301),
                "a1"));

        assertThat(kinds(v)).containsExactly(Verdict.Kind.RETRY);
        assertThat(v.perItem().get(0).code()).contains("12101");
        assertThat(v.perItem().get(0).alert().get()).contains("clock");
    }

    @Test
    void aWrongTokenParks() throws Exception {
        start();
        Tencent t = tencentAtTheFake();
        CredentialSet wrong = CredentialSet.builder().value("account_id", ACCOUNT_ID)
                .value("user_action_set_id", ACTION_SET_ID).secret("access_token", "not-the-token").build();

        Verdicts v = roundTrip(t, Collections.singletonList(upload(t, conversion(Event.CALL, "c-1"))), wrong,
                fresh());

        assertThat(kinds(v)).containsExactly(Verdict.Kind.PARK);
        assertThat(v.perItem().get(0).message()).doesNotContain(TOKEN).doesNotContain("not-the-token");
    }

    @Test
    void theTokenInAPlaceTheFakeDoesNotReadParks() throws Exception {
        start(FakeTencent.builder().auth(FakeTencent.AuthMode.HEADER_HYPHEN));
        Tencent t = tencentAtTheFake("qhtrack.tencent.auth", "header");

        Verdicts v = roundTrip(t, Collections.singletonList(upload(t, conversion(Event.CALL, "c-1"))));

        assertThat(kinds(v)).containsExactly(Verdict.Kind.PARK);
    }

    @Test
    void anActionOffTheRegisteredDomainIsRefusedAloneAndTheOthersAreSentAgain() throws Exception {
        start();
        Tencent t = tencentAtTheFake();
        PlatformUpload offDomain = upload(t, click("wx0offdomain000001", "https://elsewhere.example.com/?gdt_vid="
                + "wx0offdomain000001"), conversion(Event.SUBMIT, "lead-x"));
        List<PlatformUpload> batch = Arrays.asList(upload(t, conversion(Event.SUBMIT, "lead-1")), offDomain,
                upload(t, conversion(Event.CALL, "c-1")));

        Verdicts v = roundTrip(t, batch);

        assertThat(v.unattributed()).isFalse();
        assertThat(kinds(v)).containsExactly(Verdict.Kind.RETRY, Verdict.Kind.REFUSED, Verdict.Kind.RETRY);
        assertThat(v.perItem().get(1).message()).contains("actions[1].url");

        Verdicts resent = roundTrip(t, Arrays.asList(batch.get(0), batch.get(2)));
        assertThat(kinds(resent)).containsExactly(Verdict.Kind.DELIVERED, Verdict.Kind.DELIVERED);
    }

    @Test
    void theFakesPerMinuteLimitIsWaitedOutAndSlowsTheEngineDown() throws Exception {
        start(FakeTencent.builder().rateLimitPerMinute(1));
        Tencent t = tencentAtTheFake();
        List<PlatformUpload> batch = Collections.singletonList(upload(t, conversion(Event.CALL, "c-1")));

        Verdicts first = roundTrip(t, batch);
        Verdicts second = roundTrip(t, batch);

        assertThat(kinds(first)).containsExactly(Verdict.Kind.DELIVERED);
        assertThat(first.slowDown()).contains(Duration.ofMinutes(1));
        assertThat(kinds(second)).containsExactly(Verdict.Kind.RETRY);
        assertThat(second.perItem().get(0).code()).contains("11017");
        assertThat(second.perItem().get(0).retryAfter()).contains(Duration.ofMinutes(1));
        assertThat(second.slowDown()).contains(Duration.ofMinutes(1));
    }

    static Stream<Arguments> codes() {
        return Stream.of(
                Arguments.of(11000, Verdict.Kind.PARK, null),
                Arguments.of(11002, Verdict.Kind.PARK, null),
                Arguments.of(11004, Verdict.Kind.PARK, null),
                Arguments.of(11005, Verdict.Kind.PARK, null),
                Arguments.of(12000, Verdict.Kind.PARK, null),
                Arguments.of(11007, Verdict.Kind.PARK, null),
                Arguments.of(11014, Verdict.Kind.PARK, null),
                Arguments.of(10000, Verdict.Kind.RETRY, null),
                Arguments.of(11008, Verdict.Kind.RETRY, Duration.ofMinutes(1)),
                Arguments.of(12100, Verdict.Kind.RETRY, null),
                Arguments.of(12101, Verdict.Kind.RETRY, null),
                Arguments.of(11016, Verdict.Kind.RETRY, Duration.ofSeconds(1)),
                Arguments.of(11017, Verdict.Kind.RETRY, Duration.ofMinutes(1)),
                Arguments.of(11018, Verdict.Kind.RETRY, Duration.ofHours(1)),
                Arguments.of(11019, Verdict.Kind.RETRY, Duration.ofMinutes(1)),
                Arguments.of(12003, Verdict.Kind.REFUSED, null),
                Arguments.of(34109, Verdict.Kind.REFUSED, null));
    }

    @ParameterizedTest(name = "fault tencentCode({0}) → {1}")
    @MethodSource("codes")
    void eachCodeTheFakeCanAnswerGetsTheVerdictTheSpecCallsFor(int code, Verdict.Kind kind, Duration after)
            throws Exception {
        start().failNext(Fault.tencentCode(code));
        Tencent t = tencentAtTheFake();
        List<PlatformUpload> batch = Arrays.asList(upload(t, conversion(Event.SUBMIT, "lead-1")),
                upload(t, conversion(Event.CALL, "c-1")));

        Verdicts v = roundTrip(t, batch);

        assertThat(kinds(v)).containsExactly(kind, kind);
        assertThat(v.perItem().get(0).code()).contains(Integer.toString(code));
        assertThat(v.perItem().get(0).retryAfter().orElse(null)).isEqualTo(after);
        assertThat(v.unattributed()).isEqualTo(kind == Verdict.Kind.REFUSED);
    }

    static Stream<Arguments> notTencents() {
        return Stream.of(Arguments.of(Fault.garbage("<html>502 Bad Gateway</html>")), Arguments.of(Fault.emptyBody()),
                Arguments.of(Fault.httpStatus(503)), Arguments.of(Fault.httpStatus(404)));
    }

    /** The engine settles 5xx itself; should one reach the classifier, it is a retry all the same. */
    @ParameterizedTest
    @MethodSource("notTencents")
    void anAnswerThatIsNotTencentsIsRetried(Fault fault) throws Exception {
        start().failNext(fault);
        Tencent t = tencentAtTheFake();

        Verdicts v = roundTrip(t, Collections.singletonList(upload(t, conversion(Event.CALL, "c-1"))));

        assertThat(kinds(v)).containsExactly(Verdict.Kind.RETRY);
    }

    @Test
    void theFakeNeverSawTheTokenInAnythingItRecorded() throws Exception {
        start();
        Tencent t = tencentAtTheFake();
        roundTrip(t, Collections.singletonList(upload(t, conversion(Event.CALL, "c-1"))));

        assertThat(fake.received().get(0).query()).doesNotContain(TOKEN).contains("timestamp=" + NOW.getEpochSecond());
        assertThat(fake.received().get(0).tokenMatched()).isTrue();
    }
}
