package io.qhtrack.process;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A packaged artifact running as a process of its own: started with an environment of its own (none of the caller's
 * {@code QHTRACK_*}, {@code SPRING_*}, {@code PORT} or {@code HOST}), its output (stdout and stderr) written to
 * {@code NAME.log} in its work directory, where {@link PrintOutputOnFailure} finds it when a test fails. Every wait on
 * it is a bounded poll of that file or of the process. {@link #close()} stops it; a JVM shutdown hook kills what a
 * crashed test left running, so no test leaves an orphan JVM behind.
 */
final class Child implements AutoCloseable {

    /** Every child started by this JVM, oldest first. */
    private static final List<Child> STARTED = new CopyOnWriteArrayList<>();
    /** How long a graceful stop may take before the process is killed. */
    private static final Duration STOP = Duration.ofSeconds(30);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> STARTED.forEach(c -> c.process.destroyForcibly()),
                "kill-child-processes"));
    }

    private final String name;
    private final Process process;
    private final Path log;

    private Child(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code command} in {@code directory} with {@code environment} added to a cleaned copy of this JVM's, its
     * output in {@code directory/NAME.log}.
     */
    static Child start(String name, List<String> command, Map<String, String> environment, Path directory) {
        Path log = directory.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().keySet().removeIf(k -> k.startsWith("QHTRACK_") || k.startsWith("SPRING_")
                || k.equals("PORT") || k.equals("HOST") || k.endsWith("JAVA_OPTIONS") || k.equals("JAVA_TOOL_OPTIONS"));
        builder.environment().putAll(environment);
        try {
            Child child = new Child(name, builder.start(), log);
            STARTED.add(child);
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** {@code java [jvmOptions] -jar jar args} with the JVM the tests run on. */
    static List<String> javaJar(List<String> jvmOptions, Path jar, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Artifacts.java().toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        return command;
    }

    /** How many children this JVM has started so far (a mark for {@link #startedSince(int)}). */
    static int count() {
        return STARTED.size();
    }

    /** The children started after {@code mark}. */
    static List<Child> startedSince(int mark) {
        return STARTED.subList(Math.min(mark, STARTED.size()), STARTED.size());
    }

    /**
     * Closes each of {@code resources} that is not null (an {@code @AfterAll} after a failed {@code @BeforeAll}), in
     * order, even when one fails; then throws the first failure.
     */
    static void closeAll(AutoCloseable... resources) {
        RuntimeException first = null;
        for (AutoCloseable resource : resources) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Everything it has printed so far. */
    String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until its output matches {@code pattern}, within {@code bound}; fails at once if it exits first. */
    Matcher await(Pattern pattern, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            Matcher matcher = pattern.matcher(output());
            if (matcher.find()) {
                return matcher;
            }
            if (!process.isAlive()) {
                return fail("%s exited with %d before printing /%s/:%n%s", name, process.exitValue(), pattern,
                        output());
            }
            if (System.nanoTime() - deadline > 0) {
                return fail("%s did not print /%s/ within %s:%n%s", name, pattern, bound, output());
            }
            waitOnProcess(Duration.ofMillis(100));
        }
    }

    /** Waits for it to exit on its own, within {@code bound}, and returns its exit status. */
    int exitStatus(Duration bound) {
        waitOnProcess(bound);
        if (process.isAlive()) {
            return fail("%s did not exit within %s:%n%s", name, bound, output());
        }
        return process.exitValue();
    }

    /** {@code kill -9}: SIGKILL on Linux, no shutdown hook runs. */
    void kill() {
        process.destroyForcibly();
        if (!waitOnProcess(STOP)) {
            fail("%s (pid %d) still alive %s after SIGKILL", name, process.pid(), STOP);
        }
    }

    /** SIGTERM, as an operator stops a service; killed if it takes longer than 30 s. Returns the exit status. */
    int stop() {
        process.destroy();
        if (!waitOnProcess(STOP)) {
            process.destroyForcibly();
            waitOnProcess(STOP);
            return fail("%s did not stop within %s of SIGTERM:%n%s", name, STOP, output());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            if (!waitOnProcess(STOP)) {
                process.destroyForcibly();
                waitOnProcess(STOP);
            }
        }
    }

    /** Blocks until the process exits or {@code bound} passes; whether it exited. */
    private boolean waitOnProcess(Duration bound) {
        try {
            return process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting on " + name, e);
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + (process.isAlive() ? "" : ", exited " + process.exitValue()) + ", "
                + log + ")";
    }
}
