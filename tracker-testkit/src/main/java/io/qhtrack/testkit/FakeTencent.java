package io.qhtrack.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A strict local stand-in for Tencent Ads' web conversion upload in click_id mode, {@code POST
 * https://api.e.qq.com/v3.0/user_actions/add}, for tests, demos and integration tests.
 *
 * <p>FakeTencent listens on 127.0.0.1 only, like {@link Fake360} (same HTTP server, faults, latency and view),
 * over HTTPS with {@link Builder#tls()} (Tencent refuses plain HTTP since 2025-03-31; plain HTTP stays
 * available for tests), and answers like Tencent: {@code {"code":0,"message":"","message_cn":"","data":{}}}
 * with the headers {@code X-TSA-Trace-Id} and {@code X-RateLimit-Remaining}, or a non-zero code from Tencent's
 * v3.0 error table. Its rules are transcribed from the spec page ({@code spec/tencent-ads.md}), independently
 * of tracker-core:
 *
 * <ul>
 *   <li>authentication on every request: {@code access_token} where {@link Builder#auth(AuthMode)} puts it (and
 *       nowhere else), {@code timestamp} (epoch seconds within 300 s of the fake's clock) and {@code nonce} (1 to
 *       32 characters, never reused) in the query: 12000, 11000 to 11005, 12100, 12101;</li>
 *   <li>at most {@link Builder#rateLimitPerMinute(int)} requests per token per minute: 11017;</li>
 *   <li>the body: at most 50 KB, {@code account_id} and {@code user_action_set_id} the configured ones, 1 to 50
 *       {@code actions}, each with a known {@code action_type}, {@code trace.click_id}, a {@code url} on the
 *       registered domain, {@code action_time} in seconds, {@code action_param.value} in the configured unit;
 *       unknown fields refused. One wrong action refuses the request, with {@code errors} naming every wrong
 *       action.</li>
 * </ul>
 *
 * <pre>{@code
 * try (FakeTencent fake = FakeTencent.builder().tls().accessToken("tencent-token")
 *         .accountId(12345).userActionSetId(67890).domain("example.com").start()) {
 *   URI endpoint = fake.endpoint();   // https://127.0.0.1:PORT/v3.0/user_actions/add
 *   // ... let the code under test report a conversion to endpoint, trusting fake.sslContext() ...
 *   FakeTencent.Action lead = fake.awaitAccepted(1, Duration.ofSeconds(5)).get(0);
 *   assertThat(lead.actionType()).isEqualTo("RESERVATION");
 * }
 * }</pre>
 *
 * <p>Where the spec page leaves a question open, FakeTencent has a named setting with the most authoritative
 * reading as default: {@link Builder#auth(AuthMode)}, {@link Builder#valueUnit(ValueUnit)}, {@link
 * Builder#maxActionAge(Duration)}; v1.1's {@code data_source_id} is refused by name. Instances are thread-safe.
 * The access token never appears in {@code toString()}, reasons, answers, the recorded query or the view.
 */
public final class FakeTencent extends LocalFake<FakeTencent.Received> {
    /** The default port: 0, any free port. */
    public static final int DEFAULT_PORT = 0;

    /** The endpoint's path, as on Tencent's server. */
    public static final String PATH = TencentRules.PATH;

    /** The default {@link Builder#latency(Duration)}: none. */
    public static final Duration DEFAULT_LATENCY = Duration.ZERO;

    /** The longest latency accepted, so that a mistaken one cannot hang a build. */
    public static final Duration MAX_LATENCY = FakeCore.MAX_LATENCY;

    /** The most actions in one request. */
    public static final int MAX_ACTIONS = TencentRules.MAX_ACTIONS;

    /** The largest body: 50 KB, 51,200 bytes. */
    public static final int MAX_BODY_BYTES = TencentRules.MAX_BODY_BYTES;

    /** The most a request's {@code timestamp} may differ from the fake's clock: 300 s. */
    public static final Duration MAX_TIMESTAMP_SKEW = TencentRules.MAX_TIMESTAMP_SKEW;

    /**
     * How long a nonce is remembered after it was first seen: twice {@link #MAX_TIMESTAMP_SKEW}, so that no
     * request whose timestamp could be accepted may reuse it.
     */
    public static final Duration NONCE_MEMORY = TencentRules.NONCE_MEMORY;

    /** The longest {@code nonce}, in characters. */
    public static final int MAX_NONCE_CHARS = TencentRules.MAX_NONCE_CHARS;

    /** The default {@link Builder#rateLimitPerMinute(int)}: Tencent's 4000 calls per minute per key. */
    public static final int DEFAULT_RATE_LIMIT_PER_MINUTE = 4000;

    /**
     * The {@code action_type} values accepted by default: the spec page's landing-page subset of Tencent's
     * enum (RESERVATION, CONSULT, ONLINE_CONSULT, MAKE_PHONE_CALL, PHONE_CONNECTED, COMPLETE_ORDER, PURCHASE,
     * REGISTER, ADD_WECHAT, SCANCODE, LEAVE_INFORMATION, CONFIRM_EFFECTIVE_LEADS).
     */
    public static final Set<String> DEFAULT_ACTION_TYPES = Collections.unmodifiableSet(new LinkedHashSet<>(
            Arrays.asList("RESERVATION", "CONSULT", "ONLINE_CONSULT", "MAKE_PHONE_CALL", "PHONE_CONNECTED",
                    "COMPLETE_ORDER", "PURCHASE", "REGISTER", "ADD_WECHAT", "SCANCODE", "LEAVE_INFORMATION",
                    "CONFIRM_EFFECTIVE_LEADS")));

    /**
     * Where {@code access_token} goes (open question 1 of the spec page): the DataNexus guide and the official
     * Java SDK put it in the query; curl examples put it in a header, {@code access_token} on one page, {@code
     * access-token} on another. FakeTencent accepts the configured place only. {@code timestamp} and {@code
     * nonce} stay in the query in every mode.
     */
    public enum AuthMode {
        /** {@code ?access_token=…&timestamp=…&nonce=…}: the default (qhtrack's {@code qhtrack.tencent.auth=query}). */
        QUERY("query"),
        /** An {@code access_token} header ({@code header}). */
        HEADER("header"),
        /** An {@code access-token} header, with a hyphen ({@code header-hyphen}). */
        HEADER_HYPHEN("header-hyphen");

        private final String settingValue;

        AuthMode(String settingValue) {
            this.settingValue = settingValue;
        }

        /** The mode's name as {@code qhtrack.tencent.auth} and the standalone jar's {@code --auth} write it. */
        public String settingValue() {
            return settingValue;
        }

        /**
         * The mode named {@code query}, {@code header} or {@code header-hyphen}.
         *
         * @throws IllegalArgumentException for any other name
         */
        public static AuthMode of(String settingValue) {
            return Arrays.stream(values()).filter(mode -> mode.settingValue.equals(settingValue)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("auth must be query, header or header-hyphen but "
                            + "was " + settingValue));
        }
    }

    /**
     * The unit of {@code action_param.value} (open question 3 of the spec page: fen on one industry page, yuan
     * on others).
     */
    public enum ValueUnit {
        /** An integer number of fen, 4000 = ¥40: the default; a decimal is refused. */
        FEN,
        /** Yuan, 300 = ¥300, with at most 2 decimal places. */
        YUAN;

        String describe() {
            return this == FEN ? "an integer amount in fen" : "an amount in yuan";
        }
    }

    private final TencentRules rules;
    private final UnaryOperator<String> redactor;
    private final ValueUnit valueUnit;
    private final Map<String, String> firstAcceptedByOuterActionId = new HashMap<>();

    private FakeTencent(Builder builder) {
        super(Platform.TENCENT, PATH, builder, "action", Received::acceptedActions);
        this.rules = new TencentRules(builder, builder.actionTypes == null ? DEFAULT_ACTION_TYPES
                : builder.actionTypes);
        List<String> secrets = new ArrayList<>(builder.accessTokens);
        secrets.addAll(builder.expiredAccessTokens);
        this.redactor = Redactor.of(secrets);
        this.valueUnit = builder.valueUnit;
        ready();
    }

    /**
     * A builder; {@link Builder#accessToken(String)}, {@link Builder#accountId(long)}, {@link
     * Builder#userActionSetId(long)} and {@link Builder#domain(String)} are required.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Every accepted action (conversion), in arrival order, duplicates included (see {@link Action#duplicate()}). */
    public List<Action> accepted() {
        return recording.units(request -> request.accepted() ? request.actions() : Collections.<Action>emptyList());
    }

    /**
     * The requests the rules refused: any non-zero code, 12007 for a wrong path or method included. Requests
     * answered by a fault that replaced the answer are in neither {@link #accepted()} nor this list.
     */
    public List<Received> rejected() {
        return recording.snapshot(request -> !request.accepted() && !request.faultReplacedAnswer());
    }

    /**
     * Every {@code nonce} received since start or {@link #clear()}, in arrival order, as sent (also those of
     * refused requests); a repeated one appears twice.
     */
    public List<String> nonces() {
        return recording.units(request -> request.nonce() == null ? Collections.<String>emptyList()
                : Collections.singletonList(request.nonce()));
    }

    /**
     * Waits until at least {@code count} actions have been accepted, and returns every accepted action.
     *
     * @throws AssertionError if fewer were accepted when {@code timeout} expires (or the waiting thread is
     *     interrupted), with a summary of everything received
     * @throws IllegalArgumentException if {@code count} or {@code timeout} is negative
     */
    public List<Action> awaitAccepted(int count, Duration timeout) {
        recording.awaitAccepted(count, timeout);
        return accepted();
    }

    /**
     * Forgets everything received: the records, which outer_action_ids were seen (for {@link
     * Action#duplicate()}), the nonces seen and the requests counted against the per-minute limit.
     */
    public void clear() {
        recording.clear(() -> {
            firstAcceptedByOuterActionId.clear();
            rules.forget();
        });
    }

    /** The endpoint and how many requests and actions were received and accepted; never the token. */
    @Override
    public String toString() {
        return "FakeTencent[" + endpoint() + ", " + recording.counts() + " action(s)]";
    }

    // ---------------------------------------------------------------- serving

    @Override
    Answered<Received> answer(HttpRequest request, Instant receivedAt) {
        TencentVerdict verdict = rules.judge(request, receivedAt);
        Fault fault = verdict.reachedEndpoint() ? core.nextFault() : null;
        boolean rulesAnswer = fault == null || fault.answersNormally();
        String traceId = traceId();
        int remaining = verdict.rateLimitRemaining() == null ? rules.rateLimitPerMinute()
                : verdict.rateLimitRemaining();
        HttpAnswer normal = verdict.answer(redactor);
        HttpAnswer faulted = fault == null ? normal : fault.apply(normal, Platform.TENCENT);
        HttpAnswer answer = rulesAnswer || fault.isTencentCode() ? faulted.withHeader("X-TSA-Trace-Id", traceId)
                .withHeader("X-RateLimit-Remaining", Integer.toString(remaining)) : faulted;
        JsonNode json = Json.parseLeniently(request.body());
        Received received = recording.add(number -> new Received(number, receivedAt, request, json,
                rulesAnswer ? verdict : null, verdict, fault, answer, traceId, remaining, this));
        return new Answered<>(received, answer);
    }

    @Override
    ViewRow viewRow(Received request) {
        return request.viewRow();
    }

    private static String traceId() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE)
                + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }

    /** The earlier accepted action with this outer_action_id ({@code N.i}), or null. Under the recording's lock. */
    private String duplicateOf(String outerActionId, String action) {
        return outerActionId == null ? null : firstAcceptedByOuterActionId.putIfAbsent(outerActionId, action);
    }

    // ---------------------------------------------------------------- Received

    /**
     * One request as FakeTencent received and answered it, with its {@link #actions()}. Immutable; {@link
     * #toString()} is a one-line summary for failure messages, the token masked.
     */
    public static final class Received extends RecordedRequest {
        private final String query;
        private final String tokenPlacement;
        private final boolean tokenMatched;
        private final String timestamp;
        private final String nonce;
        private final Long accountId;
        private final Long userActionSetId;
        private final Integer code;
        private final String message;
        private final String reason;
        private final boolean accepted;
        private final String traceId;
        private final int rateLimitRemaining;
        private final List<Action> actions;
        private final UnaryOperator<String> redactor;
        private final String summary;

        Received(long number, Instant receivedAt, HttpRequest request, JsonNode json, TencentVerdict answered,
                TencentVerdict rulesVerdict, Fault fault, HttpAnswer answer, String traceId, int rateLimitRemaining,
                FakeTencent fake) {
            super(number, receivedAt, request, json, answer, fault, answered == null);
            this.redactor = fake.redactor;
            this.query = redactor.apply(QueryString.mask(request.query(), "access_token"));
            TencentAuth auth = TencentAuth.of(request, FakeTencent.AuthMode.QUERY);
            this.tokenPlacement = auth.placement();
            this.tokenMatched = fake.rules.knowsToken(TencentAuth.of(request, fake.rules.auth()).accessToken());
            this.timestamp = auth.timestamp();
            this.nonce = auth.nonce();
            this.accountId = Json.integer(json, "account_id");
            this.userActionSetId = Json.integer(json, "user_action_set_id");
            this.code = answered == null ? null : answered.code().code();
            this.message = answered == null ? null : redactor.apply(answered.message());
            this.accepted = answered != null && answered.accepted();
            this.traceId = traceId;
            this.rateLimitRemaining = rateLimitRemaining;
            this.reason = redactor.apply(answered == null ? faultReason(fault, rulesVerdict.reason())
                    : answered.reason());
            this.actions = Collections.unmodifiableList(actions(json, answered, fault, fake));
            this.summary = redactor.apply(summarize("Request", verdict(), accepted, reason,
                    path() + (query == null ? "" : "?" + query), ", access_token in " + tokenPlacement + ", "
                            + actions.size() + " action(s)"));
        }

        private List<Action> actions(JsonNode json, TencentVerdict answered, Fault fault, FakeTencent fake) {
            JsonNode array = Json.at(json, "actions");
            if (array == null || !array.isArray()) {
                return Collections.emptyList();
            }
            List<Action> list = new ArrayList<>(array.size());
            for (int index = 0; index < array.size(); index++) {
                String actionReason;
                if (answered == null) {
                    actionReason = "fault " + fault + " answered instead of the rules";
                } else if (answered.accepted()) {
                    actionReason = "accepted";
                } else {
                    int at = index;
                    String own = answered.errors().stream().filter(error -> error.actionIndex() == at)
                            .map(error -> error.field() + ": " + error.reason()).collect(Collectors.joining("; "));
                    actionReason = own.isEmpty() ? "not refused itself: the request was refused (code "
                            + answered.code().code() + ": " + answered.reason() + ")" : own;
                }
                list.add(new Action(this, index, array.get(index), answered != null && answered.accepted(),
                        actionReason, fake));
            }
            return list;
        }

        /** The answer in a few words: {@code code 0}, {@code code 12100}, or {@code fault tencentCode(11017)}. */
        String verdict() {
            return faultReplacedAnswer() ? "fault " + fault() : "code " + code;
        }

        int acceptedActions() {
            return accepted ? actions.size() : 0;
        }

        ViewRow viewRow() {
            String shownBody = ReceivedView.shownBody(redactor.apply(bodyText()));
            List<String> request = new ArrayList<>();
            request.add(method() + " " + path() + (query == null ? "" : "?" + query));
            request.add("access_token in " + tokenPlacement + (tokenMatched ? " (ok)" : ""));
            request.add("timestamp " + timestamp + ", nonce " + nonce);
            request.add(actions.size() + " action(s)" + (actions.isEmpty() ? "" : ": "
                    + actions.stream().map(action -> String.valueOf(action.actionType())).collect(Collectors.joining(", "))));
            List<Map<String, Object>> actionList = new ArrayList<>();
            for (Action action : actions) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("index", action.index());
                entry.put("accepted", action.accepted());
                entry.put("duplicate", action.duplicate());
                entry.put("reason", action.reason());
                entry.put("actionType", redactor.apply(action.actionType()));
                entry.put("clickId", redactor.apply(action.clickId()));
                entry.put("url", redactor.apply(action.url()));
                entry.put("actionTime", action.actionTime());
                entry.put("outerActionId", redactor.apply(action.outerActionId()));
                entry.put("value", action.value() == null ? null : action.value().toPlainString());
                entry.put("valueFen", action.valueFen());
                actionList.add(entry);
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("number", number());
            entry.put("receivedAt", receivedAt().toString());
            entry.put("verdict", verdict());
            entry.put("reason", reason);
            entry.put("accepted", accepted);
            entry.put("httpStatus", httpStatus());
            entry.put("code", code);
            entry.put("message", message);
            entry.put("fault", fault());
            entry.put("method", method());
            entry.put("path", path());
            entry.put("query", query);
            entry.put("tokenPlacement", tokenPlacement);
            entry.put("tokenMatched", tokenMatched);
            entry.put("timestamp", timestamp);
            entry.put("nonce", nonce);
            entry.put("traceId", traceId);
            entry.put("rateLimitRemaining", rateLimitRemaining);
            entry.put("accountId", accountId);
            entry.put("userActionSetId", userActionSetId);
            entry.put("actions", actionList);
            entry.put("remotePort", remotePort());
            entry.put("bodyBytes", body().length);
            entry.put("body", shownBody);
            return new ViewRow(number(), receivedAt().toString(), category(accepted), verdict(), reason, request,
                    shownBody, entry);
        }

        /** The raw query as sent, the value of {@code access_token} masked; null when there was none. */
        public String query() {
            return query;
        }

        /**
         * Where the request carried {@code access_token}: {@code query parameter access_token}, {@code header
         * access_token}, {@code header access-token}, several joined by {@code and}, or {@code none}.
         */
        public String tokenPlacement() {
            return tokenPlacement;
        }

        /** Whether the configured place carried a configured token (expired ones included); never the token. */
        public boolean tokenMatched() {
            return tokenMatched;
        }

        /** The {@code timestamp} query parameter as sent, or null. */
        public String timestamp() {
            return timestamp;
        }

        /** The {@code nonce} query parameter as sent, or null. */
        public String nonce() {
            return nonce;
        }

        /** {@code account_id} if an integer, else null. */
        public Long accountId() {
            return accountId;
        }

        /** {@code user_action_set_id} if an integer, else null. */
        public Long userActionSetId() {
            return userActionSetId;
        }

        /** The {@code code} answered by the rules (0 accepted); null when a fault answered instead. */
        public Integer code() {
            return code;
        }

        /** The {@code message} sent with {@link #code()}, from Tencent's error table; or null. */
        public String message() {
            return message;
        }

        /**
         * Which rule decided, in words: {@code accepted}, or e.g. {@code nonce "n-1" was already used at …},
         * {@code actions[1].url: url's host shop.example.net is not the registered domain example.com …}.
         */
        public String reason() {
            return reason;
        }

        /** Whether the answer was code 0: every action accepted. */
        public boolean accepted() {
            return accepted;
        }

        /** The {@code X-TSA-Trace-Id} sent with the answer (also when a fault replaced it). */
        public String traceId() {
            return traceId;
        }

        /** The {@code X-RateLimit-Remaining} of the answer: requests the token has left in the current minute. */
        public int rateLimitRemaining() {
            return rateLimitRemaining;
        }

        /** The {@code actions} as sent, each with its verdict; empty when the body had no such array. */
        public List<Action> actions() {
            return actions;
        }

        /** A one-line summary for failure messages; the token masked. */
        @Override
        public String toString() {
            return summary;
        }
    }

    // ---------------------------------------------------------------- Action

    /** One action of {@code actions}: a conversion as sent, and what FakeTencent made of it. Immutable. */
    public static final class Action {
        private final long requestNumber;
        private final int index;
        private final JsonNode json;
        private final String actionType;
        private final String clickId;
        private final String url;
        private final Long actionTime;
        private final String outerActionId;
        private final BigDecimal value;
        private final Long valueFen;
        private final boolean accepted;
        private final boolean duplicate;
        private final String reason;
        private final String summary;

        Action(Received request, int index, JsonNode json, boolean accepted, String reason, FakeTencent fake) {
            this.requestNumber = request.number();
            this.index = index;
            this.json = json;
            this.actionType = Json.text(json, "action_type");
            this.clickId = Json.text(json, "trace", "click_id");
            this.url = Json.text(json, "url");
            this.actionTime = Json.integer(json, "action_time");
            this.outerActionId = Json.text(json, "outer_action_id");
            JsonNode amount = Json.at(json, "action_param", "value");
            this.value = amount != null && amount.isNumber() ? amount.decimalValue() : null;
            this.valueFen = fen(value, fake.valueUnit);
            this.accepted = accepted;
            String duplicateOf = accepted ? fake.duplicateOf(outerActionId, requestNumber + "." + index) : null;
            this.duplicate = duplicateOf != null;
            this.reason = fake.redactor.apply(duplicateOf == null ? reason : "accepted, but a duplicate of action #"
                    + duplicateOf + " (same outer_action_id: Tencent counts it once)");
            this.summary = fake.redactor.apply("Action#" + requestNumber + "." + index + "[" + (accepted ? duplicate
                    ? "accepted (duplicate)" : "accepted" : "refused: " + this.reason) + ", action_type=" + actionType
                    + ", click_id=" + clickId + ", action_time=" + actionTime + (value == null ? "" : ", value="
                    + value.toPlainString()) + (outerActionId == null ? "" : ", outer_action_id=" + outerActionId)
                    + ", url=" + url + "]");
        }

        private static Long fen(BigDecimal value, ValueUnit unit) {
            if (value == null) {
                return null;
            }
            BigDecimal fen = unit == ValueUnit.FEN ? value : value.movePointRight(2);
            try {
                return fen.longValueExact();
            } catch (ArithmeticException e) {
                return null;
            }
        }

        /** The number of the request that carried this action (see {@link Received#number()}). */
        public long requestNumber() {
            return requestNumber;
        }

        /** The action's index in {@code actions}, 0 for the first. */
        public int index() {
            return index;
        }

        /** The action as sent (a copy, free to modify). */
        public JsonNode json() {
            return json == null ? null : json.deepCopy();
        }

        /** {@code action_type} if a string, else null. */
        public String actionType() {
            return actionType;
        }

        /** {@code trace.click_id} if a string, else null. */
        public String clickId() {
            return clickId;
        }

        /** {@code url} if a string, else null. */
        public String url() {
            return url;
        }

        /** {@code action_time} (epoch seconds) if an integer, else null. */
        public Long actionTime() {
            return actionTime;
        }

        /** {@code outer_action_id} if a string, else null. */
        public String outerActionId() {
            return outerActionId;
        }

        /** {@code action_param.value} exactly as it arrived (in the configured unit), or null. */
        public BigDecimal value() {
            return value;
        }

        /**
         * {@link #value()} in fen, by the configured {@link ValueUnit} (yuan × 100); null without a value or when
         * it is no whole number of fen.
         */
        public Long valueFen() {
            return valueFen;
        }

        /** Whether Tencent's answer accepted this action (every action of a code 0 request). */
        public boolean accepted() {
            return accepted;
        }

        /**
         * Whether this accepted action repeats the {@code outer_action_id} of an earlier accepted one, which
         * Tencent de-duplicates. Actions without an outer_action_id are never duplicates.
         */
        public boolean duplicate() {
            return duplicate;
        }

        /**
         * Which rule decided for this action: {@code accepted}, its own field errors, or why its request was
         * refused; never the token.
         */
        public String reason() {
            return reason;
        }

        /** A one-line summary for failure messages. */
        @Override
        public String toString() {
            return summary;
        }
    }

    // ---------------------------------------------------------------- Builder

    /**
     * Configures and starts a {@link FakeTencent}. Every setting may be given once; mistakes fail fast with a
     * message naming the setting and the value (never a token).
     */
    public static final class Builder extends FakeBuilder<Builder, Received> {
        static final long UNSET_ID = -1;

        final Set<String> accessTokens = new LinkedHashSet<>();
        final Set<String> expiredAccessTokens = new LinkedHashSet<>();
        long accountId = UNSET_ID;
        long userActionSetId = UNSET_ID;
        String domain;
        AuthMode auth;
        ValueUnit valueUnit;
        int rateLimitPerMinute;
        Set<String> actionTypes;
        Duration maxActionAge;

        private Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /**
         * Accepts this access token (a permanent DataNexus key or an OAuth token). Repeatable; at least one is
         * required. Any other token is code 11002.
         *
         * @throws IllegalArgumentException if the token is empty or has white space, control or non-ASCII
         *     characters
         * @throws IllegalStateException if the token was already added
         */
        public Builder accessToken(String token) {
            checkToken(token);
            accessTokens.add(token);
            return this;
        }

        /**
         * Answers this token with code 11000 (access token expired), a fixture for the credentials path of a
         * client. Repeatable.
         *
         * @throws IllegalArgumentException if the token is empty or has white space, control or non-ASCII
         *     characters
         * @throws IllegalStateException if the token was already added
         */
        public Builder expiredAccessToken(String token) {
            checkToken(token);
            expiredAccessTokens.add(token);
            return this;
        }

        private void checkToken(String token) {
            Objects.requireNonNull(token, "token");
            requireArgument(!token.isEmpty() && token.chars().allMatch(c -> c > ' ' && c < 0x7f),
                    "access token must be non-empty printable ASCII without white space (token not shown)");
            requireState(!accessTokens.contains(token) && !expiredAccessTokens.contains(token),
                    "this access token was already added (token not shown)");
        }

        /**
         * The advertiser account the uploads must name in {@code account_id}; another is code 12201. Required.
         *
         * @throws IllegalArgumentException if not positive
         * @throws IllegalStateException if it was already set
         */
        public Builder accountId(long accountId) {
            requireState(this.accountId == UNSET_ID, "accountId was already set to %s", this.accountId);
            requireArgument(accountId > 0, "accountId must be positive but was %s", accountId);
            this.accountId = accountId;
            return this;
        }

        /**
         * The action set ({@code user_action_set_id}) the uploads must name; another is refused. Required.
         *
         * @throws IllegalArgumentException if not positive
         * @throws IllegalStateException if it was already set
         */
        public Builder userActionSetId(long userActionSetId) {
            requireState(this.userActionSetId == UNSET_ID, "userActionSetId was already set to %s",
                    this.userActionSetId);
            requireArgument(userActionSetId > 0, "userActionSetId must be positive but was %s", userActionSetId);
            this.userActionSetId = userActionSetId;
            return this;
        }

        /**
         * The domain registered for web conversions with Tencent (转化归因), e.g. {@code example.com}: each action's
         * {@code url} must be on it or a sub-domain of it. Required.
         *
         * @throws IllegalArgumentException if it is not a host name (no scheme, port, path or white space)
         * @throws IllegalStateException if it was already set
         */
        public Builder domain(String domain) {
            Objects.requireNonNull(domain, "domain");
            requireState(this.domain == null, "domain was already set to %s", this.domain);
            String host = domain.toLowerCase(Locale.ROOT);
            requireArgument(host.matches("[a-z0-9-]+(\\.[a-z0-9-]+)*"),
                    "domain must be a host name like example.com (punycode for other scripts) but was \"%s\"", domain);
            this.domain = host;
            return this;
        }

        /**
         * Where {@code access_token} must be; default {@link AuthMode#QUERY} (open question 1).
         *
         * @throws IllegalStateException if it was already set
         */
        public Builder auth(AuthMode mode) {
            requireState(auth == null, "auth was already set to %s", auth == null ? null : auth.settingValue());
            this.auth = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * The unit of {@code action_param.value}; default {@link ValueUnit#FEN} (open question 3).
         *
         * @throws IllegalStateException if it was already set
         */
        public Builder valueUnit(ValueUnit unit) {
            requireState(valueUnit == null, "valueUnit was already set to %s", valueUnit);
            this.valueUnit = Objects.requireNonNull(unit, "unit");
            return this;
        }

        /**
         * The most requests each token may make in any minute (a sliding window, by the fake's clock); more are
         * code 11017. Default {@link #DEFAULT_RATE_LIMIT_PER_MINUTE}.
         *
         * @throws IllegalArgumentException if not positive
         * @throws IllegalStateException if it was already set
         */
        public Builder rateLimitPerMinute(int requests) {
            requireState(rateLimitPerMinute == 0, "rateLimitPerMinute was already set to %s", rateLimitPerMinute);
            requireArgument(requests > 0, "rateLimitPerMinute must be positive but was %s", requests);
            this.rateLimitPerMinute = requests;
            return this;
        }

        /**
         * The {@code action_type} values accepted, instead of {@link #DEFAULT_ACTION_TYPES} (Tencent's enum has
         * 150 more).
         *
         * @throws IllegalArgumentException if none is given or one is not upper-case letters, digits and
         *     underscores
         * @throws IllegalStateException if they were already set
         */
        public Builder actionTypes(String... types) {
            Objects.requireNonNull(types, "types");
            requireState(actionTypes == null, "actionTypes was already set to %s", actionTypes);
            requireArgument(types.length > 0, "actionTypes needs at least one type");
            Set<String> set = new LinkedHashSet<>();
            for (String type : types) {
                requireArgument(type != null && type.matches("[A-Z][A-Z0-9_]*"),
                        "action types are upper-case names like RESERVATION but one was %s", type);
                set.add(type);
            }
            this.actionTypes = Collections.unmodifiableSet(set);
            return this;
        }

        /**
         * Refuses actions whose {@code action_time} is older than this, by the fake's clock: a re-upload window
         * (open question 4: Tencent publishes none, so by default there is none).
         *
         * @throws IllegalArgumentException if {@code age} is not positive
         * @throws IllegalStateException if it was already set
         */
        public Builder maxActionAge(Duration age) {
            Objects.requireNonNull(age, "age");
            requireState(maxActionAge == null, "maxActionAge was already set to %s", maxActionAge);
            requireArgument(!age.isNegative() && !age.isZero(), "maxActionAge must be positive but was %s", age);
            this.maxActionAge = age;
            return this;
        }

        /**
         * Binds the port and starts serving.
         *
         * @throws IllegalStateException if no access token, account id, action set id or domain was set
         * @throws UncheckedIOException if the port cannot be bound
         */
        public FakeTencent start() {
            requireState(!accessTokens.isEmpty(), "no access token was set: call accessToken(token) at least once");
            requireState(accountId != UNSET_ID, "no account id was set: call accountId(id)");
            requireState(userActionSetId != UNSET_ID, "no action set was set: call userActionSetId(id)");
            requireState(domain != null, "no registered domain was set: call domain(\"example.com\")");
            if (auth == null) {
                auth = AuthMode.QUERY;
            }
            if (valueUnit == null) {
                valueUnit = ValueUnit.FEN;
            }
            if (rateLimitPerMinute == 0) {
                rateLimitPerMinute = DEFAULT_RATE_LIMIT_PER_MINUTE;
            }
            return new FakeTencent(this);
        }

        /** The settings, never a token. */
        @Override
        public String toString() {
            return "FakeTencent.Builder[" + commonSettings() + ", accessTokens=" + accessTokens.size()
                    + (expiredAccessTokens.isEmpty() ? "" : ", expiredAccessTokens=" + expiredAccessTokens.size())
                    + (accountId == UNSET_ID ? "" : ", accountId=" + accountId)
                    + (userActionSetId == UNSET_ID ? "" : ", userActionSetId=" + userActionSetId)
                    + (domain == null ? "" : ", domain=" + domain)
                    + (auth == null ? "" : ", auth=" + auth.settingValue())
                    + (valueUnit == null ? "" : ", valueUnit=" + valueUnit)
                    + (rateLimitPerMinute == 0 ? "" : ", rateLimitPerMinute=" + rateLimitPerMinute)
                    + (actionTypes == null ? "" : ", actionTypes=" + actionTypes)
                    + (maxActionAge == null ? "" : ", maxActionAge=" + maxActionAge) + "]";
        }
    }
}
