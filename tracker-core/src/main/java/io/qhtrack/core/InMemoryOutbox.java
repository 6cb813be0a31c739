package io.qhtrack.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The default {@link Outbox}: bounded, in this JVM's memory. Fast and dependency-free, but what it holds is lost if
 * the JVM dies; the tracker says so at start-up and drains it on graceful shutdown. Use the JDBC outbox where a
 * conversion accepted must survive a crash.
 *
 * <p>Pending entries are indexed by when they are due, so adding and claiming cost a logarithm of the backlog, not
 * a scan of it. Settled entries (delivered, dead, expired) are kept until their natural day ends, so that duplicates
 * are still recognised and dead letters can be replayed that day, then forgotten.
 */
final class InMemoryOutbox implements Outbox {

    /** Default {@linkplain #InMemoryOutbox(int) capacity}: pending entries held at most. */
    static final int DEFAULT_CAPACITY = 10_000;

    private static final Duration PRUNE_INTERVAL = Duration.ofMinutes(1);

    /** A pending, unclaimed entry's place in the queue: due time, then acceptance order. */
    private static final class Slot implements Comparable<Slot> {
        private final Instant due;
        private final long sequence;

        Slot(Instant due, long sequence) {
            this.due = due;
            this.sequence = sequence;
        }

        Instant due() {
            return due;
        }

        long sequence() {
            return sequence;
        }

        @Override
        public int compareTo(Slot other) {
            int byDue = due.compareTo(other.due);
            return byDue != 0 ? byDue : Long.compare(sequence, other.sequence);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Slot && due.equals(((Slot) o).due) && sequence == ((Slot) o).sequence;
        }

        @Override
        public int hashCode() {
            return due.hashCode() * 31 + Long.hashCode(sequence);
        }
    }

    private final int capacity;
    /** Every held entry by id, in acceptance order. */
    private final Map<String, OutboxEntry> entries = new LinkedHashMap<>();
    private final Map<String, String> idByKey = new HashMap<>();
    /** How many held entries each (line, click, event, natural day) has, for the per-click limit. */
    private final Map<String, Integer> perClick = new HashMap<>();
    /** Pending entries nobody holds, by due time. */
    private final TreeSet<Slot> queue = new TreeSet<>();
    /** Pending entries a dispatcher holds, with the end of its lease. */
    private final Map<String, Instant> leases = new HashMap<>();
    private final Map<OutboxState, Long> counts = new EnumMap<>(OutboxState.class);
    private long sequence;
    private long claims;
    private Instant nextPrune = Instant.MIN;

    /** An outbox holding at most {@value #DEFAULT_CAPACITY} pending entries. */
    InMemoryOutbox() {
        this(DEFAULT_CAPACITY);
    }

    /** An outbox holding at most {@code capacity} pending entries. */
    InMemoryOutbox(int capacity) {
        if (capacity <= 0) {
            throw new ConfigurationException(Setting.OUTBOX_CAPACITY.key(), capacity + " is not positive");
        }
        this.capacity = capacity;
        for (OutboxState s : OutboxState.values()) {
            counts.put(s, 0L);
        }
    }

    @Override
    public synchronized AddResult add(Upload upload, Instant acceptedAt, Instant deadline, int limitPerClick) {
        if (!acceptedAt.isBefore(nextPrune)) {
            forgetSettledBefore(acceptedAt);
            nextPrune = acceptedAt.plus(PRUNE_INTERVAL);
        }
        String key = key(upload, deadline);
        if (idByKey.containsKey(key)) {
            return AddResult.DUPLICATE;
        }
        String limitKey = limitKey(upload, deadline);
        if (perClick.getOrDefault(limitKey, 0) >= limitPerClick) {
            return AddResult.LIMITED;
        }
        if (counts.get(OutboxState.PENDING) >= capacity) {
            return AddResult.FULL;
        }
        perClick.merge(limitKey, 1, Integer::sum);
        long seq = ++sequence;
        String id = Long.toString(seq);
        put(new OutboxEntry(id, upload, acceptedAt, deadline, OutboxState.PENDING, 0, acceptedAt, null, null));
        idByKey.put(key, id);
        queue.add(new Slot(acceptedAt, seq));
        return AddResult.ADDED;
    }

    @Override
    public synchronized List<OutboxEntry> claimDue(int max, Instant now, Duration lease) {
        releaseLapsedLeases(now);
        List<OutboxEntry> claimed = new ArrayList<>();
        while (claimed.size() < max && !queue.isEmpty() && !queue.first().due().isAfter(now)) {
            Slot slot = queue.pollFirst();
            OutboxEntry e = entries.get(Long.toString(slot.sequence()));
            OutboxEntry c = e.with(e.state(), e.attempts(), e.nextAttemptAt(), e.lastError(), "claim-" + (++claims));
            entries.put(c.id(), c);
            leases.put(c.id(), now.plus(lease));
            claimed.add(c);
        }
        return claimed;
    }

    /** A claim whose lease ended goes back in the queue; its holder can still settle it until someone re-claims. */
    private void releaseLapsedLeases(Instant now) {
        for (Iterator<Map.Entry<String, Instant>> it = leases.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Instant> lease = it.next();
            if (!lease.getValue().isAfter(now)) {
                it.remove();
                OutboxEntry e = entries.get(lease.getKey());
                queue.add(new Slot(e.nextAttemptAt(), Long.parseLong(e.id())));
            }
        }
    }

    @Override
    public synchronized boolean markDelivered(OutboxEntry claimed, Instant at) {
        return settle(claimed, OutboxState.DELIVERED, claimed.attempts() + 1, at, null);
    }

