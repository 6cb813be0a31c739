package io.qhtrack.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A strict local stand-in for Baidu oCPC's web conversion upload, {@code POST
 * https://ocpc.baidu.com/ocpcapi/api/uploadConvertData}, for tests, demos and integration tests.
 *
 * <p>FakeBaidu listens on 127.0.0.1 only, like {@link Fake360} (same HTTP server, TLS, faults, latency and view),
 * and answers like Baidu: {@code {"header":{"status":0,"desc":"success"}}} when every item passes, status 1
 * (partial failure) or 2 (all failed) with {@code errors} naming the refused items, 3 for a wrong token, 4 only
 * as a fault. Its rules are transcribed from the spec page ({@code spec/baidu-ocpc.md}), independently of
 * tracker-core: the token; 1 to 99 items; each item's {@code logidUrl} (an absolute http(s) URL of at most 1024
 * characters whose query carries {@code bd_vid}, no fragment), {@code newType} (a known type; 4 is disputed),
 * {@code convertTime} (epoch seconds, milliseconds refused), {@code convertValue} (fen, an integer), {@code
 * outerEventId} (at most 255 UTF-8 bytes), the optional fields with their types; unknown fields refused.
 *
 * <pre>{@code
 * try (FakeBaidu fake = FakeBaidu.builder().token("baidu-token").start()) {
 *   URI endpoint = fake.endpoint();   // http://127.0.0.1:PORT/ocpcapi/api/uploadConvertData
 *   // ... let the code under test report a conversion to endpoint ...
 *   FakeBaidu.Item lead = fake.awaitAccepted(1, Duration.ofSeconds(5)).get(0);
 *   assertThat(lead.newType()).isEqualTo(3);
 * }
 * }</pre>
 *
 * <p>Every request is recorded as a {@link Received}, each of its items as an {@link Item} with its own
 * verdict and reason. Where the spec page leaves a question open, FakeBaidu has a named setting with the most
 * authoritative reading as default: {@link Builder#acceptDisputedType4()}, {@link
 * Builder#convertTimeRequired(ConvertTimeRule)}, {@link Builder#outerEventIdIgnored()}, {@link
 * Builder#maxConvertAge(Duration)}, and for the shape of {@code errors}, {@link
 * Builder#errorPosition(ErrorPosition)}. Instances are thread-safe. The token never appears in {@code
 * toString()}, reasons, answers or the view.
 */
public final class FakeBaidu extends LocalFake<FakeBaidu.Received> {
    /** The default port: 0, any free port. */
    public static final int DEFAULT_PORT = 0;

    /** The endpoint's path, as on Baidu's server. */
    public static final String PATH = BaiduRules.PATH;

    /** The default {@link Builder#latency(Duration)}: none. */
    public static final Duration DEFAULT_LATENCY = Duration.ZERO;

    /** The longest latency accepted, so that a mistaken one cannot hang a build. */
    public static final Duration MAX_LATENCY = FakeCore.MAX_LATENCY;

    /** The most items in one request: Baidu takes fewer than 100. */
    public static final int MAX_ITEMS = BaiduRules.MAX_ITEMS;

    /** The longest {@code logidUrl}, in characters. */
    public static final int MAX_LOGID_URL_CHARS = BaiduRules.MAX_LOGID_URL_CHARS;

    /** The longest {@code outerEventId}, in bytes of UTF-8. */
    public static final int MAX_OUTER_EVENT_ID_BYTES = BaiduRules.MAX_OUTER_EVENT_ID_BYTES;

    /**
     * The {@code newType} values accepted by default: the landing-page conversion types of the spec page (1
     * consult button, 2 phone button, 3 form submitted, 5 form button, 10 purchase, 14 order placed, 17
     * three-sentence consultation, 18 lead left, 19 one-sentence consultation, 20 deep page view, 26 paid, 30
     * call connected, 35 WeChat copy, 45 goods ordered, 79 WeChat follower added). Not 4: see {@link
     * Builder#acceptDisputedType4()}.
     */
    public static final Set<Integer> DEFAULT_NEW_TYPES = Collections.unmodifiableSet(new TreeSet<>(Arrays.asList(
            1, 2, 3, 5, 10, 14, 17, 18, 19, 20, 26, 30, 35, 45, 79)));

    /**
     * The {@code code} of every item in {@code errors}. Baidu's codes are not public: this one is FakeBaidu's
     * own (a client must not depend on it; the refused item is known by its position).
     */
    public static final int ERROR_CODE = 400;

