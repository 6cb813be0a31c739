package io.qhtrack.platform.qihoo360;

import io.qhtrack.core.Account;
import io.qhtrack.core.Click;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Credentials;
import io.qhtrack.core.ProductLine;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.core.internal.Reports;
import io.qhtrack.core.spi.CredentialResolver;
import io.qhtrack.core.spi.CredentialSet;
import io.qhtrack.core.spi.Prepared;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Adapts a {@link Conversion} to a 360 click's line: the protocol rules of sections 4.4 and 4.5 in one place, used by
 * the codec when a conversion is reported, by {@link Upload#prepare} (sending by hand), and again when a stored upload
 * is read back ({@link #check}).
 */
final class Uploads {

    private Uploads() {
    }

    /** An upload, or the reason there is none. */
    static final class Adapted {
        final Upload upload;
        final Set<EventParam> leftOut;
        final TrackOutcome.Status rejection;
        final String message;

        private Adapted(Upload upload, Set<EventParam> leftOut, TrackOutcome.Status rejection, String message) {
            this.upload = upload;
            this.leftOut = leftOut;
            this.rejection = rejection;
            this.message = message;
        }

        static Adapted rejected(TrackOutcome.Status why, String message) {
            return new Adapted(null, EnumSet.noneOf(EventParam.class), why, message);
        }
    }

    /**
     * {@link Upload#prepare}: the tracker's own path ({@link Reports#prepare}, the 360 platform with its defaults),
     * with {@code credentials} as the resolver.
     */
    static Preparation prepare(Click click, Conversion conversion, Map<Account, Credentials> credentials, Instant now) {
        CredentialResolver resolver = (tenant, platform, line) -> {
            Optional<ProductLine> pl = ProductLine.find(line.id());
            Credentials c = pl.isPresent() ? credentials.get(pl.get().account()) : null;
            return c == null ? Optional.<CredentialSet>empty() : Optional.of(c.toCredentialSet());
        };
        if (!Qihoo360.ID.equals(click.platform())) {
            return Preparation.rejected(TrackOutcome.Status.INVALID, "a " + click.platform() + " click cannot be "
                    + "reported to 360");
        }
        Prepared p = Reports.prepare(Qihoo360.DEFAULTS, click, conversion, resolver, now);
        if (!p.isReady()) {
            return Preparation.rejected(p.rejection(), p.message());
        }
        Set<EventParam> leftOut = EnumSet.noneOf(EventParam.class);
        for (EventParam e : EventParam.values()) {
            if (p.leftOut().contains(e.key())) {
                leftOut.add(e);
            }
        }
        Optional<Upload> form = p.upload().form(Upload.class);
        if (!form.isPresent()) {
            return Preparation.ready(StoredUploads.read(p.upload().payload()), leftOut);
        }
        check(form.get());
        return Preparation.ready(form.get(), leftOut);
    }

    /**
     * The upload of {@code conversion} reported as {@code event} for a click with {@code clickId} on {@code line},
     * signed with {@code credentials}, or why there is none:
     *
     * <ul>
     *   <li>the line must offer the event ({@link TrackOutcome.Status#EVENT_NOT_OFFERED});
     *   <li>{@code trans_id} must be present where the line requires it ({@link TrackOutcome.Status#INVALID});
     *   <li>display takes {@code jzqs} from the display credentials ({@link TrackOutcome.Status#INVALID} without);
     *   <li>{@code event_param} keys the line does not accept for the event are left out, not sent;
     *   <li>{@code event_time} defaults to {@code now} when the conversion has none.
     * </ul>
     */
    static Adapted adapt(Qihoo360Line line, Qihoo360Events event, String clickId, Conversion conversion,
            CredentialSet credentials, Instant now) {
        if (!event.isOfferedOn(line)) {
            StringBuilder lines = new StringBuilder();
            for (Qihoo360Line l : event.lines()) {
                lines.append(lines.length() == 0 ? "" : ", ").append(l.wireName());
            }
            return Adapted.rejected(TrackOutcome.Status.EVENT_NOT_OFFERED, event.wireName() + " is not offered on "
                    + line.wireName() + " (" + line.displayName() + "); it is offered on " + lines);
        }
        String transId = conversion.transId().orElse(null);
        if (transId == null && line.requiresTransId(event)) {
            return Adapted.rejected(TrackOutcome.Status.INVALID, line.wireName() + " requires trans_id for "
                    + event.wireName() + ": give an order id, the form content or a trans_id");
        }
        String jzqs = null;
        if (line.requiresJzqs()) {
            Optional<String> j = credentials.value(Qihoo360Settings.JZQS);
            if (!j.isPresent()) {
                return Adapted.rejected(TrackOutcome.Status.INVALID, line.wireName() + " requires jzqs: set "
                        + Qihoo360Settings.DISPLAY_JZQS);
            }
            jzqs = j.get();
        }
        Map<EventParam, Object> given = new EnumMap<>(EventParam.class);
        conversion.amountFen().ifPresent(v -> given.put(EventParam.VALUE, v));
        conversion.score().ifPresent(v -> given.put(EventParam.SCORE, (long) v));
        conversion.outerUserId().ifPresent(v -> given.put(EventParam.OUTER_USER_ID, v));
        conversion.businessName().ifPresent(v -> given.put(EventParam.BUSINESS_NAME, v));
        conversion.registrationTime().ifPresent(v -> given.put(EventParam.REGISTRATION_TIME, v.getEpochSecond()));
        Set<EventParam> leftOut = EnumSet.noneOf(EventParam.class);
        for (EventParam p : EventParam.values()) {
            if (given.containsKey(p) && !p.isAcceptedFor(line, event)) {
                given.remove(p);
                leftOut.add(p);
            }
        }
        long eventTime = conversion.eventTime().orElse(now).getEpochSecond();
        Upload upload = new Upload(line, clickId, jzqs, transId, event, eventTime, given,
                conversion.dataSource().orElse(null));
        return new Adapted(upload, leftOut, null, "ready");
    }

    /** Re-checks an upload built from stored data; throws {@link IllegalArgumentException} naming the field. */
    static void check(Upload u) {
        Qihoo360Line line = u.qihoo360Line();
        Qihoo360Events event = u.qihoo360Event();
        Click.problemWithId(u.clickId()).ifPresent(p -> {
            throw new IllegalArgumentException(line.clickField() + ": " + p);
        });
        if (!event.isOfferedOn(line)) {
            throw new IllegalArgumentException("event: " + event.wireName() + " is not offered on " + line.wireName());
        }
        if (!u.transId().isPresent() && line.requiresTransId(event)) {
            throw new IllegalArgumentException("trans_id: required on " + line.wireName() + " for " + event.wireName());
        }
        if (line.requiresJzqs() != u.jzqs().isPresent()) {
            throw new IllegalArgumentException("jzqs: " + (line.requiresJzqs() ? "required" : "not accepted") + " on "
                    + line.wireName());
        }
        for (EventParam p : u.eventParams().keySet()) {
            if (!p.isAcceptedFor(line, event)) {
                throw new IllegalArgumentException("event_param." + p.key() + ": not accepted on " + line.wireName()
                        + " for " + event.wireName());
            }
        }
        if (u.eventTime() <= 0 || u.eventTime() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("event_time: " + u.eventTime() + " is not int32 epoch seconds");
        }
    }
}
