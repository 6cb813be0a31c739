package io.qhtrack.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default {@link Outbox}: bounded, in this JVM's memory. Fast and dependency-free, but what it holds is lost if
 * the JVM dies; the tracker says so at start-up and drains it on graceful shutdown. Use the JDBC outbox where a
 * conversion accepted must survive a crash.
 *
 * <p>Settled entries are kept until their natural day ends (so duplicates are still recognised), then forgotten.
 */
public final class InMemoryOutbox implements Outbox {

    /** Default {@linkplain #InMemoryOutbox(int) capacity}: pending entries held at most. */
    public static final int DEFAULT_CAPACITY = 10_000;

    private static final Duration PRUNE_INTERVAL = Duration.ofMinutes(1);

    private final int capacity;
    private final Map<String, OutboxEntry> entries = new LinkedHashMap<>();
    private final Map<String, String> idByKey = new HashMap<>();
    private final Map<String, Instant> leaseEnds = new HashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private int pending;
    private Instant nextPrune = Instant.MIN;

    /** An outbox holding at most {@value #DEFAULT_CAPACITY} pending entries. */
    public InMemoryOutbox() {
        this(DEFAULT_CAPACITY);
    }

    /** An outbox holding at most {@code capacity} pending entries. */
    public InMemoryOutbox(int capacity) {
        if (capacity <= 0) {
            throw new ConfigurationException("qhtrack.outbox.capacity", capacity + " is not positive");
        }
        this.capacity = capacity;
    }

    @Override
    public synchronized AddResult add(Upload upload, Instant acceptedAt, Instant deadline) {
        if (!acceptedAt.isBefore(nextPrune)) {
            forgetSettledBefore(acceptedAt);
            nextPrune = acceptedAt.plus(PRUNE_INTERVAL);
        }
        String key = upload.deduplicationKey();
        if (idByKey.containsKey(key)) {
            return AddResult.DUPLICATE;
        }
        if (pending >= capacity) {
            return AddResult.FULL;
        }
        String id = Long.toString(sequence.incrementAndGet());
        entries.put(id, new OutboxEntry(id, upload, acceptedAt, deadline, OutboxState.PENDING, 0, acceptedAt, null,
                null));
        idByKey.put(key, id);
        pending++;
        return AddResult.ADDED;
    }

    @Override
    public synchronized List<OutboxEntry> claimDue(int max, Instant now, Duration lease) {
        List<OutboxEntry> due = new ArrayList<>();
        for (OutboxEntry e : entries.values()) {
            if (e.state() == OutboxState.PENDING && !e.nextAttemptAt().isAfter(now) && !isLeased(e, now)) {
                due.add(e);
            }
        }
        due.sort(Comparator.comparing(OutboxEntry::nextAttemptAt).thenComparing(OutboxEntry::acceptedAt));
        List<OutboxEntry> claimed = new ArrayList<>(Math.min(max, due.size()));
        for (OutboxEntry e : due.subList(0, Math.min(max, due.size()))) {
            OutboxEntry c = e.with(e.state(), e.attempts(), e.nextAttemptAt(), e.lastError(), UUID.randomUUID().toString());
            entries.put(c.id(), c);
            leaseEnds.put(c.id(), now.plus(lease));
            claimed.add(c);
        }
        return claimed;
    }

    private boolean isLeased(OutboxEntry e, Instant now) {
        Instant end = leaseEnds.get(e.id());
        return e.claim() != null && end != null && end.isAfter(now);
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
        entries.put(current.id(), current.with(state, attempts, at, error, null));
        leaseEnds.remove(current.id());
        if (state != OutboxState.PENDING) {
            pending--;
        }
        return true;
    }

    @Override
    public synchronized List<OutboxEntry> list(OutboxState state, int limit) {
        List<OutboxEntry> result = new ArrayList<>();
        for (OutboxEntry e : entries.values()) {
            if (e.state() == state && result.size() < limit) {
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
        Map<OutboxState, Long> counts = new EnumMap<>(OutboxState.class);
        for (OutboxState s : OutboxState.values()) {
            counts.put(s, 0L);
        }
        entries.values().forEach(e -> counts.merge(e.state(), 1L, Long::sum));
        return counts;
    }

    @Override
    public synchronized Optional<Instant> oldestPending() {
        return entries.values().stream().filter(e -> e.state() == OutboxState.PENDING)
                .map(OutboxEntry::acceptedAt).min(Comparator.naturalOrder());
    }

    @Override
    public synchronized int replay(List<String> ids, Instant now) {
        int n = 0;
        for (OutboxEntry e : new ArrayList<>(entries.values())) {
            boolean chosen = ids.isEmpty() ? e.state() == OutboxState.DEAD
                    : ids.contains(e.id()) && (e.state() == OutboxState.DEAD || e.state() == OutboxState.EXPIRED);
            if (chosen) {
                entries.put(e.id(), e.with(OutboxState.PENDING, e.attempts(), now, e.lastError(), null));
                pending++;
                n++;
            }
        }
        return n;
    }

    @Override
    public synchronized int purge(OutboxState state, Instant before) {
        int n = 0;
        for (OutboxEntry e : new ArrayList<>(entries.values())) {
            if (e.state() == state && state != OutboxState.PENDING && e.nextAttemptAt().isBefore(before)) {
                remove(e);
                n++;
            }
        }
        return n;
    }

    private void forgetSettledBefore(Instant now) {
        if (entries.size() <= pending) {
            return;
        }
        for (OutboxEntry e : new ArrayList<>(entries.values())) {
            if ((e.state() == OutboxState.DELIVERED || e.state() == OutboxState.EXPIRED) && !e.deadline().isAfter(now)) {
                remove(e);
            }
        }
    }

    private void remove(OutboxEntry e) {
        entries.remove(e.id());
        idByKey.remove(e.upload().deduplicationKey(), e.id());
        leaseEnds.remove(e.id());
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
        return "InMemoryOutbox[" + pending + " pending of " + capacity + ", " + entries.size() + " held]";
    }
}
