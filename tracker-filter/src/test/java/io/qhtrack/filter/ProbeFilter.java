package io.qhtrack.filter;

import io.qhtrack.core.Click;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import java.io.IOException;

/**
 * A filter declared in web.xml: records whether the click of this request was already known when it ran, which is
 * the case only if the qhtrack filter ran before it.
 */
public class ProbeFilter implements Filter {

    static final String SEEN = "probe.seen";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Object click = request.getAttribute(QhClick.ATTRIBUTE);
        request.setAttribute(SEEN, click instanceof Click ? ((Click) click).id() : "nothing");
        chain.doFilter(request, response);
    }
}
