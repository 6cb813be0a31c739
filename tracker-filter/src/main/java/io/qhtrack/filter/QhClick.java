package io.qhtrack.filter;

import io.qhtrack.core.Click;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;

import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.Optional;

/**
 * "Which 360 click is this visitor attributed to?" — for application code: servlets, controllers, JSPs, and the
 * tracker API built on top of it.
 *
 * <pre>{@code
 * Optional<Click> click = QhClick.current(request);
 * click.ifPresent(c -> log.info("lead from {} click {}", c.line().chineseName(), c.id()));
 * }</pre>
 *
 * <p>The answer is the click captured on this very request when its URL carried one, otherwise the click read from
 * the store {@link ClickIdCaptureFilter} is configured with (cookie and/or session), still within the attribution
 * window. It is looked up only when asked, once per request, and cached on the request. Never throws because of what
 * the visitor sent; empty when the visitor came from no 360 ad, or when the filter is not installed.
 */
public final class QhClick {

    /** Request attribute holding the {@link Click} of this request, or {@link #NONE} once looked up and absent. */
    static final String ATTRIBUTE = "io.qhtrack.filter.QhClick";

    private static final String NONE = "none";

    private static final Logger LOG = Logger.getLogger(ClickIdCaptureFilter.class.getName());

    private QhClick() {
    }

    /** The click this visitor is attributed to; empty when there is none. */
    public static Optional<Click> current(HttpServletRequest request) {
        Object cached = request.getAttribute(ATTRIBUTE);
        if (cached instanceof Click) {
            return Optional.of((Click) cached);
        }
        if (cached != null) {
            return Optional.empty();
        }
        Optional<Click> click = load(request);
        request.setAttribute(ATTRIBUTE, click.isPresent() ? click.get() : NONE);
        return click;
    }

    private static Optional<Click> load(HttpServletRequest request) {
        ServletContext context = request.getServletContext();
        Object store = context == null ? null : context.getAttribute(ClickIdCaptureFilter.STORE_ATTRIBUTE);
        if (!(store instanceof ClickStore)) {
            LOG.log(Level.FINE, "qhtrack: no ClickIdCaptureFilter is active in this web application; no click");
            return Optional.empty();
        }
        try {
            return ((ClickStore) store).load(request);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "qhtrack: could not read the visitor's click; treating it as absent", e);
            return Optional.empty();
        }
    }
}
