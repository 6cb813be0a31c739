package io.qhtrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One FakeBaidu per test class (its clock fixed at {@link #NOW}), cleared before each test, and helpers to
 * build and send uploads over real HTTP on loopback.
 */
abstract class FakeBaiduFixture {
    /** Not an ordinary word, so that masking it cannot hide anything else. */
    static final String TOKEN = "bdTok-7f3a9c2e51";
    static final String BD_VID = "Kz8bQ2xYp0aF3mNc";
    static final String LANDING = "https://www.example.com/course?from=ad&bd_vid=" + BD_VID;
    static final Instant NOW = Instant.parse("2025-01-15T02:05:00Z");
    static final long CONVERT_TIME = NOW.minusSeconds(300).getEpochSecond();

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = Fake360Fixture.CLIENT;

    static FakeBaidu fake;

    @BeforeAll
    static void startFake() {
        fake = FakeBaidu.builder().token(TOKEN).clock(Clock.fixed(NOW, ZoneOffset.UTC)).start();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @BeforeEach
    void resetFake() {
        fake.healthy();
        fake.clear();
    }

    /** A valid conversion of this type on {@link #LANDING}, with convertTime. */
    static ObjectNode item(int newType) {
        ObjectNode item = JSON.createObjectNode();
        item.put("logidUrl", LANDING);
        item.put("newType", newType);
        item.put("convertTime", CONVERT_TIME);
        return item;
    }

    /** A body with the token and these items. */
    static ObjectNode body(ObjectNode... items) {
        ObjectNode body = JSON.createObjectNode();
        body.put("token", TOKEN);
        ArrayNode array = body.putArray("conversionTypes");
        for (ObjectNode item : items) {
            array.add(item);
        }
        return body;
    }

    /** A body with the token and {@code count} valid lead conversions, each with its own outerEventId. */
    static ObjectNode bodyOf(int count) {
        ObjectNode body = body();
        for (int i = 0; i < count; i++) {
            ((ArrayNode) body.get("conversionTypes")).add(item(3).put("outerEventId", "form-" + i));
        }
        return body;
    }

    /** Sends the body and returns what FakeBaidu recorded, after checking that the answer says the same. */
    static FakeBaidu.Received send(ObjectNode body) {
        return send(body.toString());
    }

    /** Sends the text as body ({@code application/json}) and returns what FakeBaidu recorded. */
    static FakeBaidu.Received send(String body) {
        return exchange(post(fake.endpoint(), "application/json", body.getBytes(StandardCharsets.UTF_8)));
    }

    /** A POST to this URI with this Content-Type (null leaves it out) and body. */
    static HttpRequest post(URI uri, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return request.build();
    }

    /**
     * Sends the request, checks that the HTTP answer is what the recorded request says (status, desc, one error
     * per refused item), and returns the recorded request.
     */
    static FakeBaidu.Received exchange(HttpRequest request) {
        HttpResponse<String> response = call(request);
        List<FakeBaidu.Received> received = fake.received();
        assertThat(received).isNotEmpty();
        FakeBaidu.Received last = received.get(received.size() - 1);
        if (last.status() != null) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json;charset=utf-8");
            JsonNode header = header(response);
            assertThat(header.get("status").asInt()).isEqualTo(last.status());
            assertThat(header.get("desc").asText()).isEqualTo(last.desc());
            long refused = last.items().stream().filter(item -> !item.accepted()).count();
            if (last.status() == 1 || last.status() == 2 && refused > 0) {
                assertThat(header.get("errors")).hasSize((int) refused);
            }
        }
        return last;
    }

    /** The {@code header} of a Baidu answer. */
    static JsonNode header(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body()).get("header");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HttpResponse<String> call(HttpRequest request) {
        return Fake360Fixture.call(request);
    }

    /** The one item of a one-item upload. */
    static FakeBaidu.Item only(FakeBaidu.Received received) {
        assertThat(received.items()).hasSize(1);
        return received.items().get(0);
    }
}
