package io.qhtrack.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Optional;

/**
 * {@code /demo/}: the demo dashboard ({@link DashboardPage}), and {@code /demo/status.json} ({@link StatusJson}).
 * Both answer 404 unless {@code qhtrack.demo.dashboard} is on (see {@link DemoConfig}).
 */
public final class DashboardServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** For the container. */
    public DashboardServlet() {
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<DemoRuntime> runtime = DemoRuntime.of(request.getServletContext())
                .filter(r -> r.config().dashboard());
        String path = request.getPathInfo();
        if (runtime.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        } else if (path == null) {
            response.sendRedirect(request.getContextPath() + "/demo/");
        } else if (path.equals("/")) {
            DashboardPage.render(request, runtime.get()).send(response, HttpServletResponse.SC_OK);
        } else if (path.equals("/status.json")) {
            response.setContentType("application/json;charset=UTF-8");
            response.setHeader("Cache-Control", "no-store");
            JSON.writeValue(response.getWriter(), StatusJson.of(request, runtime.get()));
        } else {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }
}
