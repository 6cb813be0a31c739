package io.qhtrack.platform.qihoo360;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.Conversion;
import io.qhtrack.core.Event;
import io.qhtrack.core.Fixtures;
import io.qhtrack.core.ProductLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link UploadClient} against servers that misbehave in ways Fake360 does not: huge or endless answers, a connection
 * dropped after the request, redirects, authentication challenges, answers that are not HTTP.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UploadClientHostileServerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long HUGE = 500_000_000L;

    private ScriptedServer server;
    private UploadClient client;

    @AfterEach
    void stop() throws IOException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private UploadResult sendTo(ScriptedServer s, UploadClient.Builder b) {
        server = s;
        if (client == null) {
            client = b.endpoint(s.endpoint()).build();
        }
        return send();
    }

    private UploadResult sendTo(ScriptedServer s) {
        return sendTo(s, UploadClient.builder());
    }

    private UploadResult send() {
        Upload upload = Fixtures.upload(ProductLine.PC_SEARCH,
                Conversion.builder(Event.SUBMIT).transId("hostile-" + System.nanoTime()).build());
        return client.send(client.sign(upload, Fixtures.search()));
    }

    /** Polls until {@code condition} holds; fails after {@link #WAIT}. */
    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            Thread.yield();
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A 200 whose JSON body is padded with spaces to exactly {@code length} bytes, sent in one chunk. */
    private static ScriptedServer.Script chunkedSuccessOf(int length) {
        return (request, out) -> {
            String json = "{\"errno\":0,\"error\":\"Success\"}";
            String body = json + " ".repeat(length - json.length());
            out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(length) + "\r\n" + body + "\r\n0\r\n\r\n"));
            out.flush();
            return true;
        };
    }

    @Test
    void anAnswerDeclaringHundredsOfMegabytesIsRefusedWithoutBeingRead() throws IOException {
        UploadResult result = sendTo(ScriptedServer.start((request, out) -> {
            out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + HUGE + "\r\n\r\n"));
            byte[] chunk = new byte[64 * 1024];
            for (long sent = 0; sent < HUGE; sent += chunk.length) {
                out.write(chunk);
            }
            return false;
        }));

        assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.TRANSIENT_FAILURE);
        assertThat(result.httpStatus()).isEqualTo(200);
        assertThat(result.message()).contains("the answer exceeded 65536 bytes", "qhtrack.http.max-response-bytes");
        await("the server stops writing: the client has hung up", () -> server.answering() == 0);
        assertThat(server.bytesWritten()).isLessThan(HUGE / 10);
    }

    @Test
    void anEndlessChunkedAnswerIsCutAfterTheLimit() throws IOException {
        UploadResult result = sendTo(ScriptedServer.start((request, out) -> {
            out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"));
            byte[] chunk = new byte[64 * 1024];
            byte[] size = ascii(Integer.toHexString(chunk.length) + "\r\n");
            byte[] end = ascii("\r\n");
            for (long sent = 0; sent < HUGE; sent += chunk.length) {
                out.write(size);
                out.write(chunk);
                out.write(end);
            }
            return false;
        }));

        assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.TRANSIENT_FAILURE);
        assertThat(result.message()).contains("the answer exceeded 65536 bytes");
        await("the server stops writing: the client has hung up", () -> server.answering() == 0);
        assertThat(server.bytesWritten()).isLessThan(HUGE / 10);
    }

    @Test
    void anAnswerOfExactlyTheLimitIsRead() throws IOException {
        UploadResult result = sendTo(ScriptedServer.start(chunkedSuccessOf(1024)),
                UploadClient.builder().maxResponseBytes(1024));

        assertThat(result.isDelivered()).as(result.toString()).isTrue();
    }

    @Test
    void anAnswerOneByteOverTheLimitIsRefused() throws IOException {
        UploadResult result = sendTo(ScriptedServer.start(chunkedSuccessOf(1025)),
                UploadClient.builder().maxResponseBytes(1024));

        assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.TRANSIENT_FAILURE);
        assertThat(result.message()).contains("the answer exceeded 1024 bytes");
        assertThat(result.responseBody()).startsWith("{\"errno\":0");
    }

    @Test
    void aContentLengthOneByteOverTheLimitIsRefused() throws IOException {
        String json = "{\"errno\":0,\"error\":\"Success\"}";
        UploadResult result = sendTo(ScriptedServer.start(ScriptedServer.answering(200,
                json + " ".repeat(1025 - json.length()))), UploadClient.builder().maxResponseBytes(1024));

        assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.TRANSIENT_FAILURE);
        assertThat(result.message()).contains("the answer exceeded 1024 bytes");
    }

    @Test
    void aConnectionDroppedAfterTheRequestIsOneRequestAndATransientFailure() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        ScriptedServer.Script delivering = ScriptedServer.delivering();
        UploadResult dropped = sendTo(ScriptedServer.start((request, out) ->
                calls.incrementAndGet() == 1 ? false : delivering.answer(request, out))); // the first: hang up, no byte

        assertThat(dropped.outcome()).isEqualTo(UploadResult.Outcome.TRANSIENT_FAILURE);
        assertThat(dropped.httpStatus()).isZero();
        assertThat(dropped.message()).contains("network error");
        assertThat(server.requests()).isEqualTo(1);
        assertThat(send().isDelivered()).isTrue();
        assertThat(server.requests()).isEqualTo(2);
    }

    @Test
    void aKeptAliveConnectionDroppedAfterTheRequestIsNotSentAgainOnANewOne() throws IOException {
        // the classic silent re-send of HttpURLConnection: a POST on a cached connection fails, the JDK retries it
        AtomicInteger calls = new AtomicInteger();
        ScriptedServer.Script delivering = ScriptedServer.delivering();
        UploadResult first = sendTo(ScriptedServer.start((request, out) ->
                calls.incrementAndGet() == 2 ? false : delivering.answer(request, out)));

        UploadResult second = send();

        assertThat(first.isDelivered()).isTrue();
        assertThat(second.outcome()).isEqualTo(UploadResult.Outcome.TRANSIENT_FAILURE);
        assertThat(server.requests()).isEqualTo(2);
        assertThat(server.connections()).as("the second request went on the first one's connection").isEqualTo(1);
        assertThat(send().isDelivered()).isTrue();
        assertThat(server.requests()).isEqualTo(3);
    }

    @Test
    void aRedirectIsNotFollowed() throws IOException {
        UploadResult result = sendTo(ScriptedServer.start((request, out) -> {
            out.write(ascii("HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\nContent-Length: 0\r\n\r\n"));
            out.flush();
            return true;
        }));

        assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.PERMANENT_FAILURE);
        assertThat(result.httpStatus()).isEqualTo(302);
        assertThat(result.message()).contains("redirect", "qhtrack.endpoint");
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void anAuthenticationChallengeIsAPermanentHttp401() throws IOException {
        UploadResult result = sendTo(ScriptedServer.start((request, out) -> {
            out.write(ascii("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"gateway\"\r\n"
                    + "Content-Length: 0\r\n\r\n"));
            out.flush();
            return true;
        }));

        assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.PERMANENT_FAILURE);
        assertThat(result.httpStatus()).isEqualTo(401);
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void anAnswerThatIsNotHttpIsTransient() throws IOException {
        UploadResult result = sendTo(ScriptedServer.start((request, out) -> {
            out.write(ascii("SSH-2.0-OpenSSH_9.2\r\n"));
            out.flush();
            return false;
        }));

        assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.TRANSIENT_FAILURE);
        assertThat(result.httpStatus()).isZero();
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void the360HeadersAreSentOnceAndTheSecretNever() throws IOException {
        AtomicReference<ScriptedServer.Request> seen = new AtomicReference<>();
        ScriptedServer.Script delivering = ScriptedServer.delivering();
        UploadResult result = sendTo(ScriptedServer.start((request, out) -> {
            seen.set(request);
            return delivering.answer(request, out);
        }));

        assertThat(result.isDelivered()).isTrue();
        ScriptedServer.Request request = seen.get();
        assertThat(request.head).startsWith("POST /uploadWebConvert HTTP/1.1\r\n");
        assertThat(request.header("Content-Type")).isEqualTo("application/json;charset=utf-8");
        assertThat(request.header("App-Key")).isEqualTo(Fixtures.SEARCH_KEY);
        assertThat(request.header("App-Sign")).hasSize(32);
        assertThat(request.head + new String(request.body, StandardCharsets.UTF_8)).doesNotContain(Fixtures.SEARCH_SECRET);
        assertThat(request.header("Content-Length")).isEqualTo(String.valueOf(request.body.length));
        assertThat(server.requests()).isEqualTo(1);
    }
}
