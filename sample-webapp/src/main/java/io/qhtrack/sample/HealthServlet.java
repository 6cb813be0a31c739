package io.qhtrack.sample;

import io.qhtrack.filter.QhTracker;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** {@code GET /healthz}: {@code 200 ok} once the application has started and its tracker is installed. */
public final class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** For the container. */
    public HealthServlet() {
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean up = QhTracker.tracker(request.getServletContext()).isPresent();
        response.setStatus(up ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("text/plain;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(up ? "ok\n" : "starting\n");
    }
}
