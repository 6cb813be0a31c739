package io.qhtrack.core.internal;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Origin;
import io.qhtrack.core.OutboxState;
import io.qhtrack.core.Setting;
import io.qhtrack.core.spi.Outbox;
import io.qhtrack.core.spi.OutboxEntry;
import io.qhtrack.core.spi.PlatformUpload;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The default {@link Outbox}: bounded, in this JVM's memory (part of qhtrack's engine, not API; it is chosen with
 * {@code qhtrack.outbox=memory}, the default, or {@code io.qhtrack.core.Outboxes.inMemory}). Fast and dependency-free, but what it holds is lost if
 * the JVM dies; the tracker says so at start-up and drains it on graceful shutdown. Use the JDBC outbox where a
 * conversion accepted must survive a crash.
 *
 * <p>Pending entries are indexed by when they are due, so adding and claiming cost a logarithm of the backlog, not
 * a scan of it.
 *
 * <p><b>What is kept after settling, and how much.</b> At most {@code capacity} entries are pending or parked. A
 * delivered entry is not kept: only a 16-byte fingerprint of its de-duplication key (an md5 of platform, tenant, line,
 * click, event and conversion key) stays until its delivery window ends, so that the same conversion is still a duplicate that day, and so does
 * its click's count for the per-click limit. Dead and expired entries are kept whole, visible and replayable, for
 * {@linkplain #DEFAULT_DEAD_RETENTION the dead retention} after they were settled and at most {@code capacity} of
 * them: beyond, the oldest are forgotten first (their fingerprints stay until their day ends), counted, and logged at
 * most once a minute. Each natural day's fingerprints are dropped together when it ends: no scan, no per-entry
 * bookkeeping. So a day of a million delivered conversions costs tens of megabytes, not a gigabyte.
 *
 * <p><b>The browser's share.</b> Browser events ({@link Origin#BROWSER}) hold at most {@code browserShare} of the
 * pending capacity ({@value #DEFAULT_BROWSER_SHARE} by default); beyond, they are {@link AddResult#FULL} while server
 * entries keep the whole remaining capacity. They wait in a queue of their own, claimed only once no server entry is
 * due: a lead queued behind thousands of browser events goes first.
 */
public final class InMemoryOutbox implements Outbox {

    private static final Logger LOG = Logger.getLogger(InMemoryOutbox.class.getName());

    /** Default {@linkplain #InMemoryOutbox(int) capacity}: pending entries held at most. */
    public static final int DEFAULT_CAPACITY = 10_000;
    /** Default share of the capacity that browser events may hold: {@value}. */
    public static final double DEFAULT_BROWSER_SHARE = 0.2;
    /** Default time dead and expired entries stay visible and replayable: 30 days (as the JDBC outbox's rows). */
    public static final Duration DEFAULT_DEAD_RETENTION = Duration.ofDays(30);

    private static final Duration PRUNE_INTERVAL = Duration.ofMinutes(1);
    /** How often forgotten dead letters are logged, at most. */
    private static final Duration FORGOTTEN_LOG_INTERVAL = Duration.ofMinutes(1);

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

    /** A 128-bit fingerprint of a key: its md5, as two longs (32 bytes of heap with the object's header). */
    static final class Fingerprint {
        private final long high;
        private final long low;

        Fingerprint(byte[] md5) {
            long h = 0;
            long l = 0;
            for (int i = 0; i < 8; i++) {
                h = h << 8 | (md5[i] & 0xff);
                l = l << 8 | (md5[8 + i] & 0xff);
            }
            this.high = h;
            this.low = l;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Fingerprint && high == ((Fingerprint) o).high && low == ((Fingerprint) o).low;
        }

        @Override
        public int hashCode() {
            return (int) low;
        }
    }

    /**
     * Makes the fingerprints of an upload's keys: the md5 of {@code platform|tenant|line|click|event} (the per-click
     * limit's key) or of that and {@code |key} (the de-duplication key), in UTF-8. Only the conversion key may hold
     * {@code |}, and it comes last, so two different keys never read the same. One digest and one buffer, reused: not
     * thread-safe (the outbox calls it under its lock).
     */
    private static final class Fingerprints {
        private final MessageDigest md5 = Md5.newDigest();
        private final byte[] digest = new byte[16];
        private byte[] buffer = new byte[128];
        private int length;

        Fingerprint of(PlatformUpload u, boolean withKey) {
            length = 0;
            append(u.platform());
            append("|");
            append(u.tenant());
            append("|");
            append(u.line());
            append("|");
            append(u.clickId());
            append("|");
            append(u.event());
            if (withKey) {
                append("|");
                append(u.conversionKey());
            }
            md5.update(buffer, 0, length);
            try {
                md5.digest(digest, 0, digest.length);
            } catch (DigestException e) {
                throw new IllegalStateException(e); // 16 bytes is md5's length
            }
            return new Fingerprint(digest);
        }

        private void append(String s) {
            int n = s.length();
            ensure(length + n);
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) { // not ASCII (a conversion key may be any text): encode the rest as UTF-8
                    byte[] rest = s.substring(i).getBytes(StandardCharsets.UTF_8);
                    ensure(length + rest.length);
                    System.arraycopy(rest, 0, buffer, length, rest.length);
                    length += rest.length;
                    return;
                }
                buffer[length++] = (byte) c;
            }
        }

        private void ensure(int size) {
            if (size > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(size, 2 * buffer.length));
            }
        }
    }

    /** What is remembered of one natural day until it ends: every conversion's fingerprint, and each click's count. */
    private static final class Day {
        final Set<Fingerprint> conversions = new HashSet<>();
        final Map<Fingerprint, Integer> perClick = new HashMap<>();
        long delivered;
    }

    private final int capacity;
    /** Pending browser entries held at most: the browser's share of the capacity. */
    private final int browserCapacity;
    private final Duration deadRetention;
    /** Pending, dead and expired entries by id, in acceptance order (delivered ones are only remembered by day). */
    private final Map<String, OutboxEntry> entries = new LinkedHashMap<>();
    /** Dead and expired entries by id, in the order they were settled so: the oldest are forgotten first. */
    private final Map<String, OutboxEntry> settledBadly = new LinkedHashMap<>();
    /** The natural days not yet ended, by their end. */
    private final TreeMap<Instant, Day> days = new TreeMap<>();
    /** Pending server entries nobody holds, by due time: claimed before any browser entry. */
    private final TreeSet<Slot> serverQueue = new TreeSet<>();
    /** Pending browser entries nobody holds, by due time. */
    private final TreeSet<Slot> browserQueue = new TreeSet<>();
    private long pendingBrowser;
    /** Pending entries a dispatcher holds, with the end of its lease. */
    private final Map<String, Instant> leases = new HashMap<>();
    private final Map<OutboxState, Long> counts = new EnumMap<>(OutboxState.class);
    private final Fingerprints fingerprints = new Fingerprints();
    private long sequence;
    private long claims;
    private Instant nextPrune = Instant.MIN;
    private long forgottenDead;
    private long forgottenDeadLogged;
    private Instant nextForgottenLog = Instant.MIN;

    /** An outbox holding at most {@value #DEFAULT_CAPACITY} pending entries. */
    public InMemoryOutbox() {
        this(DEFAULT_CAPACITY);
    }

    /** An outbox holding at most {@code capacity} pending entries, the default share of them from the browser. */
    public InMemoryOutbox(int capacity) {
        this(capacity, DEFAULT_BROWSER_SHARE, DEFAULT_DEAD_RETENTION);
    }

    /**
     * An outbox holding at most {@code capacity} pending entries, at most {@code browserShare} of the capacity from
     * the browser, and dead or expired ones for {@code deadRetention} (at most {@code capacity} of them).
     */
    public InMemoryOutbox(int capacity, double browserShare, Duration deadRetention) {
        if (capacity <= 0) {
            throw new ConfigurationException(Setting.OUTBOX_CAPACITY.key(), capacity + " is not positive");
        }
        if (!(browserShare >= 0 && browserShare <= 1)) {
            throw new ConfigurationException(Setting.OUTBOX_BROWSER_SHARE.key(), browserShare + " is not between 0 "
                    + "and 1");
        }
        if (deadRetention.compareTo(Duration.ofDays(1)) < 0) {
            throw new ConfigurationException(Setting.OUTBOX_DEAD_RETENTION.key(), deadRetention + " is shorter than 1 "
                    + "day (P1D): a dead letter must stay replayable at least for its natural day");
        }
        this.capacity = capacity;
        this.browserCapacity = (int) Math.floor(capacity * browserShare);
        this.deadRetention = deadRetention;
        for (OutboxState s : OutboxState.values()) {
            counts.put(s, 0L);
        }
    }

    @Override
    public synchronized AddResult add(PlatformUpload upload, Instant acceptedAt, Instant deadline,
            int limitPerClick) {
        Origin origin = upload.origin();
        if (!acceptedAt.isBefore(nextPrune)) {
            prune(acceptedAt);
            nextPrune = acceptedAt.plus(PRUNE_INTERVAL);
        }
        Day day = days.get(deadline);
        Fingerprint conversion = fingerprints.of(upload, true);
        if (day != null && day.conversions.contains(conversion)) {
            return AddResult.DUPLICATE;
        }
        Fingerprint click = fingerprints.of(upload, false);
        if (day != null && day.perClick.getOrDefault(click, 0) >= limitPerClick) {
            return AddResult.LIMITED;
        }
        boolean browserShareUsed = origin == Origin.BROWSER && pendingBrowser >= browserCapacity;
        if (counts.get(OutboxState.PENDING) + counts.get(OutboxState.PARKED) >= capacity || browserShareUsed) {
            return AddResult.FULL;
        }
        if (day == null) {
            day = new Day();
            days.put(deadline, day);
        }
        day.conversions.add(conversion);
        day.perClick.merge(click, 1, Integer::sum);
        long seq = ++sequence;
        OutboxEntry added = new OutboxEntry(Long.toString(seq), upload, acceptedAt, deadline, OutboxState.PENDING, 0,
                acceptedAt, null, null);
        put(added);
        queueOf(added).add(new Slot(acceptedAt, seq));
        return AddResult.ADDED;
    }

    @Override
    public synchronized List<OutboxEntry> claimDue(int max, Instant now, Duration lease) {
        releaseLapsedLeases(now);
        List<OutboxEntry> claimed = new ArrayList<>();
        claimFrom(serverQueue, max, now, lease, claimed);
        claimFrom(browserQueue, max, now, lease, claimed);
        return claimed;
    }

    private void claimFrom(TreeSet<Slot> queue, int max, Instant now, Duration lease, List<OutboxEntry> claimed) {
        while (claimed.size() < max && !queue.isEmpty() && !queue.first().due().isAfter(now)) {
            Slot slot = queue.pollFirst();
            OutboxEntry e = entries.get(Long.toString(slot.sequence()));
            OutboxEntry c = e.with(e.state(), e.attempts(), e.nextAttemptAt(), e.lastError(), "claim-" + (++claims));
            entries.put(c.id(), c);
            leases.put(c.id(), now.plus(lease));
            claimed.add(c);
        }
    }

    /** The queue of {@code e}'s origin. */
    private TreeSet<Slot> queueOf(OutboxEntry e) {
        return e.origin() == Origin.BROWSER ? browserQueue : serverQueue;
    }

    /** A claim whose lease ended goes back in the queue; its holder can still settle it until someone re-claims. */
    private void releaseLapsedLeases(Instant now) {
        for (Iterator<Map.Entry<String, Instant>> it = leases.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Instant> lease = it.next();
            if (!lease.getValue().isAfter(now)) {
                it.remove();
                OutboxEntry e = entries.get(lease.getKey());
                queueOf(e).add(new Slot(e.nextAttemptAt(), Long.parseLong(e.id())));
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
    public synchronized boolean postpone(OutboxEntry claimed, Instant nextAttemptAt, String why) {
        return settle(claimed, OutboxState.PENDING, claimed.attempts(), nextAttemptAt, why);
    }

    @Override
    public synchronized boolean markParked(OutboxEntry claimed, Instant at, String why, boolean countAttempt) {
        return settle(claimed, OutboxState.PARKED, claimed.attempts() + (countAttempt ? 1 : 0), at, why);
    }

    @Override
    public synchronized int unpark(String platform, String tenant, Instant now) {
        List<OutboxEntry> parked = new ArrayList<>();
        for (OutboxEntry e : entries.values()) {
            if (e.state() == OutboxState.PARKED && e.platform().equals(platform)
                    && (tenant == null || e.upload().tenant().equals(tenant))) {
                parked.add(e);
            }
        }
        int n = 0;
        for (OutboxEntry e : parked) {
            if (now.isBefore(e.deadline())) {
                put(e.with(OutboxState.PENDING, e.attempts(), now, e.lastError(), null));
                queueOf(e).add(new Slot(now, Long.parseLong(e.id())));
                n++;
            } else {
                expireParked(e, now);
            }
        }
        return n;
    }

    /** A parked entry whose window ended: {@code EXPIRED}, kept as a dead letter is. */
    private void expireParked(OutboxEntry e, Instant now) {
        OutboxEntry expired = e.with(OutboxState.EXPIRED, e.attempts(), now, "parked until its window ended at "
                + e.deadline() + e.lastErrorMessage().map(m -> "; " + m).orElse(""), null);
        put(expired);
        settledBadly.put(expired.id(), expired);
        forgetDeadBeyondCapacity(now);
    }

    @Override
    public synchronized int replay(String platform, Instant now) {
        List<String> ids = new ArrayList<>();
        for (OutboxEntry e : settledBadly.values()) {
            if (e.state() == OutboxState.DEAD && e.platform().equals(platform)) {
                ids.add(e.id());
            }
        }
        return ids.isEmpty() ? 0 : replay(ids, now);
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
            queueOf(current).remove(new Slot(current.nextAttemptAt(), Long.parseLong(current.id()))); // lapsed
        }
        OutboxEntry settled = current.with(state, attempts, at, error, null);
        if (state == OutboxState.DELIVERED) {
            forget(current);
            Day day = days.get(current.deadline());
            if (day != null) {
                day.delivered++;
                counts.merge(OutboxState.DELIVERED, 1L, Long::sum);
            }
            return true;
        }
        put(settled);
        if (state == OutboxState.PENDING) {
            queueOf(settled).add(new Slot(at, Long.parseLong(current.id())));
        } else if (state != OutboxState.PARKED) {
            settledBadly.put(settled.id(), settled);
            forgetDeadBeyondCapacity(at);
        }
        return true;
    }

    /** The oldest dead or expired entries beyond the capacity are forgotten (their fingerprints stay for the day). */
    private void forgetDeadBeyondCapacity(Instant now) {
        for (Iterator<OutboxEntry> it = settledBadly.values().iterator(); settledBadly.size() > capacity; ) {
            OutboxEntry oldest = it.next();
            it.remove();
            forget(oldest);
            forgottenDead++;
        }
        if (forgottenDead > forgottenDeadLogged && !now.isBefore(nextForgottenLog)) {
            long n = forgottenDead - forgottenDeadLogged;
            long all = forgottenDead;
            forgottenDeadLogged = forgottenDead;
            nextForgottenLog = now.plus(FORGOTTEN_LOG_INTERVAL);
            LOG.log(Level.WARNING, () -> "qhtrack: the in-memory outbox keeps at most " + capacity + " dead or expired "
                    + "entries (qhtrack.outbox.capacity): " + n + " of the oldest were forgotten (" + all + " in all); "
                    + "look at the dead letters, or use the JDBC outbox to keep them");
        }
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

    /**
     * {@inheritDoc} {@link OutboxState#DELIVERED} counts the delivered conversions still remembered (until their day
     * ends); they are not {@linkplain #list listed} or {@linkplain #find found}.
     */
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
        for (OutboxEntry e : settledBadly.values()) {
            if (ids.isEmpty() ? e.state() == OutboxState.DEAD : ids.contains(e.id())) {
                chosen.add(e);
            }
        }
        for (String id : ids) {
            OutboxEntry e = entries.get(id);
            if (e != null && e.state() == OutboxState.PARKED) {
                chosen.add(e);
            }
        }
        for (OutboxEntry e : chosen) {
            settledBadly.remove(e.id());
            put(e.with(OutboxState.PENDING, e.attempts(), now, e.lastError(), null));
            queueOf(e).add(new Slot(now, Long.parseLong(e.id())));
        }
        return chosen.size();
    }

    /**
     * {@inheritDoc} Dead and expired entries only: delivered ones are not kept (only their fingerprints, until their
     * day ends), so there is nothing to purge. A purged entry's fingerprint is forgotten too: the same conversion may
     * be reported again, as with the JDBC outbox.
     */
    @Override
    public synchronized int purge(OutboxState state, Instant before) {
        if (state != OutboxState.DEAD && state != OutboxState.EXPIRED) {
            return 0;
        }
        int n = 0;
        for (OutboxEntry e : new ArrayList<>(settledBadly.values())) {
            if (e.state() == state && e.nextAttemptAt().isBefore(before)) {
                settledBadly.remove(e.id());
                forget(e);
                unremember(e);
                n++;
            }
        }
        return n;
    }

    /**
     * Drops what has outlived its use: each natural day that has ended (a conversion of another day is another
     * conversion, and no conversion is added to an ended day), and dead or expired entries settled more than the dead
     * retention ago. Entries of an ended day that are still pending stay: the dispatcher expires them.
     */
    private void prune(Instant now) {
        while (!days.isEmpty() && !days.firstKey().isAfter(now)) {
            Day ended = days.pollFirstEntry().getValue();
            counts.merge(OutboxState.DELIVERED, -ended.delivered, Long::sum);
        }
        if (counts.get(OutboxState.PARKED) > 0) {
            List<OutboxEntry> ended = new ArrayList<>();
            for (OutboxEntry e : entries.values()) {
                if (e.state() == OutboxState.PARKED && !now.isBefore(e.deadline())) {
                    ended.add(e);
                }
            }
            for (OutboxEntry e : ended) {
                expireParked(e, now);
            }
        }
        Instant cutoff = now.minus(deadRetention);
        for (Iterator<OutboxEntry> it = settledBadly.values().iterator(); it.hasNext(); ) {
            OutboxEntry e = it.next();
            if (!e.nextAttemptAt().isBefore(cutoff)) {
                break; // in the order they were settled
            }
            it.remove();
            forget(e);
        }
    }

    /** Stores {@code e}, keeping the per-state counts. */
    private void put(OutboxEntry e) {
        OutboxEntry previous = entries.put(e.id(), e);
        if (previous != null) {
            count(previous, -1);
        }
        count(e, 1);
    }

    /** Drops the entry object (its day still remembers its fingerprint and its click's count). */
    private void forget(OutboxEntry e) {
        OutboxEntry held = entries.remove(e.id());
        if (held != null) {
            count(held, -1);
        }
    }

    private void count(OutboxEntry e, long delta) {
        counts.merge(e.state(), delta, Long::sum);
        if (e.state() == OutboxState.PENDING && e.origin() == Origin.BROWSER) {
            pendingBrowser += delta;
        }
    }

    /** Forgets the fingerprint and click count of {@code e}'s conversion, as if it had never been added. */
    private void unremember(OutboxEntry e) {
        Day day = days.get(e.deadline());
        if (day != null) {
            day.conversions.remove(fingerprints.of(e.upload(), true));
            day.perClick.computeIfPresent(fingerprints.of(e.upload(), false), (k, n) -> n > 1 ? n - 1 : null);
        }
    }

    /** Entry objects held: pending, parked, dead and expired (tests: delivered ones must not be). */
    public synchronized int held() {
        return entries.size();
    }

    /** Dead or expired entries forgotten because more than the capacity of them were kept. */
    public synchronized long forgottenDeadLetters() {
        return forgottenDead;
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
        return "InMemoryOutbox[" + counts.get(OutboxState.PENDING) + " pending" + (counts.get(OutboxState.PARKED) == 0
                ? "" : " and " + counts.get(OutboxState.PARKED) + " parked") + " of " + capacity + " (" + pendingBrowser
                + " from the browser, at most " + browserCapacity + "), " + entries.size()
                + " held, " + counts.get(OutboxState.DELIVERED) + " delivered remembered for their day"
                + (forgottenDead == 0 ? "" : ", " + forgottenDead + " dead letters forgotten") + "]";
    }
}
