package io.qhtrack.testkit;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/**
 * What a fake received, in arrival order, numbered from 1 on, and the waiting on it: every fake keeps its
 * requests here. Thread-safe; a fake that keeps more state that must change with a record (e.g. which
 * de-duplication keys were seen) changes it in {@link #add}'s function and {@link #clear}'s action, which run
 * under this recording's lock.
 *
 * <p>A request may carry several accepted units (Baidu's items, Tencent's actions; 360's upload is one):
 * {@link #awaitAccepted} counts units.
 *
 * @param <R> the fake's record of one request
 */
final class Recording<R> {
    private static final int SUMMARY_LIMIT = 20;

    private final String fakeName;
    private final String unit;
    private final URI endpoint;
    private final ToIntFunction<R> acceptedUnits;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition recorded = lock.newCondition();
    private final List<R> requests = new ArrayList<>();
    private long sequence;
    private int acceptedCount;

    /**
     * @param fakeName e.g. {@code FakeBaidu}, for messages
     * @param unit what {@link #awaitAccepted} counts, e.g. {@code item}; {@code upload} when each request is one
     * @param endpoint the fake's endpoint, for messages
     * @param acceptedUnits how many units a record accepted (0 or 1 for an upload)
     */
    Recording(String fakeName, String unit, URI endpoint, ToIntFunction<R> acceptedUnits) {
        this.fakeName = fakeName;
        this.unit = unit;
        this.endpoint = endpoint;
        this.acceptedUnits = acceptedUnits;
    }

    /** Makes the next record (with its number) under the lock, keeps it and wakes every waiting thread. */
    R add(LongFunction<R> make) {
        lock.lock();
        try {
            R record = make.apply(++sequence);
            requests.add(record);
            acceptedCount += acceptedUnits.applyAsInt(record);
            recorded.signalAll();
            return record;
        } finally {
            lock.unlock();
        }
    }

    /** The records that pass {@code filter}, in arrival order: an unmodifiable snapshot. */
    List<R> snapshot(Predicate<? super R> filter) {
        lock.lock();
        try {
            return Collections.unmodifiableList(requests.stream().filter(filter).collect(Collectors.toList()));
        } finally {
            lock.unlock();
        }
    }

    /** The units of every record ({@code units} gives a record's), in arrival order: an unmodifiable snapshot. */
    <U> List<U> units(Function<? super R, ? extends List<U>> units) {
        lock.lock();
        try {
            List<U> all = new ArrayList<>();
            requests.forEach(record -> all.addAll(units.apply(record)));
            return Collections.unmodifiableList(all);
        } finally {
            lock.unlock();
        }
    }

    /** Waits until at least {@code count} units were accepted (see the fakes' {@code awaitAccepted}). */
    void awaitAccepted(int count, Duration timeout) {
        await(count, timeout, "accepted " + unit, () -> acceptedCount);
    }

    /** Waits until at least {@code count} requests were received, accepted or not. */
    void awaitReceived(int count, Duration timeout) {
        await(count, timeout, "received " + requestNoun(), requests::size);
    }

    /** What a request is called in messages: {@code upload} where a request is one, else {@code request}. */
    private String requestNoun() {
        return unit.equals("upload") ? unit : "request";
    }

    private void await(int count, Duration timeout, String what, IntSupplier counter) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative but was " + count);
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative but was " + timeout);
        }
        long deadline = System.nanoTime() + saturatedNanos(timeout);
        lock.lock();
        try {
            while (counter.getAsInt() < count) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new AssertionError(shortfall(count, what, "within " + timeout));
                }
                try {
                    recorded.awaitNanos(remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(shortfall(count, what, "before the waiting thread was interrupted"));
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Forgets every record (numbers count on) and runs {@code alsoForget} under the same lock. */
    void clear(Runnable alsoForget) {
        lock.lock();
        try {
            requests.clear();
            acceptedCount = 0;
            alsoForget.run();
        } finally {
            lock.unlock();
        }
    }

    /** {@code received=N, accepted=M} for a fake's {@code toString()}. */
    String counts() {
        lock.lock();
        try {
            return "received=" + requests.size() + ", accepted=" + acceptedCount;
        } finally {
            lock.unlock();
        }
    }

    private String shortfall(int count, String what, String when) {
        StringBuilder message = new StringBuilder()
                .append(fakeName).append(" expected at least ").append(count).append(' ').append(what).append("(s) ")
                .append(when)
                .append(", but accepted ").append(acceptedCount);
        if (unit.equals("upload")) {
            message.append(" of ").append(requests.size()).append(" received");
        } else {
            message.append(' ').append(unit).append("(s) in ").append(requests.size()).append(" request(s) received");
        }
        if (requests.isEmpty()) {
            message.append(" (nothing reached ").append(endpoint).append(')');
        } else {
            message.append(':');
            int skipped = Math.max(0, requests.size() - SUMMARY_LIMIT);
            if (skipped > 0) {
                message.append("\n  … ").append(skipped).append(" earlier ").append(requestNoun()).append("(s) not shown");
            }
            requests.subList(skipped, requests.size()).forEach(record -> message.append("\n  ").append(record));
        }
        return message.toString();
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }
}
