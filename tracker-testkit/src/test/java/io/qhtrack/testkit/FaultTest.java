package io.qhtrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Faults: what the client sees, and how the faulted upload is recorded. */
class FaultTest extends Fake360Fixture {

    private static HttpRequest validRequest() {
        byte[] body = body(PS, "SUBMIT").toString().getBytes(StandardCharsets.UTF_8);
        return post(ANY_KEY, md5Hex(ANY_SECRET, body), "application/json;charset=utf-8", body);
    }

    private static Fake360.Received last() {
        List<Fake360.Received> received = fake.received();
        return received.get(received.size() - 1);
    }

    // ---------------------------------------------------------------- each fault

    @Test
    void httpStatusAnswersThatStatusWithAShortTextBody() {
        fake.failNext(Fault.httpStatus(503));

        HttpResponse<String> response = call(validRequest());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).startsWith("503 Service Unavailable");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain;charset=utf-8");
        assertThat(response.headers().firstValue("Retry-After")).isEmpty();
    }

    @Test
    void httpStatusWithRetryAfterSendsWholeSecondsRoundedUp() {
        fake.failNext(Fault.httpStatus(503, Duration.ofSeconds(30)));
        fake.failNext(Fault.httpStatus(429, Duration.ofMillis(1500)));

        assertThat(call(validRequest()).headers().firstValue("Retry-After")).hasValue("30");
        HttpResponse<String> second = call(validRequest());
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.headers().firstValue("Retry-After")).hasValue("2");
    }

    @Test
    void aFaultedUploadIsReceivedButNeitherAcceptedNorRejected() {
        fake.failNext(Fault.httpStatus(500));

        call(validRequest());

        Fake360.Received upload = last();
        assertThat(upload.fault()).isEqualTo("httpStatus(500)");
        assertThat(upload.httpStatus()).isEqualTo(500);
        assertThat(upload.errno()).isNull();
        assertThat(upload.error()).isNull();
        assertThat(upload.accepted()).isFalse();
        assertThat(upload.reason()).isEqualTo("fault httpStatus(500) answered instead of the rules, which said: accepted");
        assertThat(fake.received()).containsExactly(upload);
        assertThat(fake.accepted()).isEmpty();
        assertThat(fake.rejected()).isEmpty();
    }

    @Test
    void aStallLongerThanTheClientTimeoutIsSeenAsATimeout() {
        fake.failNext(Fault.stall(Duration.ofSeconds(30)));
        HttpRequest impatient = impatient(validRequest());

        assertThatThrownBy(() -> CLIENT.send(impatient, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        // recorded before the next test clears the shared fake, so that it cannot take that test's fault
        assertThat(fake.awaitReceived(1, Duration.ofSeconds(5))).hasSize(1);
    }

    @Test
    void aStalledUploadIsJudgedOnArrivalSoATimedOutUploadMayStillBeAccepted() {
        fake.failNext(Fault.stall(Duration.ofSeconds(30)));
        HttpRequest impatient = impatient(validRequest());

        assertThatThrownBy(() -> CLIENT.send(impatient, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);

        Fake360.Received upload = fake.awaitAccepted(1, Duration.ofSeconds(5)).get(0);
        assertThat(upload.fault()).isEqualTo("stall(PT30S)");
        assertThat(upload.errno()).isZero();
    }

    @Test
    void aShortStallAnswersNormallyAfterwards() {
        fake.failNext(Fault.stall(Duration.ofMillis(50)));

        Fake360.Received upload = exchange(validRequest());

        assertThat(upload.accepted()).isTrue();
        assertThat(upload.fault()).isEqualTo("stall(PT0.05S)");
    }

    @Test
    void aStallDoesNotHoldUpOtherRequests() {
        HttpClient other = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        fake.failNext(Fault.stall(Duration.ofSeconds(60)));
        CompletableFuture<HttpResponse<String>> stalled =
                other.sendAsync(validRequest(), HttpResponse.BodyHandlers.ofString());
        fake.awaitReceived(1, Duration.ofSeconds(10));

        Fake360.Received next = exchange(validRequest());

        assertThat(next.accepted()).isTrue();
        assertThat(stalled).isNotDone();
    }

    @Test
    void dropConnectionIsAnIoExceptionForTheClient() {
        fake.failNext(Fault.dropConnection());

        assertThatThrownBy(() -> CLIENT.send(validRequest(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
        Fake360.Received upload = last();
        assertThat(upload.fault()).isEqualTo("dropConnection");
        assertThat(upload.httpStatus()).isNull();
        assertThat(upload.bodyText()).isEqualTo(body(PS, "SUBMIT").toString());
    }

    @Test
    void dropConnectionClosesTheSocketWithoutSendingAByte() throws IOException {
        fake.failNext(Fault.dropConnection());
        byte[] body = body(PS, "SUBMIT").toString().getBytes(StandardCharsets.UTF_8);

        try (Socket socket = new Socket(fake.endpoint().getHost(), fake.endpoint().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /uploadWebConvert HTTP/1.1\r\nHost: 127.0.0.1\r\nApp-Key: " + ANY_KEY
                    + "\r\nApp-Sign: " + md5Hex(ANY_SECRET, body) + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();

            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void garbageHtmlIsA200WithThatBody() {
        fake.failNext(Fault.garbage("<html><body>502 Bad Gateway</body></html>"));

        HttpResponse<String> response = call(validRequest());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("<html><body>502 Bad Gateway</body></html>");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
        assertThat(last().fault()).isEqualTo("garbage(\"<html><body>502 Bad Gateway</body></html…\")");
    }

    @Test
    void garbageThatIsNotHtmlComesLabelledAsJson() {
        fake.failNext(Fault.garbage("not json"));

        HttpResponse<String> response = call(validRequest());

        assertThat(response.body()).isEqualTo("not json");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json;charset=utf-8");
    }

    @Test
    void emptyBodyIsA200WithoutContent() {
        fake.failNext(Fault.emptyBody());

        HttpResponse<String> response = call(validRequest());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().firstValue("Content-Length")).hasValue("0");
        assertThat(last().fault()).isEqualTo("emptyBody");
    }

    @Test
    void errnoAnswersThatErrnoWhateverTheRequest() {
        fake.failNext(Fault.errno(3));

        HttpResponse<String> response = call(validRequest());

        assertThat(response.body()).isEqualTo("{\"errno\":3,\"error\":\"Parameter [data] is unverified\"}");
        assertThat(last().errno()).isNull();
        assertThat(last().fault()).isEqualTo("errno(3)");
    }

    @Test
    void errnoZeroFakesASuccessForARequestTheRulesRefuse() {
        fake.failNext(Fault.errno(0));
        byte[] body = "not json".getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = call(post(ANY_KEY, md5Hex(ANY_SECRET, body), "application/json", body));

        assertThat(response.body()).isEqualTo("{\"errno\":0,\"error\":\"Success\"}");
        assertThat(last().accepted()).isFalse();
        assertThat(last().reason()).contains("which said: the body is not valid JSON");
    }

    @Test
    void errnoOutsideTheDocumentedOnesIsSentAsUnknownError() {
        fake.failNext(Fault.errno(99));

        assertThat(call(validRequest()).body()).isEqualTo("{\"errno\":99,\"error\":\"Unknown error\"}");
    }

    // ---------------------------------------------------------------- scheduling

    @Test
    void oneShotFaultsApplyFirstInFirstOutThenTheFakeIsHealthy() {
        fake.failNext(Fault.httpStatus(500));
        fake.failNext(Fault.httpStatus(502));

        assertThat(call(validRequest()).statusCode()).isEqualTo(500);
        assertThat(call(validRequest()).statusCode()).isEqualTo(502);
        assertThat(exchange(validRequest()).accepted()).isTrue();
    }

    @Test
    void failAlwaysAppliesUntilHealthy() {
        fake.failAlways(Fault.httpStatus(503));

        assertThat(call(validRequest()).statusCode()).isEqualTo(503);
        assertThat(call(validRequest()).statusCode()).isEqualTo(503);
        fake.healthy();
        assertThat(exchange(validRequest()).accepted()).isTrue();
    }

    @Test
    void aOneShotFaultComesBeforeTheStandingOne() {
        fake.failAlways(Fault.httpStatus(503));
        fake.failNext(Fault.emptyBody());

        assertThat(call(validRequest()).statusCode()).isEqualTo(200);
        assertThat(call(validRequest()).statusCode()).isEqualTo(503);
    }

    @Test
    void healthyForgetsQueuedOneShotFaultsToo() {
        fake.failNext(Fault.httpStatus(500));
        fake.healthy();

        assertThat(exchange(validRequest()).accepted()).isTrue();
    }

    @Test
    void faultsApplyOnlyToRequestsReachingTheEndpoint() {
        fake.failNext(Fault.httpStatus(500));

        HttpResponse<String> wrongPath = call(HttpRequest.newBuilder(fake.endpoint().resolve("/elsewhere")).build());

        assertThat(wrongPath.statusCode()).isEqualTo(404);
        assertThat(call(validRequest()).statusCode()).isEqualTo(500);
    }

    @Test
    void randomFaultsAreReproducibleForASeed() {
        Supplier<List<Integer>> twentyStatuses = () -> {
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                statuses.add(call(validRequest()).statusCode());
            }
            return statuses;
        };

        fake.failRandomly(0.5, 42L, Fault.httpStatus(500), Fault.httpStatus(502));
        List<Integer> first = twentyStatuses.get();
        fake.failRandomly(0.5, 42L, Fault.httpStatus(500), Fault.httpStatus(502));
        List<Integer> second = twentyStatuses.get();

        assertThat(first).isEqualTo(second).contains(200, 500, 502).containsOnly(200, 500, 502);
    }

    @Test
    void randomFaultsWithProbabilityOneAlwaysFailAndZeroNever() {
        fake.failRandomly(1.0, 7L, Fault.httpStatus(503));
        assertThat(call(validRequest()).statusCode()).isEqualTo(503);

        fake.failRandomly(0.0, 7L, Fault.httpStatus(503));
        assertThat(call(validRequest()).statusCode()).isEqualTo(200);
    }

    @Test
    void failAlwaysReplacesRandomFaults() {
        fake.failRandomly(1.0, 7L, Fault.httpStatus(500));
        fake.failAlways(Fault.httpStatus(503));

        assertThat(call(validRequest()).statusCode()).isEqualTo(503);
    }

    // ---------------------------------------------------------------- validation

    @Test
    void faultArgumentsAreValidatedWithMessagesNamingTheValue() {
        assertThatThrownBy(() -> Fault.httpStatus(200))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("status must be between 400 and 599 but was 200");
        assertThatThrownBy(() -> Fault.httpStatus(503, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("retryAfter must not be negative but was PT-1S");
        assertThatThrownBy(() -> Fault.stall(Duration.ofMinutes(11)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stall duration must be between 0 and PT10M but was PT11M");
        assertThatThrownBy(() -> Fault.garbage(null)).isInstanceOf(NullPointerException.class).hasMessage("body");
        assertThatThrownBy(() -> fake.failRandomly(1.5, 1L, Fault.emptyBody()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("probability must be between 0.0 and 1.0 but was 1.5");
        assertThatThrownBy(() -> fake.failRandomly(0.5, 1L))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("choices must name at least one fault");
        assertThatThrownBy(() -> fake.failNext(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void faultsAreValuesNamedAsWritten() {
        assertThat(Fault.httpStatus(503)).isEqualTo(Fault.httpStatus(503)).hasSameHashCodeAs(Fault.httpStatus(503));
        assertThat(Fault.httpStatus(503)).isNotEqualTo(Fault.httpStatus(502));
        assertThat(Fault.httpStatus(503, Duration.ofSeconds(5))).hasToString("httpStatus(503, PT5S)");
        assertThat(Fault.stall(Duration.ofSeconds(2))).hasToString("stall(PT2S)");
        assertThat(Fault.dropConnection()).hasToString("dropConnection");
        assertThat(Fault.garbage("x".repeat(50))).hasToString("garbage(\"" + "x".repeat(40) + "…\")");
        assertThat(Fault.emptyBody()).hasToString("emptyBody");
        assertThat(Fault.errno(2)).hasToString("errno(2)");
    }
}
