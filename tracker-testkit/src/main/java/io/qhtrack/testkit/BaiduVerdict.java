package io.qhtrack.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What Baidu's rules say about one upload: HTTP 404/405 for a request that never reaches the endpoint,
 * otherwise HTTP 200 with a {@code header.status} (0 success, 1 partial failure, 2 all failed, 3 token
 * invalid, 4 server error), the outcome of each item, and the reason. An immutable value.
 */
final class BaiduVerdict {
    static final int SUCCESS = 0;
    static final int PARTIAL_FAILURE = 1;
    static final int ALL_FAILED = 2;
    static final int TOKEN_INVALID = 3;
    static final int SERVER_ERROR = 4;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one item of {@code conversionTypes} came to. */
    static final class ItemVerdict {
        private final int index;
        private final String field;
        private final String reason;

        private ItemVerdict(int index, String field, String reason) {
            this.index = index;
            this.field = field;
            this.reason = reason;
        }

        /** An accepted item. */
        static ItemVerdict accepted(int index) {
            return new ItemVerdict(index, null, "accepted");
        }

        /**
         * A refused item.
         *
         * @param field the field whose rule failed, e.g. {@code convertTime}; empty for the item as a whole
         */
        static ItemVerdict refused(int index, String field, String reason) {
            return new ItemVerdict(index, field, reason);
        }

        int index() {
            return index;
        }

        boolean accepted() {
            return field == null;
        }

        /** The field whose rule failed (empty for the whole item); null when accepted. */
        String field() {
            return field;
        }

        String reason() {
            return reason;
        }
    }

    private final int httpStatus;
    private final Integer status;
    private final String reason;
    private final String field;
    private final List<ItemVerdict> items;

    private BaiduVerdict(int httpStatus, Integer status, String reason, String field, List<ItemVerdict> items) {
        this.httpStatus = httpStatus;
        this.status = status;
        this.reason = reason;
        this.field = field;
        this.items = Collections.unmodifiableList(new ArrayList<>(items));
    }

    /** 404 or 405: the request did not reach the endpoint. */
    static BaiduVerdict httpError(int httpStatus, String reason) {
        return new BaiduVerdict(httpStatus, null, reason, null, Collections.<ItemVerdict>emptyList());
    }

    /** Status 3: the token is missing or not the configured one. */
    static BaiduVerdict tokenInvalid(String reason) {
        return new BaiduVerdict(200, TOKEN_INVALID, reason, null, Collections.<ItemVerdict>emptyList());
    }

    /**
     * Status 2 for the request as a whole (not JSON, no {@code conversionTypes}, 100 items …), with one error
     * naming {@code field}.
     */
    static BaiduVerdict refused(String field, String reason) {
        return new BaiduVerdict(200, ALL_FAILED, reason, field, Collections.<ItemVerdict>emptyList());
    }

    /** Status 0, 1 or 2, as the items came out. */
    static BaiduVerdict ofItems(List<ItemVerdict> items) {
        long accepted = items.stream().filter(ItemVerdict::accepted).count();
        int status = accepted == items.size() ? SUCCESS : accepted == 0 ? ALL_FAILED : PARTIAL_FAILURE;
        String reason = status == SUCCESS ? "accepted"
                : (items.size() - accepted) + " of " + items.size() + " item(s) refused: " + firstRefusal(items);
        return new BaiduVerdict(200, status, reason, null, items);
    }

    private static String firstRefusal(List<ItemVerdict> items) {
        return items.stream().filter(item -> !item.accepted()).findFirst()
                .map(item -> "conversionTypes[" + item.index() + "]: " + item.reason()).orElse("");
    }

    /**
     * The same verdict with the items at {@code indexes} refused by {@code fault} (indexes beyond the items
     * are ignored); unchanged when the request was refused as a whole.
     */
    BaiduVerdict failing(int[] indexes, Fault fault) {
        if (items.isEmpty()) {
            return this;
        }
        List<ItemVerdict> changed = new ArrayList<>(items);
        for (int index : indexes) {
            if (index < changed.size() && changed.get(index).accepted()) {
                changed.set(index, ItemVerdict.refused(index, "", "refused by the fault " + fault));
            }
        }
        return ofItems(changed);
    }

