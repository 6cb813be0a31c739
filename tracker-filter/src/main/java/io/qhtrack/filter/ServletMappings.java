package io.qhtrack.filter;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * Which servlet of the web application a request was mapped to, told from its servlet path and path info with the
 * Servlet 3.0 API only ({@code HttpServletRequest.getHttpServletMapping} is Servlet 4.0, absent from Tomcat 8.5 and
 * Jetty 9.4). The container has already chosen the servlet when a filter runs, and its choice is visible in how it
 * split the path: an exact or extension mapping leaves no path info, a path mapping ({@code /order/*}) puts the rest
 * of the path there, the default servlet ({@code /}) takes the whole path as servlet path. So the candidate patterns
 * are looked up in the order the specification ranks them (section 12.1), and the first one that some servlet is
 * mapped with is the one the container used.
 */
final class ServletMappings {

    private final Map<String, String> servletByPattern;

    private ServletMappings(Map<String, String> servletByPattern) {
        this.servletByPattern = servletByPattern;
    }

    /** The URL patterns of every servlet registered in {@code context} now. */
    static ServletMappings of(ServletContext context) {
        Map<String, String> byPattern = new HashMap<>();
        for (Map.Entry<String, ? extends ServletRegistration> e : context.getServletRegistrations().entrySet()) {
            Collection<String> mappings = e.getValue().getMappings();
            if (mappings != null) {
                for (String pattern : mappings) {
                    byPattern.put(pattern, e.getKey());
                }
            }
        }
        return of(byPattern);
    }

    /** From URL patterns to servlet names, as in {@code web.xml}. */
    static ServletMappings of(Map<String, String> servletByPattern) {
        return new ServletMappings(Collections.unmodifiableMap(new HashMap<>(servletByPattern)));
    }

    /**
     * The name of the servlet a request with this servlet path and path info was mapped to, or {@code null} when none
     * of the registered patterns explains it (a container's own default servlet, say).
     */
    String servletFor(String servletPath, String pathInfo) {
        String path = servletPath == null ? "" : servletPath;
        if (pathInfo != null) {
            // a path mapping: "/order/*", or "/*" (empty servlet path); or the context root "" ("" and "/")
            String name = servletByPattern.get(path + "/*");
            if (name == null && path.isEmpty() && "/".equals(pathInfo)) {
                name = servletByPattern.get("");
            }
            return name;
        }
        String name = servletByPattern.get(path); // exact
        if (name == null) {
            name = servletByPattern.get(path + "/*"); // "/order/*" maps "/order" itself too
        }
        if (name == null) {
            int dot = path.lastIndexOf('.');
            if (dot > path.lastIndexOf('/')) {
                name = servletByPattern.get("*" + path.substring(dot)); // extension: "*.do"
            }
        }
        if (name == null) {
            name = servletByPattern.get("/"); // the default servlet
        }
        return name;
    }
}