    @Override
    public synchronized boolean markRetry(OutboxEntry claimed, Instant nextAttemptAt, String error) {
        return settle(claimed, OutboxState.PENDING, claimed.attempts() + 1, nextAttemptAt, error);
    }

    @Override
    public synchronized boolean markDead(OutboxEntry claimed, Instant at, String error, boolean countAttempt) {
        return settle(claimed, OutboxState.DEAD, claimed.attempts() + (countAttempt ? 1 : 0), at, error);
    }

    @Override
    public synchronized boolean markExpired(OutboxEntry claimed, Instant at, String error, boolean countAttempt) {
        return settle(claimed, OutboxState.EXPIRED, claimed.attempts() + (countAttempt ? 1 : 0), at, error);
    }

    private boolean settle(OutboxEntry claimed, OutboxState state, int attempts, Instant at, String error) {
        OutboxEntry current = entries.get(claimed.id());
        if (current == null || current.claim() == null || !current.claim().equals(claimed.claim())) {
            return false;
        }
        if (leases.remove(current.id()) == null) {
            queue.remove(new Slot(current.nextAttemptAt(), Long.parseLong(current.id()))); // lapsed, not re-claimed
        }
        put(current.with(state, attempts, at, error, null));
        if (state == OutboxState.PENDING) {
            queue.add(new Slot(at, Long.parseLong(current.id())));
        }
        return true;
    }

    @Override
    public synchronized List<OutboxEntry> list(OutboxState state, int limit) {
        List<OutboxEntry> result = new ArrayList<>();
        for (Iterator<OutboxEntry> it = entries.values().iterator(); it.hasNext() && result.size() < limit; ) {
            OutboxEntry e = it.next();
            if (e.state() == state) {
                result.add(e);
            }
        }
        return result;
    }

    @Override
    public synchronized Optional<OutboxEntry> find(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    @Override
    public synchronized Map<OutboxState, Long> counts() {
        return new EnumMap<>(counts);
    }

    /** Entries are held in acceptance order, so the first pending one is the oldest. */
    @Override
    public synchronized Optional<Instant> oldestPending() {
        if (counts.get(OutboxState.PENDING) == 0) {
            return Optional.empty();
        }
        for (OutboxEntry e : entries.values()) {
            if (e.state() == OutboxState.PENDING) {
                return Optional.of(e.acceptedAt());
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized int replay(List<String> ids, Instant now) {
        List<OutboxEntry> chosen = new ArrayList<>();
        for (OutboxEntry e : entries.values()) {
            boolean settledBadly = e.state() == OutboxState.DEAD || e.state() == OutboxState.EXPIRED;
            if (ids.isEmpty() ? e.state() == OutboxState.DEAD : settledBadly && ids.contains(e.id())) {
                chosen.add(e);
            }
        }
        for (OutboxEntry e : chosen) {
            put(e.with(OutboxState.PENDING, e.attempts(), now, e.lastError(), null));
            queue.add(new Slot(now, Long.parseLong(e.id())));
        }
        return chosen.size();
    }

    @Override
    public synchronized int purge(OutboxState state, Instant before) {
        if (state == OutboxState.PENDING) {
            return 0;
        }
        int n = 0;
        for (OutboxEntry e : new ArrayList<>(entries.values())) {
            if (e.state() == state && e.nextAttemptAt().isBefore(before)) {
                remove(e);
                n++;
            }
        }
        return n;
    }

    /**
     * Forgets settled entries whose natural day has ended: a conversion of another day is another conversion, and a
     * dead letter can no longer be replayed once its day is over. Entries are held in acceptance order, so their
     * deadlines never decrease: the scan stops at the first day that has not ended.
     */
    private void forgetSettledBefore(Instant now) {
        List<OutboxEntry> ended = new ArrayList<>();
        for (OutboxEntry e : entries.values()) {
            if (e.deadline().isAfter(now)) {
                break;
            }
            if (e.state() != OutboxState.PENDING) {
                ended.add(e);
            }
        }
        ended.forEach(this::remove);
    }

    /** The de-duplication key: the conversion and its natural day. */
    private static String key(Upload upload, Instant deadline) {
        return upload.deduplicationKey() + '|' + deadline.getEpochSecond();
    }

    /** The per-click limit's key: line, click, event and natural day. */
    private static String limitKey(Upload upload, Instant deadline) {
        return upload.line().shortName() + '|' + upload.clickId() + '|' + upload.event().wireName() + '|'
                + deadline.getEpochSecond();
    }

    /** Stores {@code e}, keeping the per-state counts. */
    private void put(OutboxEntry e) {
        OutboxEntry previous = entries.put(e.id(), e);
        if (previous != null) {
            counts.merge(previous.state(), -1L, Long::sum);
        }
        counts.merge(e.state(), 1L, Long::sum);
    }

    private void remove(OutboxEntry e) {
        entries.remove(e.id());
        counts.merge(e.state(), -1L, Long::sum);
        idByKey.remove(key(e.upload(), e.deadline()), e.id());
        perClick.computeIfPresent(limitKey(e.upload(), e.deadline()), (k, n) -> n > 1 ? n - 1 : null);
    }

    @Override
    public boolean isDurable() {
        return false;
    }

    @Override
    public void close() {
        // nothing to release
    }

    @Override
    public synchronized String toString() {
        return "InMemoryOutbox[" + counts.get(OutboxState.PENDING) + " pending of " + capacity + ", " + entries.size()
                + " held]";
    }
}
