package io.qhtrack.sample;

import jakarta.servlet.http.HttpServletRequest;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The order form's fields, {@code orderId} and an optional {@code quantity} (1 by default), as submitted, and what is
 * wrong with them. There is no amount field: the price is the server's ({@link #PRICE_FEN} per course), and an
 * {@code amount} the browser posts anyway is never read. A real shop would look the order up by its id in its own
 * database and take the amount from there.
 *
 * @param orderId the order id, trimmed
 * @param quantityText the quantity as typed, trimmed ({@code 1} when absent)
 * @param errors field name to a message; empty when the form is valid
 */
record OrderForm(String orderId, String quantityText, Map<String, String> errors) {

    /** The course's price in fen: ¥23.45. */
    static final long PRICE_FEN = 2345;
    /** The most courses one order may buy. */
    static final int MAX_QUANTITY = 10;
    private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final Pattern QUANTITY = Pattern.compile("[0-9]{1,2}");

    /** A fresh form with a new order id and one course. */
    static OrderForm fresh() {
        return new OrderForm(newOrderId(), "1", Map.of());
    }

    /** A new order id such as {@code QH-7F3A91C2}. */
    static String newOrderId() {
        return String.format(Locale.ROOT, "QH-%08X", ThreadLocalRandom.current().nextInt());
    }

    /** Reads and checks the submitted form: {@code orderId} and {@code quantity}; any other field is ignored. */
    static OrderForm from(HttpServletRequest request) {
        return of(request.getParameter("orderId"), request.getParameter("quantity"));
    }

    /** Checks the fields as submitted ({@code null} for a missing one). */
    static OrderForm of(String rawOrderId, String rawQuantity) {
        String orderId = LeadForm.trimmed(rawOrderId);
        String quantity = rawQuantity == null || rawQuantity.isBlank() ? "1" : rawQuantity.strip();
        Map<String, String> errors = new LinkedHashMap<>();
        if (!ORDER_ID.matcher(orderId).matches()) {
            errors.put("orderId", "订单号为 1–40 个字母、数字、- 或 _ · 1-40 letters, digits, - or _");
        }
        if (!QUANTITY.matcher(quantity).matches() || Integer.parseInt(quantity) < 1
                || Integer.parseInt(quantity) > MAX_QUANTITY) {
            errors.put("quantity", "数量为 1–" + MAX_QUANTITY + " · Quantity 1 to " + MAX_QUANTITY);
        }
        return new OrderForm(orderId, quantity, Map.copyOf(errors));
    }

    boolean valid() {
        return errors.isEmpty();
    }

    /** How many courses; only for a valid form. */
    int quantity() {
        return Integer.parseInt(quantityText);
    }

    /** The amount in fen, as 360 wants it: the server's price times the quantity; only for a valid form. */
    long fen() {
        return PRICE_FEN * quantity();
    }

    /** An amount in fen as yuan, e.g. {@code 2345} → {@code 23.45}. */
    static String yuan(long fen) {
        return BigDecimal.valueOf(fen).movePointLeft(2).toPlainString();
    }
}
