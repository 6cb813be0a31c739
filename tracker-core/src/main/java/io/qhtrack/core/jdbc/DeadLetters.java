package io.qhtrack.core.jdbc;

import io.qhtrack.core.spi.Outbox.AddResult;
import io.qhtrack.core.spi.OutboxEntry;
import io.qhtrack.core.OutboxState;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Conversions the database refused on their own merits (a data error, for the conversion alone): kept as dead
 * letters, visible and replayable, never dropped with a log line. Each is logged once at SEVERE, naming it.
 *
 * <p>Where it is kept, in order:
 * <ol>
 *   <li>a {@code DEAD} row with the upload stored as ASCII JSON (every other character escaped: a column whose
 *       character set cannot hold an emoji takes it), its own key kept, so that a repeat is still a duplicate;</li>
 *   <li>if the database refuses that too (a constraint on the click id or trans_id), a {@code DEAD} row whose click id
 *       and trans_id are replaced by a digest of each ({@code dead-…}); the upload still holds them, and a replay
 *       sends it;</li>
 *   <li>if even that is refused, in this JVM's memory: at most {@value #IN_MEMORY_MAX} (the oldest forgotten first,
 *       said at SEVERE), listed, counted and found with the table's dead letters under ids {@code m1}, {@code m2} …;
 *       lost when the JVM stops, and said so then.</li>
 * </ol>
 * Rows are visible to every node and to the CLI; the last resort only to this JVM. Thread-safe.
 */
final class DeadLetters {

    private static final Logger LOG = Logger.getLogger(JdbcOutbox.class.getName());

    /** Dead letters kept in memory, at most (the last resort; each was logged at SEVERE). */
    static final int IN_MEMORY_MAX = 1000;
    private static final String ID_PREFIX = "m";

    private final Adds adds;
    private final Map<String, Kept> inMemory = new LinkedHashMap<>();
    private long sequence;

    /** One dead letter in memory: the entry shown, and the add to write again on replay. */
    private static final class Kept {
        final OutboxEntry entry;
        final PendingAdd add;

        Kept(OutboxEntry entry, PendingAdd add) {
            this.entry = entry;
            this.add = add;
        }
    }

    DeadLetters(Adds adds) {
        this.adds = adds;
    }

    /**
     * Keeps {@code a}, which the database refused with {@code refusal}, as a dead letter.
     *
     * @return {@link AddResult#DEAD_LETTERED}
     * @throws JdbcFailure when the database is unavailable (try again later), never for a refused value
     */
    AddResult keep(PendingAdd a, JdbcFailure refusal) {
        String why = "the outbox database refused it (SQLState " + refusal.sqlState() + "): " + refusal.getMessage();
        JdbcFailure refusedToo = null;
        for (boolean replaceKey : new boolean[] {false, true}) {
            String how = replaceKey ? " with its click id and trans_id replaced by digests" : "";
            try {
                adds.writeDead(a, (replaceKey ? "stored" + how + " (the upload holds them): " : "") + why, replaceKey);
                LOG.log(Level.SEVERE, () -> "qhtrack: a conversion is dead-lettered as a DEAD row" + how + ", not "
                        + "delivered: " + a.describe() + ": " + why + ". Fix the cause, then replay it (qhtrack outbox "
                        + "list --state dead; qhtrack outbox replay)");
                return AddResult.DEAD_LETTERED;
            } catch (JdbcFailure f) {
                if (f.kind() != JdbcFailure.Kind.DATA) {
                    throw f;
                }
                refusedToo = f;
            }
        }
        return inMemory(a, why + "; the database refused its dead-letter row too (" + refusedToo.getMessage() + ")");
    }

    /** Keeps {@code a} in memory (the last resort), said at SEVERE. */
    synchronized AddResult inMemory(PendingAdd a, String why) {
        String id = ID_PREFIX + (++sequence);
        OutboxEntry e = new OutboxEntry(id, a.upload, a.acceptedAt, a.deadline, OutboxState.DEAD, 0,
                a.acceptedAt, Rows.truncate(why), null);
        inMemory.put(id, new Kept(e, a));
        LOG.log(Level.SEVERE, () -> "qhtrack: a conversion is dead-lettered IN MEMORY (dead letter " + id + "), not "
                + "delivered; it is lost if this JVM stops: " + a.describe() + ": " + why);
        if (inMemory.size() > IN_MEMORY_MAX) {
            Iterator<Kept> oldest = inMemory.values().iterator();
            PendingAdd dropped = oldest.next().add;
            oldest.remove();
            LOG.log(Level.SEVERE, () -> "qhtrack: more than " + IN_MEMORY_MAX + " dead letters in memory: the oldest "
                    + "is forgotten: " + dropped.describe());
        }
        return AddResult.DEAD_LETTERED;
    }

    /** Whether {@code id} names a dead letter in memory. */
    static boolean isInMemory(String id) {
        return id != null && id.startsWith(ID_PREFIX);
    }

    synchronized int count() {
        return inMemory.size();
    }

    /** The dead letters in memory, oldest first, at most {@code limit}. */
    synchronized List<OutboxEntry> list(int limit) {
        List<OutboxEntry> result = new ArrayList<>();
        for (Kept k : inMemory.values()) {
            if (result.size() >= limit) {
                break;
            }
            result.add(k.entry);
        }
        return result;
    }

    synchronized Optional<OutboxEntry> find(String id) {
        Kept k = inMemory.get(id);
        return Optional.ofNullable(k == null ? null : k.entry);
    }

    /**
     * Takes the dead letters in memory that {@code ids} names (all of them when empty), to be written again: a fresh
     * add each, held (written whatever the capacity).
     */
    synchronized List<PendingAdd> takeForReplay(List<String> ids) {
        List<PendingAdd> taken = new ArrayList<>();
        for (Iterator<Map.Entry<String, Kept>> it = inMemory.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Kept> k = it.next();
            if (ids.isEmpty() || ids.contains(k.getKey())) {
                PendingAdd a = k.getValue().add;
                taken.add(new PendingAdd(a.upload, a.acceptedAt, a.deadline, a.limitPerClick));
                it.remove();
            }
        }
        return taken;
    }

    /** Says at SEVERE what is lost with this JVM (at close). */
    synchronized void reportLost() {
        if (inMemory.isEmpty()) {
            return;
        }
        StringBuilder named = new StringBuilder();
        for (Kept k : inMemory.values()) {
            named.append(named.length() == 0 ? "" : "; ").append(k.add.describe());
        }
        int n = inMemory.size();
        LOG.log(Level.SEVERE, () -> "qhtrack: the outbox is closed with " + n + " dead letter(s) kept only in memory "
                + "(the database refused their rows): they are LOST: " + named);
    }
}
