package io.qhtrack.filter;

import io.qhtrack.core.Setting;
import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Event;
import io.qhtrack.core.Settings;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.core.internal.Printable;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reports conversions for requests the application handled successfully, with no code in the handler: the
 * "form-submit hooks". A request reports when it matches a configured trigger or is handled by a servlet annotated
 * with {@link ReportConversion}, and the application then answered 2xx or a redirect (3xx) without throwing.
 * Failed submissions (4xx, 5xx, exceptions) report nothing. Asynchronous requests report when they complete.
 *
 * <h2>Init-parameters</h2>
 * Read, first found wins, from the filter's init-param, the context-param, a system property, or the environment
 * variable ({@code QHTRACK_TRIGGERS}); checked once in {@link #init}, where a bad value fails naming it.
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>name</th><th>default</th><th>meaning</th><th>example</th></tr>
 *   <tr><td>{@code qhtrack.triggers}</td><td>none</td><td>comma-separated {@code METHOD PATH=EVENT}; the path is
 *       exact or a prefix ending in {@code /*}, matched against servlet path + path info; the event is any of
 *       the 53 (wire or Java name)</td><td>{@code POST /lead=SUBMIT, POST /order/*=ORDER}</td></tr>
 * </table>
 *
 * <p>{@code trans_id} and the amount come from request attributes a handler may set
 * ({@value QhTracker#TRANS_ID_ATTRIBUTE}, {@value QhTracker#ORDER_ID_ATTRIBUTE},
 * {@value QhTracker#AMOUNT_ATTRIBUTE}), else {@code trans_id} is the md5 of the form's body fields (never the query
 * string's, without per-render tokens: see {@link QhTracker#report(HttpServletRequest, Event,
 * java.util.function.UnaryOperator)}), so a double submit yields the same one and is reported once. The fields of a
 * matched form post ({@code application/x-www-form-urlencoded}) are parsed before the handler runs, so that they are
 * there after it answered even when it never read them; a handler that reads such a body as a raw stream should
 * report with one line ({@link QhTracker}) instead of a trigger. The fields are decoded as the container decodes them
 * for the application (set the request character encoding, e.g. UTF-8, before any filter reads a parameter).
 *
 * <pre>{@code
 * <filter>
 *   <filter-name>qhtrack-triggers</filter-name>
 *   <filter-class>io.qhtrack.filter.ConversionTriggerFilter</filter-class>
 *   <init-param><param-name>qhtrack.triggers</param-name><param-value>POST /lead=SUBMIT</param-value></init-param>
 * </filter>
 * <filter-mapping><filter-name>qhtrack-triggers</filter-name><url-pattern>/*</url-pattern></filter-mapping>
 * }</pre>
 *
 * Registered automatically after {@link ClickIdCaptureFilter} with the jar in {@code WEB-INF/lib}.
 */
public final class ConversionTriggerFilter implements Filter {

    private static final Logger LOG = Logger.getLogger(ConversionTriggerFilter.class.getName());

    private List<Trigger> triggers = Collections.emptyList();
    /** By servlet name. */
    private Map<String, ReportConversion> annotated = Collections.emptyMap();
    /** Where the annotated servlets are; {@code null} when there are none. */
    private ServletMappings mappings;

    /** For the container. */
    public ConversionTriggerFilter() {
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        ServletContext context = config.getServletContext();
        Settings settings = Settings.firstOf(config::getInitParameter, context::getInitParameter, Settings.system());
        try {
            triggers = Collections.unmodifiableList(new ArrayList<>(Trigger.parseAll(settings.get(Setting.TRIGGERS)
                    .orElse(null))));
        } catch (ConfigurationException e) {
            throw new ServletException("qhtrack: " + e.getMessage(), e);
        }
        annotated = annotatedServlets(context);
        mappings = annotated.isEmpty() ? null : ServletMappings.of(context);
        if (!triggers.isEmpty() || !annotated.isEmpty()) {
            LOG.log(Level.INFO, "qhtrack: reporting conversions for " + triggers + " and annotated servlets "
                    + annotated.keySet());
        }
    }

    private static Map<String, ReportConversion> annotatedServlets(ServletContext context) {
        Map<String, ReportConversion> found = new HashMap<>();
        ClassLoader loader = context.getClassLoader() != null ? context.getClassLoader()
                : Thread.currentThread().getContextClassLoader() != null ? Thread.currentThread().getContextClassLoader()
                : ConversionTriggerFilter.class.getClassLoader();
        for (Map.Entry<String, ? extends ServletRegistration> e : context.getServletRegistrations().entrySet()) {
            String className = e.getValue().getClassName();
            if (className == null) {
                continue;
            }
            try {
                Class<?> type = Class.forName(className, false, loader);
                ReportConversion rc = type.getAnnotation(ReportConversion.class);
                if (rc != null) {
                    found.put(e.getKey(), rc);
                }
            } catch (ClassNotFoundException | LinkageError ex) {
                LOG.log(Level.FINE, "qhtrack: cannot inspect servlet " + e.getKey() + ": " + ex);
            }
        }
        return Collections.unmodifiableMap(found);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (triggers.isEmpty() && annotated.isEmpty() || !(req instanceof HttpServletRequest)
                || !(res instanceof HttpServletResponse)) {
            chain.doFilter(req, res);
            return;
        }
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        Event event = eventFor(request);
        if (event == null) {
            chain.doFilter(req, res);
            return;
        }
        if (isForm(request)) {
            // the fields make trans_id once the handler has answered; parse them now, while the body is certainly
            // there (some containers close it with the response when the handler never read it)
            request.getParameterMap();
        }
        chain.doFilter(req, res); // an exception propagates: a failed submission reports nothing
        if (request.isAsyncStarted()) {
            request.getAsyncContext().addListener(new ReportWhenComplete(event, request, response));
        } else {
            reportIfSuccessful(event, request, response);
        }
    }

    private static boolean isForm(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33);
    }

    private Event eventFor(HttpServletRequest request) {
        String method = request.getMethod();
        if (!triggers.isEmpty()) {
            String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
            for (Trigger t : triggers) {
                if (t.matches(method, path)) {
                    return t.event();
                }
            }
        }
        if (!annotated.isEmpty()) {
            String servlet = mappings.servletFor(request.getServletPath(), request.getPathInfo());
            ReportConversion rc = servlet == null ? null : annotated.get(servlet);
            if (rc != null) {
                for (String m : rc.methods()) {
                    if (m.equalsIgnoreCase(method)) {
                        return rc.value();
                    }
                }
            }
        }
        return null;
    }

    static void reportIfSuccessful(Event event, HttpServletRequest request, HttpServletResponse response) {
        int status = response.getStatus();
        if (status < 200 || status >= 400) {
            LOG.log(Level.FINE, () -> "qhtrack: " + Printable.of(request.getMethod(), 16) + " "
                    + Printable.of(request.getRequestURI(), 300) + " answered " + status + "; " + event.wireName()
                    + " not reported");
            return;
        }
        TrackOutcome outcome = QhTracker.report(request, event);
        LOG.log(Level.FINE, () -> "qhtrack: " + Printable.of(request.getMethod(), 16) + " "
                + Printable.of(request.getRequestURI(), 300) + " → " + outcome.status() + ": "
                + Printable.of(outcome.message(), 500));
    }

    @Override
    public void destroy() {
        // nothing held
    }

    private static final class ReportWhenComplete implements AsyncListener {
        private final Event event;
        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private boolean failed;

        ReportWhenComplete(Event event, HttpServletRequest request, HttpServletResponse response) {
            this.event = event;
            this.request = request;
            this.response = response;
        }

        @Override
        public void onComplete(AsyncEvent e) {
            if (!failed) {
                reportIfSuccessful(event, request, response);
            }
        }

        @Override
        public void onTimeout(AsyncEvent e) {
            failed = true;
        }

        @Override
        public void onError(AsyncEvent e) {
            failed = true;
        }

        @Override
        public void onStartAsync(AsyncEvent e) {
            e.getAsyncContext().addListener(this);
        }
    }
}