    /**
     * When {@code convertTime} is required (open question 2 of the spec page: "for type 46" in Baidu's SDK, "for
     * 45 to 48" in a Python client; the spec page says to send it always).
     */
    public enum ConvertTimeRule {
        /** Required on every item: the default, stricter than either source. */
        ALWAYS,
        /** Required for newType 45, 46, 47 and 48 only (a Python client's reading). */
        TYPES_45_TO_48,
        /** Required for newType 46 only (the SDK's reading). */
        TYPE_46;

        boolean requires(int newType) {
            switch (this) {
                case ALWAYS: return true;
                case TYPES_45_TO_48: return newType >= 45 && newType <= 48;
                default: return newType == 46;
            }
        }

        String describe() {
            switch (this) {
                case ALWAYS: return "(FakeBaidu requires it on every item: ConvertTimeRule.ALWAYS, open question 2)";
                case TYPES_45_TO_48: return "for newType 45 to 48 (ConvertTimeRule.TYPES_45_TO_48)";
                default: return "for newType 46 (ConvertTimeRule.TYPE_46)";
            }
        }
    }

    /**
     * How an item of {@code errors} names the refused item in its {@code position}. The shape {@code {"code":
     * int, "message": String, "position": String}} is the one of Baidu's SDKs (bububa/baidu-marketing, {@code
     * model.ResponseFailure}); what {@code position} holds is not documented, so each reading is a fixture.
     */
    public enum ErrorPosition {
        /** {@code conversionTypes[2].convertTime}: the item and the field whose rule failed (the default). */
        FIELD_PATH,
        /** {@code 2}: the item's index only. */
        ITEM_INDEX,
        /** No {@code errors} at all: status 1 or 2 that does not say which items failed. */
        OMITTED
    }

    private final BaiduRules rules;
    private final ErrorPosition errorPosition;
    private final boolean outerEventIdIgnored;
    private final UnaryOperator<String> redactor;
    private final Map<List<String>, String> firstAcceptedByDedupKey = new HashMap<>();

    private FakeBaidu(Builder builder) {
        super(Platform.BAIDU, PATH, builder, "item", Received::acceptedItems);
        Set<Integer> types = builder.newTypes == null ? DEFAULT_NEW_TYPES : builder.newTypes;
        this.rules = new BaiduRules(builder.tokens, types, builder.acceptDisputedType4, builder.convertTimeRule,
                builder.maxConvertAge);
        this.errorPosition = builder.errorPosition;
        this.outerEventIdIgnored = builder.outerEventIdIgnored;
        UnaryOperator<String> tokens = Redactor.of(builder.tokens);
        this.redactor = text -> text == null ? null : tokens.apply(Redactor.jsonTokens(text));
        ready();
    }

    /** A builder; at least one {@link Builder#token(String)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Every accepted item (conversion), in arrival order: the items of status 0 requests and the accepted items
     * of status 1 requests, duplicates included (see {@link Item#duplicate()}).
     */
    public List<Item> accepted() {
        return recording.units(Received::acceptedItemList);
    }

    /**
     * The requests the rules did not accept wholly: status 1, 2 or 3, or HTTP 404/405. Requests answered by a
     * fault that replaced the answer are in neither {@link #accepted()} nor this list.
     */
    public List<Received> rejected() {
        return recording.snapshot(request -> !request.accepted() && !request.faultReplacedAnswer());
    }

    /** Every refused item, in arrival order, each with its {@link Item#reason()}. */
    public List<Item> rejectedItems() {
        return recording.units(request -> request.items().stream().filter(item -> !item.accepted())
                .collect(Collectors.toList()));
    }

    /**
     * Waits until at least {@code count} items have been accepted, and returns every accepted item.
     *
     * @throws AssertionError if fewer were accepted when {@code timeout} expires (or the waiting thread is
     *     interrupted), with a summary of everything received
     * @throws IllegalArgumentException if {@code count} or {@code timeout} is negative
     */
    public List<Item> awaitAccepted(int count, Duration timeout) {
        recording.awaitAccepted(count, timeout);
        return accepted();
    }

    /** Forgets every recorded request, and which items were seen (for {@link Item#duplicate()}). */
    public void clear() {
        recording.clear(firstAcceptedByDedupKey::clear);
    }

    /** The endpoint and how many requests and items were received and accepted; never the token. */
    @Override
    public String toString() {
        return "FakeBaidu[" + endpoint() + ", " + recording.counts() + " item(s)]";
    }

