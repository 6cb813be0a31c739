package io.qhtrack.filter;

import io.qhtrack.core.Event;
import io.qhtrack.core.Outboxes;
import io.qhtrack.core.Tracker;
import io.qhtrack.testkit.Fake360;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A shop whose handlers answer in every way a response can be committed, on embedded Jetty 12 or Tomcat 11, set up
 * as a web application is: {@link CommitProbe} first, qhtrack's capture and trigger filters, then the application's
 * own character-encoding filter (as one declared in {@code web.xml} comes after the jar's), the servlets. The tracker
 * reports to a {@link Fake360} through {@link CommitProbe#outbox}. Triggers: {@code POST /guarded/*=SUBMIT} and
 * {@code POST /form/*=SUBMIT}; {@code /call} is a {@link ReportConversion} servlet.
 */
final class GuardedShop implements AutoCloseable {

    /** More than either container's response buffer (Tomcat 8 KiB, Jetty 32 KiB). */
    static final int BIG = 100_000;

    enum Container { JETTY, TOMCAT }

    final CommitProbe probe = new CommitProbe();
    final Fake360 fake;
    private final Tracker tracker;
    private final Server jetty;
    private final Tomcat tomcat;
    private final int port;

    private GuardedShop(Container container, Path work) throws Exception {
        fake = Fake360.builder().credentials("sk", "ss", "ocpc_ps_convert", "ocpc_ms_convert").start();
        tracker = Tracker.builder().name("guarded-" + container.name().toLowerCase())
                .settings(io.qhtrack.core.Settings.of(Map.of("qhtrack.endpoint", fake.endpoint().toString(),
                        "qhtrack.search.key", "sk", "qhtrack.search.secret", "ss")))
                .outbox(probe.outbox(Outboxes.inMemory(1000))).jmx(false).build();
        if (container == Container.JETTY) {
            jetty = new Server();
            tomcat = null;
            port = startJetty();
        } else {
            jetty = null;
            tomcat = new Tomcat();
            port = startTomcat(work);
        }
    }

    static GuardedShop start(Container container, Path work) throws Exception {
        return new GuardedShop(container, work);
    }

    private static Map<String, String> triggers() {
        return Map.of("qhtrack.triggers", "POST /guarded/*=SUBMIT, POST /form/*=SUBMIT");
    }

    /** The filters in the order of the chain, by name. */
    private Map<String, Filter> filters() {
        Map<String, Filter> filters = new LinkedHashMap<>();
        filters.put("probe", probe);
        filters.put("qhtrack", new ClickIdCaptureFilter());
        filters.put("qhtrack-triggers", new ConversionTriggerFilter());
        return filters;
    }

    private int startJetty() throws Exception {
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        triggers().forEach(context::setInitParameter);
        for (Map.Entry<String, Filter> f : filters().entrySet()) {
            FilterHolder holder = new FilterHolder(f.getValue());
            holder.setName(f.getKey());
            holder.setAsyncSupported(true);
            context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        context.addFilter(new FilterHolder(new EncodingFilter("UTF-8")), "/form/utf-8", EnumSet.of(DispatcherType.REQUEST));
        ServletHolder guarded = new ServletHolder("guarded", new Guarded());
        guarded.setAsyncSupported(true);
        context.addServlet(guarded, "/guarded/*");
        context.addServlet(new ServletHolder("form", new SignUp()), "/form/*");
        context.addServlet(new ServletHolder("call", FlushingCall.class), "/call");
        context.addServlet(new ServletHolder("page", new Page()), "/");
        jetty.setHandler(context);
        jetty.start();
        QhTracker.install(context.getServletContext(), tracker);
        return connector.getLocalPort();
    }

    private int startTomcat(Path work) throws Exception {
        tomcat.setBaseDir(Files.createDirectories(work.resolve("tomcat")).toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.setPort(0);
        Context context = tomcat.addContext("", Files.createDirectories(work.resolve("docs")).toString());
        triggers().forEach(context::addParameter);
        for (Map.Entry<String, Filter> f : filters().entrySet()) {
            addFilter(context, f.getKey(), f.getValue(), "/*");
        }
        addFilter(context, "utf-8", new EncodingFilter("UTF-8"), "/form/utf-8");
        addFilter(context, "gbk", new EncodingFilter("GBK"), "/form/gbk");
        addFilter(context, "iso-8859-1", new EncodingFilter("ISO-8859-1"), "/form/iso-8859-1");
        Wrapper guarded = Tomcat.addServlet(context, "guarded", new Guarded());
        guarded.setAsyncSupported(true);
        context.addServletMapping("/guarded/*", "guarded");
        Tomcat.addServlet(context, "form", new SignUp());
        context.addServletMapping("/form/*", "form");
        Tomcat.addServlet(context, "call", FlushingCall.class.getName());
        context.addServletMapping("/call", "call");
        Tomcat.addServlet(context, "page", new Page());
        context.addServletMapping("/", "page");
        tomcat.start();
        QhTracker.install(context.getServletContext(), tracker);
        return tomcat.getConnector().getLocalPort();
    }

    private static void addFilter(Context context, String name, Filter filter, String pattern) {
        FilterDef def = new FilterDef();
        def.setFilterName(name);
        def.setFilter(filter);
        def.setAsyncSupported("true");
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName(name);
        map.addURLPattern(pattern);
        context.addFilterMap(map);
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    /** A new visitor with its own cookies. */
    CookieCarryingClient visitor() {
        return new CookieCarryingClient() {
            @Override
            URI uri(String pathAndQuery) {
                return GuardedShop.this.uri(pathAndQuery);
            }
        };
    }

    @Override
    public void close() {
        try {
            if (jetty != null) {
                jetty.stop();
            } else {
                tomcat.stop();
                tomcat.destroy();
            }
        } catch (Exception e) {
            throw new IllegalStateException("stopping the server", e);
        } finally {
            tracker.close();
            fake.close();
        }
    }

    /** The body {@code /guarded/big-*} answers: {@link #BIG} characters, each line numbered. */
    static String bigBody() {
        StringBuilder body = new StringBuilder(BIG);
        for (int line = 0; body.length() < BIG; line++) {
            body.append(String.format("%07d ", line)).append("accepted, thank you ".repeat(4)).append('\n');
        }
        return body.substring(0, BIG);
    }

    /** What the application's {@code web.xml} declares: the request's encoding, unless the request named one. */
    static final class EncodingFilter implements Filter {
        private final String charset;

        EncodingFilter(String charset) {
            this.charset = charset;
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            if (request.getCharacterEncoding() == null) {
                request.setCharacterEncoding(charset);
            }
            chain.doFilter(request, response);
        }
    }

    /** A sign-up form: reads its fields the ordinary way and thanks the visitor by name. */
    static final class SignUp extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain;charset=utf-8");
            resp.getWriter().print("thanks " + req.getParameter("name"));
        }
    }

    /** Reported by annotation; commits its answer before it returns. */
    @ReportConversion(Event.CALL)
    public static final class FlushingCall extends HttpServlet {
        private static final long serialVersionUID = 1L;

        /** For the container, which instantiates it by class name. */
        public FlushingCall() {
        }

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain;charset=utf-8");
            resp.getWriter().print("calling you");
            resp.flushBuffer();
        }
    }

    /** The landing page. */
    static final class Page extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain;charset=utf-8");
            resp.getWriter().print("click=" + QhClick.current(req).map(c -> c.id()).orElse("none"));
        }
    }

    /** Each path answers a form post in one way: {@code /guarded/<way>}. */
    static final class Guarded extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
            resp.setContentType("text/plain;charset=utf-8");
            String way = req.getPathInfo();
            switch (way) {
                case "/end" -> resp.getWriter().print("accepted");
                case "/flush-writer" -> {
                    PrintWriter out = resp.getWriter();
                    out.print("accepted");
                    out.flush();
                    out.print(" and done");
                }
                case "/flush-stream" -> {
                    ServletOutputStream out = resp.getOutputStream();
                    out.write("accepted".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    out.write(" and done".getBytes(StandardCharsets.UTF_8));
                }
                case "/flush-buffer" -> {
                    resp.getWriter().print("accepted");
                    resp.flushBuffer();
                    resp.getWriter().print(" and done");
                }
                case "/big-writer" -> {
                    String body = bigBody();
                    for (int i = 0; i < body.length(); i += 1000) {
                        resp.getWriter().write(body, i, Math.min(1000, body.length() - i));
                    }
                }
                case "/big-stream" -> resp.getOutputStream().write(bigBody().getBytes(StandardCharsets.UTF_8));
                case "/content-length" -> {
                    byte[] body = "accepted".getBytes(StandardCharsets.UTF_8);
                    resp.setContentLength(body.length);
                    resp.getOutputStream().write(body);
                }
                case "/close" -> {
                    resp.getWriter().print("accepted");
                    resp.getWriter().close();
                }
                case "/redirect" -> resp.sendRedirect("/thanks");
                case "/reset" -> {
                    resp.getWriter().print("a draft the handler took back");
                    resp.resetBuffer();
                    resp.getWriter().print("accepted");
                }
                case "/send-error" -> resp.sendError(400, "phone is required");
                case "/400-flushed" -> {
                    resp.setStatus(400);
                    resp.getWriter().print("phone is required");
                    resp.flushBuffer();
                }
                case "/throw" -> {
                    resp.getWriter().print("half an answer");
                    throw new ServletException("the CRM is down");
                }
                case "/async" -> {
                    AsyncContext async = req.startAsync(req, resp);
                    new Thread(() -> {
                        try {
                            resp.getWriter().print("accepted later");
                            resp.flushBuffer();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        } finally {
                            async.complete();
                        }
                    }).start();
                }
                case "/async-no-body" -> {
                    AsyncContext async = req.startAsync();
                    new Thread(() -> {
                        ((HttpServletResponse) async.getResponse()).setStatus(204);
                        async.complete();
                    }).start();
                }
                default -> resp.sendError(404);
            }
        }
    }
}
