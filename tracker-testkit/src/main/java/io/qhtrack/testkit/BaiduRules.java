package io.qhtrack.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Baidu oCPC's rules for {@code POST /ocpcapi/api/uploadConvertData}, transcribed from the spec page
 * ({@code spec/baidu-ocpc.md}) and nothing else: the token (status 3), the request's shape (status 2 as a
 * whole), then each item of {@code conversionTypes} on its own (status 0, 1 or 2). Unknown fields are refused
 * at every level. Every refusal names the rule and the field; reasons never contain a token.
 */
final class BaiduRules {
    static final String PATH = "/ocpcapi/api/uploadConvertData";

    /** Baidu takes fewer than 100 conversions per request. */
    static final int MAX_ITEMS = 99;

    /** The longest {@code logidUrl}, in characters. */
    static final int MAX_LOGID_URL_CHARS = 1024;

    /** The longest {@code outerEventId}, in UTF-8 bytes. */
    static final int MAX_OUTER_EVENT_ID_BYTES = 255;

    /** The disputed {@code newType} (open question 1). */
    static final int DISPUTED_TYPE = 4;

    private static final long MILLISECONDS_FROM = 1_000_000_000_000L;
    private static final long MAX_EPOCH_SECONDS = 9_999_999_999L;

    private static final Set<String> TOP_LEVEL_KEYS = names("token", "conversionTypes");
    private static final Set<String> ITEM_KEYS = names("logidUrl", "newType", "convertTime", "convertValue",
            "isConvert", "deviceType", "deviceId", "confidence", "outerEventId", "outerEventType");
    private static final Set<String> OUTER_EVENT_TYPES = names("quality_points_add", "custom_dedup");

    /** Unreplaced macros of ad platforms: {@code __X__}, {@code {X}}, {@code %%X%%}. */
    private static final Pattern MACRO = Pattern.compile("__.+__|\\{.+\\}|%%.+%%");

    private final Set<String> tokens;
    private final Set<Integer> newTypes;
    private final boolean acceptDisputedType;
    private final FakeBaidu.ConvertTimeRule convertTimeRule;
    private final Duration maxConvertAge;

    BaiduRules(Set<String> tokens, Set<Integer> newTypes, boolean acceptDisputedType,
            FakeBaidu.ConvertTimeRule convertTimeRule, Duration maxConvertAge) {
        this.tokens = Collections.unmodifiableSet(new HashSet<>(tokens));
        this.newTypes = Collections.unmodifiableSet(new TreeSet<>(newTypes));
        this.acceptDisputedType = acceptDisputedType;
        this.convertTimeRule = convertTimeRule;
        this.maxConvertAge = maxConvertAge;
    }

