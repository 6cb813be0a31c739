package io.qhtrack.filter;

import io.qhtrack.core.spi.Platform;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Embedded Jetty 12 (ee10) with {@link ClickIdCaptureFilter} on {@code /*} in front of {@link EchoServlet}, a clock
 * the test moves; the server is also its one visitor's HTTP client, carrying cookies from one request to the next.
 */
final class TestServer extends CookieCarryingClient implements AutoCloseable {

    /** 2025-01-01T00:00:00Z, a Wednesday. */
    static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    final MutableClock clock = new MutableClock(START);
    private final Server server;
    private final ServerConnector connector;
    private final String contextPath;

    private TestServer(Builder builder) throws Exception {
        server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(64 * 1024); // so that 10 KB click ids reach the filter instead of a 414
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        contextPath = builder.contextPath;
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath(contextPath.isEmpty() ? "/" : contextPath);
        builder.contextParams.forEach(context::setInitParameter);
        for (Filter before : builder.filtersBefore) {
            context.addFilter(new FilterHolder(before), "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        FilterHolder filter = new FilterHolder(new ClickIdCaptureFilter(clock, builder.platforms));
        filter.setName("qhtrack");
        filter.setAsyncSupported(true);
        filter.setInitParameters(builder.initParams);
        context.addFilter(filter, "/*", builder.dispatchers);
        context.addServlet(new ServletHolder(new EchoServlet()), "/");
        server.setHandler(context);
        server.start();
    }

    static Builder builder() {
        return new Builder();
    }

    /** A server with default settings plus {@code initParams} (name, value, name, value …). */
    static TestServer start(String... initParams) throws Exception {
        Builder builder = builder();
        for (int i = 0; i < initParams.length; i += 2) {
            builder.initParam(initParams[i], initParams[i + 1]);
        }
        return builder.start();
    }

    static final class Builder {
        private final Map<String, String> initParams = new LinkedHashMap<>();
        private final Map<String, String> contextParams = new LinkedHashMap<>();
        private final List<Filter> filtersBefore = new ArrayList<>();
        private String contextPath = "";
        private EnumSet<DispatcherType> dispatchers = EnumSet.of(DispatcherType.REQUEST);
        private List<Platform> platforms;

        Builder initParam(String name, String value) {
            initParams.put(name, value);
            return this;
        }

        Builder contextParam(String name, String value) {
            contextParams.put(name, value);
            return this;
        }

        /** A filter of the application's that runs before qhtrack's. */
        Builder filterBefore(Filter filter) {
            filtersBefore.add(filter);
            return this;
        }

        Builder contextPath(String path) {
            contextPath = path;
            return this;
        }

        /** The platforms the filter captures for besides 360 (configured), instead of the ServiceLoader's. */
        Builder platforms(List<Platform> given) {
            platforms = given;
            return this;
        }

        Builder dispatchers(EnumSet<DispatcherType> types) {
            dispatchers = types;
            return this;
        }

        TestServer start() throws Exception {
            return new TestServer(this);
        }
    }

    int port() {
        return connector.getLocalPort();
    }

    /** {@code http://127.0.0.1:port} + context path + {@code pathAndQuery}. */
    @Override
    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + contextPath + pathAndQuery);
    }

    /** Raw socket exchange; {@code target} is appended to the context path. */
    RawHttp.Response raw(String method, String target, String... headerLines) throws IOException {
        StringBuilder head = new StringBuilder(method).append(' ').append(contextPath).append(target)
                .append(" HTTP/1.1");
        for (String line : headerLines) {
            head.append("\r\n").append(line);
        }
        return RawHttp.exchange(port(), head.toString());
    }

    static List<String> setCookies(HttpResponse<?> response) {
        return response.headers().allValues("set-cookie");
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping Jetty", e);
        }
    }
}
