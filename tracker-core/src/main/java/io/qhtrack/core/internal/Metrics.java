package io.qhtrack.core;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/** The tracker's {@link TrackerMetrics}: counters are cheap to read, gauges ask the outbox. Thread-safe. */
final class Metrics implements TrackerMetrics {

    private final Map<TrackOutcome.Status, LongAdder> reports = new EnumMap<>(TrackOutcome.Status.class);
    private final LongAdder delivered = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder errno1 = new LongAdder();
    private final LongAdder errno2 = new LongAdder();
    private final LongAdder errno3 = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final LongAdder expired = new LongAdder();
    private volatile int lastErrno;
    private volatile IntSupplier concurrencyLimit = () -> 0;
    private volatile IntSupplier inFlight = () -> 0;
    private final Outbox outbox;
    private final Clock clock;

    Metrics(Outbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
        for (TrackOutcome.Status status : TrackOutcome.Status.values()) {
            reports.put(status, new LongAdder());
        }
    }

    /** Where the delivery gauges come from, once the dispatcher exists. */
    void deliveryGauges(IntSupplier limit, IntSupplier uploadsInFlight) {
        this.concurrencyLimit = limit;
        this.inFlight = uploadsInFlight;
    }

    void recordReport(TrackOutcome.Status status) {
        reports.get(status).increment();
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
        lastErrno = errno;
        if (errno == 1) {
            errno1.increment();
        } else if (errno == 2) {
            errno2.increment();
        } else if (errno == 3) {
            errno3.increment();
        }
    }

    @Override
    public long reports(TrackOutcome.Status status) {
        return reports.get(status).sum();
    }

    @Override
    public long getQueued() {
        return reports(TrackOutcome.Status.QUEUED);
    }

    @Override
    public long getDuplicates() {
        return reports(TrackOutcome.Status.DUPLICATE);
    }

    @Override
    public long getNotQueued() {
        return reports(TrackOutcome.Status.NOT_ATTRIBUTED) + reports(TrackOutcome.Status.EVENT_NOT_OFFERED)
                + reports(TrackOutcome.Status.LINE_NOT_CONFIGURED) + reports(TrackOutcome.Status.INVALID)
                + reports(TrackOutcome.Status.STOPPED);
    }

    @Override
    public long getOutboxFull() {
        return reports(TrackOutcome.Status.OUTBOX_FULL);
    }

    @Override
    public long getLimited() {
        return reports(TrackOutcome.Status.LIMITED);
    }

    @Override
    public long getHeld() {
        return reports(TrackOutcome.Status.HELD);
    }

    @Override
    public long getRefused() {
        return reports(TrackOutcome.Status.REFUSED);
    }

    @Override
    public long getThrottled() {
        return reports(TrackOutcome.Status.THROTTLED);
    }

    @Override
    public int getLastErrno() {
        return lastErrno;
    }

    @Override
    public int getConcurrencyLimit() {
        return concurrencyLimit.getAsInt();
    }

    @Override
    public int getInFlight() {
        return inFlight.getAsInt();
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
                + getNotQueued() + ", refused=" + getRefused() + ", throttled=" + getThrottled() + ", limited="
                + getLimited() + ", outboxFull=" + getOutboxFull() + ", held=" + getHeld()
                + ", delivered=" + getDelivered() + ", retried="
                + getRetried() + ", errno1/2/3=" + getFailedErrno1() + "/" + getFailedErrno2() + "/"
                + getFailedErrno3() + ", deadLettered=" + getDeadLettered() + ", expired=" + getExpired() + "]";
    }
}
