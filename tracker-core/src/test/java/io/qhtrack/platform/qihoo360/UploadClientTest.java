package io.qhtrack.platform.qihoo360;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.Account;
import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Credentials;
import io.qhtrack.core.Event;
import io.qhtrack.core.Fixtures;
import io.qhtrack.core.ProductLine;
import io.qhtrack.testkit.Fake360;
import io.qhtrack.testkit.Fault;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link UploadClient} over real loopback HTTP against Fake360, which checks every request against 360's document on
 * its own (signature included) and can misbehave on demand.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UploadClientTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private Fake360 fake;
    private UploadClient client;

    @BeforeEach
    void start() {
        fake = Fake360.builder()
                .credentials(Fixtures.SEARCH_KEY, Fixtures.SEARCH_SECRET, "ocpc_ps_convert", "ocpc_ms_convert")
                .credentials(Fixtures.DISPLAY_KEY, Fixtures.DISPLAY_SECRET, "ocpc_zs_convert")
                .jzqs(Fixtures.DISPLAY_KEY, Fixtures.DISPLAY_JZQS)
                .credentials(Fixtures.MOBILE_KEY, Fixtures.MOBILE_SECRET, "ocpc_web_convert")
                .start();
        client = UploadClient.builder().endpoint(fake.endpoint()).build();
    }

    @AfterEach
    void stop() {
        client.close();
        fake.close();
    }

    private static Upload submit(ProductLine line) {
        return Fixtures.upload(line, Conversion.builder(Event.SUBMIT).transId("form-0001").build());
    }

    private UploadResult send(Upload upload, Credentials credentials) {
        return client.send(client.sign(upload, credentials));
    }

    /** Polls until {@code condition} holds; fails after {@link #WAIT}. Never sleeps a fixed time. */
    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    @Test
    void anUploadFake360VerifiesIsDelivered() {
        Upload upload = submit(ProductLine.PC_SEARCH);
        SignedUpload signed = client.sign(upload, Fixtures.search());

        UploadResult result = client.send(signed);

        assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.DELIVERED);
        assertThat(result.httpStatus()).isEqualTo(200);
        assertThat(result.errno()).hasValue(0);
        List<Fake360.Received> accepted = fake.awaitAccepted(1, WAIT);
        assertThat(accepted).hasSize(1);
        assertThat(accepted.get(0).bodyText()).isEqualTo(signed.bodyText());
        assertThat(accepted.get(0).appKey()).isEqualTo(Fixtures.SEARCH_KEY);
        assertThat(accepted.get(0).appSign()).isEqualTo(signed.appSign());
        assertThat(accepted.get(0).contentType()).isEqualTo("application/json;charset=utf-8");
    }

    @Test
    void everyLineIsDeliveredWithItsOwnCredentials() {
        for (ProductLine line : ProductLine.values()) {
            UploadResult result = send(submit(line), Fixtures.credentialsFor(line));
            assertThat(result.isDelivered()).as(line.shortName() + ": " + result).isTrue();
        }
        assertThat(fake.awaitAccepted(4, WAIT)).extracting(Fake360.Received::dataIndustry)
                .containsExactly("ocpc_web_convert", "ocpc_ps_convert", "ocpc_ms_convert", "ocpc_zs_convert");
    }

    @Test
    void aWrongKeyIsErrnoOneAndPermanent() {
        Credentials wrongKey = Credentials.of(Account.SEARCH, "no-such-key", Fixtures.SEARCH_SECRET, null);

        UploadResult result = send(submit(ProductLine.PC_SEARCH), wrongKey);

        assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.PERMANENT_FAILURE);
        assertThat(result.errno()).hasValue(1);
        assertThat(result.knownErrno()).contains(Errno.APP_KEY);
        assertThat(result.message()).contains("FAQ 5.8");
        assertThat(fake.rejected()).extracting(Fake360.Received::errno).containsExactly(1);
    }

    @Test
    void aWrongSecretIsErrnoTwoAndPermanent() {
        Credentials wrongSecret = Credentials.of(Account.SEARCH, Fixtures.SEARCH_KEY, "not-the-secret", null);

        UploadResult result = send(submit(ProductLine.MOBILE_SEARCH), wrongSecret);

        assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.PERMANENT_FAILURE);
        assertThat(result.errno()).hasValue(2);
        assertThat(result.message()).contains("FAQ 5.7");
        assertThat(fake.rejected()).extracting(Fake360.Received::errno).containsExactly(2);
    }

    @Test
    void aKeyOfAnotherLineIsRefused() {
        // the mobile promotion key signs a search upload: FAQ 5.1, lines must not be mixed
        Credentials mobileKeyAsSearch = Credentials.of(Account.SEARCH, Fixtures.MOBILE_KEY, Fixtures.MOBILE_SECRET,
                null);

        UploadResult result = send(submit(ProductLine.PC_SEARCH), mobileKeyAsSearch);

        assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.PERMANENT_FAILURE);
        assertThat(result.errno()).hasValue(1);
    }

    @Test
    void dataFake360RefusesIsErrnoThreeAndPermanent() {
        // a real invalid upload: display's jzqs is not the advertiser's
        Credentials wrongJzqs = Credentials.of(Account.DISPLAY, Fixtures.DISPLAY_KEY, Fixtures.DISPLAY_SECRET, "9999");
        Upload upload = Fixtures.ready(Upload.prepare(Fixtures.click(ProductLine.DISPLAY),
                Conversion.builder(Event.SUBMIT).transId("t").build(), Map.of(Account.DISPLAY, wrongJzqs),
                Fixtures.NOW)).upload();

        UploadResult result = send(upload, wrongJzqs);

        assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.PERMANENT_FAILURE);
        assertThat(result.errno()).hasValue(3);
        assertThat(result.message()).contains("FAQ 5.9");
        assertThat(fake.rejected()).singleElement().satisfies(u -> assertThat(u.reason()).contains("jzqs"));
    }

    @Test
    void errnoThreeFromTheServerIsPermanent() {
        fake.failNext(Fault.errno(3));

        UploadResult result = send(submit(ProductLine.PC_SEARCH), Fixtures.search());

        assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.PERMANENT_FAILURE);
        assertThat(result.errno()).hasValue(3);
    }

    @Test
    void anUndocumentedErrnoIsTransient() {
        fake.failNext(Fault.errno(7));

        UploadResult result = send(submit(ProductLine.PC_SEARCH), Fixtures.search());

        assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.TRANSIENT_FAILURE);
        assertThat(result.errno()).hasValue(7);
    }

    @Test
    void http503WithRetryAfterIsTransientAndKeepsRetryAfter() {
        fake.failNext(Fault.httpStatus(503, Duration.ofSeconds(30)));

        UploadResult result = send(submit(ProductLine.PC_SEARCH), Fixtures.search());

        assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.TRANSIENT_FAILURE);
        assertThat(result.httpStatus()).isEqualTo(503);
        assertThat(result.retryAfter()).contains(Duration.ofSeconds(30));
        assertThat(fake.accepted()).isEmpty();
    }

    @Test
    void http404IsPermanent() {
        fake.failNext(Fault.httpStatus(404));

        UploadResult result = send(submit(ProductLine.PC_SEARCH), Fixtures.search());

        assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.PERMANENT_FAILURE);
        assertThat(result.httpStatus()).isEqualTo(404);
        assertThat(result.message()).contains("qhtrack.endpoint");
    }

    @Test
    void aStallLongerThanTheRequestTimeoutIsTransient() {
        fake.failNext(Fault.stall(Duration.ofSeconds(20)));
        try (UploadClient impatient = UploadClient.builder().endpoint(fake.endpoint())
                .requestTimeout(Duration.ofMillis(300)).build()) {

            UploadResult result = impatient.send(impatient.sign(submit(ProductLine.PC_SEARCH), Fixtures.search()));

            assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.TRANSIENT_FAILURE);
            assertThat(result.httpStatus()).isZero();
            assertThat(result.message()).contains("no answer within 300 ms");
        }
    }

    @Test
    void anHtmlPageInsteadOfJsonIsTransient() {
        fake.failNext(Fault.garbage("<html><body><h1>502 Bad Gateway</h1></body></html>"));

        UploadResult result = send(submit(ProductLine.PC_SEARCH), Fixtures.search());

        assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.TRANSIENT_FAILURE);
        assertThat(result.httpStatus()).isEqualTo(200);
        assertThat(result.errno()).isEmpty();
        assertThat(result.responseBody()).contains("502 Bad Gateway");
    }

    @Test
    void garbageInsteadOfJsonIsTransient() {
        fake.failNext(Fault.garbage("not json"));

        UploadResult result = send(submit(ProductLine.PC_SEARCH), Fixtures.search());

        assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.TRANSIENT_FAILURE);
        assertThat(result.message()).contains("not JSON");
    }

    @Test
    void anEmptyBodyIsTransient() {
        fake.failNext(Fault.emptyBody());

        UploadResult result = send(submit(ProductLine.PC_SEARCH), Fixtures.search());

        assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.TRANSIENT_FAILURE);
        assertThat(result.message()).contains("empty body");
    }

    @Test
    void aDroppedConnectionIsTransientAndNotRetriedBehindOurBack() {
        fake.failNext(Fault.dropConnection());

        UploadResult result = send(submit(ProductLine.PC_SEARCH), Fixtures.search());

        assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.TRANSIENT_FAILURE);
        assertThat(result.httpStatus()).isZero();
        assertThat(result.message()).contains("network error");
        await("the dropped request is recorded", () -> !fake.received().isEmpty());
        assertThat(fake.received()).hasSize(1);
        assertThat(fake.accepted()).isEmpty();
    }

    @Test
    void aRefusedConnectionIsTransient() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort + "/uploadWebConvert");
        try (UploadClient toNowhere = UploadClient.builder().endpoint(nowhere).build()) {

            UploadResult result = toNowhere.send(toNowhere.sign(submit(ProductLine.PC_SEARCH), Fixtures.search()));

            assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.TRANSIENT_FAILURE);
            assertThat(result.httpStatus()).isZero();
            assertThat(result.message()).contains("refused", String.valueOf(closedPort));
        }
    }

    @Test
    void sequentialSendsReuseTheConnection() {
        UploadResult first = send(submit(ProductLine.PC_SEARCH), Fixtures.search());
        UploadResult second = send(Fixtures.upload(ProductLine.PC_SEARCH,
                Conversion.builder(Event.SUBMIT).transId("form-0002").build()), Fixtures.search());

        assertThat(first.isDelivered()).isTrue();
        assertThat(second.isDelivered()).isTrue();
        List<Fake360.Received> received = fake.awaitAccepted(2, WAIT);
        assertThat(received.get(1).remotePort()).isEqualTo(received.get(0).remotePort());
    }

    @Test
    void chineseAndEmojiTextIsAcceptedByFake360() {
        Conversion order = Conversion.builder(Event.ORDER).transId("订单/2026-01 😀").amountYuan("23.45")
                .outerUserId("用户 \"张三\" \\ 😀").businessName("游戏/RPG 🎮").build();
        Upload upload = Fixtures.upload(ProductLine.DISPLAY, order);
        SignedUpload signed = client.sign(upload, Fixtures.display());

        UploadResult result = client.send(signed);

        assertThat(result.isDelivered()).as(result.toString()).isTrue();
        Fake360.Received got = fake.awaitAccepted(1, WAIT).get(0);
        assertThat(got.body()).isEqualTo(signed.body());
        assertThat(got.transId()).isEqualTo("订单/2026-01 😀");
        assertThat(got.json().path("data").path("data_detail").path("event_param").path("outeruserid").asText())
                .isEqualTo("用户 \"张三\" \\ 😀");
        assertThat(got.json().path("data").path("data_detail").path("event_param").path("bname").asText())
                .isEqualTo("游戏/RPG 🎮");
    }

    @Test
    void requestTimeComesFromTheClientsClock() {
        try (UploadClient fixed = UploadClient.builder().endpoint(fake.endpoint())
                .clock(java.time.Clock.fixed(Instant.ofEpochSecond(1767225600L), java.time.ZoneOffset.UTC)).build()) {

            SignedUpload signed = fixed.sign(submit(ProductLine.PC_SEARCH), Fixtures.search());

            assertThat(Fixtures.json(signed.body()).path("data").path("request_time").asLong()).isEqualTo(1767225600L);
            assertThat(fixed.send(signed).isDelivered()).isTrue();
        }
    }

    @Test
    void sendAsyncCompletesNormallyEvenWhenTheServerIsDown() throws Exception {
        fake.failAlways(Fault.dropConnection());

        UploadResult result = client.sendAsync(client.sign(submit(ProductLine.PC_SEARCH), Fixtures.search()))
                .get(10, TimeUnit.SECONDS);

        assertThat(result.isTransient()).isTrue();
        await("the dropped request is recorded", () -> fake.received().size() == 1);
    }

    @Test
    void theClientRefusesAPlainHttpEndpointElsewhereThanLoopback() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> UploadClient.builder()
                .endpoint(URI.create("http://convert.dop.360.cn/uploadWebConvert")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("qhtrack.endpoint");
    }

    @Test
    void anAnswerLimitOutsideItsRangeIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> UploadClient.builder().maxResponseBytes(100))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("qhtrack.http.max-response-bytes: 100 is not between 1024 and 16777216");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> UploadClient.builder().maxResponseBytes(16777217))
                .isInstanceOf(ConfigurationException.class);
    }

    @Test
    void theAnswerLimitIs64KiBByDefault() {
        assertThat(UploadClient.DEFAULT_MAX_RESPONSE_BYTES).isEqualTo(65536);
        assertThat(client.toString()).contains("at most 65536 answer bytes");
    }

    @Test
    void aTimeoutLongerThanASocketCanWaitIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> UploadClient.builder()
                .requestTimeout(Duration.ofDays(30)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("qhtrack.http.request-timeout").hasMessageContaining("PT720H");
    }

    @Test
    void theDescriptionNamesTheEndpointAndLimits() {
        assertThat(client.toString()).contains(fake.endpoint().toString(), "connect timeout PT5S",
                "request timeout PT10S", "256 threads");
    }

    @Test
    void anErrorAnswerLeavesTheConnectionForTheNextUpload() {
        fake.failNext(Fault.httpStatus(503));
        UploadResult refused = send(submit(ProductLine.PC_SEARCH), Fixtures.search());
        fake.failNext(Fault.httpStatus(404));
        UploadResult notFound = send(submit(ProductLine.PC_SEARCH), Fixtures.search());
        UploadResult delivered = send(submit(ProductLine.PC_SEARCH), Fixtures.search());

        assertThat(refused.httpStatus()).isEqualTo(503);
        assertThat(notFound.httpStatus()).isEqualTo(404);
        assertThat(delivered.isDelivered()).isTrue();
        await("three uploads recorded", () -> fake.received().size() == 3);
        assertThat(fake.received()).extracting(Fake360.Received::remotePort).containsOnly(
                fake.received().get(0).remotePort());
    }

    @Test
    void anUploadSignedForAPlainHttpEndpointElsewhereIsNotSent() {
        SignedUpload elsewhere = SignedUpload.sign(URI.create("http://convert.example/uploadWebConvert"),
                submit(ProductLine.PC_SEARCH), Fixtures.search(), Fixtures.NOW);

        UploadResult result = client.send(elsewhere);

        assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.PERMANENT_FAILURE);
        assertThat(result.message()).contains("not sent", "qhtrack.endpoint", "plain http");
    }

    @Test
    void nonPositiveTimeoutsAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> UploadClient.builder().requestTimeout(Duration.ZERO))
                .isInstanceOf(ConfigurationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> UploadClient.builder()
                .connectTimeout(Duration.ofSeconds(-1))).isInstanceOf(ConfigurationException.class);
    }
}
