package io.qhtrack.spring;

import io.qhtrack.core.Tracker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * Ties the auto-configured {@link Tracker} to the application context: when the context closes, the tracker stops
 * taking conversions and delivers what is pending ({@code qhtrack.drain-timeout}), after the embedded web server has
 * finished its graceful shutdown and stopped, so that the last requests' conversions are in the outbox before it
 * drains; the application's {@code DataSource} (the JDBC outbox's database) is still open then.
 */
final class TrackerLifecycle implements SmartLifecycle, DisposableBean {

    /**
     * The phase: below the web server's graceful shutdown ({@code Integer.MAX_VALUE} on Spring Boot 2.7,
     * {@code MAX_VALUE - 1024} on 3 and 4) and its stop ({@code MAX_VALUE - 1}, {@code MAX_VALUE - 2048}). Phases
     * stop from the highest down, so the tracker drains once no request can report any more.
     */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Logger LOG = Logger.getLogger(TrackerLifecycle.class.getName());

    private final Tracker tracker;
    private final Duration drain;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean running;

    TrackerLifecycle(Tracker tracker, Duration drain) {
        this.tracker = tracker;
        this.drain = drain;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Closes the tracker if the context never started (a later bean failed) or was not stopped. */
    @Override
    public void destroy() {
        close();
    }

    private void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long pending = pendingOrUnknown();
        LOG.log(Level.INFO, "qhtrack: stopping tracker {0}: delivering {1} pending conversion(s), for up to {2}",
                new Object[] {tracker.name(), pending < 0 ? "the" : String.valueOf(pending), drain});
        long left = tracker.close(drain);
        if (left == 0) {
            LOG.log(Level.INFO, "qhtrack: tracker {0} stopped; nothing left pending", tracker.name());
        } else if (left > 0) {
            LOG.log(Level.INFO, "qhtrack: tracker {0} stopped; {1} conversion(s) left pending",
                    new Object[] {tracker.name(), left});
        }
    }

    private long pendingOrUnknown() {
        try {
            return tracker.metrics().getBacklog();
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
