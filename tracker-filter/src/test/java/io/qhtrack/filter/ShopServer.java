package io.qhtrack.filter;

import io.qhtrack.core.Settings;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.core.Tracker;
import io.qhtrack.core.spi.Platform;
import io.qhtrack.testkit.Fake360;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small shop on embedded Jetty 12, configured as an application would be (context-params, {@link TrackerListener}
 * starting the tracker, the capture and trigger filters), reporting to a {@link Fake360} that knows a search, a
 * display and a mobile-promotion account. Its servlets:
 * <ul>
 *   <li>{@code /lead}: {@link QhTracker#lead} after reading {@code name} and {@code phone}; answers the outcome's
 *       status, a line break and its message;</li>
 *   <li>{@code /triggered}: reported by the trigger {@code POST /triggered=SUBMIT}; answers {@code thanks};</li>
 *   <li>{@code /raw}: echoes the request body byte for byte;</li>
 *   <li>anything else: {@code click=<line>:<id>} ({@code <platform>:<line>:<id>} for other platforms than 360) or
 *       {@code click=none}.</li>
 * </ul>
 */
final class ShopServer implements AutoCloseable {

    final Fake360 fake;
    /**
     * The tracker the shop installed itself, on {@link Builder#clock(Clock) the test's clock} and with
     * {@link Builder#synchronousDelivery() synchronous delivery} if asked for; else null.
     */
    private final Tracker ownTracker;
    private final Server server;
    private final ServletContextHandler context;
    private final ServerConnector connector;

    private ShopServer(Builder b) throws Exception {
        fake = Fake360.builder()
                .credentials("sk", "ss", "ocpc_ps_convert", "ocpc_ms_convert")
                .credentials("dk", "ds", "ocpc_zs_convert").jzqs("dk", "8888")
                .credentials("mk", "ms", "ocpc_web_convert")
                .start();
        server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        if (b.forwardedByTheContainer) {
            http.addCustomizer(new ForwardedRequestCustomizer());
        }
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("qhtrack.endpoint", fake.endpoint().toString());
        params.put("qhtrack.search.key", "sk");
        params.put("qhtrack.search.secret", "ss");
        params.put("qhtrack.display.key", "dk");
        params.put("qhtrack.display.secret", "ds");
        params.put("qhtrack.display.jzqs", "8888");
        params.put("qhtrack.mobile.key", "mk");
        params.put("qhtrack.mobile.secret", "ms");
        params.put("qhtrack.triggers", "POST /triggered=SUBMIT");
        params.putAll(b.contextParams);
        params.forEach(context::setInitParameter);
        ownTracker = b.clock == null && !b.synchronousDelivery ? null : ownTracker(b, Settings.of(params));
        if (ownTracker != null) {
            context.setAttribute(QhTracker.TRACKER_ATTRIBUTE, ownTracker); // TrackerListener leaves it alone
        }
        context.addEventListener(new TrackerListener());
        for (Filter before : b.filtersBefore) {
            context.addFilter(new FilterHolder(before), "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        context.addFilter(new FilterHolder(b.clock == null && b.platforms == null ? new ClickIdCaptureFilter()
                : new ClickIdCaptureFilter(b.clock == null ? Clock.systemUTC() : b.clock, b.platforms)),
                "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(new ConversionTriggerFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder("lead", new LeadServlet()), "/lead");
        context.addServlet(new ServletHolder("triggered", new ThanksServlet()), "/triggered");
        context.addServlet(new ServletHolder("raw", new RawServlet()), "/raw");
        context.addServlet(new ServletHolder("page", new PageServlet()), "/");
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            if (ownTracker != null) {
                ownTracker.close();
            }
            fake.close();
            throw e;
        }
    }

    static Builder builder() {
        return new Builder();
    }

    /** The tracker TrackerListener would start from {@code settings}, on the builder's clock and executor. */
    private static Tracker ownTracker(Builder b, Settings settings) {
        Tracker.Builder tracker = Tracker.builder().name("shop").settings(settings).jmx(false);
        if (b.clock != null) {
            tracker.clock(b.clock);
        }
        if (b.synchronousDelivery) {
            tracker.executor(Runnable::run);
        }
        return tracker.build();
    }

    static final class Builder {
        private final Map<String, String> contextParams = new LinkedHashMap<>();
        private final List<Filter> filtersBefore = new ArrayList<>();
        private Clock clock;
        private List<Platform> platforms;
        private boolean forwardedByTheContainer;
        private boolean synchronousDelivery;

        /** The platforms the capture filter captures for besides 360 (configured), instead of the ServiceLoader's. */
        Builder platforms(List<Platform> platforms) {
            this.platforms = platforms;
            return this;
        }

        /**
         * Lets the container itself rewrite requests from their forwarding headers (Jetty's
         * {@code ForwardedRequestCustomizer}, as Spring Boot's {@code server.forward-headers-strategy=native} does).
         */
        Builder forwardedByTheContainer() {
            this.forwardedByTheContainer = true;
            return this;
        }

        /**
         * The clock of the capture filter and of a tracker the shop installs itself (instead of the one
         * {@link TrackerListener} would start on the system clock), so that a test moves both.
         */
        Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Delivers on the thread that reports ({@code executor(Runnable::run)}, a tracker the shop installs itself
         * instead of the one {@link TrackerListener} would start): a conversion reported while a request is handled
         * has reached the fake, and its answer is settled, when the response returns.
         */
        Builder synchronousDelivery() {
            this.synchronousDelivery = true;
            return this;
        }

        Builder contextParam(String name, String value) {
            contextParams.put(name, value);
            return this;
        }

        /** A filter of the application's that runs before qhtrack's. */
        Builder filterBefore(Filter filter) {
            filtersBefore.add(filter);
            return this;
        }

        ShopServer start() throws Exception {
            return new ShopServer(this);
        }
    }

    /** Reports a lead with one call and answers the outcome. */
    static final class LeadServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            req.setCharacterEncoding("UTF-8");
            req.getParameter("name"); // the application reads its form first, as applications do
            TrackOutcome outcome = QhTracker.lead(req);
            resp.setContentType("text/plain;charset=utf-8");
            resp.getWriter().print(outcome.status() + "\n" + outcome.message());
        }
    }

    /** Reported by the trigger. */
    static final class ThanksServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            req.setCharacterEncoding("UTF-8");
            resp.setContentType("text/plain;charset=utf-8");
            resp.getWriter().print("thanks " + req.getParameter("name"));
        }
    }

    /** Echoes the body. */
    static final class RawServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            byte[] body = req.getInputStream().readAllBytes();
            resp.setContentType("application/octet-stream");
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        }
    }

    /** Which click the visitor is attributed to. */
    static final class PageServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain;charset=utf-8");
            resp.getWriter().print("click=" + QhClick.current(req).map(c -> (CapturePlatforms.QIHOO360.equals(
                    c.platform()) ? "" : c.platform() + ":") + c.lineId() + ":" + c.id()).orElse("none"));
        }
    }

    int port() {
        return connector.getLocalPort();
    }

    /** {@code http://127.0.0.1:port}. */
    String origin() {
        return "http://127.0.0.1:" + port();
    }

    URI uri(String pathAndQuery) {
        return URI.create(origin() + pathAndQuery);
    }

    /** The web application's tracker, started by {@link TrackerListener}. */
    Tracker tracker() {
        return QhTracker.tracker(context.getServletContext()).orElseThrow();
    }

    /** A new visitor: a browser-like client with its own cookie jar. */
    Visitor visitor() {
        return new Visitor();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping Jetty", e);
        } finally {
            if (ownTracker != null) {
                ownTracker.close();
            }
            fake.close();
        }
    }

    /** One visitor: its cookies go from one request to the next. */
    final class Visitor extends CookieCarryingClient {

        @Override
        URI uri(String pathAndQuery) {
            return ShopServer.this.uri(pathAndQuery);
        }

        /** A form POST of {@code fields} (name, value, …), URL-encoded. */
        HttpResponse<String> postForm(String pathAndQuery, String... fields) {
            return post(pathAndQuery, form(fields), "Content-Type", "application/x-www-form-urlencoded;charset=UTF-8");
        }

        HttpResponse<String> post(String pathAndQuery, String body, String... headers) {
            return post(pathAndQuery, body.getBytes(StandardCharsets.UTF_8), headers);
        }

        /** The outcome status {@code /lead} answered for {@code fields}. */
        String lead(String pathAndQuery, String... fields) {
            return postForm(pathAndQuery, fields).body().split("\n", 2)[0];
        }
    }

    static String form(String... fields) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < fields.length; i += 2) {
            form.append(form.length() == 0 ? "" : "&").append(URLEncoder.encode(fields[i], StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        return form.toString();
    }
}
