package io.qhtrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** FakeTencent's faults (each error code, HTTP, stalls, huge bodies), latency, TLS, view and builder. */
class TencentFaultTest extends FakeTencentFixture {

    private static HttpRequest upload() {
        return post(authed(), body(action("RESERVATION")));
    }

    private static FakeTencent.Received last() {
        return fake.received().get(fake.received().size() - 1);
    }

    static Stream<Arguments> codes() {
        return Stream.of(
                Arguments.of(11000, "Access token is expired."),
                Arguments.of(11002, "Access token is invalid."),
                Arguments.of(11004, "Access token is malformed."),
                Arguments.of(11005, "Access token is empty."),
                Arguments.of(12000, "Your request is missing a required parameter which is one of access_token, "
                        + "timestamp and nonce."),
                Arguments.of(11016, "Application has reached the request limit per second."),
                Arguments.of(11017, "Application has reached the request limit per minute."),
                Arguments.of(11018, "Application has reached the request limit per day."),
                Arguments.of(11019, "Your request is much too frequent."),
                Arguments.of(60000, "Error 60000 (FakeTencent fault)"));
    }

    @ParameterizedTest(name = "code {0}")
    @MethodSource("codes")
    void eachCodeIsAnsweredWhateverTheRequestWithTencentsHeaders(int code, String message) {
        fake.failNext(Fault.tencentCode(code));

        HttpResponse<String> response = call(upload());

        JsonNode answer = json(response);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(answer.get("code").asInt()).isEqualTo(code);
        assertThat(answer.get("message").asText()).isEqualTo(message);
        assertThat(answer.get("message_cn").asText()).isNotEmpty();
        assertThat(answer.has("data")).isFalse();
        assertThat(response.headers().firstValue("X-TSA-Trace-Id")).hasValue(last().traceId());
        assertThat(response.headers().firstValue("X-RateLimit-Remaining")).isPresent();
        assertThat(last().fault()).isEqualTo("tencentCode(" + code + ")");
        assertThat(last().code()).isNull();
        assertThat(fake.accepted()).isEmpty();
        assertThat(fake.rejected()).isEmpty();
    }

    @Test
    void code0FakesASuccess() {
        fake.failNext(Fault.tencentCode(0));

        assertThat(call(post(authed(), "not even json".getBytes(StandardCharsets.UTF_8))).body())
                .isEqualTo("{\"code\":0,\"message\":\"\",\"message_cn\":\"\",\"data\":{}}");
    }

