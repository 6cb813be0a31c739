package io.qhtrack.bench;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;

import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;

/** Init-params and a context for {@code Filter.init}. */
final class FakeFilterConfig implements FilterConfig {

    private final ServletContext context;
    private final Map<String, String> initParameters;

    FakeFilterConfig(ServletContext context, Map<String, String> initParameters) {
        this.context = context;
        this.initParameters = Map.copyOf(initParameters);
    }

    @Override
    public String getFilterName() {
        return "qhtrack";
    }

    @Override
    public ServletContext getServletContext() {
        return context;
    }

    @Override
    public String getInitParameter(String name) {
        return initParameters.get(name);
    }

    @Override
    public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(initParameters.keySet());
    }
}
