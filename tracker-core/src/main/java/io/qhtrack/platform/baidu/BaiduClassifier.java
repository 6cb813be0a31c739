package io.qhtrack.platform.baidu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qhtrack.core.spi.Classifier;
import io.qhtrack.core.spi.HttpAnswer;
import io.qhtrack.core.spi.PlatformUpload;
import io.qhtrack.core.spi.Verdict;
import io.qhtrack.core.spi.Verdicts;
import io.qhtrack.core.internal.Printable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Baidu's answers, {@code {"header":{"status":N,"desc":"…","errors":[{"code":…,"message":"…","position":"…"}]}}}
 * with HTTP 200:
 * <ul>
 *   <li>{@value #SUCCESS}: every conversion delivered;</li>
 *   <li>{@value #PARTIAL_FAILURE}: the conversions {@code errors} names are refused, each with Baidu's reason, the
 *       others delivered;</li>
 *   <li>{@value #ALL_FAILED}: every conversion refused, each with its reason where {@code errors} names it;</li>
 *   <li>{@value #TOKEN_INVALID}: the token is wrong: park Baidu's conversions and alert;</li>
 *   <li>{@value #SERVER_ERROR}, any other status, any other HTTP status, and anything that is not Baidu's JSON: retry
 *       with the engine's backoff (bounded by the delivery window).</li>
 * </ul>
 *
 * <p>An error names its conversion by {@code position}: {@code conversionTypes[2]} (possibly followed by the field,
 * {@code conversionTypes[2].convertTime}) or {@code 2}, counted from 0 in the request's order, which is how several
 * conversions of one click (one {@code logidUrl}) are told apart. Baidu does not document {@code position}; when an
 * error names no conversion this way (or one outside the batch), the answer is read as not naming the refused
 * conversions: {@link Verdicts#refusedUnattributed}, and the engine sends the batch again, then in halves, until the bad
 * conversion stands alone. Stateless.
 */
final class BaiduClassifier implements Classifier {

    static final int SUCCESS = 0;
    static final int PARTIAL_FAILURE = 1;
    static final int ALL_FAILED = 2;
    static final int TOKEN_INVALID = 3;
    static final int SERVER_ERROR = 4;

    /** The most characters of Baidu's own text ({@code desc}, an error's message) quoted in a verdict. */
    static final int MAX_TEXT_QUOTED = 200;
    /** The most characters of an answer that is not Baidu's quoted in a verdict. */
    static final int MAX_BODY_QUOTED = 300;

    private static final Pattern POSITION = Pattern.compile("(?:conversionTypes\\[)?([0-9]{1,9})(?:\\](?:\\..*)?)?");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public Verdicts classify(HttpAnswer answer, List<PlatformUpload> batch) {
        int n = batch.size();
        if (answer.status() < 200 || answer.status() > 299) {
            return retry("HTTP " + answer.status() + " is not Baidu's answer (Baidu answers 200 with a header.status): "
                    + "check " + BaiduSettings.ENDPOINT + "; will retry" + quoted(answer), null, n);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(answer.body());
        } catch (IOException e) {
            root = null;
        }
        if (root == null || root.isMissingNode()) {
            return retry("HTTP " + answer.status() + " with a body that is not JSON is not Baidu's answer (a proxy or "
                    + "gateway in between?); will retry" + quoted(answer), null, n);
        }
        JsonNode header = root.get("header");
        JsonNode statusNode = header == null ? null : header.get("status");
        if (statusNode == null || !statusNode.isIntegralNumber() || !statusNode.canConvertToInt()) {
            return retry("HTTP " + answer.status() + " with JSON without an integer header.status is not Baidu's "
                    + "answer; will retry" + quoted(answer), null, n);
        }
        int status = statusNode.intValue();
        String code = Integer.toString(status);
        String desc = "\"" + Printable.of(header.path("desc").asText(""), MAX_TEXT_QUOTED) + "\"";
        switch (status) {
            case SUCCESS:
                return Verdicts.all(Verdict.delivered("Baidu accepted it (status 0 " + desc + ")"), n);
            case PARTIAL_FAILURE:
            case ALL_FAILED:
                return refusals(status, desc, header.get("errors"), batch);
            case TOKEN_INVALID:
                return Verdicts.all(Verdict.park("Baidu answered status 3 " + desc + ": the token is invalid; set "
                        + BaiduSettings.TOKEN + " to the account's token (百度营销 → 转化追踪, access method API). "
                        + "Baidu's conversions wait, parked, until the token changes or they are replayed "
                        + "(qhtrack outbox replay --platform baidu)", code), n);
            case SERVER_ERROR:
                return retry("Baidu answered status 4 " + desc + ": a server error; will retry", code, n);
            default:
                return retry("Baidu answered status " + status + " " + desc + ", which Baidu does not document; will "
                        + "retry", code, n);
        }
    }

    /** Status 1 or 2: each conversion that {@code errors} names is refused with its reason. */
    private static Verdicts refusals(int status, String desc, JsonNode errors, List<PlatformUpload> batch) {
        int n = batch.size();
        String code = Integer.toString(status);
        Map<Integer, String> reasons = new LinkedHashMap<>();
        String unplaced = null;
        if (errors != null && errors.isArray()) {
            for (JsonNode error : errors) {
                int index = index(error.get("position"), n);
                String reason = reason(error);
                if (index < 0) {
                    unplaced = unplaced == null ? reason : unplaced;
                } else {
                    reasons.merge(index, reason, (a, b) -> a + "; " + b);
                }
            }
        }
        boolean attributed = !reasons.isEmpty() && unplaced == null
                && (status == ALL_FAILED || reasons.size() < n);
        if (!attributed && n > 1) {
            return Verdicts.refusedUnattributed(Verdict.refused("Baidu answered status " + status + " " + desc
                    + " without naming which of the " + n + " conversions it refused" + (unplaced == null ? ""
                    : " (" + unplaced + ")") + "; sending them again, then in halves, until the refused one stands "
                    + "alone", code), n);
        }
        List<Verdict> verdicts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String reason = reasons.get(i);
            if (reason == null && n == 1) {
                reason = unplaced != null ? unplaced : desc;
            }
            if (reason != null) {
                verdicts.add(Verdict.refused("Baidu refused it (status " + status + ", conversionTypes[" + i
                        + "], newType " + batch.get(i).event() + "): " + reason, code));
            } else if (status == ALL_FAILED) {
                verdicts.add(Verdict.refused("Baidu refused it (status 2 " + desc + ", all failed; conversionTypes["
                        + i + "] had no reason of its own)", code));
            } else {
                verdicts.add(Verdict.delivered("Baidu accepted it (status 1 " + desc + ": other conversions of the "
                        + "batch were refused)"));
            }
        }
        return Verdicts.perItem(verdicts);
    }

    /** The index an error's {@code position} names within a batch of {@code n}, or -1. */
    static int index(JsonNode position, int n) {
        if (position == null) {
            return -1;
        }
        int index = -1;
        if (position.isIntegralNumber() && position.canConvertToInt()) {
            index = position.intValue();
        } else if (position.isTextual()) {
            Matcher m = POSITION.matcher(position.textValue().trim());
            if (m.matches()) {
                index = Integer.parseInt(m.group(1));
            }
        }
        return index >= 0 && index < n ? index : -1;
    }

    /** An error's message and code, quoted and escaped. */
    private static String reason(JsonNode error) {
        String message = "\"" + Printable.of(error.path("message").asText(""), MAX_TEXT_QUOTED) + "\"";
        JsonNode code = error.get("code");
        return code != null && code.isIntegralNumber() ? message + " (code " + code.asText() + ")" : message;
    }

    private static Verdicts retry(String message, String code, int n) {
        return Verdicts.all(Verdict.retry(message, code, null), n);
    }

    /** {@code : '…'}, the start of the answer's body, escaped; empty for an empty body. */
    private static String quoted(HttpAnswer answer) {
        byte[] body = answer.body();
        if (body.length == 0) {
            return " (an empty body)";
        }
        String s = new String(body, 0, Math.min(body.length, MAX_BODY_QUOTED * 4), StandardCharsets.UTF_8);
        return ": '" + Printable.of(s.replaceAll("[\\r\\n\\t]+", " "), MAX_BODY_QUOTED) + "'";
    }

    @Override
    public String toString() {
        return "BaiduClassifier";
    }
}
