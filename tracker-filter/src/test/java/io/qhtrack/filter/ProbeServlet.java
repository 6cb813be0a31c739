package io.qhtrack.filter;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.TreeSet;

/**
 * An application servlet for web.xml deployments that does not touch qhtrack's classes (in a web application they
 * come from the jar in WEB-INF/lib, this class from the test class path): it reports the registered filters and
 * what {@link ProbeFilter} saw, and whether a qhtrack tracker is installed.
 */
public class ProbeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String text = "filters=" + new TreeSet<>(request.getServletContext().getFilterRegistrations().keySet())
                + "\nprobe=" + request.getAttribute(ProbeFilter.SEEN)
                + "\ntracker=" + trackerInstalled(request);
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/plain;charset=utf-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Whether qhtrack's one context attribute holds a tracker (its description names it: "tracker=none" if not). */
    private static boolean trackerInstalled(HttpServletRequest request) {
        Object runtime = request.getServletContext().getAttribute("io.qhtrack.filter.QhtrackRuntime");
        return runtime != null && !runtime.toString().contains("tracker=none");
    }
}
