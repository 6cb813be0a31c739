package io.qhtrack.platform.qihoo360;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.internal.Answers;
import io.qhtrack.core.internal.Exchange;
import io.qhtrack.core.spi.HttpAnswer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How 360's answers (and what is not 360's answer) become {@link UploadResult}s (section 4.3, FAQ 5.7 to 5.9): the
 * engine's rules for what is not an answer of 360's (5xx, 3xx …) and 360's classifier for the rest.
 */
class Qihoo360ClassifierTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static UploadResult classify(int status, String body) {
        return classify(status, body, null);
    }

    private static UploadResult classify(int status, String body, String retryAfter) {
        Map<String, String> headers = retryAfter == null ? Map.of() : Map.of("Retry-After", retryAfter);
        return UploadClient.result(Exchange.answer(new HttpAnswer(status, headers, body.getBytes(StandardCharsets.UTF_8))),
                CLOCK);
    }

    @ParameterizedTest(name = "HTTP {0} {1} → {2} errno={3}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', nullValues = "-", value = {
        "200 | `{\"errno\":0,\"error\":\"Success\"}`                       | DELIVERED         | 0 | delivered",
        "200 | `{\"error\":\"Success\",\"errno\":0}`                       | DELIVERED         | 0 | Success",
        "200 | `{\"errno\":1,\"error\":\"Parameter [app_key] is unverified\"}`  | PERMANENT_FAILURE | 1 | FAQ 5.8",
        "200 | `{\"errno\":2,\"error\":\"Parameter [app_sign] is unverified\"}` | PERMANENT_FAILURE | 2 | FAQ 5.7",
        "200 | `{\"errno\":3,\"error\":\"Parameter [data] is unverified\"}`     | PERMANENT_FAILURE | 3 | FAQ 5.9",
        "200 | `{\"errno\":7,\"error\":\"busy\"}`                          | TRANSIENT_FAILURE | 7 | errno 7",
        "200 | `{\"errno\":-1}`                                          | TRANSIENT_FAILURE | -1 | errno -1",
        "200 | `{\"error\":\"Success\"}`                                  | TRANSIENT_FAILURE | - | errno",
        "200 | `{\"errno\":\"0\"}`                                        | TRANSIENT_FAILURE | - | errno",
        "200 | `{\"errno\":0.0}`                                          | TRANSIENT_FAILURE | - | errno",
        "200 | `{\"errno\":null}`                                         | TRANSIENT_FAILURE | - | errno",
        "200 | `{\"errno\":99999999999}`                                  | TRANSIENT_FAILURE | - | errno",
        "200 | `{\"data\":{\"errno\":0}}`                                 | TRANSIENT_FAILURE | - | errno",
        "200 | `[]`                                                      | TRANSIENT_FAILURE | - | JSON",
        "200 | `[{\"errno\":0}]`                                         | TRANSIENT_FAILURE | - | JSON",
        "200 | `null`                                                    | TRANSIENT_FAILURE | - | JSON",
        "200 | `0`                                                       | TRANSIENT_FAILURE | - | JSON",
        "200 | `\"Success\"`                                             | TRANSIENT_FAILURE | - | JSON",
        "200 | `<html><body>Welcome to nginx!</body></html>`             | TRANSIENT_FAILURE | - | not JSON",
        "200 | ``                                                        | TRANSIENT_FAILURE | - | empty body",
        "200 | `not json`                                                | TRANSIENT_FAILURE | - | not JSON",
        "200 | `{\"errno\":0`                                            | TRANSIENT_FAILURE | - | not JSON",
        "500 | `{\"errno\":0,\"error\":\"Success\"}`                       | TRANSIENT_FAILURE | - | HTTP 500",
        "500 | `Internal Server Error`                                   | TRANSIENT_FAILURE | - | HTTP 500",
        "502 | `<html>Bad Gateway</html>`                                | TRANSIENT_FAILURE | - | HTTP 502",
        "503 | ``                                                        | TRANSIENT_FAILURE | - | HTTP 503",
        "504 | `Gateway Timeout`                                         | TRANSIENT_FAILURE | - | HTTP 504",
        "408 | ``                                                        | TRANSIENT_FAILURE | - | HTTP 408",
        "429 | `slow down`                                               | TRANSIENT_FAILURE | - | HTTP 429",
        "404 | `Not Found`                                               | PERMANENT_FAILURE | - | qhtrack.endpoint",
        "400 | `Bad Request`                                             | PERMANENT_FAILURE | - | HTTP 400",
        "405 | `Method Not Allowed`                                      | PERMANENT_FAILURE | - | HTTP 405",
        "401 | `{\"errno\":1}`                                          | PERMANENT_FAILURE | - | HTTP 401",
        "302 | ``                                                        | PERMANENT_FAILURE | - | qhtrack.endpoint",
        "301 | ``                                                        | PERMANENT_FAILURE | - | redirect",
    })
    void anAnswerIsClassifiedByStatusAndErrno(int status, String body, UploadResult.Outcome outcome, Integer errno,
            String messagePart) {
        UploadResult result = classify(status, body);

        assertThat(result.outcome()).isEqualTo(outcome);
        assertThat(result.isDelivered()).isEqualTo(outcome == UploadResult.Outcome.DELIVERED);
        assertThat(result.isTransient()).isEqualTo(outcome == UploadResult.Outcome.TRANSIENT_FAILURE);
        if (errno == null) {
            assertThat(result.errno()).isEmpty();
        } else {
            assertThat(result.errno()).hasValue(errno);
        }
        assertThat(result.httpStatus()).isEqualTo(status);
        assertThat(result.message()).contains(messagePart);
        assertThat(result.responseBody()).isEqualTo(body);
    }

    @ParameterizedTest(name = "errno {0} is {1}")
    @CsvSource({
        "1, APP_KEY,  Parameter [app_key] is unverified",
        "2, APP_SIGN, Parameter [app_sign] is unverified",
        "3, DATA,     Parameter [data] is unverified",
    })
    void eachDocumentedErrnoIsPermanentWithItsFaqAdvice(int code, Errno errno, String error) {
        UploadResult result = classify(200, "{\"errno\":" + code + ",\"error\":\"" + error + "\"}");

        assertThat(result.knownErrno()).contains(errno);
        assertThat(errno.error()).isEqualTo(error);
        assertThat(Errno.of(code)).contains(errno);
        assertThat(result.message()).contains("errno " + code, error, errno.advice());
        assertThat(result.outcome()).isEqualTo(UploadResult.Outcome.PERMANENT_FAILURE);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4, 7, -1})
    void onlyErrnoOneTwoAndThreeAreKnownErrors(int code) {
        assertThat(Errno.of(code)).isEmpty();
    }

    @Test
    void retryAfterInSecondsIsKept() {
        UploadResult result = classify(503, "", "120");

        assertThat(result.retryAfter()).contains(Duration.ofSeconds(120));
        assertThat(result.isTransient()).isTrue();
    }

    @Test
    void retryAfterAsAnHttpDateIsMeasuredFromTheClock() {
        UploadResult result = classify(503, "", "Thu, 01 Jan 2026 00:02:30 GMT");

        assertThat(result.retryAfter()).contains(Duration.ofSeconds(150));
    }

    @ParameterizedTest(name = "\"{0}\" → {1} s")
    @CsvSource({
        "0,                              0",
        "' 45 ',                         45",
        "'Thu, 01 Jan 2026 00:00:00 GMT', 0",
        "'Wed, 31 Dec 2025 23:00:00 GMT', 0",
        "'Thu, 01 Jan 2026 01:00:00 GMT', 3600",
    })
    void retryAfterIsParsedAsSecondsOrHttpDate(String header, long seconds) {
        assertThat(Answers.parseRetryAfter(header, CLOCK)).contains(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "-5", "1.5", "2026-01-01T00:02:00Z", "99999999999"})
    void anUnreadableRetryAfterIsIgnored(String header) {
        assertThat(Answers.parseRetryAfter(header, CLOCK)).isEmpty();
        assertThat(classify(503, "", header).retryAfter()).isEmpty();
    }

    @Test
    void retryAfterOnASuccessfulAnswerDoesNotMatter() {
        UploadResult result = classify(200, "{\"errno\":0,\"error\":\"Success\"}", "30");

        assertThat(result.isDelivered()).isTrue();
    }

    @Test
    void aLongResponseBodyIsQuotedShortAndOnOneLine() {
        String body = "<html>\n" + "x".repeat(1000) + "\n</html>";

        UploadResult result = classify(502, body);

        assertThat(result.responseBody()).hasSizeLessThanOrEqualTo(Answers.MAX_BODY_QUOTED + 1)
                .doesNotContain("\n").startsWith("<html> xxx");
    }

    @Test
    void toStringShowsOutcomeStatusAndErrno() {
        assertThat(classify(200, "{\"errno\":2,\"error\":\"Parameter [app_sign] is unverified\"}").toString())
                .contains("PERMANENT_FAILURE", "HTTP 200", "errno 2");
    }
}
