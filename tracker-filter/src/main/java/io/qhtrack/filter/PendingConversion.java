package io.qhtrack.filter;

import io.qhtrack.core.Event;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.core.internal.Printable;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A conversion a request reports once its handler has succeeded, at the latest just before the response is
 * committed: so that a visitor who saw a success page implies a conversion in the outbox (or {@code HELD}). It is how
 * the trigger filter reports {@code qhtrack.triggers} and {@link ReportConversion} servlets, and how a framework
 * adapter (the Spring Boot starter's handler interceptor) reports {@link ReportConversion} handler methods.
 *
 * <p>When {@link ConversionTriggerFilter} guards the request's response (the request may report and the visitor has
 * a click), a registered conversion is reported by the guard as the response is about to commit: on the first flush,
 * when the body outgrows the response buffer or reaches its content length, on {@code close()}, on
 * {@code sendRedirect}, on {@code AsyncContext.complete()} or at the end of the filter chain, whichever comes first,
 * and only if the status is then 2xx or 3xx ({@code sendError} cancels it). The registrant may report earlier itself
 * ({@link #reportIfSuccessful}), e.g. before a view renders, and must {@link #cancel} it when the handler failed. It is
 * reported at most once.
 *
 * <p>Handlers of a framework reach the guard only if the trigger filter knows that they may report: a framework
 * adapter publishes the HTTP methods its annotated handlers report on with
 * {@link #publishHandlerMethods(ServletContext, Set)} (kept in qhtrack's one servlet-context attribute,
 * {@code io.qhtrack.filter.QhtrackRuntime}).
 */
public final class PendingConversion {

    /**
     * Servlet-context attribute: the HTTP methods (a {@code Set<String>}, upper case) on which handlers of a framework
     * may register a pending conversion, as adapters published them in earlier versions; still read when nothing was
     * published with {@link #publishHandlerMethods(ServletContext, Set)}, which adapters use now.
     */
    public static final String HANDLER_METHODS_ATTRIBUTE = "io.qhtrack.filter.handler-methods";

    private static final Logger LOG = Logger.getLogger(ConversionTriggerFilter.class.getName());

    private final HttpServletRequest request;
    private final Event event;
    /** Reported or cancelled. */
    private final AtomicBoolean settled = new AtomicBoolean();

    private PendingConversion(HttpServletRequest request, Event event) {
        this.request = request;
        this.event = event;
    }

    /**
     * Publishes the HTTP methods (upper case: {@code POST} …) on which handlers of a framework may register a pending
     * conversion, replacing those published before; the trigger filter then guards the responses of such requests
     * from visitors with a click. An empty set publishes none.
     */
    public static void publishHandlerMethods(ServletContext context, Set<String> methods) {
        Objects.requireNonNull(context, "context");
        Set<String> copy = new LinkedHashSet<>(Objects.requireNonNull(methods, "methods"));
        QhtrackRuntime.update(context, r -> r.withHandlerMethods(copy.isEmpty() ? null : copy));
    }

    /**
     * A conversion of {@code event} for this request, reported by the response's commit guard before the response
     * commits when there is one (see the class description), else when the registrant reports it.
     */
    public static PendingConversion register(HttpServletRequest request, Event event) {
        PendingConversion pending = new PendingConversion(Objects.requireNonNull(request, "request"),
                Objects.requireNonNull(event, "event"));
        CommitGuard guard = CommitGuard.of(request);
        if (guard != null) {
            guard.watch(pending);
        }
        return pending;
    }

    /** The event it reports. */
    public Event event() {
        return event;
    }

    /** Whether it was reported or cancelled already. */
    public boolean isSettled() {
        return settled.get();
    }

    /**
     * Reports it now if the response's status is (or is about to be) {@code status}, 2xx or 3xx, unless it was
     * reported or cancelled already; a status outside 2xx and 3xx cancels it. Returns the outcome, or empty when this
     * call reported nothing. Never throws because of bad data, a missing click or 360 being down
     * ({@link QhTracker#report(HttpServletRequest, Event)}).
     */
    public Optional<TrackOutcome> reportIfSuccessful(int status) {
        if (!settled.compareAndSet(false, true)) {
            return Optional.empty();
        }
        if (status < 200 || status >= 400) {
            LOG.log(Level.FINE, () -> "qhtrack: " + describe() + " answered " + status + "; " + event.name()
                    + " not reported");
            return Optional.empty();
        }
        TrackOutcome outcome = QhTracker.report(request, event);
        LOG.log(Level.FINE, () -> "qhtrack: " + describe() + " → " + outcome.status() + ": "
                + Printable.of(outcome.message(), 500));
        return Optional.of(outcome);
    }

    /** The handler failed: nothing is reported (unless it was already). */
    public void cancel() {
        if (settled.compareAndSet(false, true)) {
            LOG.log(Level.FINE, () -> "qhtrack: " + describe() + " failed; " + event.name() + " not reported");
        }
    }

    private String describe() {
        return Printable.of(request.getMethod(), 16) + " " + Printable.of(request.getRequestURI(), 300);
    }

    @Override
    public String toString() {
        return "PendingConversion[" + event.name() + (settled.get() ? ", settled]" : "]");
    }
}
