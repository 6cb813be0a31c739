package io.qhtrack.platform.tencent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qhtrack.core.Click;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.internal.Printable;
import io.qhtrack.core.internal.Text;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One of Tencent's actions (a conversion for a click), checked: what the outbox stores as the upload's payload, and
 * what a request carries in {@code actions[]}. Every instance satisfies the rules, whether it was made by
 * {@link TencentCodec#prepare} or read back from a row that may have been edited by hand
 * ({@link #fromPayload(String)}). Immutable.
 *
 * <p>The payload is flat, stable JSON without a secret or a request time:
 * {@code {"action_time":…,"action_type":…,"click_id":…,"url":…,"outer_action_id":…,"value_fen":…}}. The amount stays
 * in fen there and is written in {@code qhtrack.tencent.value-unit} when sent, so that a corrected unit applies to
 * the conversions still pending.
 */
final class Action {

    /** The longest {@code outer_action_id}: the conversion's own bound for its key; Tencent states none. */
    static final int MAX_OUTER_ACTION_ID_LENGTH = Conversion.MAX_TRANS_ID_LENGTH;
    /** The latest {@code action_time} Tencent takes ("最大值 2147483647"). */
    static final long MAX_ACTION_TIME = Integer.MAX_VALUE;

    /** Reads payloads and writes JSON: compact, UTF-8, non-ASCII text as itself, members in the order put. */
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> FIELDS = new LinkedHashSet<>(Arrays.asList("action_time", "action_type",
            "click_id", "url", "outer_action_id", "value_fen"));

    private final long actionTime;
    private final ActionType type;
    private final String clickId;
    private final String url;
    private final String outerActionId;
    private final Long valueFen;

    /**
     * An action.
     *
     * @param outerActionId {@code null} for none
     * @param valueFen {@code null} for none
     * @throws IllegalArgumentException naming the field that breaks a rule
     */
    Action(long actionTime, ActionType type, String clickId, String url, String outerActionId, Long valueFen) {
        this.type = Objects.requireNonNull(type, "action_type");
        if (actionTime <= 0 || actionTime > MAX_ACTION_TIME) {
            throw new IllegalArgumentException("action_time: " + actionTime + " is not epoch seconds from 1 to "
                    + MAX_ACTION_TIME);
        }
        this.actionTime = actionTime;
        Optional<String> idProblem = Click.problemWithId(Objects.requireNonNull(clickId, "click_id"));
        if (idProblem.isPresent()) {
            throw new IllegalArgumentException("click_id: " + idProblem.get());
        }
        this.clickId = clickId;
        try {
            Click.builder(Tencent.ID, clickId).landingUrl(Objects.requireNonNull(url, "url"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("url: " + e.getMessage(), e);
        }
        this.url = url;
        if (outerActionId == null && type.needsKey()) {
            throw new IllegalArgumentException("outer_action_id: is missing; " + type + " needs one");
        }
        this.outerActionId = outerActionId == null ? null : checkKey(outerActionId);
        if (valueFen != null && !type.takesValue()) {
            throw new IllegalArgumentException("value_fen: " + type + " takes no amount (only "
                    + String.join(", ", ActionType.withValue()) + " do)");
        }
        if (valueFen != null && valueFen < 0) {
            throw new IllegalArgumentException("value_fen: " + valueFen + " is negative");
        }
        this.valueFen = valueFen;
    }

    /** The rules the conversion's own {@code transId} follows, checked again for a payload edited by hand. */
    private static String checkKey(String key) {
        if (key.isEmpty() || key.length() > MAX_OUTER_ACTION_ID_LENGTH) {
            throw new IllegalArgumentException("outer_action_id: is " + key.length() + " characters long, not 1 to "
                    + MAX_OUTER_ACTION_ID_LENGTH);
        }
        if (!key.equals(Text.strip(key))) {
            throw new IllegalArgumentException("outer_action_id: " + Printable.quoted(key, 40) + " has surrounding "
                    + "white space");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < key.length()
                    && Character.isLowSurrogate(key.charAt(i + 1));
            if (Character.isISOControl(c) || Character.isSurrogate(c) && !pair) {
                throw new IllegalArgumentException("outer_action_id: " + Printable.quoted(key, 40) + " has a control "
                        + "character or an unpaired surrogate at index " + i);
            }
            if (pair) {
                i++;
            }
        }
        return key;
    }

    long actionTime() {
        return actionTime;
    }

    ActionType type() {
        return type;
    }

    String clickId() {
        return clickId;
    }

    /** The stored form. */
    String toPayload() {
        ObjectNode p = MAPPER.createObjectNode();
        p.put("action_time", actionTime);
        p.put("action_type", type.name());
        p.put("click_id", clickId);
        p.put("url", url);
        if (outerActionId != null) {
            p.put("outer_action_id", outerActionId);
        }
        if (valueFen != null) {
            p.put("value_fen", valueFen.longValue());
        }
        try {
            return MAPPER.writeValueAsString(p);
        } catch (IOException e) {
            throw new UncheckedIOException("a tree of strings and numbers always serialises", e);
        }
    }

    /** Adds this action to {@code actions}, the request's list, with the amount in {@code unit}. */
    void addTo(ArrayNode actions, ValueUnit unit) {
        ObjectNode a = actions.addObject();
        a.put("action_time", actionTime);
        a.put("action_type", type.name());
        a.putObject("trace").put("click_id", clickId);
        a.put("url", url);
        if (outerActionId != null) {
            a.put("outer_action_id", outerActionId);
        }
        if (valueFen != null) {
            unit.put(a.putObject("action_param"), "value", valueFen);
        }
    }

    /**
     * Reads back what {@link #toPayload()} wrote, checking every rule again.
     *
     * @throws IllegalArgumentException naming the field that is missing, of the wrong type, unknown or invalid
     */
    static Action fromPayload(String payload) {
        JsonNode root;
        try {
            root = MAPPER.readTree(payload);
        } catch (IOException e) {
            throw new IllegalArgumentException("is not JSON (" + Printable.of(e.getMessage(), 120)
                    + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("is not a JSON object");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException(Printable.of(name, 40) + ": is not a field of a Tencent action");
            }
        }
        String typeName = text(root, "action_type", true);
        ActionType type = ActionType.find(typeName).orElseThrow(() -> new IllegalArgumentException("action_type: "
                + Printable.quoted(typeName, 40) + " is not one of " + Arrays.toString(ActionType.values())));
        JsonNode value = root.get("value_fen");
        return new Action(integer(root, "action_time", true), type, text(root, "click_id", true),
                text(root, "url", true), text(root, "outer_action_id", false),
                value == null ? null : integer(root, "value_fen", false));
    }

    private static String text(JsonNode root, String field, boolean required) {
        JsonNode v = root.get(field);
        if (v == null) {
            if (required) {
                throw new IllegalArgumentException(field + ": is missing");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(field + ": " + Printable.of(v.toString(), 40) + " is not a string");
        }
        return v.textValue();
    }

    private static Long integer(JsonNode root, String field, boolean required) {
        JsonNode v = root.get(field);
        if (v == null) {
            if (required) {
                throw new IllegalArgumentException(field + ": is missing");
            }
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException(field + ": " + Printable.of(v.toString(), 40) + " is not an integer");
        }
        return v.longValue();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Action && toPayload().equals(((Action) o).toPayload());
    }

    @Override
    public int hashCode() {
        return toPayload().hashCode();
    }

    @Override
    public String toString() {
        return "Action" + toPayload();
    }
}
