package io.qhtrack.filter;

import io.qhtrack.core.Click;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.Optional;

/**
 * Where a visitor's ad clicks are kept between the landing request and the conversion. The filter ships a
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
     * The click this visitor is attributed to with the clicks it superseded, as {@link #load} finds it, and with
     * {@code qhtrack.attribution=all-platforms} the other platforms' newest clicks still within the window. Reads only.
     */
    Optional<StoredClick> loadStored(HttpServletRequest request);

    /** {@code qhtrack.attribution}: whether the store keeps the newest click of each platform, or the latest only. */
    CaptureSettings.Attribution attribution();

    /**
     * Remembers {@code click} for this visitor, replacing whatever was stored (last click wins). Must be called
     * before the response is committed: a cookie store adds a {@code Set-Cookie} header, a session store may create
     * the session (and so its cookie).
     */
    void save(HttpServletRequest request, HttpServletResponse response, StoredClick click);

    /**
     * Remembers {@code seen}, a click just seen on this request, and returns what is in force: the stored one when
     * it is the same click (keeping its original capture time, writing nothing) or when {@code seen} came from a
     * {@code Referer} and is a click this visitor already moved on from (a stale tab); otherwise {@code seen}, which
     * becomes the click in force (last click wins) as {@link StoredClick#remember} says, kept in under 4 KB
     * ({@link ClickCodec#fit}).
     */
    default StoredClick remember(HttpServletRequest request, HttpServletResponse response, Click seen,
            boolean fromReferer) {
        Optional<StoredClick> stored = loadStored(request);
        StoredClick next = stored.isPresent() ? stored.get().remember(seen, fromReferer,
                attribution() == CaptureSettings.Attribution.ALL_PLATFORMS) : StoredClick.of(seen);
        if (stored.isPresent() && next == stored.get()) {
            return next;
        }
        next = ClickCodec.fit(next);
        save(request, response, next);
        return next;
    }

    /**
     * Every click {@code stored} holds that the store keeps under {@code attribution}: all of them, or only the click
     * in force ({@code last-click}, reading a value written with {@code all-platforms}).
     */
    static StoredClick kept(StoredClick stored, CaptureSettings.Attribution attribution) {
        return attribution == CaptureSettings.Attribution.ALL_PLATFORMS ? stored : stored.latestOnly();
    }
}
