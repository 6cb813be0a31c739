package io.qhtrack.filter;

import io.qhtrack.core.Click;
import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Event;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.core.Tracker;
import io.qhtrack.core.internal.Printable;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One line in a form or order handler reports the visitor's conversion to the ad platform the visitor came from (360,
 * Baidu, Tencent …):
 *
 * <pre>{@code
 * QhTracker.lead(request);                                   // SUBMIT, trans_id from the form's body fields
 * QhTracker.order(request, "A-1001", "23.45");               // ORDER worth 2345 fen, trans_id from the order id
 * QhTracker.report(request, Event.CALL);                     // any of the 53 events
 * QhTracker.report(request, Event.PAY, c -> c.amountYuan("99").score(5));
 * }</pre>
 *
 * qhtrack finds the visitor's click ({@link QhClick}: the latest ad click, or with {@code qhtrack.attribution=
 * all-platforms} the newest of each platform), picks the platform, the line and its credentials, fills what the
 * platform needs (for 360 {@code jzqs}, {@code impression_id}, {@code trans_id} and {@code event_time}), leaves out
 * what the line does not accept, and queues the upload. The call returns at once with a {@link TrackOutcome} to log or
 * ignore; it never throws because of bad data, a missing click or the platform being down.
 *
 * <p>It reports synchronously: when it returns {@link TrackOutcome.Status#QUEUED QUEUED}, the conversion is in the
 * outbox (with the JDBC outbox, committed to the database), or {@link TrackOutcome.Status#HELD HELD} when the
 * database did not answer within {@code qhtrack.outbox.timeout}. Called by a handler before it answers, the visitor
 * therefore never sees a success page for a conversion that is not durable. Triggers and {@link ReportConversion}
 * report before the response is committed too ({@link PendingConversion}).
 *
 * <p>The {@link Tracker} comes from the web application ({@link TrackerListener} starts one from the configuration,
 * or {@link #install(ServletContext, Tracker)} sets your own).
 */
public final class QhTracker {

    /**
     * Context attribute under which the web application's {@link Tracker} was kept in earlier versions (a
     * {@link Tracker} an application sets under this name by hand is still found, when none is
     * {@linkplain #install installed}). qhtrack itself now keeps the tracker, with everything its filters share, in
     * the one attribute {@code io.qhtrack.filter.QhtrackRuntime}: use {@link #install} and {@link #tracker} rather
     * than this name.
     */
    public static final String TRACKER_ATTRIBUTE = Tracker.class.getName();
    /** Request attribute a handler may set: the {@code trans_id} to use, as given. */
    public static final String TRANS_ID_ATTRIBUTE = "qhtrack.transId";
    /** Request attribute a handler may set: the order id; {@code trans_id} becomes its md5. */
    public static final String ORDER_ID_ATTRIBUTE = "qhtrack.orderId";
    /** Request attribute a handler may set: the amount in yuan ({@link BigDecimal}, {@link Number} or text). */
    public static final String AMOUNT_ATTRIBUTE = "qhtrack.amount";

    private static final Logger LOG = Logger.getLogger(QhTracker.class.getName());

    private QhTracker() {
    }

    /**
     * Uses {@code tracker} for this web application (instead of one started from the configuration). It is kept in
     * the servlet-context attribute {@code io.qhtrack.filter.QhtrackRuntime}, beside what the filters share; the
     * application closes it (a tracker {@link TrackerListener} started is still closed by the listener).
     */
    public static void install(ServletContext context, Tracker tracker) {
        Objects.requireNonNull(tracker, "tracker");
        QhtrackRuntime.update(Objects.requireNonNull(context, "context"), r -> r.withTracker(tracker, false));
    }

    /**
     * Stops using {@code tracker} for this web application, if it is the one {@linkplain #install installed} (another
     * one installed since is left alone); it is not closed. For an application that installed its own and closes it
     * when the application stops, so that nothing stale stays in the context.
     */
    public static void uninstall(ServletContext context, Tracker tracker) {
        Objects.requireNonNull(tracker, "tracker");
        QhtrackRuntime.update(Objects.requireNonNull(context, "context"), r -> r.withoutTracker(tracker));
    }

    /**
     * The web application's tracker, if one is installed: by {@link #install}, by {@link TrackerListener}, or set by
     * hand under {@link #TRACKER_ATTRIBUTE}.
     */
    public static Optional<Tracker> tracker(ServletContext context) {
        Tracker installed = QhtrackRuntime.of(context).tracker;
        if (installed != null) {
            return Optional.of(installed);
        }
        Object t = context == null ? null : context.getAttribute(TRACKER_ATTRIBUTE);
        return t instanceof Tracker ? Optional.of((Tracker) t) : Optional.empty();
    }

    /** A lead: {@code SUBMIT} with {@code trans_id} taken as {@link #report(HttpServletRequest, Conversion)} does. */
    public static TrackOutcome lead(HttpServletRequest request) {
        return report(request, Event.SUBMIT);
    }

    /** An order: {@code ORDER} worth {@code amountYuan} (e.g. {@code "23.45"}), {@code trans_id} = md5(orderId). */
    public static TrackOutcome order(HttpServletRequest request, String orderId, String amountYuan) {
        return report(request, Event.ORDER, b -> {
            b.transIdFromOrderId(orderId);
            return amountYuan == null ? b : b.amountYuan(amountYuan);
        });
    }

    /** A conversion of {@code event} with nothing more than qhtrack derives. */
    public static TrackOutcome report(HttpServletRequest request, Event event) {
        return report(request, event, UnaryOperator.identity());
    }

    /**
     * A conversion of {@code event}, completed by {@code details} (score, outer user id, amount …). Where the
     * conversion has no {@code trans_id} of its own, it comes from the request attribute
     * {@value #TRANS_ID_ATTRIBUTE}, else the md5 of {@value #ORDER_ID_ATTRIBUTE}, else the md5 of the form content:
     * the body's fields, never the query string's, without per-render tokens ({@code qhtrack.form.ignore-fields}:
     * {@code _csrf}, {@code nonce}, {@code timestamp} …) or only {@code qhtrack.form.fields}, so that a double
     * submit, a resubmit with a fresh token or the same form posted to {@code ?x=1} and {@code ?x=2} is one
     * conversion (the second is {@link TrackOutcome.Status#DUPLICATE}); the amount likewise from
     * {@value #AMOUNT_ATTRIBUTE}.
     * A value the builder refuses becomes an {@link TrackOutcome.Status#INVALID} outcome naming it.
     */
    public static TrackOutcome report(HttpServletRequest request, Event event,
            UnaryOperator<Conversion.Builder> details) {
        Conversion conversion;
        try {
            Conversion.Builder b = details.apply(Conversion.builder(event));
            conversion = completeFromRequest(b.build(), request);
        } catch (RuntimeException e) {
            TrackOutcome invalid = TrackOutcome.of(TrackOutcome.Status.INVALID, event.name() + ": "
                    + Printable.of(String.valueOf(e.getMessage()), 300));
            LOG.log(Level.WARNING, () -> "qhtrack: " + invalid.message());
            return invalid;
        }
        return report(request, conversion);
    }

    /**
     * Reports {@code conversion} for this request's visitor, exactly as given: for the visitor's latest ad click
     * ({@link QhClick#current}), or with {@code qhtrack.attribution=all-platforms} for the newest click of each platform
     * the visitor came from ({@link QhClick#all}), each platform deciding what it offers; the outcome is the latest
     * click's.
     */
    public static TrackOutcome report(HttpServletRequest request, Conversion conversion) {
        Optional<Tracker> tracker = tracker(request.getServletContext());
        if (!tracker.isPresent()) {
            TrackOutcome none = TrackOutcome.of(TrackOutcome.Status.STOPPED, "no qhtrack Tracker in this web "
                    + "application: is TrackerListener registered (automatic with the jar in WEB-INF/lib)?");
            LOG.log(Level.WARNING, () -> "qhtrack: " + none.message());
            return none;
        }
        try {
            List<Click> clicks = QhClick.all(request);
            return clicks.size() > 1 ? reportEach(tracker.get(), clicks, conversion)
                    : tracker.get().report(QhClick.current(request), conversion);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "qhtrack: reporting failed unexpectedly; the conversion is not queued", e);
            return TrackOutcome.of(TrackOutcome.Status.INVALID, "unexpected: " + Printable.of(e.toString(), 300));
        }
    }

    /** Reports {@code conversion} for each of {@code clicks}, the latest first, and answers the latest's outcome. */
    // TODO(h20-engine): tracker.report(clicks, conversion), whose outcome holds the other clicks' outcomes too
    private static TrackOutcome reportEach(Tracker tracker, List<Click> clicks, Conversion conversion) {
        TrackOutcome latest = tracker.report(clicks.get(0), conversion);
        for (Click other : clicks.subList(1, clicks.size())) {
            TrackOutcome outcome = tracker.report(other, conversion);
            LOG.log(Level.FINE, () -> "qhtrack: " + conversion.event().name() + " for the " + other.platform()
                    + " click too (qhtrack.attribution=all-platforms): " + outcome.status() + ", "
                    + outcome.message());
        }
        return latest;
    }

    static Conversion completeFromRequest(Conversion conversion, HttpServletRequest request) {
        Conversion.Builder b = null;
        if (!conversion.transId().isPresent()) {
            b = conversion.toBuilder();
            Object transId = request.getAttribute(TRANS_ID_ATTRIBUTE);
            Object orderId = request.getAttribute(ORDER_ID_ATTRIBUTE);
            if (transId != null) {
                b.transId(transId.toString());
            } else if (orderId != null) {
                b.transIdFromOrderId(orderId.toString());
            } else if (QhClick.current(request).isPresent()) {
                // the form is read only for a visitor with a click: without one nothing is queued
                Map<String, List<String>> form = formContent(request);
                if (!form.isEmpty()) {
                    b.transIdFromForm(form);
                }
            }
        }
        Object amount = request.getAttribute(AMOUNT_ATTRIBUTE);
        if (!conversion.amountFen().isPresent() && amount != null) {
            b = b == null ? conversion.toBuilder() : b;
            if (amount instanceof BigDecimal) {
                b.amountYuan((BigDecimal) amount);
            } else {
                b.amountYuan(amount.toString());
            }
        }
        return b == null ? conversion : b.build();
    }

    /**
     * The submitted form's fields that identify it: the body's fields as the application saw them, never the query
     * string's, without {@code qhtrack.form.ignore-fields} (or only {@code qhtrack.form.fields}); see
     * {@link FormFields}.
     */
    private static Map<String, List<String>> formContent(HttpServletRequest request) {
        FormFields fields;
        try {
            fields = FormFields.of(request.getServletContext());
        } catch (ConfigurationException e) {
            throw new IllegalArgumentException("the form cannot identify the submission: " + e.getMessage(), e);
        }
        try {
            return fields.of(request);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the form cannot be read (" + Printable.of(String.valueOf(
                    e.getMessage()), 200) + "); set " + TRANS_ID_ATTRIBUTE + " or " + ORDER_ID_ATTRIBUTE, e);
        }
    }
}
