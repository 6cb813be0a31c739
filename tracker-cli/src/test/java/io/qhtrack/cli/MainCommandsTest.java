package io.qhtrack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The subcommands are reachable through {@code qhtrack}'s entry point. */
class MainCommandsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpListsTheOutboxCommand() {
        assertThat(run("help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("outbox");
    }

    @Test
    void outboxHelpPrintsItsUsage() {
        assertThat(run("outbox", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("qhtrack outbox list", "qhtrack outbox replay");
    }

    @Test
    void outboxWithoutADatabaseIsAUsageErrorNamingTheVariable() {
        assertThat(run("outbox", "list")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("QHTRACK_OUTBOX_JDBC_URL");
    }
}
