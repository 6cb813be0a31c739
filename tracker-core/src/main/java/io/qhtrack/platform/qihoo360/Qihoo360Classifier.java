package io.qhtrack.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qhtrack.core.text.Printable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Turns what came back (or did not) into an {@link UploadResult}. The rules are listed on {@link UploadResult}. */
final class ResponseClassifier {

    static final int MAX_BODY_QUOTED = 300;
    /** The most of 360's {@code error} text quoted in a message. */
    static final int MAX_ERROR_QUOTED = 200;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ResponseClassifier() {
    }

    static UploadResult classify(int status, byte[] body, Optional<String> retryAfterHeader, Clock clock) {
        String text = quote(body);
        Duration retryAfter = retryAfterHeader.flatMap(h -> parseRetryAfter(h, clock)).orElse(null);
        if (status >= 200 && status < 300) {
            return classifyJson(status, body, text);
        }
        if (status >= 500 || status == 408 || status == 425 || status == 429) {
            return new UploadResult(UploadResult.Outcome.TRANSIENT_FAILURE, status, null,
                    "360 answered HTTP " + status + "; will retry", retryAfter, text);
        }
        if (status >= 300 && status < 400) {
            return new UploadResult(UploadResult.Outcome.PERMANENT_FAILURE, status, null, "HTTP " + status
                    + " redirect: check qhtrack.endpoint (360's is https://convert.dop.360.cn/uploadWebConvert)",
                    null, text);
        }
        return new UploadResult(UploadResult.Outcome.PERMANENT_FAILURE, status, null, "HTTP " + status
                + ": the endpoint refused the request; check qhtrack.endpoint", null, text);
    }

    /**
     * No usable answer: not sent, not connected, timed out, connection lost, client saturated or closed. Always
     * transient: a later attempt may succeed.
     */
    static UploadResult transientFailure(String what) {
        return new UploadResult(UploadResult.Outcome.TRANSIENT_FAILURE, 0, null, what + "; will retry", null, null);
    }

    /** An answer longer than the client reads ({@code qhtrack.http.max-response-bytes}): transient. */
    static UploadResult answerTooLarge(int status, int maxBytes, byte[] start) {
        return new UploadResult(UploadResult.Outcome.TRANSIENT_FAILURE, status, null, "HTTP " + status
                + ": the answer exceeded " + maxBytes + " bytes (qhtrack.http.max-response-bytes), which is not 360's "
                + "answer (a proxy or gateway in between?); will retry", null, quote(start));
    }

    /** An upload signed for an endpoint the client refuses (plain http elsewhere than loopback …): permanent. */
    static UploadResult refusedEndpoint(String why) {
        return new UploadResult(UploadResult.Outcome.PERMANENT_FAILURE, 0, null, "not sent: " + why, null, null);
    }

    private static UploadResult classifyJson(int status, byte[] body, String text) {
        if (body.length == 0) {
            return transientAnswer(status, text, "an empty body");
        }
        JsonNode json;
        try {
            json = MAPPER.readTree(body);
        } catch (IOException e) {
            return transientAnswer(status, text, "a body that is not JSON");
        }
        JsonNode errnoNode = json == null ? null : json.get("errno");
        if (errnoNode == null || !errnoNode.isIntegralNumber() || !errnoNode.canConvertToInt()) {
            return transientAnswer(status, text, "JSON without an integer errno");
        }
        int errno = errnoNode.asInt();
        // 360's own text: escaped, so that it cannot forge a log line or reorder what a page or terminal shows
        String error = Printable.of(json.path("error").asText(""), MAX_ERROR_QUOTED);
        if (errno == 0) {
            return new UploadResult(UploadResult.Outcome.DELIVERED, status, 0, "delivered: " + error, null, text);
        }
        Optional<Errno> known = Errno.of(errno);
        if (known.isPresent()) {
            Errno e = known.get();
            return new UploadResult(UploadResult.Outcome.PERMANENT_FAILURE, status, errno, "errno " + errno + " \""
                    + error + "\": " + e.meaning() + "; " + e.advice(), null, text);
        }
        return new UploadResult(UploadResult.Outcome.TRANSIENT_FAILURE, status, errno, "errno " + errno + " \"" + error
                + "\" is not in 360's document; will retry", null, text);
    }

    private static UploadResult transientAnswer(int status, String text, String what) {
        return new UploadResult(UploadResult.Outcome.TRANSIENT_FAILURE, status, null, "HTTP " + status + " with "
                + what + " is not 360's answer (a proxy or gateway in between?); will retry", null, text);
    }

    static Optional<Duration> parseRetryAfter(String value, Clock clock) {
        String v = value.trim();
        try {
            if (v.matches("[0-9]{1,9}")) {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            }
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration d = Duration.between(clock.instant(), at.toInstant());
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    static String quote(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String s = new String(body, 0, Math.min(body.length, MAX_BODY_QUOTED * 4), StandardCharsets.UTF_8);
        // an HTML error page reads best with its line breaks as spaces; anything else that could forge a line is escaped
        return Printable.of(s.replaceAll("[\\r\\n\\t]+", " "), MAX_BODY_QUOTED);
    }
}
