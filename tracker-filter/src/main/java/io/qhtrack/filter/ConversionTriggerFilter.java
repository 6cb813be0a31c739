package io.qhtrack.filter;

import io.qhtrack.core.Setting;
import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Event;
import io.qhtrack.core.Settings;
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
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reports conversions for requests the application handled successfully, with no code in the handler: the
 * "form-submit hooks". A request reports when it matches a configured trigger or is handled by a servlet annotated
 * with {@link ReportConversion}, and the application then answered 2xx or a redirect (3xx) without throwing.
 * Failed submissions ({@code sendError}, 4xx, 5xx, an exception before the answer was sent) report nothing.
 *
 * <h2>Reported before the visitor sees the answer</h2>
 * For a visitor with a click, the response is guarded: what the handler writes is held back (up to the response's
 * buffer size) until the conversion was reported, which happens as the response is about to be committed, on the
 * first flush, when the body outgrows the buffer or reaches its declared content length, on {@code close()}, on
 * {@code sendRedirect}, or at the end of the request, whichever comes first, with the status the response is then
 * sent with. So a visitor who saw a success page means a conversion in the outbox ({@code QUEUED}, or {@code HELD}
 * while the outbox's database does not answer); a crash of the server after the answer loses nothing. A handler
 * that commits a success and fails afterwards has answered success: its conversion stands. Asynchronous requests
 * report before the first byte the application writes or flushes after {@code startAsync}, or before
 * {@code AsyncContext.complete()}; one whose asynchronous cycle ends with an {@code AsyncContext.dispatch()} that
 * writes nothing is reported when the cycle completes, after the answer. Requests that cannot report (no trigger
 * and no annotation matches, or the visitor has no click) get no guard and cost a few comparisons. Framework
 * handlers (the Spring Boot starter's {@code @ReportConversion} on handler methods) register with the same guard:
 * see {@link PendingConversion}.
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
 * java.util.function.UnaryOperator)}), so a double submit yields the same one and is reported once. The filter never
 * reads the form before the application: the fields are read when the report runs, after the application's own
 * filters (a character-encoding filter declared in {@code web.xml}, say) set how the body is decoded, so the handler
 * and {@code trans_id} see the same text, and a handler that never reads its form still gets a {@code trans_id} from
 * it. A handler that consumes such a body as a raw stream leaves no fields: it sets
 * {@value QhTracker#TRANS_ID_ATTRIBUTE} or reports with one line ({@link QhTracker}) instead.
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

    /** An array: walked on every request without an iterator. */
    private Trigger[] triggers = new Trigger[0];
    /** By servlet name. */
    private Map<String, ReportConversion> annotated = Collections.emptyMap();
    /** Where the annotated servlets are; {@code null} when there are none. */
    private ServletMappings mappings;
    private ServletContext context;

    /** The options it was constructed with, or {@code null}: then {@link #init} reads the init-params. */
    private final CaptureOptions options;

    /** For the container: configured by its init-params ({@link #init(FilterConfig)}). */
    public ConversionTriggerFilter() {
        this.options = null;
    }

    /**
     * A filter configured with {@code options}, read once by whoever constructs it (the Spring Boot starter); its
     * init-params are not read.
     */
    public ConversionTriggerFilter(CaptureOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        context = config.getServletContext();
        try {
            triggers = (options != null ? options.triggers : Trigger.parseAll(Settings.firstOf(config::getInitParameter,
                    context::getInitParameter, Settings.system()).get(Setting.TRIGGERS).orElse(null)))
                    .toArray(new Trigger[0]);
        } catch (ConfigurationException e) {
            throw new ServletException("qhtrack: " + e.getMessage(), e);
        }
        annotated = annotatedServlets(context);
        mappings = annotated.isEmpty() ? null : ServletMappings.of(context);
        if (triggers.length > 0 || !annotated.isEmpty()) {
            LOG.log(Level.INFO, "qhtrack: reporting conversions for " + Arrays.toString(triggers)
                    + " and annotated servlets " + annotated.keySet());
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
        if (!(req instanceof HttpServletRequest) || !(res instanceof HttpServletResponse)
                || CommitGuard.of(req) != null) {
            chain.doFilter(req, res); // not HTTP, or guarded already (a filter registered twice, another dispatch)
            return;
        }
        HttpServletRequest request = (HttpServletRequest) req;
        Event event = eventFor(request);
        if (event == null && !handlersMayReport(request.getMethod())) {
            chain.doFilter(req, res);
            return;
        }
        if (!QhClick.current(request).isPresent()) {
            // nothing can be queued for a visitor without a click: no guard; the outcome (NOT_ATTRIBUTED) is counted
            chain.doFilter(req, res);
            if (event != null) {
                reportWithoutClick(event, request, (HttpServletResponse) res);
            }
            return;
        }
        CommitGuard guard = new CommitGuard(request, (HttpServletResponse) res);
        if (event != null) {
            PendingConversion.register(request, event);
        }
        boolean answered = false;
        try {
            chain.doFilter(guard.request(), guard); // the form is read by the application first, as it decodes it
            answered = true;
        } finally {
            if (!answered) {
                guard.abandon(); // an exception: a failed submission reports nothing
            }
        }
        guard.finish();
    }

    /** Whether handlers of a framework may report on requests of this method (see {@link PendingConversion}). */
    private boolean handlersMayReport(String method) {
        Set<String> published = QhtrackRuntime.of(context).handlerMethods;
        if (published != null) {
            return published.contains(method);
        }
        Object methods = context.getAttribute(PendingConversion.HANDLER_METHODS_ATTRIBUTE); // set by hand
        return methods instanceof Set && ((Set<?>) methods).contains(method);
    }

    private static void reportWithoutClick(Event event, HttpServletRequest request, HttpServletResponse response) {
        PendingConversion pending = PendingConversion.register(request, event);
        if (request.isAsyncStarted()) {
            request.getAsyncContext().addListener(new ReportWhenComplete(pending, response));
        } else {
            pending.reportIfSuccessful(response.getStatus());
        }
    }

    private Event eventFor(HttpServletRequest request) {
        if (triggers.length == 0 && annotated.isEmpty()) {
            return null;
        }
        String method = request.getMethod();
        for (Trigger t : triggers) {
            if (t.matches(method, request.getServletPath(), request.getPathInfo())) {
                return t.event();
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

    @Override
    public void destroy() {
        // nothing held
    }

    /** Reports an asynchronous request of a visitor without a click (nothing is queued) when it completes. */
    private static final class ReportWhenComplete implements AsyncListener {
        private final PendingConversion pending;
        private final HttpServletResponse response;

        ReportWhenComplete(PendingConversion pending, HttpServletResponse response) {
            this.pending = pending;
            this.response = response;
        }

        @Override
        public void onComplete(AsyncEvent e) {
            pending.reportIfSuccessful(response.getStatus());
        }

        @Override
        public void onTimeout(AsyncEvent e) {
            pending.cancel();
        }

        @Override
        public void onError(AsyncEvent e) {
            pending.cancel();
        }

        @Override
        public void onStartAsync(AsyncEvent e) {
            e.getAsyncContext().addListener(this);
        }
    }
}