    int httpStatus() {
        return httpStatus;
    }

    /** The status 0 to 4, or null for 404/405. */
    Integer status() {
        return status;
    }

    /** Whether the request reached the endpoint (POST on its path), whatever its status. */
    boolean reachedEndpoint() {
        return httpStatus == 200;
    }

    String reason() {
        return reason;
    }

    /** Each item's outcome; empty when the request was refused (or answered) as a whole. */
    List<ItemVerdict> items() {
        return items;
    }

    /**
     * The answer as Baidu gives it: HTTP 200 and {@code {"header":{"status":N,"desc":"…","errors":[…]}}}, with
     * one error per refused item (or one for the request refused as a whole), placed as {@code positions}
     * says; or a short text for 404/405. Reasons pass through {@code redactor}.
     */
    HttpAnswer answer(FakeBaidu.ErrorPosition positions, UnaryOperator<String> redactor) {
        if (status == null) {
            HttpAnswer answer = HttpAnswer.respond(httpStatus, HttpAnswer.TEXT,
                    httpStatus + " " + LoopbackHttpServer.reasonPhrase(httpStatus) + "\n");
            return httpStatus == 405 ? answer.withHeader("Allow", "POST") : answer;
        }
        ObjectNode header = JSON.createObjectNode();
        ObjectNode fields = header.putObject("header");
        fields.put("status", status);
        fields.put("desc", desc(status));
        if ((status == PARTIAL_FAILURE || status == ALL_FAILED) && positions != FakeBaidu.ErrorPosition.OMITTED) {
            ArrayNode errors = fields.putArray("errors");
            if (items.isEmpty()) {
                addError(errors, field, redactor.apply(reason));
            } else {
                for (ItemVerdict item : items) {
                    if (!item.accepted()) {
                        addError(errors, position(item, positions), redactor.apply(item.reason()));
                    }
                }
            }
        }
        return HttpAnswer.respond(200, HttpAnswer.JSON, write(header));
    }

    private static String position(ItemVerdict item, FakeBaidu.ErrorPosition positions) {
        if (positions == FakeBaidu.ErrorPosition.ITEM_INDEX) {
            return Integer.toString(item.index());
        }
        String path = "conversionTypes[" + item.index() + "]";
        return item.field().isEmpty() ? path : path + "." + item.field();
    }

    private static void addError(ArrayNode errors, String position, String message) {
        ObjectNode error = errors.addObject();
        error.put("code", FakeBaidu.ERROR_CODE);
        error.put("message", message);
        error.put("position", position);
    }

    /** The answer to a request whatever it was, for {@link Fault#baiduStatus(int)}: no {@code errors}. */
    static String json(int status) {
        ObjectNode header = JSON.createObjectNode();
        header.putObject("header").put("status", status).put("desc", desc(status));
        return write(header);
    }

    /**
     * The {@code desc} sent with a status. Baidu's own texts are not public except "success"; the others are
     * this fake's words (a client must read {@code status}, never {@code desc}).
     */
    static String desc(int status) {
        switch (status) {
            case SUCCESS: return "success";
            case PARTIAL_FAILURE: return "partial failure";
            case ALL_FAILED: return "all failed";
            case TOKEN_INVALID: return "token invalid";
            case SERVER_ERROR: return "server error";
            default: return "unknown status";
        }
    }

    private static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }

    @Override
    public String toString() {
        return "BaiduVerdict[httpStatus=" + httpStatus + ", status=" + status + ", reason=" + reason + ", items="
                + items.size() + ", refused=" + Arrays.toString(items.stream().filter(item -> !item.accepted())
                        .mapToInt(ItemVerdict::index).toArray()) + "]";
    }
}
