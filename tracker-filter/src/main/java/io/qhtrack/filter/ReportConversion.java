package io.qhtrack.filter;

import io.qhtrack.core.Event;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Reports a conversion whenever the annotated servlet, or the annotated Spring MVC handler, handles a request
 * successfully (2xx or redirect, no exception), with no code in the handler:
 *
 * <pre>{@code
 * @ReportConversion(Event.SUBMIT)
 * public class LeadServlet extends HttpServlet { ... }
 *
 * @PostMapping("/lead")                                   // with qhtrack-spring-boot-starter
 * @ReportConversion(Event.SUBMIT)
 * public String lead(LeadForm form) { ... }
 * }</pre>
 *
 * On a servlet class it is read once per servlet by {@link ConversionTriggerFilter} when it starts; the conversion is
 * reported before the servlet's response is committed (the first flush, a body outgrowing the buffer, a redirect, or
 * the end of the request), if its status is then 2xx or 3xx. On a {@code @Controller} or {@code @RestController}
 * method, or on the class for all its handler methods (the method's own annotation wins), it is read by the Spring
 * Boot starter's handler interceptor: the conversion is reported when the handler method returned without an
 * exception and the response is 2xx or a redirect, before the body is written ({@code @ResponseBody},
 * {@code ResponseEntity}) or the view renders, and, for a handler that writes the response itself, before the
 * response is committed. Either way a visitor who saw success means a conversion in the outbox ({@link
 * PendingConversion}). {@code trans_id} and the amount come from the request as {@link
 * QhTracker#report(jakarta.servlet.http.HttpServletRequest, Event, java.util.function.UnaryOperator)} describes
 * (request attributes, else the form content, read as the application decoded it).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ReportConversion {

    /** The event to report. */
    Event value();

    /** The HTTP methods that report; default {@code POST} (also on a handler method: a {@code @GetMapping} names
     * {@code "GET"}). */
    String[] methods() default {"POST"};
}
