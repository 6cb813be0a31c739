package io.qhtrack.process;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Bounded polls of real I/O: a process's answer, a file, a database. The bound is the deadline, never a speed claim. */
final class Poll {

    /** The pause between two looks. */
    static final Duration INTERVAL = Duration.ofMillis(100);

    private Poll() {
    }

    /**
     * Looks at {@code probe} until {@code done} holds, within {@code bound}; returns the value that satisfied it, or
     * fails naming {@code what} and the last value seen.
     */
    static <T> T until(String what, Duration bound, Supplier<T> probe, Predicate<T> done) {
        T last = last(bound, probe, done);
        return done.test(last) ? last : fail("%s: not within %s; last seen: %s", what, bound, last);
    }

    /**
     * Looks at {@code probe} until {@code done} holds or {@code bound} passes, and returns the last value seen either
     * way, for the caller to assert on with a message of its own.
     */
    static <T> T last(Duration bound, Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            T last = probe.get();
            if (done.test(last) || System.nanoTime() - deadline > 0) {
                return last;
            }
            pause();
        }
    }

    /** One {@link #INTERVAL} between two looks at a process. */
    static void pause() {
        try {
            Thread.sleep(INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
