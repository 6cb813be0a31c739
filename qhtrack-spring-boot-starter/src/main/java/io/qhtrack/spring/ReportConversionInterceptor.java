package io.qhtrack.spring;

import io.qhtrack.core.Event;
import io.qhtrack.filter.PendingConversion;
import io.qhtrack.filter.ReportConversion;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.AsyncHandlerInterceptor;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.SmartView;
import org.springframework.web.servlet.View;

/**
 * Reports {@link ReportConversion} on Spring MVC handler methods (or their class) when the handler method returned
 * without an exception and the response is 2xx or a redirect, <em>before</em> the visitor sees the answer:
 * <ul>
 *   <li>{@code @ResponseBody} and {@code ResponseEntity} handlers: before the body is written
 *       ({@link ReportConversionAdvice}), with the status the handler set;</li>
 *   <li>handlers with a view: in {@code postHandle}, before the view renders (a {@code redirect:} view name or a
 *       redirecting view is a redirect);</li>
 *   <li>handlers that write the response themselves: before it is committed, through the trigger filter's commit
 *       guard ({@link PendingConversion}), and at the latest in {@code postHandle}.</li>
 * </ul>
 * An exception out of the handler cancels it, also when an {@code @ExceptionHandler} answers it with a 200 page
 * ({@link #resolveException}, first of the exception resolvers); {@code afterCompletion} only cancels what is still
 * pending, it never reports. An asynchronous handler reports the same way in the dispatch that writes its result.
 * {@code trans_id} and the amount come from the request as {@code QhTracker.report} describes.
 */
final class ReportConversionInterceptor implements AsyncHandlerInterceptor, HandlerExceptionResolver {

    private static final String PENDING = ReportConversionInterceptor.class.getName() + ".pending";
    private static final String HANDLER = ReportConversionInterceptor.class.getName() + ".handler";

    private final ConcurrentMap<Method, Optional<ReportConversion>> annotations = new ConcurrentHashMap<>();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getAttribute(PENDING) != null || !(handler instanceof HandlerMethod)) {
            return true; // registered in an earlier dispatch of this request (the asynchronous result's), or no method
        }
        HandlerMethod method = (HandlerMethod) handler;
        Event event = eventFor(method, request.getMethod());
        if (event != null) {
            request.setAttribute(PENDING, PendingConversion.register(request, event));
            request.setAttribute(HANDLER, method.getMethod());
        }
        return true;
    }

    @Override
    public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
            ModelAndView modelAndView) {
        PendingConversion pending = pendingFor(request, handler);
        if (pending != null) {
            // the handler returned; a view has not rendered yet, a redirecting one will answer 3xx whatever the status
            pending.reportIfSuccessful(modelAndView != null && isRedirect(modelAndView) ? HttpServletResponse.SC_FOUND
                    : response.getStatus());
        }
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
            Exception ex) {
        PendingConversion pending = pendingFor(request, handler);
        if (pending != null) {
            pending.cancel(); // still pending here means the handler failed
            request.removeAttribute(PENDING);
            request.removeAttribute(HANDLER);
        }
    }

    /** An exception out of the handler: whatever answers it, the handler did not succeed. Resolves nothing. */
    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
            Exception ex) {
        PendingConversion pending = pendingFor(request, handler);
        if (pending != null) {
            pending.cancel();
        }
        return null;
    }

    /**
     * A body is about to be written for {@code returnType}: the handler's own return value reports (if the status
     * is 2xx or 3xx); an {@code @ExceptionHandler}'s answer cancels.
     */
    static void beforeBodyWrite(HttpServletRequest request, MethodParameter returnType, int status) {
        Object pending = request.getAttribute(PENDING);
        if (pending instanceof PendingConversion) {
            if (returnType.hasMethodAnnotation(ExceptionHandler.class)) {
                ((PendingConversion) pending).cancel();
            } else {
                ((PendingConversion) pending).reportIfSuccessful(status);
            }
        }
    }

    /** The conversion {@code handler} registered in this request, or {@code null}. */
    private static PendingConversion pendingFor(HttpServletRequest request, Object handler) {
        Object pending = request.getAttribute(PENDING);
        return pending instanceof PendingConversion && handler instanceof HandlerMethod
                && ((HandlerMethod) handler).getMethod().equals(request.getAttribute(HANDLER))
                ? (PendingConversion) pending : null;
    }

    private static boolean isRedirect(ModelAndView modelAndView) {
        View view = modelAndView.getView();
        if (view instanceof SmartView) {
            return ((SmartView) view).isRedirectView();
        }
        String name = modelAndView.getViewName();
        return name != null && name.startsWith("redirect:");
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
