package io.qhtrack.core.internal;

import io.qhtrack.core.Click;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.core.spi.CredentialResolver;
import io.qhtrack.core.spi.CredentialSet;
import io.qhtrack.core.spi.Line;
import io.qhtrack.core.spi.Platform;
import io.qhtrack.core.spi.PlatformEvent;
import io.qhtrack.core.spi.Prepared;
import java.time.Instant;
import java.util.Optional;

/**
 * How a conversion for a click becomes what the outbox stores, the same for every platform and for every caller (the
 * tracker, and a platform's "send by hand" API): the click's line, its credentials
 * ({@link TrackOutcome.Status#LINE_NOT_CONFIGURED} without them), the platform's event for the conversion on that
 * line ({@link TrackOutcome.Status#EVENT_NOT_OFFERED} without one), then the platform's codec, whose refusal names
 * what is missing. Never throws for bad data.
 *
 * <p>Part of qhtrack's engine, not API: it may change in any release.
 */
public final class Reports {

    private Reports() {
    }

    /** The upload of {@code conversion} for {@code click} on {@code platform}, or why there is none. */
    public static Prepared prepare(Platform platform, Click click, Conversion conversion, CredentialResolver resolver,
            Instant now) {
        Optional<Line> line = platform.line(click.lineId());
        if (!line.isPresent()) {
            return Prepared.rejected(TrackOutcome.Status.INVALID, "the click's line '" + click.lineId() + "' is not "
                    + "one of " + platform.displayName() + "'s (" + platform.lines() + ")");
        }
        Line l = line.get();
        Optional<CredentialSet> credentials;
        try {
            credentials = resolver.resolve(click.tenant(), platform, l);
        } catch (RuntimeException e) {
            return Prepared.rejected(TrackOutcome.Status.LINE_NOT_CONFIGURED, describe(platform, l) + ": the "
                    + "credential resolver failed (" + e.getClass().getSimpleName() + ")");
        }
        if (credentials == null || !credentials.isPresent()) {
            return Prepared.rejected(TrackOutcome.Status.LINE_NOT_CONFIGURED, describe(platform, l)
                    + " has no credentials" + (Click.DEFAULT_TENANT.equals(click.tenant()) ? ""
                            : " for tenant " + click.tenant()) + ": " + platform.howToConfigure(l));
        }
        Optional<PlatformEvent> event = platform.events().map(conversion.event(), l);
        if (!event.isPresent()) {
            return Prepared.rejected(TrackOutcome.Status.EVENT_NOT_OFFERED, notOffered(platform, l, conversion));
        }
        try {
            Prepared p = platform.codec().prepare(click, conversion, event.get(), credentials.get(), now);
            return p != null ? p : Prepared.rejected(TrackOutcome.Status.INVALID, platform.id() + "'s codec "
                    + "prepared nothing");
        } catch (RuntimeException e) {
            return Prepared.rejected(TrackOutcome.Status.INVALID, e.getMessage() == null ? e.toString()
                    : e.getMessage());
        }
    }

    /**
     * Why the platform does not take the conversion's event on {@code line}: {@code ORDER is not offered on
     * ocpc_web_convert (移动推广); it is offered on ocpc_ps_convert, ocpc_ms_convert, ocpc_zs_convert}.
     */
    static String notOffered(Platform platform, Line line, Conversion conversion) {
        StringBuilder others = new StringBuilder();
        String name = conversion.event().name();
        for (Line other : platform.lines()) {
            Optional<PlatformEvent> e = platform.events().map(conversion.event(), other);
            if (e.isPresent()) {
                others.append(others.length() == 0 ? "" : ", ").append(other.wireName());
                name = e.get().wireName();
            }
        }
        if (platform.lines().size() == 1) {
            return name + " is not offered by " + platform.displayName() + ": qhtrack's " + conversion.event().name()
                    + " maps to none of its events (its event settings can map it)";
        }
        return name + " is not offered on " + describe(platform, line) + (others.length() == 0
                ? "; no line of " + platform.displayName() + " offers it" : "; it is offered on " + others);
    }

    /**
     * A line for messages: {@code ocpc_ps_convert (PC 搜索推广)} for a platform of several lines; the platform's name
     * for a platform of one.
     */
    public static String describe(Platform platform, Line line) {
        return platform.lines().size() == 1 ? platform.displayName() : line.wireName() + " (" + line.displayName()
                + ")";
    }

    /**
     * A line and event for messages: {@code ocpc_ps_convert SUBMIT}, or {@code 百度营销 3} for a platform of one line.
     */
    public static String describe(Platform platform, String lineId, String event) {
        return describe(platform, lineId, event, "");
    }

    /**
     * {@link #describe(Platform, String, String)} followed by {@code suffix}, written at once (an outcome's message on
     * the request thread: {@code ocpc_ps_convert SUBMIT queued}).
     */
    public static String describe(Platform platform, String lineId, String event, String suffix) {
        Optional<Line> line = platform.line(lineId);
        String where = !line.isPresent() ? platform.id() + " " + lineId
                : platform.lines().size() == 1 ? platform.displayName() : line.get().wireName();
        return new StringBuilder(where.length() + 1 + event.length() + suffix.length()).append(where).append(' ')
                .append(event).append(suffix).toString();
    }
}
