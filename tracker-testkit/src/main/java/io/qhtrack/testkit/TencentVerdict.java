package io.qhtrack.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * What Tencent's rules say about one request: a {@link TencentCode} (0 accepts every action; any other code
 * refuses the whole request), the parameters of its message, the reason, the field errors naming what was
 * wrong (which actions, which fields), and how many requests the token has left this minute. An immutable
 * value.
 */
final class TencentVerdict {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One wrong field: its path ({@code actions[1].url}, {@code account_id}) and the reason. */
    static final class FieldError {
        private final String field;
        private final String reason;

        FieldError(String field, String reason) {
            this.field = field;
            this.reason = reason;
        }

        String field() {
            return field;
        }

        String reason() {
            return reason;
        }

        /** The index of the action this error names, or -1 when it names no action. */
        int actionIndex() {
            if (!field.startsWith("actions[")) {
                return -1;
            }
            int end = field.indexOf(']');
            return end < 0 ? -1 : Integer.parseInt(field.substring("actions[".length(), end));
        }
    }

    private final boolean reachedEndpoint;
    private final TencentCode code;
    private final String[] parameters;
    private final String reason;
    private final List<FieldError> errors;
    private final Integer rateLimitRemaining;

    private TencentVerdict(boolean reachedEndpoint, TencentCode code, String[] parameters, String reason,
            List<FieldError> errors, Integer rateLimitRemaining) {
        this.reachedEndpoint = reachedEndpoint;
        this.code = code;
        this.parameters = parameters.clone();
        this.reason = reason;
        this.errors = Collections.unmodifiableList(new ArrayList<>(errors));
        this.rateLimitRemaining = rateLimitRemaining;
    }

    /** Code 0: every action accepted. */
    static TencentVerdict accepted(int rateLimitRemaining) {
        return new TencentVerdict(true, TencentCode.OK, new String[0], "accepted", Collections.<FieldError>emptyList(),
                rateLimitRemaining);
    }

    /** A request refused before its body is read (credentials, rate limits, an unknown API), without errors. */
    static TencentVerdict refused(TencentCode code, String reason, String... parameters) {
        return new TencentVerdict(true, code, parameters, reason, Collections.<FieldError>emptyList(), null);
    }

    /** A body refused for these wrong fields: the code and parameters of the first one. */
    static TencentVerdict fields(TencentCode code, List<FieldError> errors, String... parameters) {
        String reason = errors.stream().map(error -> error.field() + ": " + error.reason())
                .collect(Collectors.joining("; "));
        return new TencentVerdict(true, code, parameters, reason, errors, null);
    }

    /** The same verdict for a request that is not a POST on the endpoint (no fault applies to it). */
    TencentVerdict offEndpoint() {
        return new TencentVerdict(false, code, parameters, reason, errors, rateLimitRemaining);
    }

    /** The same verdict, telling {@code X-RateLimit-Remaining}. */
    TencentVerdict withRateLimitRemaining(int remaining) {
        return new TencentVerdict(reachedEndpoint, code, parameters, reason, errors, remaining);
    }

    /** Whether the request was a POST on the endpoint path (so that a fault may apply to it). */
    boolean reachedEndpoint() {
        return reachedEndpoint;
    }

    boolean accepted() {
        return code == TencentCode.OK;
    }

    TencentCode code() {
        return code;
    }

    String message() {
        return code.message(parameters);
    }

    String messageCn() {
        return code.messageCn(parameters);
    }

    String reason() {
        return reason;
    }

    List<FieldError> errors() {
        return errors;
    }

    /** {@code X-RateLimit-Remaining}; null when the token was not recognised (the header then tells the limit). */
    Integer rateLimitRemaining() {
        return rateLimitRemaining;
    }

    /**
     * The answer as Tencent gives it: HTTP 200 and {@code {"code":N,"message":…,"message_cn":…}}, with {@code
     * "data":{}} on success and {@code errors} (one {@code COMMON_PARAM_EXCEPTION} per wrong field) when the
     * body was refused. Reasons pass through {@code redactor}.
     */
    HttpAnswer answer(UnaryOperator<String> redactor) {
        ObjectNode answer = JSON.createObjectNode();
        answer.put("code", code.code());
        answer.put("message", redactor.apply(message()));
        answer.put("message_cn", redactor.apply(messageCn()));
        if (accepted()) {
            answer.putObject("data");
        }
        if (!errors.isEmpty()) {
            ArrayNode list = answer.putArray("errors");
            for (FieldError error : errors) {
                ObjectNode item = list.addObject();
                String reasonText = redactor.apply(error.reason());
                item.put("type", "COMMON_PARAM_EXCEPTION");
                item.put("description", reasonText);
                ObjectNode spec = item.putObject("common_param_exception_spec");
                spec.putArray("error_fields").add(error.field());
                spec.put("error_user_msg", reasonText);
            }
        }
        try {
            return HttpAnswer.respond(200, HttpAnswer.JSON, JSON.writeValueAsString(answer));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }

    @Override
    public String toString() {
        return "TencentVerdict[code=" + code.code() + ", reason=" + reason + ", errors=" + errors.size() + "]";
    }
}
