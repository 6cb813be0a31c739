package io.qhtrack.filter;

import io.qhtrack.core.Click;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.Optional;

/**
 * Where a visitor's 360 click is kept between the landing request and the conversion. The filter ships a
 * first-party cookie (the default: stateless, survives session expiry, works behind a load balancer), the HTTP
 * session (for sites that keep attribution server-side), and the combination of both; {@code qhtrack.store}
 * chooses (see {@link ClickIdCaptureFilter}).
 *
 * <p>Application code rarely needs this interface: {@link QhClick#current(HttpServletRequest)} answers "which click
 * is this visitor attributed to?" through the store the filter configured.
 *
 * <p>Implementations never throw because of what a visitor sent: stored data that is malformed, foreign or older
 * than the attribution window is treated as absent.
 */
interface ClickStore {

    /**
     * The click this visitor is attributed to, if one is stored and still within the attribution window. Reads
     * only: never creates a session and never writes a cookie.
     */
    default Optional<Click> load(HttpServletRequest request) {
        return loadStored(request).map(stored -> stored.click);
    }

    /**
     * The click this visitor is attributed to with the clicks it superseded, as {@link #load} finds it. Reads only.
     */
    Optional<StoredClick> loadStored(HttpServletRequest request);

    /**
     * Remembers {@code click} for this visitor, replacing whatever was stored (last click wins). Must be called
     * before the response is committed: a cookie store adds a {@code Set-Cookie} header, a session store may create
     * the session (and so its cookie).
     */
    void save(HttpServletRequest request, HttpServletResponse response, StoredClick click);

    /**
     * Remembers {@code seen}, a click just seen on this request, and returns the click in force: the stored one when
     * it is the same click (keeping its original capture time, writing nothing) or when {@code seen} came from a
     * {@code Referer} and is a click this visitor already moved on from (a stale tab); otherwise {@code seen}, which
     * replaces the stored click (last click wins) and remembers that it superseded it.
     */
    default Click remember(HttpServletRequest request, HttpServletResponse response, Click seen, boolean fromReferer) {
        Optional<StoredClick> stored = loadStored(request);
        if (stored.isPresent() && (stored.get().click.isSameClickAs(seen)
                || fromReferer && stored.get().superseded(seen))) {
            return stored.get().click;
        }
        save(request, response, stored.isPresent() ? stored.get().replacedBy(seen) : StoredClick.of(seen));
        return seen;
    }
}
