package io.qhtrack.filter.webapp;

import io.qhtrack.core.Event;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.filter.ClickIdCaptureFilter;
import io.qhtrack.filter.QhClick;
import io.qhtrack.filter.QhTracker;
import io.qhtrack.filter.ReportConversion;

import javax.servlet.ServletContext;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.TreeSet;

/**
 * The servlets of the test web application, declared in its web.xml and loaded from its WEB-INF/classes by the
 * container, so that they see qhtrack's classes from the jar in WEB-INF/lib as a real application would. Nothing
 * here registers a filter or a listener: the jar's ServletContainerInitializer does.
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
}
