package io.qhtrack.sample.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code java -jar sample-webapp.jar}: the qhtrack demo on embedded Jetty 12.
 *
 * <table>
 *   <caption>Environment</caption>
 *   <tr><th>variable</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code PORT}</td><td>{@code 8080}</td><td>the HTTP port ({@code 0}: any free one)</td></tr>
 *   <tr><td>{@code HOST}</td><td>{@code 127.0.0.1}</td><td>the interface to listen on: loopback only unless told
 *       otherwise; {@code 0.0.0.0} for every interface</td></tr>
 *   <tr><td>{@code QHTRACK_…}</td><td></td><td>qhtrack's configuration contract, read by the web application:
 *       without {@code QHTRACK_ENDPOINT} and credentials it reports to a built-in Fake360</td></tr>
 *   <tr><td>{@code QHTRACK_DEMO_DATA}</td><td>{@code ./qhtrack-demo-data}</td><td>where the H2 outbox file
 *       lives</td></tr>
 *   <tr><td>{@code QHTRACK_DEMO_DASHBOARD}</td><td>on with the built-in Fake360, off with real credentials</td>
 *       <td>the dashboard at {@code /demo/} and {@code /demo/status.json}; {@code true} turns it on with real
 *       credentials too (it lists every visitor's click ids and conversions)</td></tr>
 * </table>
 *
 * It deploys the WAR the build embedded in this jar ({@code webapp/sample-webapp.war}), or the one named by the
 * system property {@code qhtrack.demo.war}, prints the address and runs until stopped (Ctrl+C stops it gracefully).
 */
public final class Main {

    /** Where the build puts the WAR inside the jar. */
    static final String EMBEDDED_WAR = "/webapp/sample-webapp.war";

    private Main() {
    }

    /** Starts the demo. */
    public static void main(String[] args) throws Exception {
        if (System.getProperty("java.util.logging.config.file") == null
                && System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$-7s %3$s: %5$s%6$s%n");
        }
        int port = port(System.getenv("PORT"));
        String host = host(System.getenv("HOST"));
        Path war = war();
        DemoServer.Builder builder = DemoServer.builder().war(war).host(host).port(port).stopAtShutdown(true);
        DemoServer server;
        try {
            server = builder.start();
        } catch (IOException e) {
            if (e.getCause() instanceof BindException) {
                System.err.println("qhtrack demo: " + host + ":" + port + " is in use or cannot be "
                        + "bound; choose another with PORT=… or HOST=…");
                System.exit(2);
            }
            throw e;
        }
        if (!server.webappAvailable()) {
            System.err.println("qhtrack demo: the web application failed to start (see above)");
            server.close();
            System.exit(1);
        }
        System.out.println("qhtrack demo: " + server.uri() + "  (listening on " + server.host() + ":" + server.port()
                + (server.host().equals(DemoServer.Builder.LOOPBACK) ? ", this machine only: HOST=0.0.0.0 for every "
                        + "interface" : "") + ")");
        server.join();
    }

    static int port(String value) {
        if (value == null || value.isBlank()) {
            return 8080;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("PORT=" + value + " is not a port number (0-65535)");
    }

    /** {@code HOST}: {@value DemoServer.Builder#LOOPBACK} when unset. */
    static String host(String value) {
        return value == null || value.isBlank() ? DemoServer.Builder.LOOPBACK : value.strip();
    }

    private static Path war() throws IOException {
        String given = System.getProperty("qhtrack.demo.war");
        if (given != null) {
            return Path.of(given);
        }
        try (InputStream in = Main.class.getResourceAsStream(EMBEDDED_WAR)) {
            if (in == null) {
                throw new IllegalStateException("no " + EMBEDDED_WAR + " in this jar: build it with mvn package, or "
                        + "set -Dqhtrack.demo.war=path/to/sample-webapp.war");
            }
            Path copy = Files.createTempFile("qhtrack-sample-", ".war");
            copy.toFile().deleteOnExit();
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the embedded WAR", e);
        }
    }
}