    // ---------------------------------------------------------------- serving

    @Override
    Answered<Received> answer(HttpRequest request, Instant receivedAt) {
        BaiduVerdict verdict = rules.judge(request, receivedAt);
        Fault fault = verdict.reachedEndpoint() ? core.nextFault() : null;
        boolean rulesAnswer = fault == null || fault.answersNormally();
        BaiduVerdict answered = fault == null ? verdict : verdict.failing(fault.failedItems(), fault);
        HttpAnswer normal = answered.answer(errorPosition, redactor);
        HttpAnswer answer = fault == null ? normal : fault.apply(normal, Platform.BAIDU);
        JsonNode json = Json.parseLeniently(request.body());
        Received received = recording.add(number -> new Received(number, receivedAt, request, json,
                rulesAnswer ? answered : null, verdict, fault, answer, this));
        return new Answered<>(received, answer);
    }

    @Override
    ViewRow viewRow(Received request) {
        return request.viewRow();
    }

    /**
     * Whether an accepted item repeats an earlier accepted one (same bd_vid and outerEventId), and which: the
     * earlier item's {@code N.i}, or null. Called under the recording's lock.
     */
    private String duplicateOf(String bdVid, String outerEventId, String item) {
        if (outerEventId == null) {
            return null;
        }
        return firstAcceptedByDedupKey.putIfAbsent(Arrays.asList(bdVid, outerEventId), item);
    }

    // ---------------------------------------------------------------- Received

    /**
     * One request as FakeBaidu received and answered it, with its {@link #items()}. Immutable; {@link
     * #toString()} is a one-line summary for failure messages, the token masked.
     */
    public static final class Received extends RecordedRequest {
        private final boolean tokenMatched;
        private final Integer status;
        private final String desc;
        private final String reason;
        private final boolean accepted;
        private final List<Item> items;
        private final UnaryOperator<String> redactor;
        private final String summary;

        Received(long number, Instant receivedAt, HttpRequest request, JsonNode json, BaiduVerdict answered,
                BaiduVerdict rulesVerdict, Fault fault, HttpAnswer answer, FakeBaidu fake) {
            super(number, receivedAt, request, json, answer, fault, answered == null);
            this.redactor = fake.redactor;
            this.tokenMatched = fake.rules.knowsToken(Json.text(json, "token"));
            this.status = answered == null ? null : answered.status();
            this.desc = status == null ? null : BaiduVerdict.desc(status);
            this.accepted = answered != null && Integer.valueOf(BaiduVerdict.SUCCESS).equals(answered.status());
            this.reason = redactor.apply(answered == null ? faultReason(fault, rulesVerdict.reason())
                    : answered.reason());
            this.items = Collections.unmodifiableList(items(json, answered, rulesVerdict, fault, fake));
            this.summary = redactor.apply(summarize("Request", verdict(), accepted, reason, path(),
                    ", " + items.size() + " item(s)"));
        }

        private List<Item> items(JsonNode json, BaiduVerdict answered, BaiduVerdict rules, Fault fault,
                FakeBaidu fake) {
            JsonNode array = Json.at(json, "conversionTypes");
            if (array == null || !array.isArray()) {
                return Collections.emptyList();
            }
            List<Item> list = new ArrayList<>(array.size());
            for (int index = 0; index < array.size(); index++) {
                BaiduVerdict.ItemVerdict verdict = answered == null || answered.items().isEmpty() ? null
                        : answered.items().get(index);
                String itemReason;
                if (verdict != null) {
                    itemReason = verdict.reason();
                } else if (answered == null) {
                    itemReason = "fault " + fault + " answered instead of the rules";
                } else {
                    itemReason = "not judged: the request was refused as a whole (" + rules.reason() + ")";
                }
                list.add(new Item(this, index, array.get(index), verdict != null && verdict.accepted(), itemReason,
                        fake));
            }
            return list;
        }

        /**
         * The answer in a few words: {@code status 0}, {@code status 1 (2 of 3 items accepted)}, {@code status
         * 3}, {@code HTTP 404}, or {@code fault baiduStatus(4)} when a fault answered instead of the rules.
         */
        String verdict() {
            if (faultReplacedAnswer()) {
                return "fault " + fault();
            }
            if (status == null) {
                return "HTTP " + httpStatus();
            }
            if (status == BaiduVerdict.PARTIAL_FAILURE) {
                return "status 1 (" + acceptedItems() + " of " + items.size() + " items accepted)";
            }
            return "status " + status;
        }

