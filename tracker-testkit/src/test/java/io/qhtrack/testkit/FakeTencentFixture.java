package io.qhtrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One FakeTencent per test class (auth in the query, its clock movable and reset to {@link #NOW}), cleared
 * before each test, and helpers to build, authenticate and send uploads over real HTTP on loopback.
 */
abstract class FakeTencentFixture {
    /** Not an ordinary word, so that masking it cannot hide anything else. */
    static final String ACCESS_TOKEN = "tcTok-91bd0e7f2a";
    static final long ACCOUNT_ID = 21436587L;
    static final long ACTION_SET_ID = 1100456789L;
    static final String DOMAIN = "example.com";
    static final String CLICK_ID = "wx0abcdEFGhij12345";
    static final String PAGE = "https://www.example.com/course?gdt_vid=" + CLICK_ID;
    static final Instant NOW = Instant.parse("2025-01-15T02:05:00Z");
    static final long ACTION_TIME = NOW.minusSeconds(300).getEpochSecond();

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = Fake360Fixture.CLIENT;
    static final MovableClock CLOCK = new MovableClock(NOW);
    private static final AtomicLong NONCES = new AtomicLong();

    static FakeTencent fake;

    @BeforeAll
    static void startFake() {
        fake = FakeTencent.builder().accessToken(ACCESS_TOKEN).accountId(ACCOUNT_ID).userActionSetId(ACTION_SET_ID)
                .domain(DOMAIN).clock(CLOCK).start();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @BeforeEach
    void resetFake() {
        CLOCK.set(NOW);
        fake.healthy();
        fake.clear();
    }

    /** A nonce no other request of this JVM uses. */
    static String nonce() {
        return "nonce-" + NONCES.incrementAndGet();
    }

    /** A valid action of this type on {@link #PAGE}, with an action_time. */
    static ObjectNode action(String actionType) {
        ObjectNode action = JSON.createObjectNode();
        action.put("action_time", ACTION_TIME);
        action.put("action_type", actionType);
        action.putObject("trace").put("click_id", CLICK_ID);
        action.put("url", PAGE);
        return action;
    }

    /** A body for the configured account and action set with these actions. */
    static ObjectNode body(ObjectNode... actions) {
        ObjectNode body = JSON.createObjectNode();
        body.put("account_id", ACCOUNT_ID);
        body.put("user_action_set_id", ACTION_SET_ID);
        ArrayNode array = body.putArray("actions");
        for (ObjectNode action : actions) {
            array.add(action);
        }
        return body;
    }

    /** A body with {@code count} valid lead actions, each with its own outer_action_id. */
    static ObjectNode bodyOf(int count) {
        ObjectNode body = body();
        for (int i = 0; i < count; i++) {
            ((ArrayNode) body.get("actions")).add(action("RESERVATION").put("outer_action_id", "form-" + i));
        }
        return body;
    }

    /** The endpoint with {@code access_token}, {@code timestamp} and {@code nonce} in the query. */
    static URI authed(URI endpoint, String token, long timestamp, String nonce) {
        return URI.create(endpoint + "?access_token=" + encode(token) + "&timestamp=" + timestamp + "&nonce="
                + encode(nonce));
    }

    /** The endpoint authenticated with the token, the fake's time and a fresh nonce. */
    static URI authed() {
        return authed(fake.endpoint(), ACCESS_TOKEN, CLOCK.instant().getEpochSecond(), nonce());
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** A POST to this URI, {@code application/json}, with these header names and values. */
    static HttpRequest post(URI uri, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request.build();
    }

    static HttpRequest post(URI uri, ObjectNode body, String... headers) {
        return post(uri, body.toString().getBytes(StandardCharsets.UTF_8), headers);
    }

    /** Sends the body, authenticated in the query, and returns what FakeTencent recorded. */
    static FakeTencent.Received send(ObjectNode body) {
        return exchange(post(authed(), body));
    }

    /**
     * Sends the request, checks that the answer is what the recorded request says (code, message, the trace and
     * rate-limit headers) and returns the recorded request.
     */
    static FakeTencent.Received exchange(HttpRequest request) {
        HttpResponse<String> response = call(request);
        List<FakeTencent.Received> received = fake.received();
        assertThat(received).isNotEmpty();
        FakeTencent.Received last = received.get(received.size() - 1);
        if (last.code() != null) {
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode answer = json(response);
            assertThat(answer.get("code").asInt()).isEqualTo(last.code());
            assertThat(answer.get("message").asText()).isEqualTo(last.message());
            assertThat(answer.has("data")).isEqualTo(last.accepted());
            assertThat(response.headers().firstValue("X-TSA-Trace-Id")).hasValue(last.traceId());
            assertThat(response.headers().firstValue("X-RateLimit-Remaining"))
                    .hasValue(Integer.toString(last.rateLimitRemaining()));
        }
        return last;
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HttpResponse<String> call(HttpRequest request) {
        return Fake360Fixture.call(request);
    }
}
