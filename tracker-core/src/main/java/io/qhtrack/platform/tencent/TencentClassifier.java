package io.qhtrack.platform.tencent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qhtrack.core.spi.Classifier;
import io.qhtrack.core.spi.HttpAnswer;
import io.qhtrack.core.spi.PlatformUpload;
import io.qhtrack.core.spi.Verdict;
import io.qhtrack.core.spi.Verdicts;
import io.qhtrack.core.internal.Printable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Tencent's answers: {@code {"code":…,"message":…,"message_cn":…,"errors":[…]}}.
 * <ul>
 *   <li>{@code code} 0 (with a 2xx status): every action delivered;</li>
 *   <li>a credentials code ({@link AnswerCode.Kind#PARK}: 11000, 11002, 11004, 11005, 11007, 11014, 12000): park and
 *       alert;</li>
 *   <li>a limit (11008, 11016–11019): retry after the limit's own delay, and ask the engine to send nothing more with
 *       these credentials meanwhile;</li>
 *   <li>10000 ("please retry"), 12100 (nonce seen before) and 12101 (timestamp expired): retry, the last two with a
 *       configuration alert — they concern the attempt, not the actions;</li>
 *   <li>any other code refuses the request: the actions that {@code errors} names (a field path starting
 *       {@code actions[i]}) are refused with Tencent's reason, the others were not at fault and are sent again; when
 *       {@code errors} names none, or names something else too, the refusal is
 *       {@linkplain Verdicts#refusedUnattributed unattributed} and the engine splits the batch to find the bad
 *       one;</li>
 *   <li>anything else (not JSON, no integer {@code code}, {@code code} 0 with an error status) is an answer of unknown
 *       shape: retry; a 4xx of unknown shape also raises an alert, since it usually means a wrong endpoint.</li>
 * </ul>
 * Every answer with {@code X-RateLimit-Remaining} at or below {@value #LOW_RATE_REMAINING} also asks the engine to
 * slow down. Tencent's texts are quoted escaped and bounded, so that an answer cannot forge a log line.
 */
final class TencentClassifier implements Classifier {

    /**
     * {@code X-RateLimit-Remaining} at or below this is "low": 5% of Tencent's default 4000 a minute. The engine is
     * then asked to pause {@link #RATE_WINDOW} / (remaining + 1) — the spacing that spreads what is left over a whole
     * window, since the answer does not say when the window renews (a full minute at 0).
     */
    static final int LOW_RATE_REMAINING = 200;
    /** The window {@code X-RateLimit-Remaining} counts in: Tencent's limits are per minute. */
    static final Duration RATE_WINDOW = Duration.ofMinutes(1);
    /** The most characters of an answer's text quoted in a message. */
    static final int MAX_QUOTED = 200;
    /** The most of {@code errors}' entries quoted in the message of a refusal that names no action. */
    static final int MAX_ERRORS_LISTED = 5;
    /** The deepest nesting read: Tencent's answers are four levels deep. */
    static final int MAX_DEPTH = 32;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** A field path naming one action of the request: {@code actions[3].url}, {@code actions.3.url}. */
    private static final Pattern ACTION_FIELD =
            Pattern.compile("^actions(?:\\[(\\d{1,3})\\]|\\.(\\d{1,3}))(?:$|[.\\[])");

    @Override
    public Verdicts classify(HttpAnswer answer, List<PlatformUpload> batch) {
        Verdicts verdicts = verdicts(answer, batch.size());
        Optional<Duration> rate = rateSlowDown(answer);
        Duration pause = longer(verdicts.slowDown().orElse(null), rate.orElse(null));
        return pause == null ? verdicts : verdicts.slowingDown(pause);
    }

    private static Verdicts verdicts(HttpAnswer answer, int size) {
        JsonNode root = parse(answer);
        if (root == null || !root.path("code").isIntegralNumber() || !root.get("code").canConvertToLong()) {
            return unknownShape(answer, size, "not Tencent's answer");
        }
        long code = root.get("code").longValue();
        boolean success = answer.status() >= 200 && answer.status() < 300;
        if (code == 0) {
            return success ? Verdicts.all(Verdict.delivered("Tencent accepted " + size + (size == 1 ? " action"
                    : " actions") + trace(answer)), size) : unknownShape(answer, size, "code 0 with an error status");
        }
        String said = said(code, root, answer);
        String codeText = Long.toString(code);
        Optional<AnswerCode> known = AnswerCode.of(code);
        if (known.isPresent()) {
            AnswerCode c = known.get();
            String message = said + ": " + c.meaning();
            switch (c.kind()) {
                case PARK:
                    return Verdicts.all(Verdict.park(message, codeText), size);
                case WAIT:
                    return Verdicts.all(Verdict.retry(message + "; sent again after " + c.pause(), codeText, c.pause()),
                            size).slowingDown(c.pause());
                case RETRY_ALERT:
                    return Verdicts.all(Verdict.retry(message, codeText, null).withAlert(c.meaning()), size);
                default:
                    return Verdicts.all(Verdict.retry(message, codeText, null), size);
            }
        }
        return refused(root, said, codeText, size);
    }

    /**
     * The request was refused: per action where {@code errors} names only actions of the batch, else unattributed
     * (with what {@code errors} says, so that a refusal of the account or the request can be read in the dead letter).
     */
    private static Verdicts refused(JsonNode root, String said, String code, int size) {
        Map<Integer, List<String>> named = new TreeMap<>();
        List<String> all = new ArrayList<>();
        JsonNode errors = root.path("errors");
        boolean attributed = errors.isArray() && errors.size() > 0;
        for (JsonNode error : errors) {
            List<String> fields = fields(error);
            String reason = Printable.quoted(reason(error), MAX_QUOTED);
            attributed &= !fields.isEmpty();
            if (fields.isEmpty()) {
                all.add(reason);
            }
            for (String field : fields) {
                String described = Printable.of(field, 80) + " " + reason;
                all.add(described);
                Matcher m = ACTION_FIELD.matcher(field);
                int index = !m.find() ? -1 : Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2));
                if (index < 0 || index >= size) {
                    attributed = false;
                } else {
                    named.computeIfAbsent(index, i -> new ArrayList<>()).add(described);
                }
            }
        }
        if (!attributed) {
            String listed = all.isEmpty() ? "" : ": " + String.join("; ", all.subList(0, Math.min(all.size(),
                    MAX_ERRORS_LISTED))) + (all.size() > MAX_ERRORS_LISTED ? "; …" : "");
            return Verdicts.refusedUnattributed(Verdict.refused(said + listed, code), size);
        }
        List<Verdict> perItem = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            List<String> reasons = named.get(i);
            perItem.add(reasons != null ? Verdict.refused(said + "; action " + i + ": " + String.join("; ", reasons),
                    code) : Verdict.retry(said + "; action " + i + " was not at fault (another action of the request "
                    + "was) and is sent again", code, null));
        }
        return Verdicts.perItem(perItem);
    }

    /** The field paths an error names: {@code error_fields} (or {@code param}) of any of its {@code *_spec} objects. */
    private static List<String> fields(JsonNode error) {
        List<String> fields = new ArrayList<>();
        for (JsonNode spec : specs(error)) {
            for (JsonNode f : spec.path("error_fields")) {
                if (f.isTextual()) {
                    fields.add(f.textValue());
                }
            }
            if (spec.path("param").isTextual()) {
                fields.add(spec.get("param").textValue());
            }
        }
        return fields;
    }

    /** The error's {@code *_spec} objects (Tencent names each after its {@code type}). */
    private static List<JsonNode> specs(JsonNode error) {
        List<JsonNode> specs = new ArrayList<>();
        for (Iterator<String> names = error.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (name.endsWith("_spec")) {
                specs.add(error.get(name));
            }
        }
        return specs;
    }

    private static String reason(JsonNode error) {
        for (JsonNode spec : specs(error)) {
            if (spec.path("error_user_msg").isTextual()) {
                return spec.get("error_user_msg").textValue();
            }
        }
        return error.path("description").isTextual() ? error.get("description").textValue()
                : error.path("type").asText("");
    }

    /** {@code Tencent code N 'message_cn' ('message')}, with the trace id when the answer has one. */
    private static String said(long code, JsonNode root, HttpAnswer answer) {
        StringBuilder sb = new StringBuilder("Tencent code ").append(code);
        String cn = root.path("message_cn").asText("");
        String en = root.path("message").asText("");
        if (!cn.isEmpty()) {
            sb.append(' ').append(Printable.quoted(cn, MAX_QUOTED));
        }
        if (!en.isEmpty()) {
            sb.append(" (").append(Printable.quoted(en, MAX_QUOTED)).append(')');
        }
        return sb.append(trace(answer)).toString();
    }

    private static String trace(HttpAnswer answer) {
        Optional<String> id = answer.header("X-TSA-Trace-Id");
        return id.isPresent() ? ", trace id " + Printable.of(id.get(), 64) : "";
    }

    private static Verdicts unknownShape(HttpAnswer answer, int size, String what) {
        Verdict retry = Verdict.retry(what + ": HTTP " + answer.status() + " "
                + Printable.quoted(answer.bodyText(), MAX_QUOTED), null, null);
        if (answer.status() >= 400 && answer.status() < 500) {
            retry = retry.withAlert("HTTP " + answer.status() + " that is not Tencent's answer: check "
                    + TencentSettings.ENDPOINT.key());
        }
        return Verdicts.all(retry, size);
    }

    /**
     * The answer as a JSON object, or {@code null}. A body nested deeper than {@value #MAX_DEPTH} is not Tencent's and
     * is not parsed: some Jackson versions an application may bring recurse once per level.
     */
    private static JsonNode parse(HttpAnswer answer) {
        byte[] body = answer.body();
        if (depth(body) > MAX_DEPTH) {
            return null;
        }
        try {
            JsonNode root = MAPPER.readTree(body);
            return root != null && root.isObject() ? root : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The deepest nesting of objects and arrays in {@code json}, outside strings. */
    private static int depth(byte[] json) {
        int depth = 0;
        int max = 0;
        boolean inString = false;
        for (int i = 0; i < json.length; i++) {
            byte b = json[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                max = Math.max(max, ++depth);
            } else if (b == '}' || b == ']') {
                depth--;
            }
        }
        return max;
    }

    /** The pause {@code X-RateLimit-Remaining} asks for, if it is low (see {@link #LOW_RATE_REMAINING}). */
    static Optional<Duration> rateSlowDown(HttpAnswer answer) {
        Optional<String> header = answer.header("X-RateLimit-Remaining");
        if (!header.isPresent()) {
            return Optional.empty();
        }
        long remaining;
        try {
            remaining = Math.max(0, Long.parseLong(header.get().trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return remaining > LOW_RATE_REMAINING ? Optional.<Duration>empty()
                : Optional.of(RATE_WINDOW.dividedBy(remaining + 1));
    }

    private static Duration longer(Duration a, Duration b) {
        return a == null ? b : b == null || a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public String toString() {
        return "TencentClassifier";
    }
}