        int acceptedItems() {
            return (int) items.stream().filter(Item::accepted).count();
        }

        List<Item> acceptedItemList() {
            return items.stream().filter(Item::accepted).collect(Collectors.toList());
        }

        ViewRow viewRow() {
            String shownBody = ReceivedView.shownBody(redactor.apply(bodyText()));
            List<String> request = new ArrayList<>();
            request.add(method() + " " + path());
            request.add(tokenMatched ? "token ok" : "token not matched");
            request.add(items.size() + " item(s)" + (items.isEmpty() ? "" : ", newType "
                    + items.stream().map(item -> String.valueOf(item.newType())).collect(Collectors.joining(", "))));
            List<Map<String, Object>> itemList = new ArrayList<>();
            for (Item item : items) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("index", item.index());
                entry.put("accepted", item.accepted());
                entry.put("duplicate", item.duplicate());
                entry.put("reason", item.reason());
                entry.put("logidUrl", redactor.apply(item.logidUrl()));
                entry.put("bdVid", redactor.apply(item.bdVid()));
                entry.put("newType", item.newType());
                entry.put("convertTime", item.convertTime());
                entry.put("convertValue", item.convertValue());
                entry.put("outerEventId", redactor.apply(item.outerEventId()));
                itemList.add(entry);
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("number", number());
            entry.put("receivedAt", receivedAt().toString());
            entry.put("verdict", verdict());
            entry.put("reason", reason);
            entry.put("accepted", accepted);
            entry.put("httpStatus", httpStatus());
            entry.put("status", status);
            entry.put("desc", desc);
            entry.put("fault", fault());
            entry.put("method", method());
            entry.put("path", path());
            entry.put("tokenMatched", tokenMatched);
            entry.put("items", itemList);
            entry.put("remotePort", remotePort());
            entry.put("bodyBytes", body().length);
            entry.put("body", shownBody);
            return new ViewRow(number(), receivedAt().toString(), category(accepted), verdict(), reason, request,
                    shownBody, entry);
        }

        /** Whether the body carried a configured token (the token itself is never shown). */
        public boolean tokenMatched() {
            return tokenMatched;
        }

        /** {@code header.status} answered by the rules (0 to 3); null for 404/405 and when a fault answered. */
        public Integer status() {
            return status;
        }

        /** {@code header.desc} sent with {@link #status()}, e.g. {@code success}; or null. */
        public String desc() {
            return desc;
        }

        /**
         * Which rule decided, in words: {@code accepted}, or e.g. {@code 1 of 2 item(s) refused:
         * conversionTypes[1]: convertTime 1736906400000 looks like milliseconds …}, {@code token is not the
         * configured token (token invalid)}.
         */
        public String reason() {
            return reason;
        }

        /** Whether the answer was status 0: every item accepted. */
        public boolean accepted() {
            return accepted;
        }

        /**
         * The items of {@code conversionTypes} as sent, each with its verdict; empty when the body had no such
         * array.
         */
        public List<Item> items() {
            return items;
        }

        /** A one-line summary for failure messages; the token masked. */
        @Override
        public String toString() {
            return summary;
        }
    }

    // ---------------------------------------------------------------- Item

    /**
     * One item of {@code conversionTypes}: a conversion as sent, and what FakeBaidu made of it. Immutable.
     */
    public static final class Item {
        private final long requestNumber;
        private final int index;
        private final JsonNode json;
        private final String logidUrl;
        private final String bdVid;
        private final Integer newType;
        private final Long convertTime;
        private final Long convertValue;
        private final String outerEventId;
        private final boolean accepted;
        private final boolean duplicate;
        private final boolean counted;
        private final String reason;
        private final String summary;

        Item(Received request, int index, JsonNode json, boolean accepted, String reason, FakeBaidu fake) {
            this.requestNumber = request.number();
            this.index = index;
            this.json = json;
            this.logidUrl = Json.text(json, "logidUrl");
            this.bdVid = BaiduRules.bdVid(logidUrl);
            Long type = Json.integer(json, "newType");
            this.newType = type == null || type != type.intValue() ? null : type.intValue();
            this.convertTime = Json.integer(json, "convertTime");
            this.convertValue = Json.integer(json, "convertValue");
            this.outerEventId = Json.text(json, "outerEventId");
            this.accepted = accepted;
            String duplicateOf = accepted ? fake.duplicateOf(bdVid, outerEventId, requestNumber + "." + index) : null;
            this.duplicate = duplicateOf != null;
            this.counted = accepted && (!duplicate || fake.outerEventIdIgnored);
            this.reason = fake.redactor.apply(duplicateOf == null ? reason
                    : "accepted, but a duplicate of item #" + duplicateOf + " (same bd_vid and outerEventId: Baidu "
                            + (fake.outerEventIdIgnored ? "counts it again (outerEventIdIgnored)" : "counts it once"));
            this.summary = fake.redactor.apply(summarize());
        }

