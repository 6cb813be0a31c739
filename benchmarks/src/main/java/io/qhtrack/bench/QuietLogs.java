package io.qhtrack.bench;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps qhtrack's start-up and shutdown log lines (INFO/WARNING through {@code System.Logger}, i.e.
 * java.util.logging by default) out of the benchmark output; errors still show.
 */
final class QuietLogs {

    /** Held so that the configured logger is not collected (and its level forgotten). */
    private static final Logger QHTRACK = Logger.getLogger("io.qhtrack");

    private QuietLogs() {
    }

    static void apply() {
        QHTRACK.setLevel(Level.SEVERE);
    }
}
