package io.qhtrack.filter;

import io.qhtrack.core.Tracker;
import io.qhtrack.core.spi.Platform;
import jakarta.servlet.ServletContext;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What qhtrack's filters, listener and helpers share within one web application, kept under the single
 * servlet-context attribute {@value #ATTRIBUTE}: the tracker (when one is installed, and whether
 * {@link TrackerListener} started it and so owns it), the capture filter's platforms, settings (the form settings
 * among them) and click store, and the HTTP methods on which a framework's handlers may report.
 *
 * <p>Immutable: each part is replaced by a {@code with…} method that returns a copy, and the copy is installed by
 * {@link #update(ServletContext, UnaryOperator)}, which reads, transforms and writes the attribute under one lock, so
 * that a filter adding its part never loses another's that started at the same moment (a servlet context has no
 * compare-and-set). The lock is one static monitor for every context rather than the context object: a container may
 * hand the same application different context facades (a filter's, a listener's, an initializer's), so their identity
 * cannot be relied on, and updates happen only when the application starts and stops, so the contexts of several
 * applications never wait on one another for long. Readers take no lock: the attribute always holds a complete value.
 * A part is removed only by whoever installed it, and only while it is still the one installed (a filter destroyed
 * after a redeploy installed another's leaves that one alone); when no part is left, the attribute is removed.
 *
 * <p>Package-private: applications reach what it holds through {@link QhTracker#install}, {@link QhTracker#tracker},
 * {@link QhClick} and {@link PendingConversion#publishHandlerMethods}; only the attribute's name is visible in the
 * context.
 */
final class QhtrackRuntime {

    /** The one servlet-context attribute qhtrack keeps. */
    static final String ATTRIBUTE = "io.qhtrack.filter.QhtrackRuntime";

    /** Nothing installed. */
    static final QhtrackRuntime EMPTY = new QhtrackRuntime(null, null, null, null, null, null);

    /** Serialises every {@link #update}; see the class description for why it is not the context. */
    private static final Object LOCK = new Object();

    /** The web application's tracker, or {@code null}. */
    final Tracker tracker;
    /** The tracker {@link TrackerListener} started (and closes), or {@code null}. */
    final Tracker ownedTracker;
    /** The platforms the active capture filter captures (enabled or not), or {@code null} when none is active. */
    final List<Platform> platforms;
    /** The active capture filter's settings, or {@code null}. */
    final CaptureSettings capture;
    /** The active capture filter's click store, or {@code null}. */
    final ClickStore store;
    /** Upper-case HTTP methods a framework's handlers may report on, or {@code null}. */
    final Set<String> handlerMethods;

    private QhtrackRuntime(Tracker tracker, Tracker ownedTracker, List<Platform> platforms, CaptureSettings capture,
            ClickStore store, Set<String> handlerMethods) {
        this.tracker = tracker;
        this.ownedTracker = ownedTracker;
        this.platforms = platforms;
        this.capture = capture;
        this.store = store;
        this.handlerMethods = handlerMethods;
    }

    /** The runtime of {@code context}; {@link #EMPTY} when nothing is installed (or {@code context} is null). */
    static QhtrackRuntime of(ServletContext context) {
        Object value = context == null ? null : context.getAttribute(ATTRIBUTE);
        return value instanceof QhtrackRuntime ? (QhtrackRuntime) value : EMPTY;
    }

    /**
     * Replaces the runtime of {@code context} by {@code change} applied to it, atomically with respect to every other
     * update; removes the attribute when the result holds nothing. Returns the runtime installed.
     */
    static QhtrackRuntime update(ServletContext context, UnaryOperator<QhtrackRuntime> change) {
        synchronized (LOCK) {
            QhtrackRuntime current = of(context);
            QhtrackRuntime next = change.apply(current);
            if (next == current && context.getAttribute(ATTRIBUTE) == current) {
                return current;
            }
            if (next.isEmpty()) {
                context.removeAttribute(ATTRIBUTE);
            } else {
                context.setAttribute(ATTRIBUTE, next);
            }
            return next;
        }
    }

    /**
     * With {@code tracker} as the application's, started by {@link TrackerListener} when {@code owned} (a tracker the
     * listener started before stays its own to close).
     */
    QhtrackRuntime withTracker(Tracker tracker, boolean owned) {
        return new QhtrackRuntime(tracker, owned ? tracker : ownedTracker, platforms, capture, store, handlerMethods);
    }

    /** Without {@code tracker} if it is the application's (as the one the listener owns, if it is that too). */
    QhtrackRuntime withoutTracker(Tracker tracker) {
        if (this.tracker != tracker) {
            return this;
        }
        return new QhtrackRuntime(null, ownedTracker == tracker ? null : ownedTracker, platforms, capture, store,
                handlerMethods);
    }

    /**
     * Without the tracker {@link TrackerListener} started: it is no longer the application's if it still was, and no
     * longer the listener's to close.
     */
    QhtrackRuntime withoutOwnedTracker() {
        return new QhtrackRuntime(tracker == ownedTracker ? null : tracker, null, platforms, capture, store,
                handlerMethods);
    }

    /** With the active capture filter's part. */
    QhtrackRuntime withCapture(List<Platform> platforms, CaptureSettings capture, ClickStore store) {
        return new QhtrackRuntime(tracker, ownedTracker, Collections.unmodifiableList(platforms), capture, store,
                handlerMethods);
    }

    /** Without the capture filter's part. */
    QhtrackRuntime withoutCapture() {
        return new QhtrackRuntime(tracker, ownedTracker, null, null, null, handlerMethods);
    }

    /** With the methods a framework's handlers may report on ({@code null}: none published). */
    QhtrackRuntime withHandlerMethods(Set<String> methods) {
        return new QhtrackRuntime(tracker, ownedTracker, platforms, capture, store,
                methods == null ? null : Collections.unmodifiableSet(new LinkedHashSet<>(methods)));
    }

    /** The form settings of the active capture filter, or {@code null}. */
    FormFields form() {
        return capture == null ? null : capture.form;
    }

    boolean isEmpty() {
        return tracker == null && ownedTracker == null && store == null && capture == null && platforms == null
                && handlerMethods == null;
    }

    /** What is installed, for logs and diagnostics (no secret: the tracker by its name). */
    @Override
    public String toString() {
        return "QhtrackRuntime[tracker=" + (tracker == null ? "none" : tracker.name())
                + (ownedTracker != null ? " (started by TrackerListener)" : "")
                + ", capture=" + (store == null ? "none" : store.getClass().getSimpleName())
                + ", handlerMethods=" + (handlerMethods == null ? "none" : handlerMethods) + "]";
    }
}
