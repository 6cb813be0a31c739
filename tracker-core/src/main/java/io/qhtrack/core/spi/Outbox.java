package io.qhtrack.core;

import io.qhtrack.core.jdbc.JdbcOutbox;
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
 * <p>Implementations: {@link #inMemory(int) in memory} (the default; lost on a crash) and
 * {@code io.qhtrack.core.jdbc.JdbcOutbox} (durable, shared by every node of a cluster). {@link #fromSettings} chooses
 * the one {@link Setting#OUTBOX qhtrack.outbox} asks for. This interface is also the extension point for another
 * store: {@code add} must be durable before it returns, and the other methods must keep the claim/lease contract
 * described on each; {@code JdbcOutboxContract} in the tests is the executable specification.
 */
public interface Outbox extends AutoCloseable {

    /** {@link Setting#OUTBOX qhtrack.outbox} for the in-memory outbox (the default). */
    String MEMORY = "memory";
    /** {@link Setting#OUTBOX qhtrack.outbox} for the JDBC outbox. */
    String JDBC = "jdbc";

    /**
     * An outbox in this JVM's memory, holding at most {@code capacity} pending entries: fast, but what it holds is
     * lost if the JVM dies (graceful shutdown drains it).
     *
     * @throws ConfigurationException naming {@code qhtrack.outbox.capacity} when the capacity is not positive
     */
    static Outbox inMemory(int capacity) {
        return new InMemoryOutbox(capacity);
    }

    /**
     * The outbox the configuration asks for: {@code qhtrack.outbox=memory} (the default), an in-memory outbox of
     * {@code qhtrack.outbox.capacity} entries ({@code qhtrack.outbox.browser-share} of them at most from the browser)
     * that keeps dead letters {@code qhtrack.outbox.dead-retention}; {@code qhtrack.outbox=jdbc}, the JDBC outbox its
     * {@code qhtrack.outbox.*} settings describe.
     *
     * @throws ConfigurationException naming the setting at fault
     */
    static Outbox fromSettings(Settings settings) {
        String kind = settings.get(Setting.OUTBOX).orElse(MEMORY);
        if (MEMORY.equalsIgnoreCase(kind)) {
            long capacity = settings.integer(Setting.OUTBOX_CAPACITY).orElse((long) InMemoryOutbox.DEFAULT_CAPACITY);
            Duration deadRetention = settings.duration(Setting.OUTBOX_DEAD_RETENTION)
                    .orElse(InMemoryOutbox.DEFAULT_DEAD_RETENTION);
            double browserShare = settings.decimal(Setting.OUTBOX_BROWSER_SHARE)
                    .orElse(InMemoryOutbox.DEFAULT_BROWSER_SHARE);
            return new InMemoryOutbox((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, capacity)),
                    browserShare, deadRetention);
        }
        if (JDBC.equalsIgnoreCase(kind)) {
            return JdbcOutbox.fromSettings(settings);
        }
        throw new ConfigurationException(Setting.OUTBOX.key(), "'" + kind + "' is neither " + MEMORY + " nor " + JDBC);
    }

    /** The answer to {@link #add}. */
    enum AddResult {
        /** Stored; it will be delivered. */
        ADDED,
        /** An entry with the same {@linkplain Upload#deduplicationKey() key} exists; nothing stored. */
        DUPLICATE,
        /**
         * The click already has {@code limitPerClick} entries of this event for this natural day (whatever their
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
     * Stores a new pending entry due at once, unless one with the same deduplication key is already there
     * ({@link AddResult#DUPLICATE}), or the click already has {@code limitPerClick} entries of the same line and event
     * with the same deadline ({@link AddResult#LIMITED}; the duplicate check comes first, so a repeat never uses up
     * the limit). A durable outbox shares the limit between every node that uses it.
     *
     * <p><b>The browser's share.</b> What the browser can cause ({@link Origin#BROWSER}) holds at most
     * {@code qhtrack.outbox.browser-share} of the capacity: beyond, a browser entry is {@link AddResult#FULL}, while
     * a {@link Origin#SERVER} entry still has the whole remaining capacity. So a flood of forged browser events never
     * displaces a form, an order or a payment.
     *
     * @param origin who caused it; the entry keeps it ({@link OutboxEntry#origin()})
     * @param deadline the end of the conversion's natural day
     * @param limitPerClick how many conversions of one event one click may have per natural day; positive
     */
    AddResult add(Upload upload, Origin origin, Instant acceptedAt, Instant deadline, int limitPerClick);

    /**
     * Claims up to {@code max} pending entries due at {@code now} (next attempt at or before it, unclaimed or with a
     * lapsed lease), for {@code lease}: every due {@link Origin#SERVER} entry before any due {@link Origin#BROWSER}
     * one (so a lead queued behind thousands of browser events goes first), and within each, oldest due first.
     */
    List<OutboxEntry> claimDue(int max, Instant now, Duration lease);

    /** 360 accepted a claimed entry. Returns false if the claim had lapsed and was taken by someone else. */
    boolean markDelivered(OutboxEntry claimed, Instant at);

    /** A claimed entry failed transiently: pending again, due at {@code nextAttemptAt}, one more attempt counted. */
    boolean markRetry(OutboxEntry claimed, Instant nextAttemptAt, String error);

    /** A claimed entry failed permanently ({@code countAttempt}: whether an attempt was made). */
    boolean markDead(OutboxEntry claimed, Instant at, String error, boolean countAttempt);

    /** A claimed entry's natural day ended ({@code countAttempt}: whether an attempt was made just now). */
    boolean markExpired(OutboxEntry claimed, Instant at, String error, boolean countAttempt);

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

    /** Number of entries per state. */
    Map<OutboxState, Long> counts();

    /** When the oldest pending entry was accepted, if there is one. */
    Optional<Instant> oldestPending();

    /**
     * Makes dead (or expired) entries pending again, due at {@code now}, e.g. after fixing a wrong secret. The
     * natural-day deadline is kept: what 360 would no longer accept expires again instead of being sent.
     *
     * @param ids the entries; empty means every dead entry
     * @return how many were made pending
     */
    int replay(List<String> ids, Instant now);

    /** Deletes entries in {@code state} settled before {@code before}. Returns how many. */
    int purge(OutboxState state, Instant before);

    /** Whether entries survive a crash of this JVM. */
    boolean isDurable();

    /** Releases resources (not the entries). */
    @Override
    void close();
}
