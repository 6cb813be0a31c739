package io.qhtrack.sample;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * {@code GET /}: the landing page, whatever the query string. An ad click's id on the URL is captured by qhtrack's
 * filter before this servlet runs; the page itself knows nothing about it.
 */
public final class LandingServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** For the container. */
    public LandingServlet() {
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        LandingPage.render(request, LeadForm.blank(), OrderForm.fresh()).send(response, HttpServletResponse.SC_OK);
    }
}
