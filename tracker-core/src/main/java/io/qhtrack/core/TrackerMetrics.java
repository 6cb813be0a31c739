package io.qhtrack.core;

import java.util.List;
import javax.management.MXBean;

/**
 * A tracker's live counters and backlog gauges ({@link Tracker#metrics()}), also published over JMX as
 * {@code io.qhtrack:type=Tracker,name=…}. Counters count since start, in all and per platform (by its id, e.g.
 * {@code qihoo360}; reports that have no platform, such as a visitor without a click, count under
 * {@value #NO_PLATFORM}); backlog figures are read from the outbox when asked. Thread-safe.
 */
@MXBean
public interface TrackerMetrics {

    /** The platform under which reports without one are counted (no click, a refused browser event). */
    String NO_PLATFORM = "none";

    /** Reports that ended with {@code status}, since start (a JMX operation; the getters below sum them up). */
    long reports(TrackOutcome.Status status);

    /** Reports for {@code platform}'s clicks that ended with {@code status} ({@value #NO_PLATFORM}: without a click). */
    long reports(String platform, TrackOutcome.Status status);

    /** Delivery events of {@code kind} for {@code platform}'s conversions (attempts, expiries, parkings). */
    long deliveries(String platform, DeliveryEvent.Kind kind);

    /**
     * Answers of {@code platform} that carried its own {@code code} (360's errno, Baidu's status, Tencent's code), one
     * per conversion they settled.
     */
    long answers(String platform, String code);

    /** The codes {@code platform} has answered since start, in the order first seen. */
    List<String> answerCodes(String platform);

    /** The code of {@code platform}'s most recent answer that carried one; empty before any. */
    String lastCode(String platform);

    /** The platforms the tracker reports to (enabled or not), by id. */
    List<String> getPlatforms();

    /**
     * The platforms whose conversions are parked because their credentials were refused, as {@code platform/tenant}
     * (e.g. {@code baidu/default}); empty when none is.
     */
    List<String> getParkedPlatforms();

    /** Conversions parked in the outbox (their platform's credentials were refused). */
    long getParked();

    /** Configuration alerts a platform raised beside its answers (logged at most once a minute each). */
    long getAlerts();

    /** Conversions put in the outbox. */
    long getQueued();

    /** Reports refused as duplicates. */
    long getDuplicates();

    /** Reports not queued for another reason (no click, event not offered, line not configured, invalid, stopped). */
    long getNotQueued();

    /** Reports refused because the click reached {@code qhtrack.limit.per-click} for the event that day. */
    long getLimited();

    /**
     * Requests refused before anything was reported: a browser event the server does not allow, a forged beacon, a
     * beacon carrying an amount or parameters.
     */
    long getRefused();

    /** Browser events beyond their client address's budget ({@code qhtrack.browser-events.budget}): nothing sent. */
    long getThrottled();

    /** Reports refused because the outbox was full. */
    long getOutboxFull();

    /** Reports accepted into the in-memory spill because the outbox's database did not answer in time. */
    long getHeld();

    /** Conversions a platform accepted. */
    long getDelivered();

    /** Attempts that failed transiently and were scheduled again. */
    long getRetried();

    /** 360's answers with errno 1 (App-Key): {@code answers("qihoo360", "1")}. */
    default long getFailedErrno1() {
        return answers(Click.QIHOO360, "1");
    }

    /** 360's answers with errno 2 (App-Sign): {@code answers("qihoo360", "2")}. */
    default long getFailedErrno2() {
        return answers(Click.QIHOO360, "2");
    }

    /** 360's answers with errno 3 (data): {@code answers("qihoo360", "3")}. */
    default long getFailedErrno3() {
        return answers(Click.QIHOO360, "3");
    }

    /**
     * The errno of 360's most recent answer that carried one: 0 after a delivery, 1 or 2 while uploads are refused
     * for a wrong key or secret; 0 before any answer. {@code lastCode("qihoo360")} as a number.
     */
    default int getLastErrno() {
        String code = lastCode(Click.QIHOO360);
        return code.matches("-?[0-9]{1,9}") ? Integer.parseInt(code) : 0;
    }

    /** Entries dead-lettered. */
    long getDeadLettered();

    /** Entries expired at the end of their delivery window. */
    long getExpired();

    /** How many requests may be in flight now (the adaptive limit, at most {@code qhtrack.max-concurrency}). */
    int getConcurrencyLimit();

    /** Requests in flight now. */
    int getInFlight();

    /** Pending entries in the outbox. */
    long getBacklog();

    /** Age in seconds of the oldest pending entry, 0 when none. */
    long getOldestPendingAgeSeconds();
}
