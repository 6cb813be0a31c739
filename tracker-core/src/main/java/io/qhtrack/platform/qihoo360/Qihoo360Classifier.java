package io.qhtrack.platform.qihoo360;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qhtrack.core.internal.Answers;
import io.qhtrack.core.internal.Printable;
import io.qhtrack.core.spi.Classifier;
import io.qhtrack.core.spi.HttpAnswer;
import io.qhtrack.core.spi.PlatformUpload;
import io.qhtrack.core.spi.Verdict;
import io.qhtrack.core.spi.Verdicts;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Reads 360's answers ({@code {"errno":0,"error":"Success"}}, section 4.3) to the requests the engine has not already
 * settled (2xx, and 4xx other than 408, 425 and 429):
 * <ul>
 *   <li>HTTP 2xx with {@code errno 0}: delivered;</li>
 *   <li>{@link Errno} 1, 2 and 3 (a wrong key, a wrong signature, data the document does not allow): refused for good
 *       — dead-lettered, kept and replayable once the cause is fixed, with 360's advice;</li>
 *   <li>another errno, or a body that is not 360's JSON (empty, not JSON, no integer errno: a proxy or gateway in
 *       between): retry;</li>
 *   <li>any other HTTP status: refused, naming {@code qhtrack.endpoint}.</li>
 * </ul>
 * The verdict's code is the errno. Stateless.
 */
final class Qihoo360Classifier implements Classifier {

    /** The most of 360's {@code error} text quoted in a message. */
    static final int MAX_ERROR_QUOTED = 200;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public Verdicts classify(HttpAnswer answer, List<PlatformUpload> batch) {
        return Verdicts.all(classify(answer.status(), answer.body()), batch.size());
    }

    /** The verdict on one upload whose answer has {@code status} and {@code body}. */
    static Verdict classify(int status, byte[] body) {
        if (status < 200 || status >= 300) {
            return Verdict.refused("HTTP " + status + ": the endpoint refused the request; check "
                    + Qihoo360Settings.ENDPOINT, null);
        }
        if (body.length == 0) {
            return notAnAnswer(status, "an empty body");
        }
        JsonNode json;
        try {
            json = MAPPER.readTree(body);
        } catch (IOException e) {
            return notAnAnswer(status, "a body that is not JSON");
        }
        JsonNode errnoNode = json == null ? null : json.get("errno");
        if (errnoNode == null || !errnoNode.isIntegralNumber() || !errnoNode.canConvertToInt()) {
            return notAnAnswer(status, "JSON without an integer errno");
        }
        int errno = errnoNode.asInt();
        String code = Integer.toString(errno);
        // 360's own text: escaped, so that it cannot forge a log line or reorder what a page or terminal shows
        String error = Printable.of(json.path("error").asText(""), MAX_ERROR_QUOTED);
        if (errno == 0) {
            return Verdict.delivered("delivered: " + error, code);
        }
        Optional<Errno> known = Errno.of(errno);
        if (known.isPresent()) {
            Errno e = known.get();
            return Verdict.refused("errno " + errno + " \"" + error + "\": " + e.meaning() + "; " + e.advice(), code);
        }
        return Verdict.retry("errno " + errno + " \"" + error + "\" is not in 360's document; will retry", code, null);
    }

    private static Verdict notAnAnswer(int status, String what) {
        return Verdict.retry("HTTP " + status + " with " + what + " is not 360's answer (a proxy or gateway in "
                + "between?); will retry", null, null);
    }

    /** The start of an answer's body for messages and results (see {@link Answers#quote}). */
    static String quote(byte[] body) {
        return Answers.quote(body);
    }

    @Override
    public String toString() {
        return "Qihoo360Classifier";
    }
}
