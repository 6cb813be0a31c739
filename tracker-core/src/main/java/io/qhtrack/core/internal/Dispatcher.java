package io.qhtrack.core;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Moves entries from the outbox to 360: one thread claims due entries (up to the adaptive
 * {@link ConcurrencyLimit}), each is signed with {@code request_time} = now and sent asynchronously, and its answer
 * settles the entry and adjusts the limit. No outbox lock or transaction is held while a request is in flight.
 */
final class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());
    /** How soon an entry this node cannot sign is looked at again. */
    private static final Duration NO_CREDENTIALS_RETRY = Duration.ofMinutes(1);

    private final Outbox outbox;
    private final UploadClient client;
    private final URI endpoint;
    private final Map<Account, Credentials> credentials;
    private final RetryPolicy policy;
    private final Clock clock;
    private final Random random;
    private final ConcurrencyLimit limit;
    private final Duration lease;
    private final Duration pollInterval;
    private final Metrics metrics;
    private final List<DeliveryListener> listeners = new CopyOnWriteArrayList<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean running;
    private volatile Instant drainHorizon;
    private volatile boolean claiming = true;
    private boolean signalled;
    private Thread thread;

    Dispatcher(Outbox outbox, UploadClient client, Map<Account, Credentials> credentials, RetryPolicy policy,
            Clock clock, Random random, int maxInFlight, Duration lease, Duration pollInterval,
            Metrics metrics) {
        this.outbox = outbox;
        this.client = client;
        this.endpoint = client.endpoint();
        this.credentials = credentials;
        this.policy = policy;
        this.clock = clock;
        this.random = random;
        this.limit = new ConcurrencyLimit(maxInFlight);
        this.lease = lease;
        this.pollInterval = pollInterval;
        this.metrics = metrics;
    }

    void addListener(DeliveryListener listener) {
        listeners.add(listener);
    }

    void start(String name) {
        running = true;
        thread = new Thread(this::loop, "qhtrack-dispatcher-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Asks the loop to look at the outbox now (new work, or the clock moved). */
    void wakeUp() {
        lock.lock();
        try {
            signalled = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    int inFlight() {
        return inFlight.get();
    }

    /** How many uploads may be in flight now. */
    int concurrencyLimit() {
        return limit.current();
    }

    /**
     * From now on, claims pending entries due before {@code horizon} too (their backoff is cut short): used when
     * draining a non-durable outbox at shutdown, so that every entry gets one more attempt.
     */
    void drainUntil(Instant horizon) {
        this.drainHorizon = horizon;
        wakeUp();
    }

    /** Claims nothing more; what is in flight still settles. Used when closing over a durable outbox. */
    void stopClaiming() {
        claiming = false;
    }

    void stop(Duration wait) throws InterruptedException {
        running = false;
        wakeUp();
        if (thread != null) {
            thread.join(Math.max(1, wait.toMillis()));
        }
    }

    /**
     * Claims and dispatches until stopped. While the outbox fails (its database down or read-only: a failover), the
     * first failure is logged at WARNING with its cause and the others at FINE, until a claim succeeds again (INFO).
     */
    private void loop() {
        long failures = 0;
        while (running) {
            try {
                int claimed = dispatchDue();
                if (failures > 0) {
                    long n = failures;
                    LOG.log(Level.INFO, () -> "qhtrack dispatcher: the outbox answers again, after " + n
                            + " failed look(s); delivering");
                    failures = 0;
                }
                if (claimed == 0 || inFlight.get() >= limit.current()) {
                    await();
                }
            } catch (RuntimeException e) {
                LOG.log(failures++ == 0 ? Level.WARNING : Level.FINE, "qhtrack dispatcher: the outbox failed; trying "
                        + "again every " + pollInterval + " (pending conversions wait in it; nothing is lost)", e);
                await();
            }
        }
    }

    private void await() {
        lock.lock();
        try {
            if (!signalled && running) {
                wake.await(pollInterval.toNanos(), TimeUnit.NANOSECONDS);
            }
            signalled = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    /** Claims and starts what is due; returns how many were claimed. */
    int dispatchDue() {
        int slots = limit.current() - inFlight.get();
        if (slots <= 0 || !claiming) {
            return 0;
        }
        Instant now = clock.instant();
        Instant horizon = drainHorizon != null && drainHorizon.isAfter(now) ? drainHorizon : now;
        List<OutboxEntry> due = outbox.claimDue(slots, horizon, lease);
        for (OutboxEntry entry : due) {
            attempt(entry, now);
        }
        return due.size();
    }

    private void attempt(OutboxEntry entry, Instant now) {
        if (!now.isBefore(entry.deadline())) {
            String why = "the natural day ended at " + entry.deadline() + " before delivery"
                    + entry.lastErrorMessage().map(e -> "; last error: " + e).orElse("");
            outbox.markExpired(entry, now, why, false);
            notify(new DeliveryEvent(DeliveryEvent.Kind.EXPIRED, entry, Optional.empty(), now, Optional.empty()));
            return;
        }
        Credentials creds = credentials.get(entry.upload().line().account());
        if (creds == null) {
            // another node sharing the outbox, or this one once configured again, can sign it; until the day ends
            Instant next = now.plus(NO_CREDENTIALS_RETRY);
            String why = entry.upload().line().wireName() + " has no credentials on this node ("
                    + entry.upload().line().account().settingPrefix() + ".key/.secret)";
            if (next.isBefore(entry.deadline())) {
                outbox.markRetry(entry, next, why);
                notify(new DeliveryEvent(DeliveryEvent.Kind.WILL_RETRY, entry, Optional.empty(), now, Optional.of(next)));
            } else {
                outbox.markExpired(entry, now, why + "; the natural day ended", false);
                notify(new DeliveryEvent(DeliveryEvent.Kind.EXPIRED, entry, Optional.empty(), now, Optional.empty()));
            }
            return;
        }
        SignedUpload signed;
        try {
            signed = SignedUpload.sign(endpoint, entry.upload(), creds, now);
        } catch (RuntimeException e) {
            String why = "cannot be signed: " + e.getMessage();
            outbox.markDead(entry, now, why, false);
            notify(new DeliveryEvent(DeliveryEvent.Kind.DEAD_LETTERED, entry, Optional.empty(), now, Optional.empty()));
            return;
        }
        inFlight.incrementAndGet();
        client.sendAsync(signed).whenComplete((result, failure) -> {
            try {
                settle(entry, result != null ? result : new UploadResult(UploadResult.Outcome.TRANSIENT_FAILURE, 0,
                        null, "unexpected failure: " + failure + "; will retry", null, null));
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "qhtrack dispatcher: could not record the result of entry " + entry.id()
                        + "; its lease will lapse and it will be attempted again", e);
            } finally {
                inFlight.decrementAndGet();
                wakeUp();
            }
        });
    }

    private void settle(OutboxEntry entry, UploadResult result) {
        limit.onAnswer(inFlight.get(), ConcurrencyLimit.isOverload(result));
        Instant now = clock.instant();
        result.errno().ifPresent(metrics::recordErrno);
        if (result.isDelivered()) {
            outbox.markDelivered(entry, now);
            LOG.log(Level.FINE, () -> "qhtrack: " + describe(entry) + " delivered (attempt " + (entry.attempts() + 1)
                    + ")");
            notify(new DeliveryEvent(DeliveryEvent.Kind.DELIVERED, entry, Optional.of(result), now, Optional.empty()));
            return;
        }
        if (!policy.shouldRetry(result)) {
            LOG.log(Level.WARNING, () -> "qhtrack: " + describe(entry) + " failed permanently and is dead-lettered: "
                    + result.message());
            outbox.markDead(entry, now, result.message(), true);
            notify(new DeliveryEvent(DeliveryEvent.Kind.DEAD_LETTERED, entry, Optional.of(result), now,
                    Optional.empty()));
            return;
        }
        Instant next = now.plus(policy.backoff(entry.attempts() + 1, result, random));
        if (!next.isBefore(entry.deadline())) {
            String why = result.message() + "; no time left: the natural day ends at " + entry.deadline();
            LOG.log(Level.WARNING, () -> "qhtrack: " + describe(entry) + " expired: " + why);
            outbox.markExpired(entry, now, why, true);
            notify(new DeliveryEvent(DeliveryEvent.Kind.EXPIRED, entry, Optional.of(result), now, Optional.empty()));
            return;
        }
        LOG.log(Level.FINE, () -> "qhtrack: " + describe(entry) + " will be retried at " + next + ": "
                + result.message());
        outbox.markRetry(entry, next, result.message());
        notify(new DeliveryEvent(DeliveryEvent.Kind.WILL_RETRY, entry, Optional.of(result), now, Optional.of(next)));
    }

    private static String describe(OutboxEntry e) {
        return "upload " + e.id() + " (" + e.upload().line().wireName() + " " + e.upload().event().wireName() + ")";
    }

    private void notify(DeliveryEvent event) {
        metrics.recordDelivery(event.kind());
        for (DeliveryListener l : listeners) {
            try {
                l.onDelivery(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "qhtrack: a delivery listener threw; ignored", e);
            }
        }
    }
}
