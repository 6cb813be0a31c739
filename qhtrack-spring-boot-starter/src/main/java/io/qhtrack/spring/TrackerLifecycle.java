package io.qhtrack.spring;

import io.qhtrack.core.Tracker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
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

    /**
     * Spring's logging, not java.util.logging: the JVM's LogManager resets java.util.logging in its own shutdown
     * hook, so lines logged there while the context closes on SIGTERM would be lost.
     */
    private static final Log LOG = LogFactory.getLog(TrackerLifecycle.class);

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
        LOG.info("qhtrack: stopping tracker " + tracker.name() + ": delivering "
                + (pending < 0 ? "the" : String.valueOf(pending)) + " pending conversion(s), for up to " + drain);
        long left = tracker.close(drain);
        if (left == 0) {
            LOG.info("qhtrack: tracker " + tracker.name() + " stopped; nothing left pending");
        } else if (left > 0) {
            LOG.info("qhtrack: tracker " + tracker.name() + " stopped; " + left + " conversion(s) left pending");
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
