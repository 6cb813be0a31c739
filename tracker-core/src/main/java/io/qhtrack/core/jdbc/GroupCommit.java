package io.qhtrack.core.jdbc;

import io.qhtrack.core.spi.Outbox.AddResult;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Group commit with a bounded wait, and the spill: concurrent {@link JdbcOutbox#add} calls share transactions, and
 * none waits on the database longer than the timeout.
 *
 * <p><b>Group commit.</b> One committer thread writes every add. A caller queues its {@link PendingAdd} and waits.
 * The committer takes everything queued (at most {@value #MAX_BATCH}) and writes it in one transaction
 * ({@link Adds}); what arrives meanwhile waits for the next one. Each caller is answered when its batch is committed,
 * so it is as durable on return as with a transaction of its own, while the database commits (and fsyncs) once per
 * batch instead of once per conversion. One thread means one connection for all adds of this node.
 *
 * <p><b>The bounded wait.</b> A caller waits at most the timeout. If the answer has not come by then, it is told
 * {@link AddResult#HELD}: the add stays with the committer, which alone writes it, so it is written once, whether its
 * transaction was about to commit, committed late, or will be tried again. When the committer learns that the
 * database is unavailable (it refuses connections, is read-only or full, a statement or lock wait timed out) it
 * answers its waiting callers {@link AddResult#HELD} at once instead of letting them wait out the timeout.
 *
 * <p><b>The spill.</b> The adds answered {@link AddResult#HELD} and not yet written are the spill; it holds at most
 * the spill capacity. While it holds anything, new adds join it at once without waiting (the database is known not to
 * answer), and once it is full they are answered {@link AddResult#FULL}. (An add whose write was already under way
 * when its caller's wait ended is held in any case: only the committer knows its fate. So the spill may exceed its
 * capacity by one batch.) The committer keeps trying, with a backoff of up to a second, and writes the spill when the
 * database answers again; an entry that then turns out {@link AddResult#DUPLICATE} or {@link AddResult#LIMITED} is
 * logged at INFO. The first entry spilled is logged at WARNING, the spill's drain at INFO. What the spill holds is lost
 * only if the JVM dies, or the outbox is closed, before the database answers again; {@link #close} says so at SEVERE.
 *
 * <p><b>Failures</b> ({@link JdbcFailure.Kind}). A deadlock or serialization failure is tried again at once (a few
 * times). Only a data error (a value or constraint the database refuses, SQLState class 22 or 23) is about the
 * conversions: the batch is split and each entry written by itself, so that the bad one fails alone, and that one is
 * kept as a dead letter ({@link DeadLetters}, answered {@link AddResult#DEAD_LETTERED}). Any other failure (the
 * database down, read-only, full, shutting down, conflicts that do not end) is a state of the database: the batch is
 * held, its waiting callers answered {@link AddResult#HELD}, and tried again with the backoff until it is written. A
 * failure that is not the database's (a bug) fails its entry alone: its caller gets the exception, and a held one is
 * kept as a dead letter in memory.
 */
final class GroupCommit {

    private static final Logger LOG = Logger.getLogger(JdbcOutbox.class.getName());

    /** Adds written by one transaction, at most. */
    static final int MAX_BATCH = 256;
    /** Times a batch is tried again at once after a deadlock, before it is held and tried with a backoff. */
    private static final int CONFLICT_RETRIES = 5;
    private static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Held entries whose late outcome (duplicate, limited) is logged one by one per episode, at most. */
    private static final int OUTCOMES_LOGGED = 100;
    /** Lost entries named one by one at close, at most. */
    private static final int LOST_NAMED = 20;

    private final Function<List<PendingAdd>, AddResult[]> writer;
    private final DeadLetters deadLetters;
    private final Timeouts timeouts;
    private final int spillCapacity;
    private final String name;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when there is work, or the committer should stop. */
    private final Condition work = lock.newCondition();
    /** Signalled only when closing: ends a backoff early. */
    private final Condition closingSignal = lock.newCondition();
    private final ArrayDeque<PendingAdd> queue = new ArrayDeque<>();
    private List<PendingAdd> writing = Collections.emptyList();
    /** What the committer gave up on at close, unwritten. */
    private final List<PendingAdd> abandoned = new ArrayList<>();
    private int spilled;
    private boolean spilling;
    private long spillStartedNanos;
    private int heldWritten;
    private int heldRefused;
    private int heldDead;
    private boolean paused;
    private boolean closing;
    private long closeDeadlineNanos;
    private long batches;
    private final Thread committer;

    /**
     * @param writer writes a batch in one transaction and answers for each entry in order, or throws (a
     *     {@link JdbcFailure} says whether to try again)
     * @param deadLetters where an entry the database refused on its own merits is kept
     */
    GroupCommit(Function<List<PendingAdd>, AddResult[]> writer, DeadLetters deadLetters, Timeouts timeouts,
            int spillCapacity, String name) {
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.timeouts = timeouts;
        this.spillCapacity = spillCapacity;
        this.name = name;
        this.committer = new Thread(this::commitLoop, "qhtrack-outbox-committer");
        committer.setDaemon(true);
        committer.start();
    }

    // ------------------------------------------------------------------------------------------------ callers

    /** Adds {@code a}: its outcome once committed, or {@link AddResult#HELD} / {@link AddResult#FULL} at the timeout. */
    AddResult add(PendingAdd a) {
        lock.lock();
        try {
            if (closing) {
                throw new IllegalStateException("qhtrack JDBC outbox: add: the outbox is closed");
            }
            if (spilling) {
                if (spilled >= spillCapacity) {
                    return AddResult.FULL;
                }
                hold(a);
                queue.addLast(a);
                work.signal();
                return AddResult.HELD;
            }
            queue.addLast(a);
            work.signal();
        } finally {
            lock.unlock();
        }
        boolean interrupted = false;
        try {
            a.done.await(timeouts.waitNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        lock.lock();
        try {
            if (a.state == PendingAdd.State.DONE) {
                if (a.failure != null) {
                    throw new IllegalStateException(a.failure.getMessage(), a.failure);
                }
                return a.result;
            }
            if (a.state == PendingAdd.State.HELD) { // the committer learnt that the database is unavailable
                return AddResult.HELD;
            }
            if (!a.taken && (spilled >= spillCapacity || closing)) {
                queue.remove(a);
                a.state = PendingAdd.State.CANCELLED;
                if (closing) {
                    throw new IllegalStateException("qhtrack JDBC outbox: add: the outbox was closed before the "
                            + "database answered");
                }
                return AddResult.FULL;
            }
            hold(a);
            startSpilling("did not answer within " + timeouts.duration() + " (qhtrack.outbox.timeout)");
            return AddResult.HELD;
        } finally {
            lock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Queues {@code a} to be written, held (whatever the capacity), without waiting: a dead letter replayed. */
    void requeue(PendingAdd a) {
        lock.lock();
        try {
            if (closing) {
                throw new IllegalStateException("qhtrack JDBC outbox: replay: the outbox is closed");
            }
            hold(a);
            queue.addLast(a);
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Puts {@code a} in the spill; its caller is answered {@link AddResult#HELD}. Under the lock. */
    private void hold(PendingAdd a) {
        a.state = PendingAdd.State.HELD;
        a.held = true;
        spilled++;
    }

    /** Under the lock. */
    private void startSpilling(String why) {
        if (spilling) {
            return;
        }
        spilling = true;
        spillStartedNanos = System.nanoTime();
        heldWritten = 0;
        heldRefused = 0;
        heldDead = 0;
        LOG.log(Level.WARNING, () -> "qhtrack: the database of " + name + " " + why + "; conversions are held "
                + "in memory (at most " + spillCapacity + ", qhtrack.outbox.spill-capacity) and written when it answers "
                + "again. They are lost only if this JVM stops first; the dispatcher keeps delivering what the database "
                + "holds");
    }

    /** How many conversions are held in memory, answered {@link AddResult#HELD} and not yet written. */
    int spilled() {
        lock.lock();
        try {
            return spilled;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------------ the committer

    private void commitLoop() {
        while (true) {
            List<PendingAdd> batch = new ArrayList<>();
            lock.lock();
            try {
                while ((queue.isEmpty() || paused) && !closing) {
                    work.awaitUninterruptibly();
                }
                if (queue.isEmpty() || closing && System.nanoTime() - closeDeadlineNanos > 0) {
                    return;
                }
                while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
                    PendingAdd a = queue.pollFirst();
                    a.taken = true;
                    batch.add(a);
                }
                writing = batch;
                batches++;
            } finally {
                lock.unlock();
            }
            write(batch);
            lock.lock();
            try {
                writing = Collections.emptyList();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Writes {@code batch} until it is written (or dead-lettered), or the outbox is closed and out of time. A
     * conflict is tried again at once, a few times; a data error splits the batch so that the bad entry fails alone,
     * and that one is dead-lettered; anything else (the database down, read-only, full, conflicts that do not end) is
     * held and tried again with a backoff.
     */
    private void write(List<PendingAdd> batch) {
        int conflicts = 0;
        long backoff = FIRST_BACKOFF_NANOS;
        JdbcFailure refusal = null; // once the database refused the entry (alone) on its own merits
        while (true) {
            AddResult[] results;
            try {
                results = refusal == null ? writer.apply(batch)
                        : new AddResult[] {deadLetters.keep(batch.get(0), refusal)};
            } catch (JdbcFailure f) {
                if (f.ambiguous()) {
                    batch.forEach(a -> a.ambiguous = true);
                }
                if (outOfTimeToClose()) {
                    abandon(batch); // closed, out of time: close() reports what is lost
                    return;
                }
                if (f.kind() == JdbcFailure.Kind.CONFLICT && ++conflicts <= CONFLICT_RETRIES) {
                    continue;
                }
                if (f.kind() == JdbcFailure.Kind.DATA && refusal == null) {
                    if (batch.size() > 1) {
                        for (PendingAdd a : batch) {
                            write(Collections.singletonList(a));
                        }
                        return;
                    }
                    refusal = f;
                    continue;
                }
                holdWaiting(batch, f);
                if (!backOff(backoff)) {
                    abandon(batch);
                    return;
                }
                backoff = Math.min(MAX_BACKOFF_NANOS, backoff * 2);
                conflicts = 0;
                continue;
            } catch (RuntimeException e) {
                if (outOfTimeToClose()) {
                    abandon(batch);
                } else {
                    failed(batch, e);
                }
                return;
            }
            settle(batch, results);
            return;
        }
    }

    /** The committer gives up on {@code batch}: the outbox is closed and out of time. */
    private void abandon(List<PendingAdd> batch) {
        lock.lock();
        try {
            abandoned.addAll(batch);
        } finally {
            lock.unlock();
        }
    }

    /** Whether the outbox is closed and its time to drain is over (a failure then says nothing about the batch). */
    private boolean outOfTimeToClose() {
        lock.lock();
        try {
            return closing && System.nanoTime() - closeDeadlineNanos > 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writing {@code batch} failed with something that is not a database failure (a bug): each entry is written by
     * itself, so that only the entry at fault fails; its caller gets the exception, and a held one is kept as a dead
     * letter in memory.
     */
    private void failed(List<PendingAdd> batch, RuntimeException e) {
        if (batch.size() > 1) {
            for (PendingAdd a : batch) {
                write(Collections.singletonList(a));
            }
            return;
        }
        PendingAdd a = batch.get(0);
        LOG.log(Level.SEVERE, "qhtrack: writing a conversion to the outbox failed (a bug): " + a.describe(), e);
        AddResult kept = a.held ? deadLetters.inMemory(a, "writing it failed: " + e) : null;
        lock.lock();
        try {
            if (a.state == PendingAdd.State.HELD) {
                spilled--;
                heldDead++;
                drainedYet();
            } else {
                a.failure = e;
            }
            a.result = kept;
            a.state = PendingAdd.State.DONE;
            a.done.countDown();
        } finally {
            lock.unlock();
        }
    }

    /** The database is unavailable: whoever still waits for an answer is answered {@link AddResult#HELD} now. */
    private void holdWaiting(List<PendingAdd> batch, JdbcFailure f) {
        lock.lock();
        try {
            boolean any = false;
            for (PendingAdd a : batch) {
                if (a.state == PendingAdd.State.WAITING) {
                    hold(a);
                    a.done.countDown();
                    any = true;
                }
            }
            for (PendingAdd a : queue) {
                if (a.state == PendingAdd.State.WAITING && spilled < spillCapacity) {
                    hold(a);
                    a.done.countDown();
                    any = true;
                }
            }
            if (any || spilled > 0) {
                startSpilling("is unavailable (" + f.getMessage() + ")");
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits {@code nanos} before the next try (closing does not shorten it, so that a database that refuses at once
     * is not asked in a tight loop); false when the outbox is closed and its time to drain is over.
     */
    private boolean backOff(long nanos) {
        lock.lock();
        try {
            long end = System.nanoTime() + nanos;
            while (true) {
                long now = System.nanoTime();
                if (closing && now - closeDeadlineNanos > 0) {
                    return false;
                }
                long left = end - now;
                if (left <= 0) {
                    return true;
                }
                if (closing) {
                    left = Math.min(left, closeDeadlineNanos - now + 1);
                }
                try {
                    closingSignal.awaitNanos(left);
                } catch (InterruptedException e) {
                    // only close() interrupts, and it sets closing first
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Gives each entry of a written batch its outcome. */
    private void settle(List<PendingAdd> batch, AddResult[] results) {
        lock.lock();
        try {
            for (int i = batch.size() - 1; i >= 0; i--) {
                PendingAdd a = batch.get(i);
                AddResult r = results[i];
                if (a.state == PendingAdd.State.WAITING) {
                    a.result = r;
                    a.state = PendingAdd.State.DONE;
                    a.done.countDown();
                } else if (a.state == PendingAdd.State.HELD) {
                    if (r == AddResult.FULL) {
                        // decided before its caller was told HELD; a held entry is written whatever the capacity
                        a.taken = false;
                        queue.addFirst(a);
                        continue;
                    }
                    spilled--;
                    a.result = r;
                    a.state = PendingAdd.State.DONE;
                    if (r == AddResult.ADDED) {
                        heldWritten++;
                    } else if (r == AddResult.DEAD_LETTERED) {
                        heldDead++; // logged when it was dead-lettered
                    } else {
                        heldRefused++;
                        if (heldRefused <= OUTCOMES_LOGGED) {
                            LOG.log(Level.INFO, () -> "qhtrack: a conversion held in memory turned out " + r
                                    + " when written: " + a.describe() + "; it is not queued");
                        }
                    }
                }
            }
            drainedYet();
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: ends the spill episode when nothing is held any more. */
    private void drainedYet() {
        if (!spilling || spilled > 0) {
            return;
        }
        spilling = false;
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - spillStartedNanos);
        int written = heldWritten;
        int refused = heldRefused;
        int dead = heldDead;
        LOG.log(Level.INFO, () -> "qhtrack: the database of " + name + " answers again: the conversions held in "
                + "memory are written (" + written + " queued, " + refused + " duplicate or limited, " + dead
                + " dead-lettered) after " + Duration.ofMillis(millis));
    }

    // ------------------------------------------------------------------------------------------------ closing

    /**
     * Stops taking adds and gives the committer up to {@code drain} to write what it holds.
     *
     * @return whether the committer finished in time
     */
    boolean close(Duration drain) {
        lock.lock();
        try {
            if (!closing) {
                closing = true;
                closeDeadlineNanos = System.nanoTime() + drain.toNanos();
                paused = false;
            }
            work.signalAll();
            closingSignal.signalAll();
        } finally {
            lock.unlock();
        }
        return join(drain.toNanos());
    }

    /** Waits up to {@code nanos} for the committer to end; whether it did. */
    boolean join(long nanos) {
        try {
            committer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !committer.isAlive();
    }

    /** Interrupts the committer: a connection attempt that waits for the database ends at once. */
    void interrupt() {
        committer.interrupt();
    }

    /**
     * After {@link #close}: says at SEVERE what was held in memory and is lost (never written), and fails whoever
     * still waits. Returns how many were lost.
     */
    int reportLost() {
        List<PendingAdd> lost = new ArrayList<>();
        lock.lock();
        try {
            List<PendingAdd> left = new ArrayList<>(abandoned);
            left.addAll(writing); // the committer is stuck on it
            left.addAll(queue);
            queue.clear();
            for (PendingAdd a : new LinkedHashSet<>(left)) {
                if (a.state == PendingAdd.State.HELD) {
                    lost.add(a);
                    spilled--;
                }
                if (a.state == PendingAdd.State.WAITING || a.state == PendingAdd.State.HELD) {
                    a.failure = new IllegalStateException("qhtrack JDBC outbox: closed before the database answered");
                    a.state = PendingAdd.State.DONE;
                    a.done.countDown();
                }
            }
        } finally {
            lock.unlock();
        }
        if (!lost.isEmpty()) {
            StringBuilder named = new StringBuilder();
            for (int i = 0; i < Math.min(LOST_NAMED, lost.size()); i++) {
                named.append(i == 0 ? "" : "; ").append(lost.get(i).describe());
            }
            int n = lost.size();
            LOG.log(Level.SEVERE, () -> "qhtrack: " + name + " is closed while its database does not "
                    + "answer: " + n + " conversion(s) held in memory are LOST (never written; the visitor was told "
                    + "HELD): " + named + (n > LOST_NAMED ? "; …" : ""));
        }
        return lost.size();
    }

    // ------------------------------------------------------------------------------------------------ for tests

    /** Stops the committer from taking new batches (tests: so that adds pile up into one batch). */
    void pause() {
        lock.lock();
        try {
            paused = true;
        } finally {
            lock.unlock();
        }
    }

    /** Lets the committer take what is queued. */
    void resume() {
        lock.lock();
        try {
            paused = false;
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Adds waiting to be taken into a batch. */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Batches taken so far. */
    long batches() {
        lock.lock();
        try {
            return batches;
        } finally {
            lock.unlock();
        }
    }
}
