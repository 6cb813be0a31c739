package io.qhtrack.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * 360's rules for {@code POST /uploadWebConvert}, implemented from the document (sections 4.1 to 4.5) and
 * nothing else: headers first (errno 1 for the key, 2 for the signature), then the body (errno 3), with
 * unknown keys refused at every level.
 *
 * <p>Every rejection carries a reason naming the rule and the JSON path, e.g. {@code
 * data.data_detail.trans_id is required for ocpc_zs_convert}. Reasons never contain a secret.
 */
final class UploadRules {
    static final String PATH = "/uploadWebConvert";

    /** What 360's mobile-promotion landing URL carries when the macro was not replaced (ad previews). */
    static final String IMPRESSION_ID_MACRO = "__impression_id__";

    private static final Set<String> TOP_LEVEL_KEYS = names("data");
    private static final Set<String> DATA_KEYS = names("request_time", "data_industry", "data_source", "data_detail");
    private static final Set<String> DETAIL_KEYS =
            names("impression_id", "qhclickid", "jzqs", "trans_id", "event", "event_time", "event_param");
    private static final Set<String> EVENT_PARAM_KEYS = names("value", "score", "outeruserid", "bname", "urtime");

    private static final Set<Line> VALUE_LINES = lines(Line.ZS, Line.PS, Line.MS);
    private static final Set<Line> SCORE_LINES = lines(Line.ZS, Line.PS, Line.MS);
    private static final Set<Line> OUTERUSERID_LINES = lines(Line.ZS, Line.PS, Line.MS);
    private static final Set<Line> BNAME_LINES = lines(Line.ZS);
    private static final Set<Line> URTIME_LINES = lines(Line.ZS, Line.PS);

    private final Map<String, Account> accounts;

    UploadRules(Map<String, Account> accounts) {
        this.accounts = Collections.unmodifiableMap(new LinkedHashMap<>(accounts));
    }

    /** Judges one request, as 360 would answer it. */
    Verdict judge(HttpRequest request) {
        if (!request.path().equals(PATH)) {
            return Verdict.httpError(404, "no such path: " + request.path() + " (the endpoint is POST " + PATH + ")");
        }
        if (!request.method().equals("POST")) {
            return Verdict.httpError(405, request.method() + " is not allowed on " + PATH + "; only POST is");
        }
        try {
            Account account = authenticate(request);
            checkContentType(request.headers());
            JsonNode root = parse(request.body());
            checkData(root, account);
            return Verdict.accepted();
        } catch (Rejection rejection) {
            return Verdict.errno(rejection.errno, rejection.getMessage());
        }
    }

    /** The lower-case hex md5 of the secret's bytes followed by the body's bytes, as section 4.1 defines it. */
    static String sign(byte[] secret, byte[] body) {
        MessageDigest md5 = md5();
        md5.update(secret);
        md5.update(body);
        return Text.hex(md5.digest());
    }

    // ---------------------------------------------------------------- headers (errno 1, 2) and Content-Type

    private Account authenticate(HttpRequest request) throws Rejection {
        String key = single(request.headers(), "App-Key", Verdict.APP_KEY);
        Account account = accounts.get(key);
        if (account == null) {
            boolean isASecret = accounts.values().stream()
                    .anyMatch(known -> MessageDigest.isEqual(known.secretBytes(), key.getBytes(StandardCharsets.UTF_8)));
            throw isASecret
                    ? new Rejection(Verdict.APP_KEY, "App-Key is a configured secret, not a key (key and secret swapped?)")
                    : new Rejection(Verdict.APP_KEY, "App-Key " + quote(key) + " is not a known key");
        }
        String appSign = single(request.headers(), "App-Sign", Verdict.APP_SIGN);
        String expected = sign(account.secretBytes(), request.body());
        if (!appSign.equals(expected)) {
            throw new Rejection(Verdict.APP_SIGN, signMismatch(appSign, expected, account, request.body()));
        }
        return account;
    }

    private static String signMismatch(String appSign, String expected, Account account, byte[] body) {
        if (appSign.equalsIgnoreCase(expected)) {
            return "App-Sign is the right md5 but in upper case; 360 wants 32 lower-case hex digits";
        }
        if (appSign.equalsIgnoreCase(sign(new byte[0], body))) {
            return "App-Sign is md5(body) without the secret; it must be md5(secret + body)";
        }
        if (appSign.equalsIgnoreCase(sign(body, account.secretBytes()))) {
            return "App-Sign is md5(body + secret); the secret comes first: md5(secret + body)";
        }
        if (!appSign.matches("[0-9a-fA-F]{32}")) {
            return "App-Sign must be 32 lower-case hex digits (an md5), got " + appSign.length() + " characters";
        }
        return "App-Sign does not match md5(secret + body) for App-Key " + account.key()
                + "; sign exactly the body bytes sent (no re-serialisation, same escaping and spacing)";
    }

    private static String single(HttpHeaders headers, String name, int errno) throws Rejection {
        try {
            return JsonRequests.single(headers, name);
        } catch (JsonRequests.Problem problem) {
            throw new Rejection(errno, problem.getMessage());
        }
    }

