package io.qhtrack.filter;

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
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Embedded Jetty 12 (ee10) with {@link ClickIdCaptureFilter} on {@code /*} in front of {@link EchoServlet}, a clock
 * the test moves, and an HTTP client that carries cookies from one request to the next like a browser.
 */
final class TestServer implements AutoCloseable {

    /** 2025-01-01T00:00:00Z, a Wednesday. */
    static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    final MutableClock clock = new MutableClock(START);
    final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
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
        FilterHolder filter = new FilterHolder(new ClickIdCaptureFilter(clock));
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
    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + contextPath + pathAndQuery);
    }

    HttpResponse<String> get(String pathAndQuery, String... headers) {
        return send(request(pathAndQuery, headers).GET().build());
    }

    HttpResponse<String> post(String pathAndQuery, byte[] body, String... headers) {
        return send(request(pathAndQuery, headers).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    HttpRequest.Builder request(String pathAndQuery, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<byte[]> sendBytes(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What the application sees on a plain page, cookies carried: {@code click=…}. */
    String click() {
        return get("/page").body();
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
