package io.qhtrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** FakeBaidu's faults: chosen failed items, its statuses, and the shared ones (HTTP, stalls, huge bodies). */
class BaiduFaultTest extends FakeBaiduFixture {

    private static HttpRequest upload(int items) {
        return post(fake.endpoint(), "application/json", bodyOf(items).toString().getBytes(StandardCharsets.UTF_8));
    }

    private static FakeBaidu.Received last() {
        return fake.received().get(fake.received().size() - 1);
    }

    // ---------------------------------------------------------------- Baidu's own

    @Test
    void failItemsRefusesTheChosenItemsWithStatus1AndErrorsNamingThem() {
        fake.failNext(Fault.baiduFailItems(2, 0));

        HttpResponse<String> response = call(upload(4));

        JsonNode header = header(response);
        assertThat(header.get("status").asInt()).isEqualTo(1);
        assertThat(header.get("errors")).extracting(error -> error.get("position").asText())
                .containsExactly("conversionTypes[0]", "conversionTypes[2]");
        assertThat(header.get("errors").get(0).get("message").asText())
                .isEqualTo("refused by the fault baiduFailItems(0, 2)");
        FakeBaidu.Received received = last();
        assertThat(received.fault()).isEqualTo("baiduFailItems(0, 2)");
        assertThat(received.status()).isEqualTo(1);
        assertThat(fake.accepted()).extracting(FakeBaidu.Item::index).containsExactly(1, 3);
        assertThat(fake.rejected()).containsExactly(received);
    }

    @Test
    void failItemsOfEveryItemIsStatus2AndIndexesBeyondTheItemsAreIgnored() {
        fake.failNext(Fault.baiduFailItems(0, 1, 7));

        FakeBaidu.Received received = exchange(upload(2));

        assertThat(received.status()).isEqualTo(2);
        assertThat(fake.accepted()).isEmpty();
    }

    @Test
    void failItemsKeepsWhatTheRulesRefused() {
        fake.failNext(Fault.baiduFailItems(0));

        FakeBaidu.Received received = send(body(item(3), item(99), item(14)));

        assertThat(received.items()).extracting(FakeBaidu.Item::accepted).containsExactly(false, false, true);
        assertThat(received.items().get(1).reason()).startsWith("newType 99");
    }

    @Test
    void status3And4AreAnsweredWhateverTheRequestWithoutErrors() {
        fake.failNext(Fault.baiduStatus(3));
        fake.failNext(Fault.baiduStatus(4));

        HttpResponse<String> three = call(upload(1));
        HttpResponse<String> four = call(upload(1));

        assertThat(three.body()).isEqualTo("{\"header\":{\"status\":3,\"desc\":\"token invalid\"}}");
        assertThat(four.body()).isEqualTo("{\"header\":{\"status\":4,\"desc\":\"server error\"}}");
        FakeBaidu.Received received = last();
        assertThat(received.fault()).isEqualTo("baiduStatus(4)");
        assertThat(received.status()).isNull();
        assertThat(received.reason()).isEqualTo("fault baiduStatus(4) answered instead of the rules, which said: "
                + "accepted");
        assertThat(fake.accepted()).isEmpty();
        assertThat(fake.rejected()).isEmpty();
    }

