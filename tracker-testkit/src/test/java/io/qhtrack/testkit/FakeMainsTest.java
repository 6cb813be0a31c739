package io.qhtrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The command-line runners of FakeBaidu and FakeTencent, and the --fault options every runner takes. */
class FakeMainsTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> post(URI uri, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String baiduBody(String token) {
        return FakeBaiduFixture.body(FakeBaiduFixture.item(3)).put("token", token).toString();
    }

    private static String tencentBody() {
        return FakeTencentFixture.body(FakeTencentFixture.action("RESERVATION")).toString();
    }

    private static URI tencentUri(URI endpoint, String token) {
        return FakeTencentFixture.authed(endpoint, token, Instant.now().getEpochSecond(), FakeTencentFixture.nonce());
    }

    // ---------------------------------------------------------------- FakeBaidu

    @Test
    void baiduPrintsTheEndpointThenOneLinePerRequestWithoutTheToken() throws Exception {
        try (FakeBaidu fake = FakeBaiduMain.start(new String[] {"--port", "0", "--token", "bd-cli-token-1"}, out)) {
            assertThat(post(fake.endpoint(), baiduBody("bd-cli-token-1")).body())
                    .isEqualTo("{\"header\":{\"status\":0,\"desc\":\"success\"}}");
            assertThat(post(fake.endpoint(), baiduBody("bd-wrong")).body()).contains("\"status\":3");

            String[] lines = output().split("\n");
            assertThat(lines[0]).isEqualTo("FakeBaidu listening on " + fake.endpoint());
            assertThat(lines[1]).startsWith("Request#1[status 0, POST /ocpcapi/api/uploadConvertData, 1 item(s)");
            assertThat(lines[2]).startsWith("Request#2[status 3: token is not the configured token");
            assertThat(output()).doesNotContain("bd-cli-token-1", "bd-wrong");
        }
    }

    @Test
    void baiduTakesEveryOpenQuestionAsAFlag() {
        FakeBaidu.Builder builder = FakeBaiduMain.parse(new String[] {"--token", "t-1", "--new-types", "3,14",
                "--accept-type-4", "--convert-time-required", "45-48", "--outer-event-id-ignored",
                "--max-convert-age", "PT24H", "--error-position", "item-index", "--latency-ms", "50", "--tls"},
                new Standalone.FaultOptions(Platform.BAIDU));

        assertThat(builder.toString()).isEqualTo("FakeBaidu.Builder[port=8361, tls, latency=PT0.05S, tokens=1, "
                + "newTypes=[3, 14], acceptDisputedType4, convertTimeRequired=TYPES_45_TO_48, outerEventIdIgnored, "
                + "maxConvertAge=PT24H, errorPosition=ITEM_INDEX]");
    }

    @Test
    void baiduFaultsAreFlags() throws Exception {
        try (FakeBaidu fake = FakeBaiduMain.start(new String[] {"--port", "0", "--token", "t-1", "--fault",
                "fail-items:0"}, out)) {
            assertThat(post(fake.endpoint(), baiduBody("t-1")).body()).contains("\"status\":2");
            assertThat(fake.received().get(0).fault()).isEqualTo("baiduFailItems(0)");
        }
    }

    // ---------------------------------------------------------------- FakeTencent

    @Test
    void tencentPrintsTheEndpointThenOneLinePerRequestWithoutTheToken() throws Exception {
        try (FakeTencent fake = FakeTencentMain.start(new String[] {"--port=0", "--access-token", "tc-cli-token-1",
                "--account-id", Long.toString(FakeTencentFixture.ACCOUNT_ID), "--user-action-set-id",
                Long.toString(FakeTencentFixture.ACTION_SET_ID), "--domain", "example.com"}, out)) {
            HttpResponse<String> response = post(tencentUri(fake.endpoint(), "tc-cli-token-1"), tencentBody());

            assertThat(response.body()).isEqualTo("{\"code\":0,\"message\":\"\",\"message_cn\":\"\",\"data\":{}}");
            assertThat(response.headers().firstValue("X-RateLimit-Remaining")).hasValue("3999");
            String[] lines = output().split("\n");
            assertThat(lines[0]).isEqualTo("FakeTencent listening on " + fake.endpoint());
            assertThat(lines[1]).startsWith("Request#1[code 0, POST /v3.0/user_actions/add?access_token=******&timestamp=");
            assertThat(output()).doesNotContain("tc-cli-token-1");
        }
    }

    @Test
    void tencentTakesEverySettingAsAFlag() {
        FakeTencent.Builder builder = FakeTencentMain.parse(new String[] {"--access-token", "t-1",
                "--expired-access-token", "t-0", "--account-id", "1", "--user-action-set-id", "2", "--domain",
                "example.com", "--auth", "header-hyphen", "--value-unit", "yuan", "--rate-limit", "60",
                "--action-types", "RESERVATION,PURCHASE", "--max-action-age", "PT1H"},
                new Standalone.FaultOptions(Platform.TENCENT));

        assertThat(builder.toString()).isEqualTo("FakeTencent.Builder[port=8362, accessTokens=1, expiredAccessTokens=1, "
                + "accountId=1, userActionSetId=2, domain=example.com, auth=header-hyphen, valueUnit=YUAN, "
                + "rateLimitPerMinute=60, actionTypes=[RESERVATION, PURCHASE], maxActionAge=PT1H]");
    }

    @Test
    void tencentInHeaderModeOverTls() throws Exception {
        try (FakeTencent fake = FakeTencentMain.start(new String[] {"--port", "0", "--tls", "--auth", "header",
                "--access-token", "tc-1", "--account-id", Long.toString(FakeTencentFixture.ACCOUNT_ID),
                "--user-action-set-id", Long.toString(FakeTencentFixture.ACTION_SET_ID), "--domain", "example.com"},
                out)) {
            HttpClient tls = HttpClient.newBuilder().sslContext(fake.sslContext()).build();
            URI uri = URI.create(fake.endpoint() + "?timestamp=" + Instant.now().getEpochSecond() + "&nonce="
                    + FakeTencentFixture.nonce());
            HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .header("access_token", "tc-1").POST(HttpRequest.BodyPublishers.ofString(tencentBody())).build();

            assertThat(tls.send(request, HttpResponse.BodyHandlers.ofString()).body()).startsWith("{\"code\":0,");
        }
    }

    // ---------------------------------------------------------------- --fault

    static Stream<Arguments> faultSpecs() {
        return Stream.of(
                Arguments.of(Platform.QIHOO_360, "errno:3", Fault.errno(3)),
                Arguments.of(Platform.BAIDU, "http:503", Fault.httpStatus(503)),
                Arguments.of(Platform.BAIDU, "http:429:30", Fault.httpStatus(429, Duration.ofSeconds(30))),
                Arguments.of(Platform.BAIDU, "stall:5000", Fault.stall(Duration.ofSeconds(5))),
                Arguments.of(Platform.BAIDU, "drop", Fault.dropConnection()),
                Arguments.of(Platform.BAIDU, "empty", Fault.emptyBody()),
                Arguments.of(Platform.BAIDU, "garbage:<html>", Fault.garbage("<html>")),
                Arguments.of(Platform.BAIDU, "huge:1000000", Fault.hugeBody(1_000_000)),
                Arguments.of(Platform.BAIDU, "huge-chunked:1000000", Fault.hugeChunkedBody(1_000_000)),
                Arguments.of(Platform.BAIDU, "status:4", Fault.baiduStatus(4)),
                Arguments.of(Platform.BAIDU, "fail-items:0,2", Fault.baiduFailItems(0, 2)),
                Arguments.of(Platform.TENCENT, "code:11017", Fault.tencentCode(11017)));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("faultSpecs")
    void aFaultSpecIsTheFaultItNames(Platform platform, String spec, Fault fault) {
        assertThat(Standalone.parse(spec, platform)).isEqualTo(fault);
    }

    @Test
    void badFaultSpecsAreRefusedNamingThem() {
        assertThatThrownBy(() -> Standalone.parse("code:11017", Platform.BAIDU))
                .hasMessage("tencentCode(11017) is a fault of FakeTencent, not of FakeBaidu");
        assertThatThrownBy(() -> Standalone.parse("slow", Platform.BAIDU)).hasMessage("unknown --fault slow");
        assertThatThrownBy(() -> Standalone.parse("http:five", Platform.BAIDU))
                .hasMessage("--fault http:five: a number is malformed");
        assertThatThrownBy(() -> FakeBaiduMain.parse(new String[] {"--token", "t", "--fault", "drop", "--fault",
                "empty"}, new Standalone.FaultOptions(Platform.BAIDU)))
                .hasMessage("several --fault need --fault-probability (else the first would always win)");
        assertThatThrownBy(() -> FakeBaiduMain.parse(new String[] {"--token", "t", "--fault-probability", "2"},
                new Standalone.FaultOptions(Platform.BAIDU)))
                .hasMessage("--fault-probability must be between 0 and 1 but was 2");
    }

    @Test
    void severalFaultsAreDrawnAtRandomWithTheSeed() throws Exception {
        try (FakeBaidu fake = FakeBaiduMain.start(new String[] {"--port", "0", "--token", "t-1", "--fault", "status:4",
                "--fault", "http:502", "--fault-probability", "1", "--fault-seed", "7"}, out)) {
            for (int i = 0; i < 10; i++) {
                post(fake.endpoint(), baiduBody("t-1"));
            }

            assertThat(fake.received()).extracting(FakeBaidu.Received::fault)
                    .containsOnly("baiduStatus(4)", "httpStatus(502)").contains("baiduStatus(4)", "httpStatus(502)");
        }
    }

    @Test
    void fake360TakesFaultsToo() throws Exception {
        try (Fake360 fake = Fake360Main.start(new String[] {"--port", "0", "--credentials", "k:s", "--fault",
                "errno:2"}, out)) {
            byte[] body = Fake360Fixture.body(Fake360Fixture.PS, "SUBMIT").toString().getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> response = CLIENT.send(Fake360Fixture.post(fake.endpoint(), "k",
                    Fake360Fixture.md5Hex("s", body), "application/json", body), HttpResponse.BodyHandlers.ofString());

            assertThat(response.body()).isEqualTo("{\"errno\":2,\"error\":\"Parameter [app_sign] is unverified\"}");
        }
    }

    @Test
    void badArgumentsAreRefusedWithAReasonNeverATheToken() {
        assertThatThrownBy(() -> FakeTencentMain.parse(new String[] {"--auth", "cookie"},
                new Standalone.FaultOptions(Platform.TENCENT)))
                .hasMessage("auth must be query, header or header-hyphen but was cookie");
        assertThatThrownBy(() -> FakeTencentMain.parse(new String[] {"--account-id", "many"},
                new Standalone.FaultOptions(Platform.TENCENT)))
                .hasMessage("--account-id must be a whole number but was many");
        assertThatThrownBy(() -> FakeBaiduMain.parse(new String[] {"--max-convert-age", "1d"},
                new Standalone.FaultOptions(Platform.BAIDU)))
                .hasMessage("--max-convert-age must be an ISO-8601 duration like PT24H but was 1d");
        assertThatThrownBy(() -> FakeBaiduMain.parse(new String[] {"--token", "bad token"},
                new Standalone.FaultOptions(Platform.BAIDU)))
                .hasMessage("token must be non-empty without white space or control characters (token not shown)");
        assertThatThrownBy(() -> FakeBaiduMain.parse(new String[] {"--error-position", "path"},
                new Standalone.FaultOptions(Platform.BAIDU)))
                .hasMessage("--error-position must be one of field-path, item-index, omitted but was path");
        assertThatThrownBy(() -> FakeBaiduMain.parse(new String[] {"--new-types", "3,x"},
                new Standalone.FaultOptions(Platform.BAIDU)))
                .hasMessage("--new-types must be numbers like 1,3,14 but had x");
    }
}
