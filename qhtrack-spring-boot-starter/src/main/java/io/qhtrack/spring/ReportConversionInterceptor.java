package io.qhtrack.spring;

import io.qhtrack.core.Event;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.filter.QhTracker;
import io.qhtrack.filter.ReportConversion;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;

/**
 * Reports {@link ReportConversion} on Spring MVC handler methods (or their class): when the handler method returned
 * without an exception ({@code postHandle} ran: an exception turned into a response by an
 * {@code @ExceptionHandler} does not count) and the finished response is 2xx or a redirect, after the view is
 * rendered. An asynchronous handler reports when its result has been handled. {@code trans_id} and the amount come
 * from the request as {@code QhTracker.report} describes.
 */
final class ReportConversionInterceptor implements HandlerInterceptor {

    private static final Logger LOG = Logger.getLogger(ReportConversionInterceptor.class.getName());
    private static final String EVENT = ReportConversionInterceptor.class.getName() + ".event";
    private static final String RETURNED = ReportConversionInterceptor.class.getName() + ".returned";

    private final ConcurrentMap<Method, Optional<ReportConversion>> annotations = new ConcurrentHashMap<>();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        request.removeAttribute(RETURNED);
        Event event = handler instanceof HandlerMethod ? eventFor((HandlerMethod) handler, request.getMethod()) : null;
        if (event != null) {
            request.setAttribute(EVENT, event);
            if (isForm(request)) {
                // trans_id is derived from the form content after the response; some containers (Tomcat 11) can no
                // longer read a body the handler left unread by then, so it is parsed now, as @RequestParam would
                request.getParameterMap();
            }
        } else {
            request.removeAttribute(EVENT);
        }
        return true;
    }

    @Override
    public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
            ModelAndView modelAndView) {
        if (request.getAttribute(EVENT) instanceof Event) {
            request.setAttribute(RETURNED, Boolean.TRUE);
        }
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
            Exception ex) {
        Object event = request.getAttribute(EVENT);
        if (!(event instanceof Event)) {
            return;
        }
        request.removeAttribute(EVENT);
        int status = response.getStatus();
        if (ex != null || !Boolean.TRUE.equals(request.getAttribute(RETURNED)) || status < 200 || status >= 400) {
            LOG.log(Level.FINE, () -> "qhtrack: " + request.getMethod() + " " + request.getRequestURI() + " answered "
                    + status + (ex != null ? " with " + ex : "") + "; " + ((Event) event).wireName() + " not reported");
            return;
        }
        TrackOutcome outcome = QhTracker.report(request, (Event) event);
        LOG.log(Level.FINE, () -> "qhtrack: " + request.getMethod() + " " + request.getRequestURI() + " → "
                + outcome.status() + ": " + outcome.message());
    }

    private static boolean isForm(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    /** The event to report for {@code method}, or {@code null}. */
    private Event eventFor(HandlerMethod handler, String method) {
        Optional<ReportConversion> rc = annotations.computeIfAbsent(handler.getMethod(), m -> annotationOf(handler));
        if (rc.isPresent()) {
            for (String m : rc.get().methods()) {
                if (m.equalsIgnoreCase(method)) {
                    return rc.get().value();
                }
            }
        }
        return null;
    }

    /** The method's annotation, else its class's. */
    static Optional<ReportConversion> annotationOf(HandlerMethod handler) {
        ReportConversion rc = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), ReportConversion.class);
        if (rc == null) {
            rc = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), ReportConversion.class);
        }
        return Optional.ofNullable(rc);
    }
}
