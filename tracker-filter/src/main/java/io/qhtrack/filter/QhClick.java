package io.qhtrack.filter;

import io.qhtrack.core.Click;
import jakarta.servlet.http.HttpServletRequest;

import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * "Which ad click is this visitor attributed to?" — for application code: servlets, controllers, JSPs, and the
 * tracker API built on top of it.
 *
 * <pre>{@code
 * Optional<Click> click = QhClick.current(request);
 * click.ifPresent(c -> log.info("lead from {} ({}) click {}", c.platform(), c.lineId(), c.id()));
 * }</pre>
 *
 * <p>The answer is the click captured on this very request when its URL carried one, otherwise the click read from
 * the store {@link ClickIdCaptureFilter} is configured with (cookie and/or session), still within the attribution
 * window: the visitor's latest ad click, whatever its platform ({@code qihoo360}, {@code baidu}, {@code tencent} …).
 * With {@code qhtrack.attribution=all-platforms}, {@link #all(HttpServletRequest)} also gives the newest click of each
 * other platform the visitor came from. They are looked up only when asked, once per request, and cached on the
 * request. Never throws because of what the visitor sent; empty when the visitor came from no ad the filter captures,
 * or when the filter is not installed.
 */
public final class QhClick {

    /** Request attribute holding the {@link Click} of this request, or {@link #NONE} once looked up and absent. */
    static final String ATTRIBUTE = "io.qhtrack.filter.QhClick";
    /** Request attribute holding every click of this request ({@link StoredClick}), or {@link #NONE}. */
    static final String ALL_ATTRIBUTE = "io.qhtrack.filter.QhClick.all";

    private static final String NONE = "none";

    private static final Logger LOG = Logger.getLogger(ClickIdCaptureFilter.class.getName());

    private QhClick() {
    }

    /** The click this visitor is attributed to (the latest); empty when there is none. */
    public static Optional<Click> current(HttpServletRequest request) {
        Object cached = request.getAttribute(ATTRIBUTE);
        if (cached instanceof Click) {
            return Optional.of((Click) cached);
        }
        if (cached != null) {
            return Optional.empty();
        }
        Optional<StoredClick> stored = load(request);
        remember(request, stored.orElse(null));
        return stored.map(s -> s.click);
    }

    /**
     * Every click this visitor is attributed to, the latest first: the {@linkplain #current(HttpServletRequest)
     * current} one alone with {@code qhtrack.attribution=last-click} (the default), and with {@code all-platforms} the
     * newest click of each platform, within the attribution window. Empty when there is none.
     */
    public static List<Click> all(HttpServletRequest request) {
        Object cached = request.getAttribute(ALL_ATTRIBUTE);
        if (cached instanceof StoredClick) {
            return ((StoredClick) cached).clicks;
        }
        if (cached != null) {
            return Collections.emptyList();
        }
        if (request.getAttribute(ATTRIBUTE) instanceof Click) { // a click set by hand, or by a filter of before
            return Collections.singletonList((Click) request.getAttribute(ATTRIBUTE));
        }
        Optional<StoredClick> stored = load(request);
        remember(request, stored.orElse(null));
        return stored.isPresent() ? stored.get().clicks : Collections.<Click>emptyList();
    }

    /** Caches {@code stored} (what is in force for this request; {@code null}: nothing) on the request. */
    static void remember(HttpServletRequest request, StoredClick stored) {
        request.setAttribute(ATTRIBUTE, stored == null ? NONE : stored.click);
        request.setAttribute(ALL_ATTRIBUTE, stored == null ? NONE : stored);
    }

    private static Optional<StoredClick> load(HttpServletRequest request) {
        ClickStore store = QhtrackRuntime.of(request.getServletContext()).store;
        if (store == null) {
            LOG.log(Level.FINE, "qhtrack: no ClickIdCaptureFilter is active in this web application; no click");
            return Optional.empty();
        }
        try {
            return store.loadStored(request);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "qhtrack: could not read the visitor's click; treating it as absent", e);
            return Optional.empty();
        }
    }
}