    /** Judges one request as Baidu would answer it, {@code now} being the fake's time. */
    BaiduVerdict judge(HttpRequest request, Instant now) {
        if (!request.path().equals(PATH)) {
            return BaiduVerdict.httpError(404, "no such path: " + request.path() + " (the endpoint is POST " + PATH
                    + ")");
        }
        if (!request.method().equals("POST")) {
            return BaiduVerdict.httpError(405, request.method() + " is not allowed on " + PATH + "; only POST is");
        }
        JsonNode root;
        try {
            JsonRequests.checkContentType(request.headers());
        } catch (JsonRequests.Problem problem) {
            return BaiduVerdict.refused("Content-Type", problem.getMessage());
        }
        try {
            root = JsonRequests.parse(request.body(), "{\"token\":…,\"conversionTypes\":[…]}");
        } catch (JsonRequests.Problem problem) {
            return BaiduVerdict.refused("body", problem.getMessage());
        }
        if (!root.isObject()) {
            return BaiduVerdict.refused("body", "the body must be a JSON object {\"token\":…,\"conversionTypes\":[…]}, "
                    + "got " + JsonRequests.describe(root));
        }
        String tokenProblem = tokenProblem(root.get("token"));
        if (tokenProblem != null) {
            return BaiduVerdict.tokenInvalid(tokenProblem);
        }
        String unknown = JsonRequests.unknownKey(root, TOP_LEVEL_KEYS);
        if (unknown != null) {
            return BaiduVerdict.refused(unknown, "unknown field " + unknown + " next to token and conversionTypes"
                    + topLevelHint(unknown));
        }
        JsonNode items = root.get("conversionTypes");
        if (items == null) {
            return BaiduVerdict.refused("conversionTypes", "conversionTypes is required: an array of 1 to " + MAX_ITEMS
                    + " conversions");
        }
        if (!items.isArray()) {
            return BaiduVerdict.refused("conversionTypes", "conversionTypes must be an array, got "
                    + JsonRequests.describe(items));
        }
        if (items.size() == 0) {
            return BaiduVerdict.refused("conversionTypes", "conversionTypes is empty; send 1 to " + MAX_ITEMS
                    + " conversions");
        }
        if (items.size() > MAX_ITEMS) {
            return BaiduVerdict.refused("conversionTypes", "conversionTypes has " + items.size()
                    + " items; Baidu takes fewer than 100 per request (每次回传转化数据数组长度需小于100)");
        }
        List<BaiduVerdict.ItemVerdict> verdicts = new ArrayList<>(items.size());
        for (int index = 0; index < items.size(); index++) {
            verdicts.add(judgeItem(index, items.get(index), now));
        }
        return BaiduVerdict.ofItems(verdicts);
    }

    /** Whether {@code token} is one of the configured tokens. */
    boolean knowsToken(String token) {
        return token != null && tokens.contains(token);
    }

    private String tokenProblem(JsonNode token) {
        if (token == null) {
            return "token is missing: the account's API token goes in the body (token invalid)";
        }
        if (!token.isTextual()) {
            return "token must be a string, got " + token.getNodeType().name().toLowerCase(Locale.ROOT)
                    + " (token invalid)";
        }
        String value = token.textValue();
        if (tokens.contains(value)) {
            return null;
        }
        if (value.isEmpty()) {
            return "token is empty (token invalid)";
        }
        if (tokens.contains(Text.strip(value))) {
            return "token has white space around it (token invalid)";
        }
        return "token is not the configured token (token invalid)";
    }

    private static String topLevelHint(String unknown) {
        if (unknown.equals("conversionType")) {
            return ": did you mean conversionTypes (an array)?";
        }
        if (unknown.equals("invalidConversionTypes")) {
            return ": that is uploadInvalidConvertData's field, another endpoint";
        }
        return "; Baidu's request has only [conversionTypes, token]";
    }

    // ---------------------------------------------------------------- one item

    private BaiduVerdict.ItemVerdict judgeItem(int index, JsonNode item, Instant now) {
        try {
            checkItem(item, now);
            return BaiduVerdict.ItemVerdict.accepted(index);
        } catch (Refusal refusal) {
            return BaiduVerdict.ItemVerdict.refused(index, refusal.field, refusal.getMessage());
        }
    }

