package io.qhtrack.filter.webapp;

import io.qhtrack.core.Event;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.filter.ClickIdCaptureFilter;
import io.qhtrack.filter.QhClick;
import io.qhtrack.filter.QhTracker;
import io.qhtrack.filter.ReportConversion;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletContext;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The servlets (and the character-encoding filter) of the test web application, declared in its web.xml and loaded
 * from its WEB-INF/classes by the container, so that they see qhtrack's classes from the jar in WEB-INF/lib as a real
 * application would. Nothing here registers qhtrack's filters or listener: the jar's ServletContainerInitializer
 * does.
 */
public final class Shop {

    private Shop() {
    }

    private static void reply(HttpServletResponse response, String text) throws IOException {
        response.setContentType("text/plain;charset=utf-8");
        response.getWriter().print(text);
    }

    /** The landing page, default servlet ("/"): which click this visitor is attributed to. */
    public static final class Page extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            reply(resp, "click=" + QhClick.current(req).map(c -> c.line().shortName() + ":" + c.id()).orElse("none"));
        }
    }

    /** What the container set up from the jar alone. */
    public static final class Status extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            ServletContext context = req.getServletContext();
            reply(resp, "filters=" + new TreeSet<>(context.getFilterRegistrations().keySet())
                    + "\ntracker=" + QhTracker.tracker(context).isPresent()
                    + "\nfilter-jar=" + ClickIdCaptureFilter.class.getProtectionDomain().getCodeSource().getLocation()
                    + "\nservlet-api=" + context.getMajorVersion() + "." + context.getMinorVersion());
        }
    }

    /** The lead form: no qhtrack code, the trigger {@code POST /lead=SUBMIT} reports it. */
    public static final class Lead extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            req.setCharacterEncoding("UTF-8");
            String phone = req.getParameter("phone");
            if (phone == null || phone.trim().isEmpty()) {
                resp.sendError(400, "phone is required");
                return;
            }
            reply(resp, "thanks " + req.getParameter("name"));
        }
    }

    /** A contact form reported with one explicit call. */
    public static final class Contact extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            req.setCharacterEncoding("UTF-8");
            TrackOutcome outcome = QhTracker.lead(req);
            reply(resp, outcome.status().name());
        }
    }

    /** An order priced by the server (the course costs 23.45 yuan), reported with one explicit call. */
    public static final class Order extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            TrackOutcome outcome = QhTracker.order(req, req.getParameter("orderId"), "23.45");
            reply(resp, outcome.status().name());
        }
    }

    /** Any event with details, reported in code. */
    public static final class WeChat extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            TrackOutcome outcome = QhTracker.report(req, Event.WX_BUTTON_C, c -> c.score(3));
            reply(resp, outcome.status().name());
        }
    }

    /** Reported by annotation when it answers 2xx. */
    @ReportConversion(Event.CALL)
    public static final class Call extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) {
            resp.setStatus(204);
        }
    }

    /**
     * The application's character-encoding filter, declared in web.xml, so after qhtrack's filters (the jar registers
     * them first): the request's encoding from its init-param {@code encoding}, unless the request named one.
     */
    public static final class EncodingFilter implements Filter {
        private String encoding;

        @Override
        public void init(FilterConfig config) {
            encoding = config.getInitParameter("encoding");
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            if (request.getCharacterEncoding() == null) {
                request.setCharacterEncoding(encoding);
            }
            chain.doFilter(request, response);
        }

        @Override
        public void destroy() {
            // nothing held
        }
    }

    /** A sign-up form on a trigger: reads its fields the ordinary way and sets no encoding of its own. */
    public static final class SignUp extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            reply(resp, "thanks " + req.getParameter("name"));
        }
    }

    /**
     * A triggered form whose answer starts before it ends: {@code /slow/flush} sends "accepted" at once (a flush),
     * {@code /slow/big} sends {@link #BIG} bytes at once (more than the response buffer); either then waits, at most
     * ten seconds, until {@code /release}, and ends its answer with " and done".
     */
    public static final class Slow extends HttpServlet {
        private static final long serialVersionUID = 1L;
        /** More than Tomcat's (8 KiB) and Jetty's (32 KiB) response buffer. */
        public static final int BIG = 100_000;
        static final CountDownLatch RELEASED = new CountDownLatch(1);

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain;charset=utf-8");
            if ("/big".equals(req.getPathInfo())) {
                byte[] big = new byte[BIG];
                Arrays.fill(big, (byte) 'x');
                resp.getOutputStream().write(big);
            } else {
                resp.getOutputStream().write("accepted".getBytes(StandardCharsets.UTF_8));
                resp.flushBuffer();
            }
            try {
                RELEASED.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            resp.getOutputStream().write(" and done".getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Lets {@link Slow} finish its answers. */
    public static final class Release extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            Slow.RELEASED.countDown();
            reply(resp, "released");
        }
    }

    /** How many conversions the web application's outbox holds, in any state. */
    public static final class Outbox extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            long held = QhTracker.tracker(req.getServletContext()).map(t -> t.outbox().counts().values().stream()
                    .mapToLong(Long::longValue).sum()).orElse(-1L);
            reply(resp, String.valueOf(held));
        }
    }
}
