package io.qhtrack.testkit;

import static io.qhtrack.testkit.Fake360Fixture.impatient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Injected latency: a slow server, one connection at a time, with arrival times kept. */
class LatencyTest {
    private static final String KEY = "k";
    private static final String SECRET = "s";
    private static final Instant ARRIVAL = Instant.parse("2025-01-15T02:00:00Z");
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final MovableClock clock = new MovableClock(ARRIVAL);
    private Fake360 fake;

    @BeforeEach
    void startFake() {
        fake = Fake360.builder().credentials(KEY, SECRET).clock(clock).start();
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }

    private HttpRequest upload(String transId) {
        ObjectNode json = Fake360Fixture.body(Fake360Fixture.PS, "SUBMIT");
        Fake360Fixture.detail(json).put("trans_id", transId);
        byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
        return Fake360Fixture.post(fake.endpoint(), KEY, Fake360Fixture.md5Hex(SECRET, body), "application/json", body);
    }

    @Test
    void anAnswerComesNoSoonerThanTheLatency() throws Exception {
        fake.latency(Duration.ofMillis(150));
        long start = System.nanoTime();

        HttpResponse<String> response = CLIENT.send(upload("t1"), HttpResponse.BodyHandlers.ofString());

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        assertThat(response.body()).isEqualTo("{\"errno\":0,\"error\":\"Success\"}");
    }

    @Test
    void aLatencyLongerThanTheClientTimeoutIsSeenAsATimeoutYetTheUploadIsAccepted() {
        try (Fake360 slow = Fake360.builder().credentials(KEY, SECRET).latency(Duration.ofSeconds(30)).start()) {
            byte[] body = Fake360Fixture.body(Fake360Fixture.PS, "SUBMIT").toString().getBytes(StandardCharsets.UTF_8);
            HttpRequest request = Fake360Fixture.post(slow.endpoint(), KEY, Fake360Fixture.md5Hex(SECRET, body),
                    "application/json", body);

            assertThatThrownBy(() -> CLIENT.send(impatient(request), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(HttpTimeoutException.class);
            assertThat(slow.awaitAccepted(1, Duration.ofSeconds(5))).hasSize(1);
        }
    }

    @Test
    void rejectionsAreHeldToo() {
        fake.latency(Duration.ofSeconds(30));
        HttpRequest wrongPath = impatient(HttpRequest.newBuilder(fake.endpoint().resolve("/elsewhere")).build());

        assertThatThrownBy(() -> CLIENT.send(wrongPath, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(fake.awaitReceived(1, Duration.ofSeconds(5)).get(0).httpStatus()).isEqualTo(404);
    }

    @Test
    void aHeldAnswerHoldsUpNoOtherConnectionAndKeepsTheLatencyItArrivedWith() {
        fake.latency(Duration.ofSeconds(60));
        HttpClient other = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        CompletableFuture<HttpResponse<String>> held = other.sendAsync(upload("held"), HttpResponse.BodyHandlers.ofString());
        fake.awaitReceived(1, Duration.ofSeconds(10));

        fake.latency(Duration.ZERO);
        HttpResponse<String> next = Fake360Fixture.call(upload("next"));

        assertThat(next.body()).isEqualTo("{\"errno\":0,\"error\":\"Success\"}");
        assertThat(held).isNotDone();
    }

    @Test
    void theRecordedTimeIsTheArrivalNotTheAnswer() {
        fake.latency(Duration.ofSeconds(60));
        CompletableFuture<HttpResponse<String>> held = CLIENT.sendAsync(upload("t"), HttpResponse.BodyHandlers.ofString());
        Fake360.Received received = fake.awaitAccepted(1, Duration.ofSeconds(10)).get(0);

        clock.set(ARRIVAL.plusSeconds(60));

        assertThat(held).isNotDone();
        assertThat(received.receivedAt()).isEqualTo(ARRIVAL);
        assertThat(fake.received().get(0).receivedAt()).isEqualTo(ARRIVAL);
    }

    @Test
    void theLatencyIsReadBack() {
        assertThat(fake.latency()).isEqualTo(Fake360.DEFAULT_LATENCY).isZero();
        fake.latency(Duration.ofMillis(50));
        assertThat(fake.latency()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void theLatencyIsValidatedNamingTheValue() {
        assertThatThrownBy(() -> fake.latency(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("latency must be between PT0S and PT10M but was PT-0.001S");
        assertThatThrownBy(() -> Fake360.builder().latency(Duration.ofMinutes(11)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("latency must be between PT0S and PT10M but was PT11M");
        assertThatThrownBy(() -> fake.latency(null)).isInstanceOf(NullPointerException.class).hasMessage("latency");
        assertThatThrownBy(() -> Fake360.builder().latency(Duration.ZERO).latency(Duration.ZERO))
                .isInstanceOf(IllegalStateException.class).hasMessage("latency was already set to PT0S");
    }
}
