package io.qhtrack.sample;

import io.qhtrack.core.Event;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.core.internal.Printable;
import io.qhtrack.filter.QhTracker;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Locale;

/**
 * {@code POST /order} (fields {@code orderId}, optional {@code quantity}): an order, reported with one explicit call:
 * {@code ORDER} worth the server's price ({@link OrderForm#PRICE_FEN} fen a course, times the quantity) and
 * {@code trans_id} = md5 of the order id, so the same order sent twice is one conversion. The browser never says what
 * the order is worth: an {@code amount} it posts is ignored. An invalid form answers 400 and reports nothing.
 */
public final class OrderServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(OrderServlet.class.getName());

    /** For the container. */
    public OrderServlet() {
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        OrderForm form = OrderForm.from(request);
        if (!form.valid()) {
            LandingPage.render(request, LeadForm.blank(), form).send(response, HttpServletResponse.SC_BAD_REQUEST);
            return;
        }

        TrackOutcome outcome = QhTracker.report(request, Event.ORDER,
                order -> order.transIdFromOrderId(form.orderId()).amount(java.math.BigDecimal.valueOf(form.fen(), 2)));

        LOG.log(Level.INFO, "qhtrack sample: order {0} x{1}: {2}", Printable.of(form.orderId(), 40), form.quantity(),
                outcome.status());
        Page page = new Page(request, "报名成功 Order confirmed");
        String ctx = Html.esc(page.context());
        page.add("<section class=\"card result\">"
                + "<div class=\"result-icon ok\" aria-hidden=\"true\">✓</div>"
                + "<h1>报名成功 Order confirmed</h1>"
                + "<p class=\"lead-text\">订单 Order <b class=\"order-id\">" + Html.text(form.orderId())
                + "</b> · " + form.quantity() + " × ¥" + OrderForm.yuan(OrderForm.PRICE_FEN) + " = <b class=\"total\">¥"
                + OrderForm.yuan(form.fen()) + "</b>. Your first class link is on its way.</p>"
                + "<div class=\"actions\"><a class=\"button ghost\" href=\"" + ctx + "/\">返回首页 Back to the course"
                + "</a></div>");
        if (DemoRuntime.dashboardEnabled(request.getServletContext())) {
            String status = outcome.status().name();
            page.add("<aside class=\"demo-note outcome outcome-" + Html.esc(status.toLowerCase(Locale.ROOT))
                    + "\" data-outcome=\"" + Html.esc(status) + "\">"
                    + "<b>Demo · <code>QhTracker.report(request, Event.ORDER, o -&gt; o.transIdFromOrderId(orderId)"
                    + ".amountFen(" + form.fen() + "))</code> → " + Html.esc(status) + "</b><br>"
                    + Html.text(Outcomes.explain(outcome, form.fen())) + " "
                    + "<a href=\"" + ctx + "/demo/\">Dashboard →</a></aside>");
        }
        page.add("</section>");
        page.send(response, HttpServletResponse.SC_OK);
    }
}
