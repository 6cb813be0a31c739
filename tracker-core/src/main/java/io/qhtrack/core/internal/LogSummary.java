package io.qhtrack.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs one kind of outcome that can come in floods ({@code OUTBOX_FULL}, {@code REFUSED}, {@code THROTTLED}) at most
 * once per interval, so that a flood of forged requests or a full outbox cannot flood the log too. The first
 * occurrence is logged at once; later ones are counted, and the first occurrence after the interval logs the count
 * since the previous line with the last reason. {@link #flush()} logs what is still counted (the tracker calls it on
 * close). Time is the tracker's clock. The metrics count every occurrence; this only bounds the log. Thread-safe.
 */
public final class LogSummary {

    private final Logger log;
    private final Level level;
    private final String what;
    private final Duration interval;
    private final Clock clock;

    /** Occurrences since the last line. */
    private long count;
    private String lastReason;
    /** When the last line was logged; {@code null} before the first. */
    private Instant lastLine;

    /**
     * A summary of {@code what} (e.g. {@code OUTBOX_FULL}, or an alert's name) logged to {@code log} at {@code level}
     * at most once per {@code interval} of {@code clock}.
     */
    public LogSummary(Logger log, Level level, String what, Duration interval, Clock clock) {
        this.log = log;
        this.level = level;
        this.what = what;
        this.interval = interval;
        this.clock = clock;
    }

    /** Counts one occurrence; logs it, or the summary of those since the last line, when the interval has passed. */
    public void record(String reason) {
        String line;
        synchronized (this) {
            count++;
            lastReason = reason;
            Instant now = clock.instant();
            if (lastLine != null && now.isBefore(lastLine.plus(interval))) {
                return;
            }
            line = takeLine(now);
        }
        log.log(level, line);
    }

    /** Logs the occurrences counted since the last line, if any. */
    public void flush() {
        String line;
        synchronized (this) {
            if (count == 0) {
                return;
            }
            line = takeLine(clock.instant());
        }
        log.log(level, line);
    }

    /** The line for what is counted, which is then forgotten; under the lock. */
    private String takeLine(Instant now) {
        String line = lastLine == null || count == 1 && !now.isBefore(lastLine.plus(interval))
                ? "qhtrack: " + what + ": " + lastReason + " (more are counted and logged at most once every "
                        + interval + ")"
                : "qhtrack: " + count + " more " + what + " since " + lastLine + "; the last: " + lastReason;
        lastLine = now;
        count = 0;
        lastReason = null;
        return line;
    }
}
