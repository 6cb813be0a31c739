package io.qhtrack.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Collects every record (FINE included) that a logger and its children publish while it is open, and the text they
 * would print, thrown exceptions included. Public for the tests of other packages.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Logger log;
    private final Level before;
    private final List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());

    public LogCapture(String logger) {
        log = Logger.getLogger(logger);
        before = log.getLevel();
        log.setLevel(Level.ALL);
        setLevel(Level.ALL);
        setFormatter(new SimpleFormatter());
        log.addHandler(this);
    }

    public List<LogRecord> records() {
        synchronized (records) {
            return new ArrayList<>(records);
        }
    }

    /** The records of {@code level} exactly. */
    public List<LogRecord> records(Level level) {
        List<LogRecord> at = new ArrayList<>();
        for (LogRecord r : records()) {
            if (r.getLevel().equals(level)) {
                at.add(r);
            }
        }
        return at;
    }

    /** Every record as the console would print it, with its parameters and exception. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (LogRecord r : records()) {
            sb.append(getFormatter().format(r));
        }
        return sb.toString();
    }

    @Override
    public void publish(LogRecord r) {
        records.add(r);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        log.removeHandler(this);
        log.setLevel(before);
    }
}
