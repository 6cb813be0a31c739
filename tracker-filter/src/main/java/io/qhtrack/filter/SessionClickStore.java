package io.qhtrack.filter;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.util.logging.Level;
import java.util.logging.Logger;
import java.time.Clock;
import java.util.Optional;

/**
 * Keeps the clicks in the HTTP session, under {@value #ATTRIBUTE}, as a {@link ClickCodec} string: serializable, so
 * it survives session persistence and replication, and independent of qhtrack's class versions. Loading never
 * creates a session; the attribution window applies as for the cookie.
 */
final class SessionClickStore implements ClickStore {

    static final String ATTRIBUTE = "io.qhtrack.filter.click";

    private static final Logger LOG = Logger.getLogger(ClickIdCaptureFilter.class.getName());

    private final CaptureSettings settings;
    private final Clock clock;

    SessionClickStore(CaptureSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public Optional<StoredClick> loadStored(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return Optional.empty();
        }
        Object value;
        try {
            value = session.getAttribute(ATTRIBUTE);
        } catch (IllegalStateException invalidated) {
            return Optional.empty();
        }
        if (!(value instanceof String)) {
            return Optional.empty();
        }
        return ClickCodec.decodeStored((String) value, clock.instant(), settings.maxAge)
                .map(stored -> ClickStore.kept(stored, settings.attribution));
    }

    @Override
    public CaptureSettings.Attribution attribution() {
        return settings.attribution;
    }

    @Override
    public void save(HttpServletRequest request, HttpServletResponse response, StoredClick click) {
        if (response.isCommitted() && request.getSession(false) == null) {
            LOG.log(Level.WARNING, "qhtrack: the response is already committed; no session can be created");
            return;
        }
        CookieClickStore.keepPrivate(response);
        request.getSession(true).setAttribute(ATTRIBUTE, ClickCodec.encode(click));
    }
}