    private void checkItem(JsonNode item, Instant now) throws Refusal {
        if (!item.isObject()) {
            throw new Refusal("", "each conversion must be an object, got " + JsonRequests.describe(item));
        }
        String unknown = JsonRequests.unknownKey(item, ITEM_KEYS);
        if (unknown != null) {
            throw new Refusal(unknown, "unknown field " + unknown + itemHint(unknown));
        }
        checkLogidUrl(item.get("logidUrl"));
        int newType = checkNewType(item.get("newType"));
        checkConvertTime(item.get("convertTime"), newType, now);
        JsonNode value = item.get("convertValue");
        if (value != null) {
            if (value.isNumber() && !value.isIntegralNumber()) {
                throw new Refusal("convertValue", "convertValue is an amount in fen (an integer), got "
                        + value.asText() + ": yuan?");
            }
            long fen = integer(value, "convertValue", "an integer amount in fen");
            if (fen < 0) {
                throw new Refusal("convertValue", "convertValue must be an amount in fen >= 0, got " + fen);
            }
        }
        JsonNode outerEventId = item.get("outerEventId");
        if (outerEventId != null) {
            String text = text(outerEventId, "outerEventId");
            int bytes = text.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_OUTER_EVENT_ID_BYTES) {
                throw new Refusal("outerEventId", "outerEventId has " + bytes + " bytes in UTF-8; Baidu allows at most "
                        + MAX_OUTER_EVENT_ID_BYTES);
            }
        }
        JsonNode outerEventType = item.get("outerEventType");
        if (outerEventType != null && !OUTER_EVENT_TYPES.contains(text(outerEventType, "outerEventType"))) {
            throw new Refusal("outerEventType", "outerEventType must be one of " + JsonRequests.sorted(OUTER_EVENT_TYPES)
                    + ", got " + JsonRequests.describe(outerEventType));
        }
        checkRange(item.get("isConvert"), "isConvert", 0, 1, "0 (no conversion) or 1 (a conversion, the default)");
        checkRange(item.get("deviceType"), "deviceType", 0, 2, "0 (Android), 1 (iOS) or 2 (other)");
        if (item.has("deviceId")) {
            text(item.get("deviceId"), "deviceId");
        }
        checkRange(item.get("confidence"), "confidence", 0, 100, "0 to 100");
    }

    private static String itemHint(String unknown) {
        switch (unknown) {
            case "convertType":
                return ": newType replaced convertType in uploadConvertData (convertType is uploadInvalidConvertData's)";
            case "bd_vid":
            case "bdVid":
                return ": send the whole landing URL with its bd_vid in logidUrl";
            default:
                return "; a conversion has only " + JsonRequests.sorted(ITEM_KEYS);
        }
    }

    private static void checkLogidUrl(JsonNode node) throws Refusal {
        if (node == null) {
            throw new Refusal("logidUrl", "logidUrl is required: the landing URL with its bd_vid");
        }
        String url = text(node, "logidUrl");
        int characters = url.codePointCount(0, url.length());
        if (characters > MAX_LOGID_URL_CHARS) {
            throw new Refusal("logidUrl", "logidUrl has " + characters + " characters; Baidu allows at most "
                    + MAX_LOGID_URL_CHARS + " (drop other query parameters, never bd_vid)");
        }
        if (url.indexOf('#') >= 0) {
            throw new Refusal("logidUrl", "logidUrl must not carry a fragment (#…): the browser never sends it; "
                    + "send the URL with bd_vid in its query");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Refusal("logidUrl", "logidUrl is not a valid URL: " + e.getReason() + " at index " + e.getIndex());
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null) {
            throw new Refusal("logidUrl", "logidUrl must be an absolute http(s) URL with a host, got "
                    + JsonRequests.quote(url));
        }
        List<String> values = queryValues(uri.getRawQuery(), "bd_vid");
        if (values.isEmpty()) {
            throw new Refusal("logidUrl", "logidUrl has no bd_vid in its query: Baidu matches the conversion by it");
        }
        if (values.stream().distinct().count() > 1) {
            throw new Refusal("logidUrl", "logidUrl carries bd_vid " + values.size() + " times with different values");
        }
        String bdVid = values.get(0);
        if (Text.isBlank(bdVid)) {
            throw new Refusal("logidUrl", "logidUrl's bd_vid is empty");
        }
        if (MACRO.matcher(bdVid).matches()) {
            throw new Refusal("logidUrl", "logidUrl's bd_vid " + JsonRequests.quote(bdVid)
                    + " is an unreplaced macro, not a click id");
        }
    }

    private int checkNewType(JsonNode node) throws Refusal {
        if (node == null) {
            throw new Refusal("newType", "newType is required: the conversion type");
        }
        long type = integer(node, "newType", "an integer conversion type");
        if (type == DISPUTED_TYPE && !acceptDisputedType) {
            throw new Refusal("newType", "newType 4 is disputed (APP激活 in Baidu's SDK enum, 购买成功 in a blog post: "
                    + "open question 1): qhtrack must not send it; FakeBaidu.Builder.acceptDisputedType4() accepts it");
        }
        boolean known = type == (int) type && (type == DISPUTED_TYPE || newTypes.contains((int) type));
        if (!known) {
            throw new Refusal("newType", "newType " + type + " is not one of the known conversion types " + newTypes
                    + " (FakeBaidu.Builder.newTypes changes them)");
        }
        return (int) type;
    }

    private void checkConvertTime(JsonNode node, int newType, Instant now) throws Refusal {
        if (node == null) {
            if (convertTimeRule.requires(newType)) {
                throw new Refusal("convertTime", "convertTime is required " + convertTimeRule.describe()
                        + ": epoch seconds of the conversion");
            }
            return;
        }
        long seconds = integer(node, "convertTime", "epoch seconds (an integer)");
        if (seconds >= MILLISECONDS_FROM) {
            throw new Refusal("convertTime", "convertTime " + seconds + " looks like milliseconds: Baidu wants epoch "
                    + "seconds (10 digits)");
        }
        if (seconds <= 0 || seconds > MAX_EPOCH_SECONDS) {
            throw new Refusal("convertTime", "convertTime must be positive epoch seconds (at most 10 digits), got "
                    + seconds);
        }
        if (maxConvertAge != null && Instant.ofEpochSecond(seconds).isBefore(now.minus(maxConvertAge))) {
            throw new Refusal("convertTime", "convertTime " + Instant.ofEpochSecond(seconds) + " is older than "
                    + "the re-upload window this FakeBaidu was given (maxConvertAge " + maxConvertAge
                    + "; Baidu publishes none: open question 4)");
        }
    }

    private static void checkRange(JsonNode node, String field, long min, long max, String meaning)
            throws Refusal {
        if (node == null) {
            return;
        }
        long value = integer(node, field, meaning);
        if (value < min || value > max) {
            throw new Refusal(field, field + " must be " + meaning + ", got " + value);
        }
    }

    // ---------------------------------------------------------------- small checks

    private static long integer(JsonNode node, String field, String what) throws Refusal {
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new Refusal(field, field + " must be " + what + " (a JSON integer), got "
                    + JsonRequests.describe(node));
        }
        return node.longValue();
    }

    private static String text(JsonNode node, String field) throws Refusal {
        if (!node.isTextual()) {
            throw new Refusal(field, field + " must be a string, got " + JsonRequests.describe(node));
        }
        if (Text.isBlank(node.textValue())) {
            throw new Refusal(field, field + " must be a non-empty string, got " + JsonRequests.describe(node));
        }
        return node.textValue();
    }

    /** The decoded values of the query parameter {@code name}, in order; empty when absent. */
    static List<String> queryValues(String rawQuery, String name) {
        return QueryString.parse(rawQuery).getOrDefault(name, Collections.<String>emptyList());
    }

    /** The {@code bd_vid} of a logidUrl, decoded, or null when it has none (or is not a URL). */
    static String bdVid(String logidUrl) {
        if (logidUrl == null) {
            return null;
        }
        try {
            List<String> values = queryValues(new URI(logidUrl).getRawQuery(), "bd_vid");
            return values.isEmpty() ? null : values.get(0);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static Set<String> names(String... names) {
        return Collections.unmodifiableSet(new HashSet<>(Arrays.asList(names)));
    }

    /** A refused item: the field whose rule failed (empty for the whole item) and the reason. No stack trace. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final String field;

        Refusal(String field, String reason) {
            super(reason, null, false, false);
            this.field = field;
        }
    }
}
