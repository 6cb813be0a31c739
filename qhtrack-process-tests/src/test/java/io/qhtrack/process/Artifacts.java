package io.qhtrack.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where the packaged artifacts are, in the checkout this module belongs to (failsafe passes the root and the version),
 * and where the processes' output goes. Each artifact is checked to exist, with the command that builds it.
 */
final class Artifacts {

    private Artifacts() {
    }

    /** The repository root: the {@code qhtrack} script and every module's {@code target/}. */
    static Path root() {
        return Path.of(System.getProperty("qhtrack.root", "..")).toAbsolutePath().normalize();
    }

    /** The {@code qhtrack} script at the root (it runs {@code tracker-cli/target}). */
    static Path script() {
        return built(root().resolve("qhtrack"));
    }

    /** {@code sample-webapp/target/sample-webapp.jar}: the demo on embedded Jetty. */
    static Path sampleJar() {
        return built(root().resolve("sample-webapp/target/sample-webapp.jar"));
    }

    /** {@code sample-spring-boot/target/sample-spring-boot.jar}: the shop on Spring Boot and Tomcat. */
    static Path bootJar() {
        return built(root().resolve("sample-spring-boot/target/sample-spring-boot.jar"));
    }

    /** {@code tracker-testkit/target/tracker-testkit-VERSION-standalone.jar}: Fake360 from the command line. */
    static Path fake360Jar() {
        return built(root().resolve("tracker-testkit/target/tracker-testkit-" + version() + "-standalone.jar"));
    }

    /** This JVM's {@code java}: every process runs on the JDK the tests run on. */
    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * A fresh directory under {@code target/process-logs} for one test class's processes (what an earlier run left
     * there is deleted first).
     */
    static Path workDirectory(String name) {
        Path dir = Path.of(System.getProperty("qhtrack.process-logs", "target/process-logs")).toAbsolutePath()
                .resolve(name);
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> old = Files.walk(dir)) {
                    old.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String version() {
        String version = System.getProperty("qhtrack.version");
        assertThat(version).as("system property qhtrack.version (set by failsafe)").isNotBlank();
        return version;
    }

    private static Path built(Path artifact) {
        assertThat(artifact).as("%s: build it first, from %s: ./mvnw -B -DskipTests package", artifact, root())
                .isRegularFile();
        return artifact;
    }
}
