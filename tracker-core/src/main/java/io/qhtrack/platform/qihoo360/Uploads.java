package io.qhtrack.core;

import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Adapts a {@link Conversion} to a {@link Click}'s line: the protocol rules of sections 4.4 and 4.5 in one place.
 * Public entry point: {@link Upload#prepare}.
 */
final class Uploads {

    private Uploads() {
    }

    /**
     * Builds the upload of {@code conversion} for {@code click}, or says why there is none.
     *
     * <ul>
     *   <li>the line must have credentials ({@link TrackOutcome.Status#LINE_NOT_CONFIGURED});
     *   <li>the line must offer the event ({@link TrackOutcome.Status#EVENT_NOT_OFFERED});
     *   <li>{@code trans_id} must be present where the line requires it ({@link TrackOutcome.Status#INVALID});
     *   <li>display takes {@code jzqs} from the display credentials;
     *   <li>{@code event_param} keys the line does not accept for the event are left out, not sent;
     *   <li>{@code event_time} defaults to {@code now} when the conversion has none.
     * </ul>
     */
    static Preparation prepare(Click click, Conversion conversion, Map<Account, Credentials> credentials,
            Instant now) {
        ProductLine line = click.line();
        Event event = conversion.event();
        Credentials creds = credentials.get(line.account());
        if (creds == null) {
            return Preparation.rejected(TrackOutcome.Status.LINE_NOT_CONFIGURED, line.wireName() + " (" + line.chineseName()
                    + ") has no credentials: set " + line.account().settingPrefix() + ".key and .secret");
        }
        if (!event.isOfferedOn(line)) {
            return Preparation.rejected(TrackOutcome.Status.EVENT_NOT_OFFERED, event.wireName() + " is not offered on "
                    + line.wireName() + " (" + line.chineseName() + "); it is offered on " + wireNames(event.lines()));
        }
        String transId = conversion.transId().orElse(null);
        if (transId == null && line.requiresTransId(event)) {
            return Preparation.rejected(TrackOutcome.Status.INVALID, line.wireName() + " requires trans_id for "
                    + event.wireName() + ": give an order id, the form content or a trans_id");
        }
        String jzqs = null;
        if (line.requiresJzqs()) {
            Optional<String> j = creds.jzqs();
            if (!j.isPresent()) {
                return Preparation.rejected(TrackOutcome.Status.INVALID,
                        line.wireName() + " requires jzqs: set qhtrack.display.jzqs");
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
        Upload upload = new Upload(line, click.id(), jzqs, transId, event, eventTime, given,
                conversion.dataSource().orElse(null));
        return Preparation.ready(upload, leftOut);
    }

    /** Re-checks an upload built from stored data; throws {@link IllegalArgumentException} naming the field. */
    static void check(Upload u) {
        ProductLine line = u.line();
        Click.problemWithId(u.clickId()).ifPresent(p -> {
            throw new IllegalArgumentException(line.clickField() + ": " + p);
        });
        if (!u.event().isOfferedOn(line)) {
            throw new IllegalArgumentException("event: " + u.event().wireName() + " is not offered on " + line.wireName());
        }
        if (!u.transId().isPresent() && line.requiresTransId(u.event())) {
            throw new IllegalArgumentException("trans_id: required on " + line.wireName() + " for " + u.event().wireName());
        }
        if (line.requiresJzqs() != u.jzqs().isPresent()) {
            throw new IllegalArgumentException("jzqs: " + (line.requiresJzqs() ? "required" : "not accepted") + " on "
                    + line.wireName());
        }
        for (EventParam p : u.eventParams().keySet()) {
            if (!p.isAcceptedFor(line, u.event())) {
                throw new IllegalArgumentException("event_param." + p.key() + ": not accepted on " + line.wireName()
                        + " for " + u.event().wireName());
            }
        }
        if (u.eventTime() <= 0 || u.eventTime() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("event_time: " + u.eventTime() + " is not int32 epoch seconds");
        }
    }

    private static String wireNames(Set<ProductLine> lines) {
        StringBuilder sb = new StringBuilder();
        for (ProductLine l : lines) {
            sb.append(sb.length() == 0 ? "" : ", ").append(l.wireName());
        }
        return sb.toString();
    }
}
