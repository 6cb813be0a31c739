package io.qhtrack.filter;

import io.qhtrack.core.Event;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Reports a conversion whenever the annotated servlet handles a request successfully (2xx or redirect, no
 * exception), with no code in the handler:
 *
 * <pre>{@code
 * @ReportConversion(Event.SUBMIT)
 * public class LeadServlet extends HttpServlet { ... }
 * }</pre>
 *
 * Read once per servlet by {@link ConversionTriggerFilter} when it starts. {@code trans_id} and the amount come
 * from the request as {@link QhTracker#report(jakarta.servlet.http.HttpServletRequest, Event,
 * java.util.function.UnaryOperator)} describes (request attributes, else the form content).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ReportConversion {

    /** The event to report. */
    Event value();

    /** The HTTP methods that report; default {@code POST}. */
    String[] methods() default {"POST"};
}
