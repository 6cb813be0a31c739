package io.qhtrack.testkit.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@link OutboxContract}'s time: it stands still until a test moves it, so that leases lapse and retries come
 * due without any waiting. A copy in another zone ({@link #withZone}) moves with it. Thread-safe.
 */
final class MovableClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    MovableClock(Instant start) {
        this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    private MovableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** Moves the time on by {@code by} (not negative) and returns the new time. */
    Instant advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("the contract's time never goes back: " + by);
        }
        return now.updateAndGet(t -> t.plus(by));
    }

    /** Moves the time on to {@code to} (not before the present time). */
    void moveTo(Instant to) {
        Instant before = now.getAndUpdate(t -> to.isBefore(t) ? t : to);
        if (to.isBefore(before)) {
            throw new IllegalArgumentException("the contract's time never goes back: " + to + " is before " + before);
        }
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return new MovableClock(now, newZone);
    }

    @Override
    public String toString() {
        return "MovableClock[" + now.get() + "]";
    }
}
