package io.qhtrack.sample;

import jakarta.servlet.http.HttpServletRequest;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The order form's fields, {@code orderId} and {@code amount} in yuan (e.g. {@code 23.45}), as submitted, and what
 * is wrong with them.
 *
 * @param orderId the order id, trimmed
 * @param amount the amount in yuan as typed, trimmed
 * @param errors field name to a message; empty when the form is valid
 */
record OrderForm(String orderId, String amount, Map<String, String> errors) {

    /** The price the form suggests, in yuan. */
    static final String DEFAULT_AMOUNT = "23.45";
    private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final Pattern YUAN = Pattern.compile("[0-9]{1,7}(\\.[0-9]{1,2})?");

    /** A fresh form with a new order id and the default price. */
    static OrderForm fresh() {
        return new OrderForm(newOrderId(), DEFAULT_AMOUNT, Map.of());
    }

    /** A new order id such as {@code QH-7F3A91C2}. */
    static String newOrderId() {
        return String.format(Locale.ROOT, "QH-%08X", ThreadLocalRandom.current().nextInt());
    }

    /** Reads and checks the submitted form. */
    static OrderForm from(HttpServletRequest request) {
        return of(request.getParameter("orderId"), request.getParameter("amount"));
    }

    /** Checks the fields as submitted ({@code null} for a missing one). */
    static OrderForm of(String rawOrderId, String rawAmount) {
        String orderId = LeadForm.trimmed(rawOrderId);
        String amount = LeadForm.trimmed(rawAmount);
        Map<String, String> errors = new LinkedHashMap<>();
        if (!ORDER_ID.matcher(orderId).matches()) {
            errors.put("orderId", "订单号为 1–40 个字母、数字、- 或 _ · 1-40 letters, digits, - or _");
        }
        if (!YUAN.matcher(amount).matches() || new BigDecimal(amount).signum() <= 0) {
            errors.put("amount", "金额以元为单位，最多两位小数 · Amount in yuan, e.g. 23.45");
        }
        return new OrderForm(orderId, amount, Map.copyOf(errors));
    }

    boolean valid() {
        return errors.isEmpty();
    }

    /** The amount in fen, as 360 wants it ({@code 23.45} → 2345); only for a valid form. */
    long fen() {
        return new BigDecimal(amount).movePointRight(2).longValueExact();
    }
}