    @Test
    void aFaultedRequestStillUsedItsNonceSoAnIdenticalRetryIs12100() {
        URI signed = authed();
        fake.failNext(Fault.httpStatus(503));

        HttpResponse<String> first = call(post(signed, body(action("RESERVATION"))));
        FakeTencent.Received retry = exchange(post(signed, body(action("RESERVATION"))));

        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.body()).isEqualTo("503 Service Unavailable (FakeTencent fault)\n");
        assertThat(first.headers().firstValue("X-TSA-Trace-Id")).isEmpty();
        assertThat(retry.code()).isEqualTo(12100);
    }

    @Test
    void aStalledUploadIsJudgedOnArrival() {
        fake.failNext(Fault.stall(Duration.ofSeconds(30)));
        HttpRequest impatient = HttpRequest.newBuilder(upload(), (name, value) -> true)
                .timeout(Duration.ofSeconds(1)).build();

        assertThatThrownBy(() -> CLIENT.send(impatient, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);

        assertThat(fake.awaitAccepted(1, Duration.ofSeconds(5))).hasSize(1);
        assertThat(last().fault()).isEqualTo("stall(PT30S)");
    }

    @Test
    void aDroppedConnectionIsAnIoException() {
        fake.failNext(Fault.dropConnection());

        assertThatThrownBy(() -> CLIENT.send(upload(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
        assertThat(last().httpStatus()).isNull();
    }

    @Test
    void aHugeBodyIsTencentsSuccessPadded() throws Exception {
        fake.failNext(Fault.hugeChunkedBody(3 * 1024 * 1024));

        HttpResponse<InputStream> response = CLIENT.send(upload(), HttpResponse.BodyHandlers.ofInputStream());

        try (InputStream in = response.body()) {
            byte[] head = in.readNBytes(70);
            long rest = in.transferTo(OutputStream.nullOutputStream());
            assertThat(new String(head, StandardCharsets.US_ASCII))
                    .startsWith("{\"code\":0,\"message\":\"\",\"message_cn\":\"\",\"data\":{},\"padding\":\"xx");
            assertThat(head.length + rest).isEqualTo(3 * 1024 * 1024);
        }
        assertThatThrownBy(() -> fake.failNext(Fault.hugeBody(Fault.MIN_HUGE_BODY)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is shorter than FakeTencent's success answer");
    }

    @Test
    void otherFakesFaultsAreRefused() {
        assertThatThrownBy(() -> fake.failNext(Fault.baiduFailItems(0)))
                .hasMessage("baiduFailItems(0) is a fault of FakeBaidu, not of FakeTencent");
        assertThatThrownBy(() -> fake.failNext(Fault.errno(2)))
                .hasMessage("errno(2) is a fault of Fake360, not of FakeTencent");
    }

    @Test
    void failRandomlyIsReproducibleForASeed() {
        fake.failRandomly(0.5, 42L, Fault.tencentCode(11019), Fault.httpStatus(502));
        for (int i = 0; i < 20; i++) {
            call(upload());
        }
        String firstRun = fake.received().stream().map(FakeTencent.Received::fault).toList().toString();
        fake.clear();
        fake.failRandomly(0.5, 42L, Fault.tencentCode(11019), Fault.httpStatus(502));
        for (int i = 0; i < 20; i++) {
            call(upload());
        }

        assertThat(fake.received().stream().map(FakeTencent.Received::fault).toList()).hasToString(firstRun)
                .contains("tencentCode(11019)", "httpStatus(502)", null);
    }

    @Test
    void latencyHoldsEveryAnswer() {
        fake.latency(Duration.ofMillis(200));
        try {
            long start = System.nanoTime();

            call(upload());

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
            assertThat(last().receivedAt()).isEqualTo(NOW);
        } finally {
            fake.latency(Duration.ZERO);
        }
    }

    // ---------------------------------------------------------------- TLS (Tencent requires HTTPS)

    @Test
    void overTlsATrustingClientIsServedAndAPlainOneIsTurnedAway() throws Exception {
        try (FakeTencent tls = FakeTencent.builder().tls().accessToken(ACCESS_TOKEN).accountId(ACCOUNT_ID)
                .userActionSetId(ACTION_SET_ID).domain(DOMAIN).clock(CLOCK).auth(FakeTencent.AuthMode.HEADER).start()) {
            HttpClient client = HttpClient.newBuilder().sslContext(tls.sslContext()).build();
            URI signed = URI.create(tls.endpoint() + "?timestamp=" + NOW.getEpochSecond() + "&nonce=" + nonce());

            HttpResponse<String> response = client.send(post(signed, body(action("RESERVATION")), "access_token",
                    ACCESS_TOKEN), HttpResponse.BodyHandlers.ofString());

            assertThat(tls.endpoint().toString()).matches("https://127\\.0\\.0\\.1:[1-9][0-9]*/v3\\.0/user_actions/add");
            assertThat(response.body()).isEqualTo("{\"code\":0,\"message\":\"\",\"message_cn\":\"\",\"data\":{}}");
            HttpResponse<String> plain = CLIENT.send(post(URI.create(signed.toString().replace("https:", "http:")),
                    body(action("RESERVATION"))), HttpResponse.BodyHandlers.ofString());
            assertThat(plain.statusCode()).isEqualTo(400);
            assertThat(tls.received()).hasSize(1);
        }
    }

    // ---------------------------------------------------------------- the view

    @Test
    void theViewShowsRequestsAndActionsWithTheTokenMasked() throws Exception {
        send(body(action("RESERVATION").put("outer_action_id", "form-1")));
        exchange(post(authed(fake.endpoint(), "tcTok-other-3", NOW.getEpochSecond(), nonce()), body(action("CONSULT"))));

        String html = call(HttpRequest.newBuilder(fake.view()).build()).body();
        JsonNode json = JSON.readTree(call(HttpRequest.newBuilder(fake.view().resolve("received.json")).build()).body());

        assertThat(html).contains("<h1>FakeTencent</h1>", "Tencent Ads&#39; user_actions/add", "code 11002",
                "access_token in query parameter access_token", "1 action(s): RESERVATION")
                .doesNotContain(ACCESS_TOKEN, "tcTok-other-3");
        assertThat(json.toString()).doesNotContain(ACCESS_TOKEN, "tcTok-other-3");
        JsonNode oldest = json.get("uploads").get(1);
        assertThat(oldest.get("code").asInt()).isZero();
        assertThat(oldest.get("query").asText()).startsWith("access_token=******&timestamp=");
        assertThat(oldest.get("actions").get(0).get("outerActionId").asText()).isEqualTo("form-1");
        assertThat(oldest.get("rateLimitRemaining").asInt()).isEqualTo(3999);
        assertThat(json.get("uploads").get(0).get("tokenMatched").asBoolean()).isFalse();
    }

    // ---------------------------------------------------------------- the builder

    @Test
    void theRequiredSettingsAreNamedWhenMissing() {
        assertThatThrownBy(() -> FakeTencent.builder().start())
                .hasMessage("no access token was set: call accessToken(token) at least once");
        assertThatThrownBy(() -> FakeTencent.builder().accessToken(ACCESS_TOKEN).start())
                .hasMessage("no account id was set: call accountId(id)");
        assertThatThrownBy(() -> FakeTencent.builder().accessToken(ACCESS_TOKEN).accountId(1).start())
                .hasMessage("no action set was set: call userActionSetId(id)");
        assertThatThrownBy(() -> FakeTencent.builder().accessToken(ACCESS_TOKEN).accountId(1).userActionSetId(2).start())
                .hasMessage("no registered domain was set: call domain(\"example.com\")");
    }

    @Test
    void settingsAreValidatedNamingTheValueButNeverTheToken() {
        assertThatThrownBy(() -> FakeTencent.builder().accessToken("tcTok secret"))
                .hasMessage("access token must be non-empty printable ASCII without white space (token not shown)");
        assertThatThrownBy(() -> FakeTencent.builder().accessToken("t-1").expiredAccessToken("t-1"))
                .hasMessage("this access token was already added (token not shown)");
        assertThatThrownBy(() -> FakeTencent.builder().domain("https://example.com/"))
                .hasMessage("domain must be a host name like example.com (punycode for other scripts) but was "
                        + "\"https://example.com/\"");
        assertThatThrownBy(() -> FakeTencent.builder().accountId(0)).hasMessage("accountId must be positive but was 0");
        assertThatThrownBy(() -> FakeTencent.builder().rateLimitPerMinute(0))
                .hasMessage("rateLimitPerMinute must be positive but was 0");
        assertThatThrownBy(() -> FakeTencent.builder().actionTypes("reservation"))
                .hasMessage("action types are upper-case names like RESERVATION but one was reservation");
        assertThatThrownBy(() -> FakeTencent.builder().auth(FakeTencent.AuthMode.HEADER).auth(FakeTencent.AuthMode.QUERY))
                .hasMessage("auth was already set to header");
        assertThatThrownBy(() -> FakeTencent.AuthMode.of("cookie"))
                .hasMessage("auth must be query, header or header-hyphen but was cookie");
        assertThat(FakeTencent.builder().accessToken(ACCESS_TOKEN).accountId(1).userActionSetId(2).domain("Example.COM")
                .auth(FakeTencent.AuthMode.HEADER_HYPHEN).toString())
                .isEqualTo("FakeTencent.Builder[port=0, accessTokens=1, accountId=1, userActionSetId=2, "
                        + "domain=example.com, auth=header-hyphen]");
    }

    @Test
    void actionTypesReplacesTheKnownTypes() {
        try (FakeTencent custom = FakeTencent.builder().accessToken(ACCESS_TOKEN).accountId(ACCOUNT_ID)
                .userActionSetId(ACTION_SET_ID).domain(DOMAIN).clock(CLOCK).actionTypes("CUSTOM_LEAD").start()) {
            call(post(authed(custom.endpoint(), ACCESS_TOKEN, NOW.getEpochSecond(), nonce()), body(action("CUSTOM_LEAD"))));
            call(post(authed(custom.endpoint(), ACCESS_TOKEN, NOW.getEpochSecond(), nonce()), body(action("RESERVATION"))));

            assertThat(custom.received()).extracting(FakeTencent.Received::code).containsExactly(0, 18009);
        }
    }

    @Test
    void maxActionAgeRefusesOldActionsByTheFakesClock() {
        try (FakeTencent windowed = FakeTencent.builder().accessToken(ACCESS_TOKEN).accountId(ACCOUNT_ID)
                .userActionSetId(ACTION_SET_ID).domain(DOMAIN).clock(CLOCK).maxActionAge(Duration.ofHours(1)).start()) {
            call(post(authed(windowed.endpoint(), ACCESS_TOKEN, NOW.getEpochSecond(), nonce()), body(action("CONSULT"))));
            CLOCK.move(Duration.ofHours(2));
            call(post(authed(windowed.endpoint(), ACCESS_TOKEN, CLOCK.instant().getEpochSecond(), nonce()),
                    body(action("CONSULT"))));

            assertThat(windowed.received()).extracting(FakeTencent.Received::code).containsExactly(0, 18004);
            assertThat(windowed.received().get(1).reason()).contains("is older than the re-upload window this "
                    + "FakeTencent was given (maxActionAge PT1H; Tencent publishes none: open question 4)");
        }
    }
}
