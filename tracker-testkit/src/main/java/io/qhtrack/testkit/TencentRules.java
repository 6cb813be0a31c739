package io.qhtrack.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Tencent Ads' rules for {@code POST /v3.0/user_actions/add}, transcribed from the spec page ({@code
 * spec/tencent-ads.md}) and Tencent's v3.0 error table, and nothing else: the authentication on every request
 * (access_token in the configured place, timestamp within 300 s, a nonce never reused), the per-minute limit
 * per token, then the body (1 to 50 actions, at most 50 KB, the configured account and action set, each
 * action's fields). Any refusal refuses the whole request, with {@code errors} naming every wrong action.
 *
 * <p>Stateful (the nonces seen, the requests per token per minute) and thread-safe: {@link #judge} is
 * synchronized, so that two requests with one nonce cannot both pass.
 */
final class TencentRules {
    static final String PATH = "/v3.0/user_actions/add";

    /** The most actions in one request. */
    static final int MAX_ACTIONS = 50;

    /** The largest body, in bytes: 50 KB. */
    static final int MAX_BODY_BYTES = 50 * 1024;

    /** The most a request's timestamp may differ from the fake's clock. */
    static final Duration MAX_TIMESTAMP_SKEW = Duration.ofSeconds(300);

    /** How long a nonce is remembered after it was seen: any request with a timestamp it could share. */
    static final Duration NONCE_MEMORY = MAX_TIMESTAMP_SKEW.multipliedBy(2);

    /** The longest nonce, in characters. */
    static final int MAX_NONCE_CHARS = 32;

    private static final Duration RATE_WINDOW = Duration.ofMinutes(1);
    private static final long MILLISECONDS_FROM = 1_000_000_000_000L;
    private static final long MAX_EPOCH_SECONDS = 9_999_999_999L;

    private static final Set<String> TOP_LEVEL_KEYS = names("account_id", "user_action_set_id", "actions");
    private static final Set<String> ACTION_KEYS = names("action_time", "action_type", "trace", "url",
            "outer_action_id", "action_param");
    /** Fields of Tencent's UserAction that the web click_id mode does not use. */
    private static final Set<String> OTHER_SDK_ACTION_KEYS = names("user_id", "custom_action", "product_inform",
            "channel", "ext_info");
    private static final Set<String> TRACE_KEYS = names("click_id");
    private static final Set<String> ACTION_PARAM_KEYS = names("value");

    private final Set<String> accessTokens;
    private final Set<String> expiredAccessTokens;
    private final long accountId;
    private final long userActionSetId;
    private final String domain;
    private final FakeTencent.AuthMode auth;
    private final FakeTencent.ValueUnit valueUnit;
    private final int rateLimitPerMinute;
    private final Set<String> actionTypes;
    private final Duration maxActionAge;

    private final LinkedHashMap<String, Instant> noncesSeen = new LinkedHashMap<>();
    private final Map<String, Deque<Instant>> admittedByToken = new HashMap<>();

    TencentRules(FakeTencent.Builder settings, Set<String> actionTypes) {
        this.accessTokens = Collections.unmodifiableSet(new HashSet<>(settings.accessTokens));
        this.expiredAccessTokens = Collections.unmodifiableSet(new HashSet<>(settings.expiredAccessTokens));
        this.accountId = settings.accountId;
        this.userActionSetId = settings.userActionSetId;
        this.domain = settings.domain;
        this.auth = settings.auth;
        this.valueUnit = settings.valueUnit;
        this.rateLimitPerMinute = settings.rateLimitPerMinute;
        this.actionTypes = Collections.unmodifiableSet(new TreeSet<>(actionTypes));
        this.maxActionAge = settings.maxActionAge;
    }

    /** The per-minute limit of each token, for {@code X-RateLimit-Remaining} of an unrecognised token. */
    int rateLimitPerMinute() {
        return rateLimitPerMinute;
    }

    /** Where the access token must be. */
    FakeTencent.AuthMode auth() {
        return auth;
    }

    /** Whether {@code token} is a configured access token (expired ones included). */
    boolean knowsToken(String token) {
        return token != null && (accessTokens.contains(token) || expiredAccessTokens.contains(token));
    }

    /** Forgets the nonces seen and the requests counted against the rate limit. */
    synchronized void forget() {
        noncesSeen.clear();
        admittedByToken.clear();
    }

    /** Judges one request as Tencent would answer it, {@code now} being the fake's time. */
    synchronized TencentVerdict judge(HttpRequest request, Instant now) {
        if (!request.path().equals(PATH) || !request.method().equals("POST")) {
            return TencentVerdict.refused(TencentCode.UNKNOWN_API, request.method() + " " + request.path()
                    + " is not this API: it is POST " + PATH).offEndpoint();
        }
        TencentAuth credentials = TencentAuth.of(request, auth);
        TencentVerdict refusal = authenticate(credentials, now);
        if (refusal != null) {
            return refusal;
        }
        Deque<Instant> admitted = admittedByToken.computeIfAbsent(credentials.accessToken(),
                token -> new ArrayDeque<>());
        while (!admitted.isEmpty() && !admitted.peekFirst().isAfter(now.minus(RATE_WINDOW))) {
            admitted.removeFirst();
        }
        if (admitted.size() >= rateLimitPerMinute) {
            return TencentVerdict.refused(TencentCode.LIMIT_PER_MINUTE, "this access token already made "
                    + admitted.size() + " requests in the last minute; the limit is " + rateLimitPerMinute
                    + " per minute").withRateLimitRemaining(0);
        }
        admitted.addLast(now);
        int remaining = rateLimitPerMinute - admitted.size();
        TencentVerdict body = judgeBody(request, now);
        return (body == null ? TencentVerdict.accepted(remaining) : body).withRateLimitRemaining(remaining);
    }

    // ---------------------------------------------------------------- authentication

    private TencentVerdict authenticate(TencentAuth credentials, Instant now) {
        String missing = credentials.missing();
        if (missing != null) {
            return TencentVerdict.refused(TencentCode.MISSING_AUTH, missing);
        }
        String token = credentials.accessToken();
        if (token.isEmpty()) {
            return TencentVerdict.refused(TencentCode.TOKEN_EMPTY, "access_token is empty");
        }
        if (!token.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
            return TencentVerdict.refused(TencentCode.TOKEN_MALFORMED, "access_token has white space, control or "
                    + "non-ASCII characters");
        }
        if (expiredAccessTokens.contains(token)) {
            return TencentVerdict.refused(TencentCode.TOKEN_EXPIRED, "access_token is one this FakeTencent was told "
                    + "is expired (Builder.expiredAccessToken)");
        }
        if (!accessTokens.contains(token)) {
            return TencentVerdict.refused(TencentCode.TOKEN_INVALID, "access_token is not a configured token");
        }
        String timestamp = credentials.timestamp();
        if (timestamp.isEmpty() || timestamp.length() > 18 || !timestamp.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return TencentVerdict.refused(TencentCode.MISSING_AUTH, "timestamp must be epoch seconds (digits only), "
                    + "got " + JsonRequests.quote(timestamp));
        }
        long seconds = Long.parseLong(timestamp);
        long skew = Math.abs(seconds - now.getEpochSecond());
        if (skew > MAX_TIMESTAMP_SKEW.getSeconds()) {
            return TencentVerdict.refused(TencentCode.TIMESTAMP_EXPIRED, "timestamp " + seconds
                    + (seconds >= MILLISECONDS_FROM ? " looks like milliseconds: Tencent wants epoch seconds"
                            : " is " + skew + " s from the fake's clock (" + now + "); at most "
                                    + MAX_TIMESTAMP_SKEW.getSeconds() + " s are allowed"));
        }
        String nonce = credentials.nonce();
        if (nonce.length() > MAX_NONCE_CHARS) {
            return TencentVerdict.refused(TencentCode.MISSING_AUTH, "nonce has " + nonce.length()
                    + " characters; at most " + MAX_NONCE_CHARS + " are allowed");
        }
        for (Iterator<Instant> seen = noncesSeen.values().iterator(); seen.hasNext(); ) {
            if (seen.next().plus(NONCE_MEMORY).isAfter(now)) {
                break;
            }
            seen.remove();
        }
        Instant firstSeen = noncesSeen.putIfAbsent(nonce, now);
        if (firstSeen != null) {
            return TencentVerdict.refused(TencentCode.NONCE_USED, "nonce " + JsonRequests.quote(nonce)
                    + " was already used at " + firstSeen + "; every request needs a new one");
        }
        return null;
    }

    // ---------------------------------------------------------------- the body

    /** Null when the body is accepted, else the refusal. */
    private TencentVerdict judgeBody(HttpRequest request, Instant now) {
        try {
            JsonRequests.checkContentType(request.headers());
        } catch (JsonRequests.Problem problem) {
            return TencentVerdict.refused(TencentCode.JSON_MALFORMED, problem.getMessage());
        }
        if (request.body().length > MAX_BODY_BYTES) {
            return field(TencentCode.TOO_LARGE, "body", "the body has " + request.body().length + " bytes; Tencent "
                    + "takes at most 50 KB (" + MAX_BODY_BYTES + " bytes)", "body", MAX_BODY_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = JsonRequests.parse(request.body(), "{\"account_id\":…,\"user_action_set_id\":…,\"actions\":[…]}");
        } catch (JsonRequests.Problem problem) {
            return TencentVerdict.refused(TencentCode.JSON_MALFORMED, problem.getMessage());
        }
        if (!root.isObject()) {
            return TencentVerdict.refused(TencentCode.JSON_MALFORMED, "the body must be a JSON object, got "
                    + JsonRequests.describe(root));
        }
        String unknown = JsonRequests.unknownKey(root, TOP_LEVEL_KEYS);
        if (unknown != null) {
            return field(TencentCode.PARAMETER_INVALID, unknown, "unknown field " + unknown + (unknown.equals(
                    "data_source_id") ? ": that is v1.1's name of the action set; v3.0 names it user_action_set_id "
                    + "(open question 2)" : "; the request has only " + JsonRequests.sorted(TOP_LEVEL_KEYS)), unknown);
        }
        TencentVerdict ids = checkIds(root);
        if (ids != null) {
            return ids;
        }
        JsonNode actions = root.get("actions");
        if (actions == null) {
            return field(TencentCode.MISSING_PARAMETER, "actions", "actions is required", "actions");
        }
        if (!actions.isArray()) {
            return field(TencentCode.WRONG_TYPE, "actions", "actions must be an array, got "
                    + JsonRequests.describe(actions), "actions", "array");
        }
        if (actions.size() == 0) {
            return field(TencentCode.TOO_FEW_VALUES, "actions", "actions is empty; send 1 to " + MAX_ACTIONS,
                    "actions", "1");
        }
        if (actions.size() > MAX_ACTIONS) {
            return field(TencentCode.TOO_MANY_VALUES, "actions", "actions has " + actions.size() + " items; Tencent "
                    + "takes at most " + MAX_ACTIONS + " per request", "actions", Integer.toString(MAX_ACTIONS));
        }
        List<TencentVerdict.FieldError> errors = new ArrayList<>();
        TencentCode firstCode = null;
        String[] firstParameters = null;
        for (int index = 0; index < actions.size(); index++) {
            try {
                checkAction("actions[" + index + "]", actions.get(index), now);
            } catch (Refusal refusal) {
                errors.add(new TencentVerdict.FieldError(refusal.field, refusal.getMessage()));
                if (firstCode == null) {
                    firstCode = refusal.code;
                    firstParameters = refusal.parameters;
                }
            }
        }
        return errors.isEmpty() ? null : TencentVerdict.fields(firstCode, errors, firstParameters);
    }

    private TencentVerdict checkIds(JsonNode root) {
        try {
            long account = requiredId(root, "account_id");
            if (account != accountId) {
                throw new Refusal(TencentCode.ACCOUNT_ID_INVALID, "account_id", "account_id " + account
                        + " is not the configured account " + accountId + " (or this token may not operate it)");
            }
            long set = requiredId(root, "user_action_set_id");
            if (set != userActionSetId) {
                throw new Refusal(TencentCode.PARAMETER_INVALID, "user_action_set_id", "user_action_set_id " + set
                        + " is not the configured action set " + userActionSetId + " of account " + accountId,
                        "user_action_set_id");
            }
            return null;
        } catch (Refusal refusal) {
            return TencentVerdict.fields(refusal.code, Collections.singletonList(
                    new TencentVerdict.FieldError(refusal.field, refusal.getMessage())), refusal.parameters);
        }
    }

    private static long requiredId(JsonNode root, String name) throws Refusal {
        JsonNode node = root.get(name);
        if (node == null) {
            throw new Refusal(TencentCode.MISSING_PARAMETER, name, name + " is required", name);
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new Refusal(TencentCode.WRONG_TYPE, name, name + " must be an integer, got "
                    + JsonRequests.describe(node), name, "integer");
        }
        return node.longValue();
    }

    private void checkAction(String path, JsonNode action, Instant now) throws Refusal {
        if (!action.isObject()) {
            throw new Refusal(TencentCode.WRONG_TYPE, path, path + " must be an object, got "
                    + JsonRequests.describe(action), path, "object");
        }
        String unknown = JsonRequests.unknownKey(action, ACTION_KEYS);
        if (unknown != null) {
            throw new Refusal(TencentCode.PARAMETER_INVALID, path + "." + unknown, "unknown field " + unknown
                    + (OTHER_SDK_ACTION_KEYS.contains(unknown) ? ": a field of Tencent's UserAction that the web "
                    + "click_id mode does not use" : "") + "; an action here has only " + JsonRequests.sorted(ACTION_KEYS),
                    path + "." + unknown);
        }
        String type = requiredText(action, path, "action_type");
        if (!actionTypes.contains(type)) {
            throw new Refusal(TencentCode.NOT_ONE_OF, path + ".action_type", "action_type " + JsonRequests.quote(type)
                    + " is not one of " + actionTypes + " (FakeTencent.Builder.actionTypes changes them)",
                    path + ".action_type", String.join(", ", actionTypes));
        }
        checkTrace(path, action.get("trace"));
        checkUrl(path, requiredText(action, path, "url"));
        checkActionTime(path, action.get("action_time"), now);
        if (action.has("outer_action_id")) {
            requiredText(action, path, "outer_action_id");
        }
        checkActionParam(path, action.get("action_param"));
    }

    private static void checkTrace(String path, JsonNode trace) throws Refusal {
        String field = path + ".trace";
        if (trace == null) {
            throw new Refusal(TencentCode.MISSING_PARAMETER, field, "trace is required: {\"click_id\": the captured "
                    + "gdt_vid or qz_gdt}", field);
        }
        if (!trace.isObject()) {
            throw new Refusal(TencentCode.WRONG_TYPE, field, "trace must be an object, got "
                    + JsonRequests.describe(trace), field, "object");
        }
        String unknown = JsonRequests.unknownKey(trace, TRACE_KEYS);
        if (unknown != null) {
            throw new Refusal(TencentCode.PARAMETER_INVALID, field + "." + unknown, "unknown field trace." + unknown
                    + "; trace has only click_id", field + "." + unknown);
        }
        requiredText(trace, field, "click_id");
    }

    private void checkUrl(String path, String url) throws Refusal {
        String field = path + ".url";
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Refusal(TencentCode.PARAMETER_INVALID, field, "url is not a valid URL: " + e.getReason()
                    + " at index " + e.getIndex(), field);
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme) || host == null) {
            throw new Refusal(TencentCode.PARAMETER_INVALID, field, "url must be an absolute http(s) URL with a host, "
                    + "got " + JsonRequests.quote(url), field);
        }
        if (!host.equals(domain) && !host.endsWith("." + domain)) {
            throw new Refusal(TencentCode.PARAMETER_INVALID, field, "url's host " + host + " is not the registered "
                    + "domain " + domain + " or a sub-domain of it", field);
        }
    }

    private void checkActionTime(String path, JsonNode node, Instant now) throws Refusal {
        if (node == null) {
            return;
        }
        String field = path + ".action_time";
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new Refusal(TencentCode.WRONG_TYPE, field, "action_time must be epoch seconds (an integer), got "
                    + JsonRequests.describe(node), field, "integer");
        }
        long seconds = node.longValue();
        if (seconds >= MILLISECONDS_FROM) {
            throw new Refusal(TencentCode.TOO_LARGE, field, "action_time " + seconds + " looks like milliseconds: "
                    + "Tencent wants epoch seconds (10 digits)", field, Long.toString(MAX_EPOCH_SECONDS));
        }
        if (seconds <= 0 || seconds > MAX_EPOCH_SECONDS) {
            throw new Refusal(seconds <= 0 ? TencentCode.TOO_SMALL : TencentCode.TOO_LARGE, field,
                    "action_time must be positive epoch seconds (at most 10 digits), got " + seconds, field,
                    seconds <= 0 ? "1" : Long.toString(MAX_EPOCH_SECONDS));
        }
        if (maxActionAge != null && Instant.ofEpochSecond(seconds).isBefore(now.minus(maxActionAge))) {
            throw new Refusal(TencentCode.TOO_SMALL, field, "action_time " + Instant.ofEpochSecond(seconds)
                    + " is older than the re-upload window this FakeTencent was given (maxActionAge " + maxActionAge
                    + "; Tencent publishes none: open question 4)", field,
                    Long.toString(now.minus(maxActionAge).getEpochSecond()));
        }
    }

    private void checkActionParam(String path, JsonNode param) throws Refusal {
        if (param == null) {
            return;
        }
        String field = path + ".action_param";
        if (!param.isObject()) {
            throw new Refusal(TencentCode.WRONG_TYPE, field, "action_param must be an object, got "
                    + JsonRequests.describe(param), field, "object");
        }
        String unknown = JsonRequests.unknownKey(param, ACTION_PARAM_KEYS);
        if (unknown != null) {
            throw new Refusal(TencentCode.PARAMETER_INVALID, field + "." + unknown, "unknown field action_param."
                    + unknown + "; this fake knows only value", field + "." + unknown);
        }
        JsonNode value = param.get("value");
        if (value == null) {
            return;
        }
        String valueField = field + ".value";
        if (!value.isNumber()) {
            throw new Refusal(TencentCode.WRONG_TYPE, valueField, "value must be a number (" + valueUnit.describe()
                    + "), got " + JsonRequests.describe(value), valueField, "number");
        }
        BigDecimal amount = value.decimalValue();
        if (valueUnit == FakeTencent.ValueUnit.FEN && !value.isIntegralNumber()) {
            throw new Refusal(TencentCode.WRONG_TYPE, valueField, "value is an amount in fen (an integer), got "
                    + value.asText() + ": yuan? (this FakeTencent's value unit is fen)", valueField, "integer");
        }
        if (amount.stripTrailingZeros().scale() > 2) {
            throw new Refusal(TencentCode.WRONG_TYPE, valueField, "value " + value.asText() + " has more than 2 "
                    + "decimal places; an amount in yuan has at most 2", valueField, "an amount in yuan");
        }
        if (amount.signum() < 0) {
            throw new Refusal(TencentCode.TOO_SMALL, valueField, "value must be an amount >= 0, got " + value.asText(),
                    valueField, "0");
        }
    }

    // ---------------------------------------------------------------- small checks

    private static String requiredText(JsonNode parent, String path, String name) throws Refusal {
        String field = path + "." + name;
        JsonNode node = parent.get(name);
        if (node == null) {
            throw new Refusal(TencentCode.MISSING_PARAMETER, field, name + " is required", field);
        }
        if (!node.isTextual()) {
            throw new Refusal(TencentCode.WRONG_TYPE, field, name + " must be a string, got "
                    + JsonRequests.describe(node), field, "string");
        }
        if (Text.isBlank(node.textValue())) {
            throw new Refusal(TencentCode.MISSING_PARAMETER, field, name + " must not be empty", field);
        }
        return node.textValue();
    }

    private static TencentVerdict field(TencentCode code, String field, String reason, String... parameters) {
        return TencentVerdict.fields(code, Collections.singletonList(new TencentVerdict.FieldError(field, reason)),
                parameters);
    }

    private static Set<String> names(String... names) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(names)));
    }

    /** A refused field: the code, the field's path, the reason and the message's parameters. No stack trace. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final TencentCode code;
        final String field;
        final String[] parameters;

        Refusal(TencentCode code, String field, String reason, String... parameters) {
            super(reason, null, false, false);
            this.code = code;
            this.field = field;
            this.parameters = parameters;
        }
    }
}
