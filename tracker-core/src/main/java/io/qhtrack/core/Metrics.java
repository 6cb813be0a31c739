package io.qhtrack.core;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/** The tracker's {@link TrackerMetrics}: counters are cheap to read, gauges ask the outbox. Thread-safe. */
final class Metrics implements TrackerMetrics {

    private final LongAdder queued = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder notQueued = new LongAdder();
    private final LongAdder outboxFull = new LongAdder();
    private final LongAdder limited = new LongAdder();
    private final LongAdder held = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder errno1 = new LongAdder();
    private final LongAdder errno2 = new LongAdder();
    private final LongAdder errno3 = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final LongAdder expired = new LongAdder();
    private final Outbox outbox;
    private final Clock clock;

    Metrics(Outbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    void recordReport(TrackOutcome.Status status) {
        switch (status) {
            case QUEUED:
                queued.increment();
                break;
            case DUPLICATE:
                duplicates.increment();
                break;
            case OUTBOX_FULL:
                outboxFull.increment();
                break;
            case LIMITED:
                limited.increment();
                break;
            case HELD:
                held.increment();
                break;
            default:
                notQueued.increment();
        }
    }

    void recordDelivery(DeliveryEvent.Kind kind) {
        switch (kind) {
            case DELIVERED:
                delivered.increment();
                break;
            case WILL_RETRY:
                retried.increment();
                break;
            case DEAD_LETTERED:
                deadLettered.increment();
                break;
            default:
                expired.increment();
        }
    }

    void recordErrno(int errno) {
        if (errno == 1) {
            errno1.increment();
        } else if (errno == 2) {
            errno2.increment();
        } else if (errno == 3) {
            errno3.increment();
        }
    }

    @Override
    public long getQueued() {
        return queued.sum();
    }

    @Override
    public long getDuplicates() {
        return duplicates.sum();
    }

    @Override
    public long getNotQueued() {
        return notQueued.sum();
    }

    @Override
    public long getOutboxFull() {
        return outboxFull.sum();
    }

    @Override
    public long getLimited() {
        return limited.sum();
    }

    @Override
    public long getHeld() {
        return held.sum();
    }

    @Override
    public long getDelivered() {
        return delivered.sum();
    }

    @Override
    public long getRetried() {
        return retried.sum();
    }

    @Override
    public long getFailedErrno1() {
        return errno1.sum();
    }

    @Override
    public long getFailedErrno2() {
        return errno2.sum();
    }

    @Override
    public long getFailedErrno3() {
        return errno3.sum();
    }

    @Override
    public long getDeadLettered() {
        return deadLettered.sum();
    }

    @Override
    public long getExpired() {
        return expired.sum();
    }

    @Override
    public long getBacklog() {
        return outbox.counts().getOrDefault(OutboxState.PENDING, 0L);
    }

    @Override
    public long getOldestPendingAgeSeconds() {
        return outbox.oldestPending().map(t -> Math.max(0, Duration.between(t, clock.instant()).getSeconds())).orElse(0L);
    }

    @Override
    public String toString() {
        return "TrackerMetrics[queued=" + getQueued() + ", duplicates=" + getDuplicates() + ", notQueued="
                + getNotQueued() + ", limited=" + getLimited() + ", outboxFull=" + getOutboxFull() + ", held=" + getHeld()
                + ", delivered=" + getDelivered() + ", retried="
                + getRetried() + ", errno1/2/3=" + getFailedErrno1() + "/" + getFailedErrno2() + "/"
                + getFailedErrno3() + ", deadLettered=" + getDeadLettered() + ", expired=" + getExpired() + "]";
    }
}
