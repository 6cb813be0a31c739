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
    Optional<Click> load(HttpServletRequest request);

    /**
     * Remembers {@code click} for this visitor, replacing whatever was stored (last click wins). Must be called
     * before the response is committed: a cookie store adds a {@code Set-Cookie} header, a session store may create
     * the session (and so its cookie).
     */
    void save(HttpServletRequest request, HttpServletResponse response, Click click);
}
