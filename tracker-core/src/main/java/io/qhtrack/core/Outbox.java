package io.qhtrack.core;

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
 * <p>Implementations: {@link InMemoryOutbox} (default; lost on a crash) and {@code JdbcOutbox} (durable, shared by
 * every node of a cluster).
 */
public interface Outbox extends AutoCloseable {

    /** The answer to {@link #add}. */
    enum AddResult {
        /** Stored; it will be delivered. */
        ADDED,
        /** An entry with the same {@linkplain Upload#deduplicationKey() key} exists; nothing stored. */
        DUPLICATE,
        /** The outbox is at capacity; nothing stored. The caller is told, and nothing is silently dropped. */
        FULL
    }

    /**
     * Stores a new pending entry due at once, unless one with the same deduplication key is already there.
     *
     * @param deadline the end of the conversion's natural day
     */
    AddResult add(Upload upload, Instant acceptedAt, Instant deadline);

    /**
     * Claims up to {@code max} pending entries due at {@code now} (next attempt at or before it, unclaimed or with a
     * lapsed lease), for {@code lease}. Oldest due first.
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
