package io.qhtrack.core;

import javax.management.MXBean;

/**
 * A tracker's live counters and backlog gauges ({@link Tracker#metrics()}), also published over JMX as
 * {@code io.qhtrack:type=Tracker,name=…}. Counters count since start; backlog figures are read from the outbox when
 * asked. Thread-safe.
 */
@MXBean
public interface TrackerMetrics {
    /** Reports that ended with {@code status}, since start (a JMX operation; the getters below sum them up). */
    long reports(TrackOutcome.Status status);

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

    /** Uploads 360 accepted. */
    long getDelivered();

    /** Transient failures that were scheduled again. */
    long getRetried();

    /** Answers with errno 1 (App-Key). */
    long getFailedErrno1();

    /** Answers with errno 2 (App-Sign). */
    long getFailedErrno2();

    /** Answers with errno 3 (data). */
    long getFailedErrno3();

    /**
     * The errno of 360's most recent answer that carried one: 0 after a delivery, 1 or 2 while uploads are refused
     * for a wrong key or secret; 0 before any answer.
     */
    int getLastErrno();

    /** Entries dead-lettered. */
    long getDeadLettered();

    /** Entries expired at the end of their natural day. */
    long getExpired();

    /** How many uploads may be in flight now (the adaptive limit, at most {@code qhtrack.max-concurrency}). */
    int getConcurrencyLimit();

    /** Uploads in flight now. */
    int getInFlight();

    /** Pending entries in the outbox. */
    long getBacklog();

    /** Age in seconds of the oldest pending entry, 0 when none. */
    long getOldestPendingAgeSeconds();
}
