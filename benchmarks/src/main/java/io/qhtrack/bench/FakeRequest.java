package io.qhtrack.bench;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletConnection;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.Part;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An in-process GET request, as cheap as a container's request object: fixed URI, query string and headers;
 * attributes in a map created on first use; parameters decoded from the query string on first use, as containers
 * do. {@link #recycle()} makes it a fresh request again (containers recycle their request objects too).
 */
final class FakeRequest implements HttpServletRequest {

    private final String uri;
    private final String query;
    /** Looked up ignoring case without allocating, as containers do: a lower-cased copy of the name would cost 48 B. */
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final ServletContext context;
    private Map<String, Object> attributes;
    private Map<String, String[]> parameters;
    private String method = "GET";

    FakeRequest(ServletContext context, String uri, String query) {
        this.context = context;
        this.uri = uri;
        this.query = query;
    }

    FakeRequest header(String name, String value) {
        headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        return this;
    }

    /** This request's HTTP method (default {@code GET}). */
    FakeRequest method(String name) {
        method = name;
        return this;
    }

    /** Forgets what the last request did: attributes and decoded parameters. */
    void recycle() {
        if (attributes != null) {
            attributes.clear();
        }
        parameters = null;
    }

    @Override
    public Object getAttribute(String name) {
        return attributes == null ? null : attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        if (attributes == null) {
            attributes = new HashMap<>();
        }
        attributes.put(name, value);
    }

    @Override
    public void removeAttribute(String name) {
        if (attributes != null) {
            attributes.remove(name);
        }
    }

    @Override
    public DispatcherType getDispatcherType() {
        return DispatcherType.REQUEST;
    }

    @Override
    public String getRequestURI() {
        return uri;
    }

    @Override
    public String getQueryString() {
        return query;
    }

    @Override
    public String getHeader(String name) {
        List<String> values = headers.get(name);
        return values == null ? null : values.get(0);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        List<String> values = headers.get(name);
        return values == null ? Collections.emptyEnumeration() : Collections.enumeration(values);
    }

    @Override
    public String getParameter(String name) {
        String[] values = parameters().get(name);
        return values == null ? null : values[0];
    }

    @Override
    public String[] getParameterValues(String name) {
        return parameters().get(name);
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return Collections.unmodifiableMap(parameters());
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(parameters().keySet());
    }

    /** What a container does on the first getParameter: decode the whole query string into a map. */
    private Map<String, String[]> parameters() {
        if (parameters == null) {
            parameters = new LinkedHashMap<>();
            if (query != null) {
                for (String pair : query.split("&")) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    parameters.merge(name, new String[] {value}, (a, b) -> {
                        String[] both = new String[a.length + b.length];
                        System.arraycopy(a, 0, both, 0, a.length);
                        System.arraycopy(b, 0, both, a.length, b.length);
                        return both;
                    });
                }
            }
        }
        return parameters;
    }

    @Override
    public String getServerName() {
        return "www.example.com.cn";
    }

    @Override
    public boolean isSecure() {
        return true;
    }

    @Override
    public String getMethod() {
        return method;
    }

    @Override
    public String getContextPath() {
        return "";
    }

    @Override
    public ServletContext getServletContext() {
        return context;
    }

    @Override
    public HttpSession getSession(boolean create) {
        if (create) {
            throw unsupported();
        }
        return null;
    }

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("not needed by the benchmark");
    }

    @Override
    public boolean authenticate(HttpServletResponse a0) throws IOException, ServletException {
        throw unsupported();
    }

    @Override
    public String changeSessionId() {
        throw unsupported();
    }

    @Override
    public AsyncContext getAsyncContext() {
        throw unsupported();
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        throw unsupported();
    }

    @Override
    public String getAuthType() {
        throw unsupported();
    }

    @Override
    public String getCharacterEncoding() {
        throw unsupported();
    }

    @Override
    public long getContentLengthLong() {
        throw unsupported();
    }

    @Override
    public int getContentLength() {
        throw unsupported();
    }

    @Override
    public String getContentType() {
        throw unsupported();
    }

    @Override
    public Cookie[] getCookies() {
        throw unsupported();
    }

    @Override
    public long getDateHeader(String a0) {
        throw unsupported();
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        throw unsupported();
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        throw unsupported();
    }

    @Override
    public int getIntHeader(String a0) {
        throw unsupported();
    }

    @Override
    public String getLocalAddr() {
        throw unsupported();
    }

    @Override
    public String getLocalName() {
        throw unsupported();
    }

    @Override
    public int getLocalPort() {
        throw unsupported();
    }

    @Override
    public Locale getLocale() {
        throw unsupported();
    }

    @Override
    public Enumeration<Locale> getLocales() {
        throw unsupported();
    }

    @Override
    public Part getPart(String a0) throws IOException, ServletException {
        throw unsupported();
    }

    @Override
    public Collection<Part> getParts() throws IOException, ServletException {
        throw unsupported();
    }

    @Override
    public String getPathInfo() {
        return null; // mapped to the default servlet: the whole path is the servlet path
    }

    @Override
    public String getPathTranslated() {
        throw unsupported();
    }

    @Override
    public String getProtocolRequestId() {
        throw unsupported();
    }

    @Override
    public String getProtocol() {
        throw unsupported();
    }

    @Override
    public BufferedReader getReader() throws IOException {
        throw unsupported();
    }

    @Override
    public String getRemoteAddr() {
        throw unsupported();
    }

    @Override
    public String getRemoteHost() {
        throw unsupported();
    }

    @Override
    public int getRemotePort() {
        throw unsupported();
    }

    @Override
    public String getRemoteUser() {
        throw unsupported();
    }

    @Override
    public RequestDispatcher getRequestDispatcher(String a0) {
        throw unsupported();
    }

    @Override
    public String getRequestId() {
        throw unsupported();
    }

    @Override
    public StringBuffer getRequestURL() {
        throw unsupported();
    }

    @Override
    public String getRequestedSessionId() {
        throw unsupported();
    }

    @Override
    public String getScheme() {
        return "https";
    }

    @Override
    public int getServerPort() {
        return 443;
    }

    @Override
    public ServletConnection getServletConnection() {
        throw unsupported();
    }

    @Override
    public String getServletPath() {
        return uri;
    }

    @Override
    public HttpSession getSession() {
        throw unsupported();
    }

    @Override
    public Principal getUserPrincipal() {
        throw unsupported();
    }

    @Override
    public boolean isAsyncStarted() {
        throw unsupported();
    }

    @Override
    public boolean isAsyncSupported() {
        throw unsupported();
    }

    @Override
    public boolean isRequestedSessionIdFromCookie() {
        throw unsupported();
    }

    @Override
    public boolean isRequestedSessionIdFromURL() {
        throw unsupported();
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        throw unsupported();
    }

    @Override
    public boolean isUserInRole(String a0) {
        throw unsupported();
    }

    @Override
    public void login(String a0, String a1) throws ServletException {
        throw unsupported();
    }

    @Override
    public void logout() throws ServletException {
        throw unsupported();
    }

    @Override
    public void setCharacterEncoding(String a0) throws UnsupportedEncodingException {
        throw unsupported();
    }

    @Override
    public AsyncContext startAsync() throws IllegalStateException {
        throw unsupported();
    }

    @Override
    public AsyncContext startAsync(ServletRequest a0, ServletResponse a1) throws IllegalStateException {
        throw unsupported();
    }

    @Override
    public <T extends HttpUpgradeHandler> T upgrade(Class<T> a0) throws IOException, ServletException {
        throw unsupported();
    }
}
