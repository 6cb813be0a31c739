package io.qhtrack.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@code java -jar target/sample-webapp.jar} as a separate process, with the java of this JVM, the environment
 * given (and none of the caller's {@code QHTRACK_*} or {@code PORT}), {@code PORT=0}, its output in a log file.
 */
final class Launched implements AutoCloseable {

    static final Duration START = Duration.ofSeconds(90);
    private static final Pattern ADDRESS = Pattern.compile("qhtrack demo: (http://localhost:[0-9]+/)");

    private final Process process;
    private final Path log;
    private final URI base;

    private Launched(Process process, Path log, URI base) {
        this.process = process;
        this.log = log;
        this.base = base;
    }

    /** Starts the launcher and waits until it prints its address. */
    static Launched start(Map<String, String> environment, Path workDirectory, String name) throws IOException {
        Path jar = Path.of(System.getProperty("sample.jar", "target/sample-webapp.jar")).toAbsolutePath();
        assertThat(jar).as("the launcher built by mvn package").exists();
        Path tmp = Files.createDirectories(workDirectory.resolve("tmp"));
        Path log = workDirectory.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-jar", jar.toString())
                .directory(workDirectory.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("QHTRACK_") || k.equals("PORT"));
        builder.environment().putAll(environment);
        builder.environment().put("PORT", "0");
        Process process = builder.start();
        Instant deadline = Instant.now().plus(START);
        while (Instant.now().isBefore(deadline)) {
            String output = read(log);
            Matcher m = ADDRESS.matcher(output);
            if (m.find()) {
                return new Launched(process, log, URI.create(m.group(1)));
            }
            if (!process.isAlive()) {
                return fail("the launcher exited with " + process.exitValue() + ":\n" + output);
            }
            waitForOutput(process);
        }
        process.destroyForcibly();
        return fail("the launcher did not print its address within " + START + ":\n" + read(log));
    }

    /** Blocks up to 50 ms on the process (it ends, or prints more by then). */
    private static void waitForOutput(Process process) {
        try {
            process.waitFor(50, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    URI base() {
        return base;
    }

    String output() {
        return read(log);
    }

    /** kill -9. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("killed").isTrue();
    }

    /** SIGTERM, as Ctrl+C: a graceful stop. Returns the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("the launcher did not stop within 30 s on SIGTERM:\n" + output());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                stop();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of the output that contain {@code text}. */
    List<String> linesWith(String text) {
        return output().lines().filter(l -> l.contains(text)).toList();
    }
}
