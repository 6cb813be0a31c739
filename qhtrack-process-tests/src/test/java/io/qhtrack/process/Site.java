package io.qhtrack.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A shop running from its packaged jar, as a process on a random free port ({@code PORT=0}), and its base URI:
 * the sample ({@code java -jar sample-webapp.jar}, Jetty 12) or the Spring Boot shop ({@code java -jar
 * sample-spring-boot.jar}, Tomcat). Each gets a work directory of its own (where the sample keeps its H2 outbox and
 * the Boot shop its H2 database when no other is configured).
 */
final class Site implements AutoCloseable {

    /** The longest a jar may take to start on a loaded 2-core machine. */
    static final Duration START = Duration.ofSeconds(120);
    /**
     * JVM options: the C1 compiler only and a serial collector start a JVM sooner on a small machine; the heap is
     * bounded so that four shops and a fake fit beside the build.
     */
    static final List<String> JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx384m");

    private static final Pattern TOMCAT_PORT = Pattern.compile("Tomcat started on port (\\d+)");
    private static final Pattern SAMPLE_ADDRESS = Pattern.compile("qhtrack demo: http://localhost:(\\d+)/");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Child child;
    private final URI base;

    private Site(Child child, URI base) {
        this.child = child;
        this.base = base;
    }

    /** {@code java -jar sample-spring-boot.jar} with {@code environment}, once Tomcat listens. */
    static Site bootShop(Path directory, String name, Map<String, String> environment) {
        Child child = Child.start(name, Child.javaJar(JVM, Artifacts.bootJar()), withPort(environment),
                workDirectory(directory, name));
        return new Site(child, URI.create("http://127.0.0.1:" + child.await(TOMCAT_PORT, START).group(1) + "/"));
    }

    /** {@code java -jar sample-webapp.jar} with {@code environment}, once it prints its address. */
    static Site sampleJar(Path directory, String name, Map<String, String> environment) {
        Child child = Child.start(name, Child.javaJar(JVM, Artifacts.sampleJar()), withPort(environment),
                workDirectory(directory, name));
        return new Site(child, URI.create("http://127.0.0.1:" + child.await(SAMPLE_ADDRESS, START).group(1) + "/"));
    }

    private static Map<String, String> withPort(Map<String, String> environment) {
        Map<String, String> env = new HashMap<>(environment);
        env.put("PORT", "0");
        return env;
    }

    private static Path workDirectory(Path directory, String name) {
        try {
            return Files.createDirectories(directory.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI base() {
        return base;
    }

    Child child() {
        return child;
    }

    /** A new visitor of this site. */
    Visitor visitor() {
        return new Visitor(base);
    }

    /**
     * The Boot shop's {@code qhtrack} health component ({@code /actuator/health/qhtrack}, details shown): its status
     * and details (backlog, dead letters …), whatever HTTP status it is served with.
     */
    JsonNode qhtrackHealth() {
        try {
            HttpResponse<String> answer = visitor().get("/actuator/health/qhtrack");
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw Visitor.unchecked(e);
        }
    }

    /**
     * The Boot shop's pending conversions (the health details' {@code backlog}), or -1 while the outbox's database
     * cannot be counted.
     */
    long backlog() {
        JsonNode backlog = qhtrackHealth().at("/details/backlog");
        return backlog.isMissingNode() ? -1 : backlog.asLong();
    }

    /** SIGTERM, then the exit status. */
    int stop() {
        return child.stop();
    }

    /** {@code kill -9}. */
    void kill() {
        child.kill();
    }

    @Override
    public void close() {
        child.close();
    }

    @Override
    public String toString() {
        return base + " " + child;
    }
}
