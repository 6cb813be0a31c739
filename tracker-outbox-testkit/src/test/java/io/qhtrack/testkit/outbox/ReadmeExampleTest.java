package io.qhtrack.testkit.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.Outboxes;
import io.qhtrack.core.spi.Outbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The READMEs' "Your own outbox" subclass compiles as written: {@link MyOutboxContractTest} holds its lines (abstract,
 * so never run: {@code MyOutbox} stands for the reader's own), and the test checks that each README shows them.
 */
class ReadmeExampleTest {

    abstract static class MyOutboxContractTest extends OutboxContract {
        @Override protected Outbox newOutbox(Clock clock) { return new MyOutbox(freshTable()); }   // an empty store
        @Override protected boolean durable() { return true; }                            // what isDurable() answers
        @Override protected Outbox reopen(Clock clock) { return new MyOutbox(lastTable()); }     // the same store again

        abstract String freshTable();

        abstract String lastTable();
    }

    /** The reader's outbox. */
    static final class MyOutbox extends OutboxContractCatchesBrokenOutboxesTest.Delegating {
        MyOutbox(String table) {
            super(Outboxes.inMemory(10));
        }
    }

    private static final List<String> EXAMPLE_LINES = List.of(
            "class MyOutboxContractTest extends OutboxContract {",
            "    @Override protected Outbox newOutbox(Clock clock) { return new MyOutbox(freshTable()); }   // an empty store",
            "    @Override protected boolean durable() { return true; }                            // what isDurable() answers",
            "    @Override protected Outbox reopen(Clock clock) { return new MyOutbox(lastTable()); }     // the same store again");

    @ParameterizedTest
    @ValueSource(strings = {"README.md", "README.zh-CN.md"})
    void theReadmeShowsTheSubclassLineForLine(String readme) throws IOException {
        String text = new String(Files.readAllBytes(Path.of("..", readme)), StandardCharsets.UTF_8);

        assertThat(text.lines().map(String::stripTrailing)).containsAll(EXAMPLE_LINES);
    }
}
