package io.qhtrack.platform.baidu;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what Baidu's logger publishes while it is open. */
final class LogCapture extends Handler implements AutoCloseable {

    private final Logger log = Logger.getLogger(Baidu.class.getName());
    private final List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());

    LogCapture() {
        log.addHandler(this);
    }

    List<LogRecord> records() {
        synchronized (records) {
            return new ArrayList<>(records);
        }
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
    }
}
