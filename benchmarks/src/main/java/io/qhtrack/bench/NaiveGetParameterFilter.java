package io.qhtrack.bench;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import java.io.IOException;

/**
 * What public integrations do: ask the container for the three parameters. On every request the container decodes
 * the whole query string into a parameter map (and, on a form POST, consumes the body: DESIGN.md's pitfall). It
 * stores nothing, so it is a lower bound for that approach.
 */
final class NaiveGetParameterFilter implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String qhclickid = request.getParameter("qhclickid");
        String sourceid = request.getParameter("sourceid");
        String impressionId = request.getParameter("impression_id");
        if (qhclickid != null || sourceid != null || impressionId != null) {
            request.setAttribute("click", qhclickid != null ? qhclickid : sourceid != null ? sourceid : impressionId);
        }
        chain.doFilter(request, response);
    }
}
