package io.qhtrack.sample;

import io.qhtrack.core.TrackOutcome;

/** Plain words for a {@link TrackOutcome}, for someone who has never read 360's document. */
final class Outcomes {

    private Outcomes() {
    }

    static String explain(TrackOutcome outcome, long fen) {
        switch (outcome.status()) {
            case QUEUED:
                return "已进入发件箱 In the outbox: ORDER worth " + fen + " fen (360 counts money in fen) is being "
                        + "delivered in the background; the page did not wait for 360.";
            case NOT_ATTRIBUTED:
                return "未上报 Not reported: this visitor did not arrive from a 360 ad, so there is nothing to "
                        + "attribute the order to.";
            case EVENT_NOT_OFFERED:
                return "未上报 Not reported: the visitor's 360 line does not offer this event (移动推广 mobile "
                        + "promotion accepts only SUBMIT, CALL, ADVISORY and SITEDOWNLOAD). " + outcome.message();
            case LINE_NOT_CONFIGURED:
                return "未上报 Not reported: no credentials are configured for the visitor's 360 line. "
                        + outcome.message();
            case DUPLICATE:
                return "重复 Duplicate: this order was reported already today; 360 would count it once.";
            case LIMITED:
                return "已达上限 Limited: this 360 click has reported qhtrack.limit.per-click orders today already; "
                        + "no more are sent for it until tomorrow (a leaked click id cannot make unlimited orders).";
            default:
                return outcome.message();
        }
    }
}