    private static void checkContentType(HttpHeaders headers) throws Rejection {
        try {
            JsonRequests.checkContentType(headers);
        } catch (JsonRequests.Problem problem) {
            throw data(problem.getMessage());
        }
    }

    // ---------------------------------------------------------------- body (errno 3)

    private static JsonNode parse(byte[] body) throws Rejection {
        try {
            return JsonRequests.parse(body, "{\"data\":{...}}");
        } catch (JsonRequests.Problem problem) {
            throw data(problem.getMessage());
        }
    }

    private static void checkData(JsonNode root, Account account) throws Rejection {
        if (root == null || !root.isObject()) {
            throw data("the body must be a JSON object {\"data\":{...}}, got " + describe(root));
        }
        onlyKnownKeys(root, TOP_LEVEL_KEYS, "");
        JsonNode data = required(root, "data", "data", "is required");
        requireObject(data, "data");
        onlyKnownKeys(data, DATA_KEYS, "data.");

        JsonNode industry = required(data, "data_industry", "data.data_industry", "is required");
        Line line = Line.ofDataIndustry(requireText(industry, "data.data_industry"))
                .orElseThrow(() -> data("data.data_industry must be one of " + lineNames() + ", got "
                        + describe(industry)));
        if (!account.allows(line)) {
            throw new Rejection(Verdict.APP_KEY, "App-Key " + account.key() + " is not allowed for data_industry "
                    + line.describe() + "; it is for " + account.lines());
        }
        if (data.has("request_time")) {
            requirePositiveInt32(data.get("request_time"), "data.request_time");
        }
        if (data.has("data_source")) {
            requireText(data.get("data_source"), "data.data_source");
        }
        JsonNode detail = required(data, "data_detail", "data.data_detail", "is required");
        requireObject(detail, "data.data_detail");
        checkDetail(detail, line, account);
    }

    private static void checkDetail(JsonNode detail, Line line, Account account) throws Rejection {
        onlyKnownKeys(detail, DETAIL_KEYS, "data.data_detail.");
        EventType event = checkEvent(detail, line);

        if (line == Line.WEB) {
            String impressionId = requireText(required(detail, "impression_id", "data.data_detail.impression_id",
                    "is required for " + line), "data.data_detail.impression_id");
            if (impressionId.equals(IMPRESSION_ID_MACRO)) {
                throw data("data.data_detail.impression_id is the unreplaced macro " + IMPRESSION_ID_MACRO
                        + " (an ad preview, not a click)");
            }
            absent(detail, "qhclickid", line, "ocpc_ps_convert, ocpc_ms_convert and ocpc_zs_convert use it");
        } else {
            requireText(required(detail, "qhclickid", "data.data_detail.qhclickid", "is required for " + line),
                    "data.data_detail.qhclickid");
            absent(detail, "impression_id", line, "only ocpc_web_convert uses it");
        }

        if (line == Line.ZS) {
            String jzqs = requireText(required(detail, "jzqs", "data.data_detail.jzqs", "is required for " + line),
                    "data.data_detail.jzqs");
            if (account.jzqs() != null && !account.jzqs().equals(jzqs)) {
                throw data("data.data_detail.jzqs " + quote(jzqs) + " is not the jzqs of App-Key " + account.key()
                        + " (" + quote(account.jzqs()) + ")");
            }
        } else {
            absent(detail, "jzqs", line, "only ocpc_zs_convert uses it");
        }

        if (detail.has("trans_id")) {
            requireText(detail.get("trans_id"), "data.data_detail.trans_id");
        } else if (line == Line.ZS) {
            throw data("data.data_detail.trans_id is required for " + line);
        } else if (EventType.TRANS_ID_EVENTS.contains(event)) {
            throw data("data.data_detail.trans_id is required for " + line + " when event is SUBMIT or ORDER");
        }

        if (detail.has("event_time")) {
            requirePositiveInt32(detail.get("event_time"), "data.data_detail.event_time");
        }
        if (detail.has("event_param")) {
            checkEventParam(detail.get("event_param"), line, event);
        }
    }

    private static EventType checkEvent(JsonNode detail, Line line) throws Rejection {
        String name = requireText(required(detail, "event", "data.data_detail.event", "is required"),
                "data.data_detail.event");
        EventType event = EventType.ofWireName(name).orElseThrow(() -> data("data.data_detail.event " + quote(name)
                + " is not one of the 53 conversion types of section 4.5"
                + EventType.hintFor(name).map(hint -> ": " + hint).orElse("")));
        if (!event.offeredOn(line)) {
            throw data("data.data_detail.event " + event.describe() + " is not offered on " + line.describe()
                    + "; it is offered on " + event.lines());
        }
        return event;
    }

