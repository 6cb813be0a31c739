package io.qhtrack.sample.launcher;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import org.eclipse.jetty.ee10.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee10.plus.webapp.EnvConfiguration;
import org.eclipse.jetty.ee10.plus.webapp.PlusConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A WAR deployed on embedded Jetty 12 (ee10) at the root context, the way a standalone Jetty deploys it: the WAR is
 * unpacked, {@code WEB-INF/web.xml} is read, and the {@code ServletContainerInitializer}s of the jars in
 * {@code WEB-INF/lib} run (annotation support on), so qhtrack's zero-code registration works as in any container.
 *
 * <pre>{@code
 * try (DemoServer server = DemoServer.builder().war(Path.of("sample-webapp.war")).port(8080).start()) {
 *     server.join();
 * }
 * }</pre>
 */
public final class DemoServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final WebAppContext webapp;

    private DemoServer(Builder b) throws Exception {
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost(Builder.EVERY_INTERFACE.equals(b.host) ? null : b.host);
        connector.setPort(b.port);
        server.addConnector(connector);
        webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setWar(b.war.toAbsolutePath().toString());
        webapp.addConfiguration(new EnvConfiguration(), new PlusConfiguration(), new AnnotationConfiguration());
        webapp.setThrowUnavailableOnStartupException(true);
        b.contextParams.forEach(webapp::setInitParameter);
        if (!b.contextParams.isEmpty()) {
            // web.xml's context-params are applied when the application starts, over the ones set above: set them
            // again before any listener of the application's (and so before any filter) reads them
            Map<String, String> params = new LinkedHashMap<>(b.contextParams);
            webapp.addEventListener(new ServletContextListener() {
                @Override
                public void contextInitialized(ServletContextEvent event) {
                    params.forEach(webapp::setInitParameter);
                }
            });
        }
        server.setHandler(webapp);
        server.setStopAtShutdown(b.stopAtShutdown);
        server.setStopTimeout(15_000);
        server.start();
    }

    /** A builder: loopback only ({@value Builder#LOOPBACK}), port 8080. */
    public static Builder builder() {
        return new Builder();
    }

    /** The port it listens on (the one chosen when the builder asked for 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /**
     * {@code http://localhost:port/} when it listens on loopback or on every interface, else
     * {@code http://host:port/}.
     */
    public URI uri() {
        String host = connector.getHost();
        boolean local = host == null || host.equals(Builder.LOOPBACK) || host.equals(Builder.EVERY_INTERFACE)
                || host.equals("localhost");
        return URI.create("http://" + (local ? "localhost" : host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":"
                + port() + "/");
    }

    /** The interface it listens on: {@code 127.0.0.1}, {@code 0.0.0.0} (every interface) or a given address. */
    public String host() {
        return connector.getHost() == null ? Builder.EVERY_INTERFACE : connector.getHost();
    }

    /** Whether the web application started (a failed start leaves Jetty up, answering 503). */
    public boolean webappAvailable() {
        return webapp.isAvailable();
    }

    /** Waits until the server stops (Ctrl+C, SIGTERM). */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops the web application (its listeners shut qhtrack down) and the server. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("stopping Jetty", e);
        }
    }

    /** Configures a {@link DemoServer}. */
    public static final class Builder {
        /** The default interface: loopback only, so that the demo is not reachable from the network by accident. */
        public static final String LOOPBACK = "127.0.0.1";
        /** The host that means every interface. */
        public static final String EVERY_INTERFACE = "0.0.0.0";

        private Path war;
        private String host = LOOPBACK;
        private int port = 8080;
        private boolean stopAtShutdown;
        private final Map<String, String> contextParams = new LinkedHashMap<>();

        private Builder() {
        }

        /** The WAR file (or an unpacked WAR directory) to deploy. */
        public Builder war(Path war) {
            if (!Files.exists(Objects.requireNonNull(war, "war"))) {
                throw new IllegalArgumentException("no WAR at " + war.toAbsolutePath());
            }
            this.war = war;
            return this;
        }

        /** The interface to listen on: an address or host name; {@value #EVERY_INTERFACE} for every interface. */
        public Builder host(String host) {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("host is blank: give an address, or 0.0.0.0 for every interface");
            }
            this.host = host.strip();
            return this;
        }

        /** The port; 0 for any free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
            }
            this.port = port;
            return this;
        }

        /** A context-param for the web application, in front of its {@code web.xml} ones. */
        public Builder contextParam(String name, String value) {
            contextParams.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Whether a JVM shutdown (Ctrl+C, SIGTERM) stops the server gracefully first; default false. */
        public Builder stopAtShutdown(boolean stop) {
            this.stopAtShutdown = stop;
            return this;
        }

        /** Starts Jetty and deploys the WAR. */
        public DemoServer start() throws Exception {
            Objects.requireNonNull(war, "war");
            return new DemoServer(this);
        }
    }
}
