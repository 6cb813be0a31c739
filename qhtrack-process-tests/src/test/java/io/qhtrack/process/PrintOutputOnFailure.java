package io.qhtrack.process;

import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Prints the end of the output of every process a test class started (its {@code @BeforeAll} included) when one of
 * its tests fails, so that a failure in CI shows what the shop, the fake or the script said. The whole output stays in
 * {@code target/process-logs}.
 */
final class PrintOutputOnFailure implements BeforeAllCallback, TestWatcher {

    /** Lines printed from the end of each output. */
    static final int TAIL = 120;

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            PrintOutputOnFailure.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put("mark", Child.count());
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Integer mark = context.getParent().map(parent -> parent.getStore(NAMESPACE).get("mark", Integer.class))
                .orElse(0);
        for (Child child : Child.startedSince(mark == null ? 0 : mark)) {
            List<String> lines = child.output().lines().toList();
            StringBuilder text = new StringBuilder("---- ").append(context.getDisplayName()).append(" failed; ")
                    .append(child).append(", its last ").append(Math.min(TAIL, lines.size())).append(" of ")
                    .append(lines.size()).append(" lines:\n");
            lines.subList(Math.max(0, lines.size() - TAIL), lines.size()).forEach(l -> text.append(l).append('\n'));
            System.out.print(text.append("---- end of ").append(child.name()).append('\n'));
        }
    }
}