    private static void checkEventParam(JsonNode param, Line line, EventType event) throws Rejection {
        if (line == Line.WEB) {
            throw data("data.data_detail.event_param must be absent for " + line + ": mobile promotion takes none");
        }
        requireObject(param, "data.data_detail.event_param");
        onlyKnownKeys(param, EVENT_PARAM_KEYS, "data.data_detail.event_param.");
        String prefix = "data.data_detail.event_param.";

        if (param.has("value")) {
            allowedOn(prefix + "value", VALUE_LINES, line);
            if (!EventType.VALUE_EVENTS.contains(event)) {
                throw data(prefix + "value (order amount) is only for events " + EventType.VALUE_EVENTS + ", not "
                        + event.name());
            }
            long value = requireLong(param.get("value"), prefix + "value", "an integer amount in fen");
            if (value < 0) {
                throw data(prefix + "value must be an amount in fen >= 0, got " + value);
            }
        }
        if (param.has("score")) {
            allowedOn(prefix + "score", SCORE_LINES, line);
            long score = requireLong(param.get("score"), prefix + "score", "a positive integer");
            if (score <= 0) {
                throw data(prefix + "score must be a positive integer, got " + score);
            }
        }
        if (param.has("outeruserid")) {
            allowedOn(prefix + "outeruserid", OUTERUSERID_LINES, line);
            requireText(param.get("outeruserid"), prefix + "outeruserid");
        }
        if (param.has("bname")) {
            allowedOn(prefix + "bname", BNAME_LINES, line);
            requireText(param.get("bname"), prefix + "bname");
        }
        if (param.has("urtime")) {
            allowedOn(prefix + "urtime", URTIME_LINES, line);
            if (!EventType.URTIME_EVENTS.contains(event)) {
                throw data(prefix + "urtime (registration time) is only for events " + EventType.URTIME_EVENTS
                        + ", not " + event.name());
            }
            long urtime = requireLong(param.get("urtime"), prefix + "urtime", "a 10-digit timestamp in seconds");
            if (urtime < 1_000_000_000L || urtime > 9_999_999_999L) {
                throw data(prefix + "urtime must be a timestamp of exactly 10 digits (seconds), got " + urtime);
            }
        }
    }

    // ---------------------------------------------------------------- small checks

    private static void onlyKnownKeys(JsonNode object, Set<String> known, String prefix) throws Rejection {
        String name = JsonRequests.unknownKey(object, known);
        if (name != null) {
            String where = prefix.isEmpty() ? "at the top level, next to data" : "in " + prefix.substring(0,
                    prefix.length() - 1);
            throw data("unknown key " + prefix + name + " " + where + "; the document allows only "
                    + JsonRequests.sorted(known));
        }
    }

    private static JsonNode required(JsonNode parent, String name, String path, String why) throws Rejection {
        JsonNode node = parent.get(name);
        if (node == null) {
            throw data(path + " " + why);
        }
        return node;
    }

    private static void absent(JsonNode detail, String name, Line line, String whoUsesIt) throws Rejection {
        if (detail.has(name)) {
            throw data("data.data_detail." + name + " must be absent for " + line + " (" + whoUsesIt + ")");
        }
    }

    private static void allowedOn(String path, Set<Line> lines, Line line) throws Rejection {
        if (!lines.contains(line)) {
            throw data(path + " is not allowed for " + line + "; only for "
                    + lines.stream().sorted().map(Line::dataIndustry).collect(Collectors.toList()));
        }
    }

    private static void requireObject(JsonNode node, String path) throws Rejection {
        if (!node.isObject()) {
            throw data(path + " must be an object, got " + describe(node));
        }
    }

    private static String requireText(JsonNode node, String path) throws Rejection {
        if (!node.isTextual()) {
            throw data(path + " must be a string, got " + describe(node));
        }
        if (Text.isBlank(node.textValue())) {
            throw data(path + " must be a non-empty string, got " + describe(node));
        }
        return node.textValue();
    }

    private static void requirePositiveInt32(JsonNode node, String path) throws Rejection {
        if (!node.isIntegralNumber()) {
            throw data(path + " must be a JSON integer (int32 epoch seconds), got " + describe(node));
        }
        if (!node.canConvertToInt() || node.intValue() <= 0) {
            throw data(path + " must be positive epoch seconds that fit int32 (milliseconds?), got " + node.asText());
        }
    }

    private static long requireLong(JsonNode node, String path, String what) throws Rejection {
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw data(path + " must be " + what + " (a JSON integer), got " + describe(node));
        }
        return node.longValue();
    }

    private static String describe(JsonNode node) {
        return JsonRequests.describe(node);
    }

    private static String quote(String value) {
        return JsonRequests.quote(value);
    }

    private static List<String> lineNames() {
        return Arrays.stream(Line.values()).map(Line::dataIndustry).collect(Collectors.toList());
    }

    private static Set<String> names(String... names) {
        return Collections.unmodifiableSet(new HashSet<>(Arrays.asList(names)));
    }

    private static Set<Line> lines(Line first, Line... more) {
        return Collections.unmodifiableSet(EnumSet.of(first, more));
    }

    private static Rejection data(String reason) {
        return new Rejection(Verdict.DATA, reason);
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must support MD5", e);
        }
    }

    /** A failed rule: the errno to answer and the reason. Cheap: no stack trace. */
    private static final class Rejection extends Exception {
        private static final long serialVersionUID = 1L;
        final int errno;

        Rejection(int errno, String reason) {
            super(reason, null, false, false);
            this.errno = errno;
        }
    }
}
