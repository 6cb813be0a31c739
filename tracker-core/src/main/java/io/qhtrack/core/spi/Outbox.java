package io.qhtrack.core.spi;

import io.qhtrack.core.Origin;
import io.qhtrack.core.OutboxState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where accepted conversions wait until they are delivered: the durable boundary between the visitor's request
 * and the network. {@link #add} must have stored the entry when it returns. Entries are claimed by a dispatcher
 * for a lease, attempted outside any lock or transaction, and then settled; a claim not settled before its lease
 * ends is released, so another dispatcher (or node) finishes the work.
 *
 * <p>An entry holds a {@link PlatformUpload}: its platform, tenant, line, click, event and conversion key identify
 * it (de-duplication, the per-click limit), and its payload is opaque to the outbox. qhtrack has two: one in memory
 * (the default; lost on a crash) and {@code io.qhtrack.core.jdbc.JdbcOutbox} (durable, shared by every node of a
 * cluster); {@code io.qhtrack.core.Outboxes} chooses the one {@code qhtrack.outbox} asks for. Another store
 * implements this interface: {@code add} must be durable before it returns, and the other methods must keep the
 * claim/lease contract described on each (the outbox contract tests, {@code io.qhtrack.testkit.outbox.OutboxContract}
 * in the {@code tracker-outbox-testkit} artifact, are the executable specification: subclass it to check another).
 */
public interface Outbox extends AutoCloseable {

    /** The answer to {@link #add}. */
    enum AddResult {
        /** Stored; it will be delivered. */
        ADDED,
        /** An entry with the same {@linkplain PlatformUpload#deduplicationKey() key} exists; nothing stored. */
        DUPLICATE,
        /**
         * The click already has {@code limitPerClick} entries of this event in this delivery window (whatever their
         * state): nothing stored, so that one real click id cannot be turned into unlimited conversions.
         */
        LIMITED,
        /** The outbox is at capacity; nothing stored. The caller is told, and nothing is silently dropped. */
        FULL,
        /**
         * The store did not answer in time: the entry is held in a bounded in-memory spill and written when the store
         * answers again (lost only if this JVM also dies meanwhile). Only a durable outbox answers this.
         */
        HELD,
        /**
         * The store refused this entry on its own merits (a value or constraint it does not accept: a data error, for
         * this entry alone): it is kept as a dead letter, visible in {@link #list list(DEAD)} and replayable, and is
         * not delivered. Only a durable outbox answers this; a store that is down, read-only or full answers
         * {@link #HELD} instead.
         */
        DEAD_LETTERED,
        /**
         * Stored in the application's own transaction (a transactional outbox: the JDBC outbox joining the caller's
         * transaction): delivered once that transaction commits, gone if it rolls back. Only an outbox that joins
         * transactions answers this.
         */
        JOINED
    }

    /**
     * Stores a new pending entry due at once, unless one with the same deduplication key and deadline is already
     * there ({@link AddResult#DUPLICATE}), or the click already has {@code limitPerClick} entries of the same
     * platform, tenant, line and event with the same deadline ({@link AddResult#LIMITED}; the duplicate check comes
     * first, so a repeat never uses up the limit). A durable outbox shares the limit between every node that uses it.
     *
     * <p><b>The browser's share.</b> What the browser can cause ({@link Origin#BROWSER}, the upload's
     * {@linkplain PlatformUpload#origin() origin}) holds at most {@code qhtrack.outbox.browser-share} of the capacity:
     * beyond, a browser entry is {@link AddResult#FULL}, while a {@link Origin#SERVER} entry still has the whole
     * remaining capacity. So a flood of forged browser events never displaces a form, an order or a payment.
     *
     * @param deadline the end of the conversion's delivery window (its platform's)
     * @param limitPerClick how many conversions of one event one click may have per delivery window; positive
     */
    AddResult add(PlatformUpload upload, Instant acceptedAt, Instant deadline, int limitPerClick);

    /**
     * Claims up to {@code max} pending entries due at {@code now} (next attempt at or before it, unclaimed or with a
     * lapsed lease), for {@code lease}: every due {@link Origin#SERVER} entry before any due {@link Origin#BROWSER}
     * one (so a lead queued behind thousands of browser events goes first), and within each, oldest due first.
     * Parked entries are never claimed.
     */
    List<OutboxEntry> claimDue(int max, Instant now, Duration lease);

    /** The platform accepted a claimed entry. Returns false if the claim had lapsed and was taken by someone else. */
    boolean markDelivered(OutboxEntry claimed, Instant at);

    /** A claimed entry failed transiently: pending again, due at {@code nextAttemptAt}, one more attempt counted. */
    boolean markRetry(OutboxEntry claimed, Instant nextAttemptAt, String error);

    /**
     * A claimed entry was not attempted (its platform's rate limit): pending again, due at {@code nextAttemptAt},
     * with no attempt counted and {@code why} as its last error.
     */
    boolean postpone(OutboxEntry claimed, Instant nextAttemptAt, String why);

    /** A claimed entry failed permanently ({@code countAttempt}: whether an attempt was made). */
    boolean markDead(OutboxEntry claimed, Instant at, String error, boolean countAttempt);

    /** A claimed entry's delivery window ended ({@code countAttempt}: whether an attempt was made just now). */
    boolean markExpired(OutboxEntry claimed, Instant at, String error, boolean countAttempt);

    /**
     * A claimed entry's platform answered that the credentials are wrong (or the entry was claimed while its platform
     * and tenant were parked): {@link OutboxState#PARKED}, not claimed again until {@link #unpark} ({@code countAttempt}:
     * whether an attempt was made). Its deadline is kept.
     */
    boolean markParked(OutboxEntry claimed, Instant at, String why, boolean countAttempt);

    /**
     * Makes the parked entries of {@code platform} (and {@code tenant}; {@code null} for every tenant) pending again,
     * due at {@code now}, keeping their deadlines; those whose deadline has passed end {@link OutboxState#EXPIRED},
     * with their last error.
     *
     * @return how many were made pending (expired ones not counted)
     */
    int unpark(String platform, String tenant, Instant now);

    /**
     * Gives the outbox a way to wake the dispatcher up, for entries that become due after {@link #add} returned (the
     * JDBC outbox's row in an application's transaction, once it commits). The tracker calls it once. By default the
     * outbox needs none: the dispatcher looks at it every poll interval in any case.
     */
    default void wakeUpWith(Runnable dispatcherWakeUp) {
        // entries are due when add returns
    }

    /** Entries in a state, oldest first, at most {@code limit}. */
    List<OutboxEntry> list(OutboxState state, int limit);

    /** One entry. */
    Optional<OutboxEntry> find(String id);

    /** Number of entries per state (every state present, 0 when none). */
    Map<OutboxState, Long> counts();

    /** When the oldest pending entry was accepted, if there is one. */
    Optional<Instant> oldestPending();

    /**
     * Makes dead (or, by id, expired or parked) entries pending again, due at {@code now}, e.g. after fixing a wrong
     * secret. The deadline is kept: what the platform would no longer accept expires again instead of being sent.
     *
     * @param ids the entries; empty means every dead entry
     * @return how many were made pending
     */
    int replay(List<String> ids, Instant now);

    /**
     * Makes the dead entries of {@code platform} pending again, due at {@code now}, keeping their deadlines (its parked
     * entries: {@link #unpark}).
     *
     * @return how many were made pending
     */
    int replay(String platform, Instant now);

    /** Deletes entries in {@code state} settled before {@code before}. Returns how many. */
    int purge(OutboxState state, Instant before);

    /** Whether entries survive a crash of this JVM. */
    boolean isDurable();

    /** Releases resources (not the entries). */
    @Override
    void close();
}