        private String summarize() {
            return "Item#" + requestNumber + "." + index + "[" + (accepted ? duplicate ? "accepted (duplicate)"
                    : "accepted" : "refused: " + reason) + ", newType=" + newType + ", bd_vid=" + bdVid
                    + ", convertTime=" + convertTime + (convertValue == null ? "" : ", convertValue=" + convertValue)
                    + (outerEventId == null ? "" : ", outerEventId=" + outerEventId) + ", logidUrl=" + logidUrl + "]";
        }

        /** The number of the request that carried this item (see {@link Received#number()}). */
        public long requestNumber() {
            return requestNumber;
        }

        /** The item's index in {@code conversionTypes}, 0 for the first. */
        public int index() {
            return index;
        }

        /** The item as sent (a copy, free to modify). */
        public JsonNode json() {
            return json == null ? null : json.deepCopy();
        }

        /** {@code logidUrl} if a string, else null. */
        public String logidUrl() {
            return logidUrl;
        }

        /** The decoded {@code bd_vid} of {@link #logidUrl()}, or null when it has none. */
        public String bdVid() {
            return bdVid;
        }

        /** {@code newType} if an integer, else null. */
        public Integer newType() {
            return newType;
        }

        /** {@code convertTime} (epoch seconds) if an integer, else null. */
        public Long convertTime() {
            return convertTime;
        }

        /** {@code convertValue} (fen) if an integer, else null. */
        public Long convertValue() {
            return convertValue;
        }

        /** {@code outerEventId} if a string, else null. */
        public String outerEventId() {
            return outerEventId;
        }

        /** Whether Baidu's answer counts this item as accepted. */
        public boolean accepted() {
            return accepted;
        }

        /**
         * Whether this accepted item repeats an earlier accepted one with the same {@code bd_vid} and {@code
         * outerEventId} (whatever the newType: Baidu de-duplicates on outerEventId). Items without an
         * outerEventId are never duplicates.
         */
        public boolean duplicate() {
            return duplicate;
        }

        /**
         * Whether Baidu would count this conversion: accepted, and not a {@link #duplicate()} unless the fake
         * was built with {@link Builder#outerEventIdIgnored()} (open question 3).
         */
        public boolean counted() {
            return counted;
        }

        /** Which rule decided, e.g. {@code accepted} or {@code convertTime is required …}; never the token. */
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
     * Configures and starts a {@link FakeBaidu}. Every setting may be given once; mistakes fail fast with a
     * message naming the setting and the value (never a token).
     */
    public static final class Builder extends FakeBuilder<Builder, Received> {
        private final Set<String> tokens = new LinkedHashSet<>();
        private Set<Integer> newTypes;
        private boolean acceptDisputedType4;
        private ConvertTimeRule convertTimeRule;
        private boolean outerEventIdIgnored;
        private Duration maxConvertAge;
        private ErrorPosition errorPosition;

        private Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /**
         * Accepts this API token (one per Baidu account; a token may upload for several accounts of an
         * advertiser). Repeatable, for several accounts; at least one is required. Any other token is status 3.
         *
         * @throws IllegalArgumentException if the token is empty or has white space or control characters
         * @throws IllegalStateException if the token was already added
         */
        public Builder token(String token) {
            Objects.requireNonNull(token, "token");
            requireArgument(!token.isEmpty() && token.chars().allMatch(c -> c > ' ' && c != 0x7f),
                    "token must be non-empty without white space or control characters (token not shown)");
            requireState(!tokens.contains(token), "this token was already added (token not shown)");
            tokens.add(token);
            return this;
        }

