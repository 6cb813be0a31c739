package io.qhtrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One Fake360 per test class, cleared before each test, and helpers to build and send uploads over real
 * HTTP on loopback.
 */
abstract class Fake360Fixture {
    static final String ANY_KEY = "any-key";
    static final String ANY_SECRET = "any-secret";
    static final String SEARCH_KEY = "search-key";
    static final String SEARCH_SECRET = "search-secret";
    static final String DISPLAY_KEY = "display-key";
    static final String DISPLAY_SECRET = "display-secret";
    static final String JZQS = "123456";

    static final String WEB = "ocpc_web_convert";
    static final String PS = "ocpc_ps_convert";
    static final String MS = "ocpc_ms_convert";
    static final String ZS = "ocpc_zs_convert";
    static final List<String> LINES = List.of(WEB, PS, MS, ZS);

    static final String QHCLICKID = "9356596331006111412";
    static final String IMPRESSION_ID = "a8f6e2d4c1b0";
    static final String TRANS_ID = "202cb962ac59075b964b07152d234b70";

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    static Fake360 fake;

    /**
     * {@code request} with a 1 s timeout: longer than any stall or latency of the tests that use it is short, yet long
     * enough that the request surely reaches Fake360 on a loaded machine.
     */
    static HttpRequest impatient(HttpRequest request) {
        return HttpRequest.newBuilder(request, (name, value) -> true).timeout(Duration.ofSeconds(1)).build();
    }

    @BeforeAll
    static void startFake() {
        fake = Fake360.builder()
                .credentials(ANY_KEY, ANY_SECRET)
                .credentials(SEARCH_KEY, SEARCH_SECRET, PS, MS)
                .credentials(DISPLAY_KEY, DISPLAY_SECRET, ZS)
                .jzqs(DISPLAY_KEY, JZQS)
                .start();
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

    /** A valid body for the line and event, with every optional field the line allows, trans_id included. */
    static ObjectNode body(String industry, String event) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode data = root.putObject("data");
        data.put("request_time", 1545033743);
        data.put("data_industry", industry);
        ObjectNode detail = data.putObject("data_detail");
        if (industry.equals(WEB)) {
            detail.put("impression_id", IMPRESSION_ID);
        } else {
            detail.put("qhclickid", QHCLICKID);
        }
        if (industry.equals(ZS)) {
            detail.put("jzqs", JZQS);
        }
        detail.put("trans_id", TRANS_ID);
        detail.put("event", event);
        detail.put("event_time", 1545033743);
        return root;
    }

    static ObjectNode data(ObjectNode body) {
        return (ObjectNode) body.get("data");
    }

    static ObjectNode detail(ObjectNode body) {
        return (ObjectNode) body.get("data").get("data_detail");
    }

    static ObjectNode eventParam(ObjectNode body) {
        ObjectNode detail = detail(body);
        return detail.has("event_param") ? (ObjectNode) detail.get("event_param") : detail.putObject("event_param");
    }

    /** Sends the body, correctly signed with the all-lines key, and returns what Fake360 recorded. */
    static Fake360.Received send(ObjectNode body) {
        return send(ANY_KEY, ANY_SECRET, body.toString());
    }

    /** Sends the text as body, correctly signed with the key and secret, and returns what Fake360 recorded. */
    static Fake360.Received send(String key, String secret, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return exchange(post(key, md5Hex(secret, bytes), "application/json;charset=utf-8", bytes));
    }

    /** Sends these exact bytes, correctly signed with the all-lines key, with this Content-Type. */
    static Fake360.Received sendBytes(byte[] body, String contentType) {
        return exchange(post(ANY_KEY, md5Hex(ANY_SECRET, body), contentType, body));
    }

    /** A POST to the endpoint with these headers (null leaves one out) and body. */
    static HttpRequest post(String key, String sign, String contentType, byte[] body) {
        return post(fake.endpoint(), key, sign, contentType, body);
    }

    /** A POST to this URI with these headers (null leaves one out) and body. */
    static HttpRequest post(URI uri, String key, String sign, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (key != null) {
            request.header("App-Key", key);
        }
        if (sign != null) {
            request.header("App-Sign", sign);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return request.build();
    }

    /**
     * Sends the request, checks that the HTTP answer is exactly what the recorded upload says was
     * answered, and returns the upload.
     */
    static Fake360.Received exchange(HttpRequest request) {
        HttpResponse<String> response = call(request);
        List<Fake360.Received> received = fake.received();
        assertThat(received).isNotEmpty();
        Fake360.Received upload = received.get(received.size() - 1);
        if (upload.errno() != null) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json;charset=utf-8");
            assertThat(response.body())
                    .isEqualTo("{\"errno\":" + upload.errno() + ",\"error\":\"" + upload.error() + "\"}");
        }
        return upload;
    }

    static HttpResponse<String> call(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** md5 of the secret's UTF-8 bytes followed by the body bytes, lower-case hex: 360's App-Sign. */
    static String md5Hex(String secret, byte[] body) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(secret.getBytes(StandardCharsets.UTF_8));
            md5.update(body);
            return HexFormat.of().formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