    @Test
    void otherFakesFaultsAreRefused() {
        assertThatThrownBy(() -> fake.failNext(Fault.errno(3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("errno(3) is a fault of Fake360, not of FakeBaidu");
        assertThatThrownBy(() -> fake.failAlways(Fault.tencentCode(11017)))
                .hasMessage("tencentCode(11017) is a fault of FakeTencent, not of FakeBaidu");
        assertThatThrownBy(() -> fake.failRandomly(0.5, 1L, Fault.dropConnection(), Fault.errno(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void baiduFaultsAreValidated() {
        assertThatThrownBy(Fault::baiduFailItems).hasMessage("baiduFailItems needs at least one item index");
        assertThatThrownBy(() -> Fault.baiduFailItems(1, -1)).hasMessage("item indexes must not be negative but were "
                + "[1, -1]");
        assertThatThrownBy(() -> Fault.baiduStatus(-1)).hasMessage("Baidu status must not be negative but was -1");
        assertThat(Fault.baiduFailItems(2, 0, 2)).isEqualTo(Fault.baiduFailItems(0, 2))
                .hasSameHashCodeAs(Fault.baiduFailItems(0, 2)).isNotEqualTo(Fault.baiduFailItems(0));
    }

    // ---------------------------------------------------------------- the shared faults

    @Test
    void anHttp503IsAnsweredAndRecordedAsFaulted() {
        fake.failNext(Fault.httpStatus(503, Duration.ofSeconds(30)));

        HttpResponse<String> response = call(upload(1));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("503 Service Unavailable (FakeBaidu fault)\n");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("30");
        assertThat(response.headers().firstValue("Server")).hasValue("FakeBaidu");
        assertThat(last().httpStatus()).isEqualTo(503);
        assertThat(last().items()).noneMatch(FakeBaidu.Item::accepted);
    }

    @Test
    void aStalledUploadIsJudgedOnArrivalSoATimedOutUploadIsStillAccepted() {
        fake.failNext(Fault.stall(Duration.ofSeconds(30)));
        HttpRequest impatient = HttpRequest.newBuilder(upload(1), (name, value) -> true)
                .timeout(Duration.ofSeconds(1)).build();

        assertThatThrownBy(() -> CLIENT.send(impatient, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);

        assertThat(fake.awaitAccepted(1, Duration.ofSeconds(5))).hasSize(1);
        assertThat(last().fault()).isEqualTo("stall(PT30S)");
    }

    @Test
    void aDroppedConnectionIsAnIoException() {
        fake.failNext(Fault.dropConnection());

        assertThatThrownBy(() -> CLIENT.send(upload(1), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
        assertThat(last().httpStatus()).isNull();
    }

    @Test
    void aHugeBodyIsBaidusSuccessPaddedToTheSize() throws Exception {
        fake.failNext(Fault.hugeBody(5 * 1024 * 1024));

        HttpResponse<InputStream> response = CLIENT.send(upload(1), HttpResponse.BodyHandlers.ofInputStream());

        try (InputStream in = response.body()) {
            byte[] head = in.readNBytes(60);
            long rest = in.transferTo(java.io.OutputStream.nullOutputStream());
            assertThat(new String(head, StandardCharsets.US_ASCII))
                    .startsWith("{\"header\":{\"status\":0,\"desc\":\"success\"},\"padding\":\"xxx");
            assertThat(head.length + rest).isEqualTo(5 * 1024 * 1024);
        }
        assertThat(last().fault()).isEqualTo("hugeBody(5242880)");
    }

    @Test
    void aHugeBodyShorterThanBaidusSuccessIsRefused() {
        long min = "{\"header\":{\"status\":0,\"desc\":\"success\"},\"padding\":\"\"}".length();

        assertThatThrownBy(() -> fake.failNext(Fault.hugeChunkedBody(min - 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hugeChunkedBody(" + (min - 1) + ") is shorter than FakeBaidu's success answer: give it at "
                        + "least " + min + " bytes");
        fake.failNext(Fault.hugeChunkedBody(min));
        assertThat(call(upload(1)).body()).isEqualTo("{\"header\":{\"status\":0,\"desc\":\"success\"},\"padding\":\"\"}");
    }

    @Test
    void failAlwaysLastsUntilHealthy() {
        fake.failAlways(Fault.baiduStatus(4));
        call(upload(1));
        call(upload(1));
        fake.healthy();
        call(upload(1));

        assertThat(fake.received()).extracting(FakeBaidu.Received::fault)
                .containsExactly("baiduStatus(4)", "baiduStatus(4)", null);
    }

    @Test
    void latencyHoldsEveryAnswerAndIsReadBack() {
        MovableClock clock = new MovableClock(NOW);
        try (FakeBaidu slow = FakeBaidu.builder().token(TOKEN).clock(clock).latency(Duration.ofMillis(300)).start()) {
            HttpRequest request = post(slow.endpoint(), "application/json",
                    body(item(3)).toString().getBytes(StandardCharsets.UTF_8));
            long start = System.nanoTime();

            call(request);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(slow.latency()).isEqualTo(Duration.ofMillis(300));
            assertThat(slow.received().get(0).receivedAt()).isEqualTo(Instant.from(NOW));
            slow.latency(Duration.ZERO);
            assertThat(slow.latency()).isZero();
        }
    }

    @Test
    void overTlsItServesATrustingClient() throws Exception {
        try (FakeBaidu tls = FakeBaidu.builder().tls().token(TOKEN).start()) {
            HttpClient client = HttpClient.newBuilder().sslContext(tls.sslContext()).build();
            HttpResponse<String> response = client.send(post(tls.endpoint(), "application/json",
                    body(item(3)).toString().getBytes(StandardCharsets.UTF_8)), HttpResponse.BodyHandlers.ofString());

            assertThat(tls.endpoint().toString()).matches("https://127\\.0\\.0\\.1:[1-9][0-9]*/ocpcapi/api/uploadConvertData");
            assertThat(response.body()).isEqualTo("{\"header\":{\"status\":0,\"desc\":\"success\"}}");
        }
        assertThatThrownBy(() -> fake.sslContext()).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("this FakeBaidu speaks plain HTTP");
    }
}
