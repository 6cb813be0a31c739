package io.qhtrack.bench;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.SessionTrackingMode;
import jakarta.servlet.descriptor.JspConfigDescriptor;

import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.EventListener;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The servlet context a filter is initialised with: context-params and attributes only. */
final class FakeServletContext implements ServletContext {

    private final Map<String, String> initParameters;
    private final Map<String, Object> attributes = new HashMap<>();

    FakeServletContext(Map<String, String> initParameters) {
        this.initParameters = Map.copyOf(initParameters);
    }

    @Override
    public String getInitParameter(String name) {
        return initParameters.get(name);
    }

    @Override
    public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(initParameters.keySet());
    }

    @Override
    public String getContextPath() {
        return "";
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        attributes.put(name, value);
    }

    @Override
    public void removeAttribute(String name) {
        attributes.remove(name);
    }

    @Override
    public Map<String, ? extends FilterRegistration> getFilterRegistrations() {
        return Map.of();
    }

    @Override
    public void log(String message) {
        // quiet
    }

    @Override
    public String getServletContextName() {
        return "benchmark";
    }

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("not needed by the benchmark");
    }

    @Override
    public FilterRegistration.Dynamic addFilter(String a0, Class<? extends Filter> a1) {
        throw unsupported();
    }

    @Override
    public FilterRegistration.Dynamic addFilter(String a0, String a1) {
        throw unsupported();
    }

    @Override
    public FilterRegistration.Dynamic addFilter(String a0, Filter a1) {
        throw unsupported();
    }

    @Override
    public ServletRegistration.Dynamic addJspFile(String a0, String a1) {
        throw unsupported();
    }

    @Override
    public void addListener(Class<? extends EventListener> a0) {
        throw unsupported();
    }

    @Override
    public void addListener(String a0) {
        throw unsupported();
    }

    @Override
    public <T extends EventListener> void addListener(T a0) {
        throw unsupported();
    }

    @Override
    public ServletRegistration.Dynamic addServlet(String a0, Class<? extends Servlet> a1) {
        throw unsupported();
    }

    @Override
    public ServletRegistration.Dynamic addServlet(String a0, String a1) {
        throw unsupported();
    }

    @Override
    public ServletRegistration.Dynamic addServlet(String a0, Servlet a1) {
        throw unsupported();
    }

    @Override
    public <T extends Filter> T createFilter(Class<T> a0) throws ServletException {
        throw unsupported();
    }

    @Override
    public <T extends EventListener> T createListener(Class<T> a0) throws ServletException {
        throw unsupported();
    }

    @Override
    public <T extends Servlet> T createServlet(Class<T> a0) throws ServletException {
        throw unsupported();
    }

    @Override
    public void declareRoles(String... a0) {
        throw unsupported();
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        throw unsupported();
    }

    @Override
    public ClassLoader getClassLoader() {
        return FakeServletContext.class.getClassLoader();
    }

    @Override
    public ServletContext getContext(String a0) {
        throw unsupported();
    }

    @Override
    public Set<SessionTrackingMode> getDefaultSessionTrackingModes() {
        throw unsupported();
    }

    @Override
    public int getEffectiveMajorVersion() {
        throw unsupported();
    }

    @Override
    public int getEffectiveMinorVersion() {
        throw unsupported();
    }

    @Override
    public Set<SessionTrackingMode> getEffectiveSessionTrackingModes() {
        throw unsupported();
    }

    @Override
    public FilterRegistration getFilterRegistration(String a0) {
        throw unsupported();
    }

    @Override
    public JspConfigDescriptor getJspConfigDescriptor() {
        throw unsupported();
    }

    @Override
    public int getMajorVersion() {
        throw unsupported();
    }

    @Override
    public String getMimeType(String a0) {
        throw unsupported();
    }

    @Override
    public int getMinorVersion() {
        throw unsupported();
    }

    @Override
    public RequestDispatcher getNamedDispatcher(String a0) {
        throw unsupported();
    }

    @Override
    public String getRealPath(String a0) {
        throw unsupported();
    }

    @Override
    public String getRequestCharacterEncoding() {
        throw unsupported();
    }

    @Override
    public RequestDispatcher getRequestDispatcher(String a0) {
        throw unsupported();
    }

    @Override
    public InputStream getResourceAsStream(String a0) {
        throw unsupported();
    }

    @Override
    public Set<String> getResourcePaths(String a0) {
        throw unsupported();
    }

    @Override
    public URL getResource(String a0) throws MalformedURLException {
        throw unsupported();
    }

    @Override
    public String getResponseCharacterEncoding() {
        throw unsupported();
    }

    @Override
    public String getServerInfo() {
        throw unsupported();
    }

    @Override
    public ServletRegistration getServletRegistration(String a0) {
        throw unsupported();
    }

    @Override
    public Map<String, ? extends ServletRegistration> getServletRegistrations() {
        return Collections.emptyMap();
    }

    @Override
    public SessionCookieConfig getSessionCookieConfig() {
        throw unsupported();
    }

    @Override
    public int getSessionTimeout() {
        throw unsupported();
    }

    @Override
    public String getVirtualServerName() {
        throw unsupported();
    }

    @Override
    public void log(String a0, Throwable a1) {
        throw unsupported();
    }

    @Override
    public boolean setInitParameter(String a0, String a1) {
        throw unsupported();
    }

    @Override
    public void setRequestCharacterEncoding(String a0) {
        throw unsupported();
    }

    @Override
    public void setResponseCharacterEncoding(String a0) {
        throw unsupported();
    }

    @Override
    public void setSessionTimeout(int a0) {
        throw unsupported();
    }

    @Override
    public void setSessionTrackingModes(Set<SessionTrackingMode> a0) {
        throw unsupported();
    }
}
