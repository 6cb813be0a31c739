package io.qhtrack.filter;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Settings;
import io.qhtrack.core.Tracker;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the web application's {@link Tracker} from the configuration when the application starts, and shuts it
 * down (draining what is pending) when it stops. Registered automatically with the jar in {@code WEB-INF/lib}
 * (unless {@code qhtrack.auto-register=false}); or declare it in {@code web.xml}:
 *
 * <pre>{@code
 * <listener><listener-class>io.qhtrack.filter.TrackerListener</listener-class></listener>
 * }</pre>
 *
 * Settings come, first found wins, from context-params, system properties and environment variables (the
 * configuration contract: {@code qhtrack.search.key} / {@code QHTRACK_SEARCH_KEY} and so on; see
 * {@link Tracker.Builder#settings(Settings)}). A setting qhtrack cannot use fails the application's start-up with a
 * message naming it. If the application already {@linkplain QhTracker#install installed} a tracker, this listener
 * leaves it alone (and does not close it).
 *
 * <p>The tracker it starts is kept, with what the filters share, in the one servlet-context attribute
 * {@code io.qhtrack.filter.QhtrackRuntime}; on {@code contextDestroyed} it removes the tracker it started (if that is
 * still the application's) and closes it.
 */
public final class TrackerListener implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(TrackerListener.class.getName());

    /** For the container. */
    public TrackerListener() {
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        if (QhTracker.tracker(context).isPresent()) {
            LOG.log(Level.FINE, "qhtrack: the application installed its own Tracker");
            return;
        }
        Settings settings = Settings.firstOf(context::getInitParameter, Settings.system());
        Tracker tracker;
        try {
            tracker = TrackerFactory.create(settings, name(context));
        } catch (ConfigurationException e) {
            throw new IllegalStateException("qhtrack: " + e.getMessage(), e);
        }
        Tracker started = tracker;
        QhtrackRuntime.update(context, r -> r.withTracker(started, true));
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        Tracker owned = QhtrackRuntime.of(context).ownedTracker;
        if (owned != null) {
            QhtrackRuntime.update(context, r -> r.ownedTracker == owned ? r.withoutOwnedTracker() : r);
            owned.close();
        }
    }

    private static String name(ServletContext context) {
        String path = context.getContextPath();
        String n = path == null || path.isEmpty() ? "root" : path.substring(1).replaceAll("[^A-Za-z0-9._-]", "_");
        return n.length() > 64 ? n.substring(0, 64) : n;
    }
}