        /**
         * The {@code newType} values accepted, instead of {@link #DEFAULT_NEW_TYPES} (the types the advertiser's
         * account set up, say).
         *
         * @throws IllegalArgumentException if none is given, one is not positive, or one is 4 (see {@link
         *     #acceptDisputedType4()})
         * @throws IllegalStateException if the types were already set
         */
        public Builder newTypes(int... types) {
            Objects.requireNonNull(types, "types");
            requireState(newTypes == null, "newTypes was already set to %s", newTypes);
            requireArgument(types.length > 0, "newTypes needs at least one type");
            Set<Integer> set = new TreeSet<>();
            for (int type : types) {
                requireArgument(type > 0, "newTypes must be positive but was %s", type);
                requireArgument(type != BaiduRules.DISPUTED_TYPE, "newType 4 is disputed: call acceptDisputedType4() "
                        + "to accept it");
                set.add(type);
            }
            this.newTypes = Collections.unmodifiableSet(set);
            return this;
        }

        /**
         * Accepts {@code newType} 4, refused by default: "APP激活" in Baidu's SDK enum, "购买成功" in a Java blog
         * post (open question 1 of the spec page). qhtrack must never map an event to it; this fixture lets a
         * test show what a client does when 4 is accepted.
         *
         * @throws IllegalStateException if it was already called
         */
        public Builder acceptDisputedType4() {
            requireState(!acceptDisputedType4, "acceptDisputedType4() was already called");
            this.acceptDisputedType4 = true;
            return this;
        }

        /**
         * When {@code convertTime} is required; default {@link ConvertTimeRule#ALWAYS} (open question 2).
         *
         * @throws IllegalStateException if the rule was already set
         */
        public Builder convertTimeRequired(ConvertTimeRule rule) {
            requireState(convertTimeRule == null, "convertTimeRequired was already set to %s", convertTimeRule);
            this.convertTimeRule = Objects.requireNonNull(rule, "rule");
            return this;
        }

        /**
         * Makes {@link Item#counted()} count a repeated {@code outerEventId} again, as if Baidu ignored it (open
         * question 3: older docs say nothing of it; the 2025 SDK says Baidu de-duplicates on it, the default).
         * Duplicates are marked either way.
         *
         * @throws IllegalStateException if it was already called
         */
        public Builder outerEventIdIgnored() {
            requireState(!outerEventIdIgnored, "outerEventIdIgnored() was already called");
            this.outerEventIdIgnored = true;
            return this;
        }

        /**
         * Refuses items whose {@code convertTime} is older than this, by the fake's clock: a re-upload window
         * (open question 4: Baidu publishes none, so by default there is none).
         *
         * @throws IllegalArgumentException if {@code age} is not positive
         * @throws IllegalStateException if the age was already set
         */
        public Builder maxConvertAge(Duration age) {
            Objects.requireNonNull(age, "age");
            requireState(maxConvertAge == null, "maxConvertAge was already set to %s", maxConvertAge);
            requireArgument(!age.isNegative() && !age.isZero(), "maxConvertAge must be positive but was %s", age);
            this.maxConvertAge = age;
            return this;
        }

        /**
         * How {@code errors} names the refused items; default {@link ErrorPosition#FIELD_PATH} (a guess: Baidu
         * does not document it).
         *
         * @throws IllegalStateException if it was already set
         */
        public Builder errorPosition(ErrorPosition position) {
            requireState(errorPosition == null, "errorPosition was already set to %s", errorPosition);
            this.errorPosition = Objects.requireNonNull(position, "position");
            return this;
        }

        /**
         * Binds the port and starts serving.
         *
         * @throws IllegalStateException if no token was added
         * @throws UncheckedIOException if the port cannot be bound
         */
        public FakeBaidu start() {
            requireState(!tokens.isEmpty(), "no token was set: call token(token) at least once");
            if (convertTimeRule == null) {
                convertTimeRule = ConvertTimeRule.ALWAYS;
            }
            if (errorPosition == null) {
                errorPosition = ErrorPosition.FIELD_PATH;
            }
            return new FakeBaidu(this);
        }

        /** The settings, never a token. */
        @Override
        public String toString() {
            return "FakeBaidu.Builder[" + commonSettings() + ", tokens=" + tokens.size()
                    + (newTypes == null ? "" : ", newTypes=" + newTypes)
                    + (acceptDisputedType4 ? ", acceptDisputedType4" : "")
                    + (convertTimeRule == null ? "" : ", convertTimeRequired=" + convertTimeRule)
                    + (outerEventIdIgnored ? ", outerEventIdIgnored" : "")
                    + (maxConvertAge == null ? "" : ", maxConvertAge=" + maxConvertAge)
                    + (errorPosition == null ? "" : ", errorPosition=" + errorPosition) + "]";
        }
    }
}
