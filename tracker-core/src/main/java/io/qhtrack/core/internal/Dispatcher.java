package io.qhtrack.core.internal;

import io.qhtrack.core.DeliveryEvent;
import io.qhtrack.core.DeliveryListener;
import io.qhtrack.core.RetryPolicy;
import io.qhtrack.core.spi.CredentialResolver;
import io.qhtrack.core.spi.CredentialSet;
import io.qhtrack.core.spi.HttpCall;
import io.qhtrack.core.spi.Line;
import io.qhtrack.core.spi.Outbox;
import io.qhtrack.core.spi.OutboxEntry;
import io.qhtrack.core.spi.Platform;
import io.qhtrack.core.spi.PlatformUpload;
import io.qhtrack.core.spi.RateLimit;
import io.qhtrack.core.spi.RequestContext;
import io.qhtrack.core.spi.Verdict;
import io.qhtrack.core.spi.Verdicts;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Moves entries from the outbox to their platforms; the one place where delivery is scheduled. One thread claims due
 * entries (server-side ones first), groups them by platform, tenant and line into batches of up to the platform's
 * {@code maxBatch} (never waiting to fill one), and starts as many requests as the adaptive {@link ConcurrencyLimit}
 * allows; each answer settles its entries and adjusts the limit. No outbox lock or transaction is held while a request
 * is in flight. Per batch:
 * <ol>
 *   <li>the credentials, from the {@link CredentialResolver} (none: retried in a minute, until the deadline);</li>
 *   <li>parking: a platform and tenant whose credentials were refused ({@link Verdict.Kind#PARK}) gets no attempt
 *       until the resolver answers otherwise (checked at every look while parked), a restart, or a replay;</li>
 *   <li>the platform's rate limit per credential key ({@link RateLimit}; beyond: postponed, no attempt counted);</li>
 *   <li>the codec's request (a stored upload it cannot send is dead-lettered, alone);</li>
 *   <li>the transport, then {@link Answers#settle}: the engine's own verdicts, or the platform's classifier's, per
 *       conversion. A refusal of a whole batch that names no conversion is sent once more, then in halves, until the
 *       refused conversion stands alone.</li>
 * </ol>
 *
 * <p>By default the dispatcher has a thread of its own, which looks at the outbox when woken and every poll interval,
 * and requests are sent on the transport's threads. Given an {@link Executor} instead, it has no thread: each wake-up
 * (something reported, an answer settled, a replay, {@link #drainUntil}) submits a drain to the executor, which runs
 * rounds (start what is ready, claim and start what is due) one at a time until a round finds nothing more to do, and each request is a task on the
 * executor that sends with the blocking {@link HttpTransport#send} and settles. Drains never overlap, even on a pool:
 * the first of any number of wake-ups submits the drain, the others only make the running drain go round once more
 * (so that with {@code Runnable::run} a wake-up from inside a round does not recurse). Nothing polls: entries due later
 * are sent at the next wake-up ({@code Tracker.dispatchNow()}).
 *
 * <p>Part of qhtrack's engine, not API: it may change in any release.
 */
public final class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());
    /** How soon an entry this node cannot send (no credentials, no such platform here) is looked at again. */
    private static final Duration NOT_HERE_RETRY = Duration.ofMinutes(1);
    /** The most entries one claim takes. */
    private static final int MAX_CLAIM = 1024;
    /** Platform alerts are logged at most this often (each is counted). */
    private static final Duration ALERT_LOG_INTERVAL = Duration.ofMinutes(1);
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /**
     * The most rounds one drain runs on an injected executor: beyond, it logs at WARNING and stops (the next wake-up
     * starts another), so that a bug that keeps waking the dispatcher cannot spin for ever.
     */
    static final int MAX_ROUNDS_PER_DRAIN = 10_000;

    private final Outbox outbox;
    private final PlatformRegistry platforms;
    private final CredentialResolver credentials;
    private final HttpTransport transport;
    private final RetryPolicy policy;
    private final Clock clock;
    private final Random random;
    private final SecureRandom nonces;
    private final ConcurrencyLimit limit;
    private final Duration lease;
    private final Duration longestAttempt;
    private final Duration pollInterval;
    private final Metrics metrics;
    private final Parking parking;
    private final RateLimiter rates = new RateLimiter();
    private final LogSummary alerts;
    private final List<DeliveryListener> listeners = new CopyOnWriteArrayList<>();
    /** Claimed batches not yet started (beyond the concurrency limit), and batches to send again; oldest first. */
    private final Deque<Batch> ready = new ConcurrentLinkedDeque<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean running;
    private volatile Instant drainHorizon;
    private volatile boolean claiming = true;
    private boolean signalled;
    /** Whether the parked entries of an earlier run were made pending again (done once, at start-up). */
    private boolean unparkedAtStart;
    private Thread thread;
    /** The injected executor, or {@code null}: the dispatcher's own thread and the transport's pool. */
    private final Executor executor;
    /** Wake-ups not yet seen by a drain on the {@link #executor}; the one that finds it 0 submits the drain. */
    private final AtomicInteger drainRequests = new AtomicInteger();
    /** Whether the latest round on the {@link #executor} found nothing to start, nor to claim. */
    private volatile boolean lastRoundIdle = true;
    /** Rounds on the {@link #executor} in a row whose outbox failed (logged as {@link #loop} logs them). */
    private long roundFailures;

    /**
     * A dispatcher.
     *
     * @param maxInFlight the most requests in flight at once ({@code qhtrack.max-concurrency})
     * @param lease how long a claim holds
     * @param longestAttempt the longest one request can take: a claimed batch is started only while its lease has
     *     at least this much left
     * @param executor where rounds and requests run, with no thread of the dispatcher's own; {@code null}: the
     *     dispatcher's thread and the transport's pool
     */
    public Dispatcher(Outbox outbox, PlatformRegistry platforms, CredentialResolver credentials,
            HttpTransport transport, RetryPolicy policy, Clock clock, Random random, SecureRandom nonces,
            int maxInFlight, Duration lease, Duration longestAttempt, Duration pollInterval, Metrics metrics,
            Executor executor) {
        this.executor = executor;
        this.outbox = outbox;
        this.platforms = platforms;
        this.credentials = credentials;
        this.transport = transport;
        this.policy = policy;
        this.clock = clock;
        this.random = random;
        this.nonces = nonces;
        this.limit = new ConcurrencyLimit(maxInFlight);
        this.lease = lease;
        this.longestAttempt = longestAttempt;
        this.pollInterval = pollInterval;
        this.metrics = metrics;
        this.parking = new Parking(clock);
        this.alerts = new LogSummary(LOG, Level.WARNING, "platform alert", ALERT_LOG_INTERVAL, clock);
    }

    /** Adds a listener for delivery events. */
    public void addListener(DeliveryListener listener) {
        listeners.add(listener);
    }

    /**
     * Starts the dispatcher's thread; with an injected executor, submits the first drain instead (which makes the
     * parked entries of an earlier run pending again).
     */
    public void start(String name) {
        running = true;
        if (executor != null) {
            requestDrain();
            return;
        }
        thread = new Thread(this::loop, "qhtrack-dispatcher-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether rounds and requests run on an injected executor rather than the dispatcher's own thread. */
    public boolean hasExecutor() {
        return executor != null;
    }

    /**
     * Asks the loop to look at the outbox now (new work, or the clock moved); with an injected executor, submits a
     * drain to it, or makes the running drain go round once more.
     */
    public void wakeUp() {
        if (executor != null) {
            requestDrain();
            return;
        }
        lock.lock();
        try {
            signalled = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * With an injected executor: whether no drain is running or asked for, no request is in flight, no batch waits to
     * be sent again and the latest round found nothing to do; without one: whether no request is in flight.
     */
    public boolean idle() {
        if (executor == null) {
            return inFlight.get() == 0;
        }
        return drainRequests.get() == 0 && inFlight.get() == 0 && ready.isEmpty() && lastRoundIdle;
    }

    /**
     * With an injected executor: runs a drain on the calling thread (or, if one is running, makes it go round once
     * more); without one: {@link #wakeUp}.
     */
    public void dispatchNow() {
        if (executor == null) {
            wakeUp();
            return;
        }
        if (running && drainRequests.getAndIncrement() == 0) {
            drain();
        }
    }

    /** The first request since the last drain ended submits a drain; the others make it go round once more. */
    private void requestDrain() {
        if (!running || drainRequests.getAndIncrement() != 0) {
            return;
        }
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            drainRequests.set(0);
            LOG.log(Level.WARNING, "qhtrack dispatcher: the executor refused a drain (" + e.getMessage() + "); "
                    + "the next wake-up tries again");
        }
    }

    /**
     * Runs rounds until one ends with no new request: each request that came while a round ran (a settled answer, a
     * report) makes it go round once more. Bounded by {@link #MAX_ROUNDS_PER_DRAIN}.
     */
    private void drain() {
        int seen = drainRequests.get();
        for (int rounds = 1; ; rounds++) {
            if (rounds > MAX_ROUNDS_PER_DRAIN) {
                LOG.log(Level.WARNING, "qhtrack dispatcher: a drain ran " + MAX_ROUNDS_PER_DRAIN + " rounds without "
                        + "settling down; stopped (the next wake-up starts another)");
                drainRequests.set(0);
                return;
            }
            if (round()) {
                drainRequests.incrementAndGet(); // it did something: look again, until a round finds nothing
            }
            int left = drainRequests.addAndGet(-seen);
            if (left == 0) {
                return;
            }
            seen = left;
        }
    }

    /**
     * One round, on the dispatcher's thread or the injected executor: {@code dispatchDue}, after making the parked
     * entries of an earlier run pending again the first time; whether it started or claimed anything. While the outbox
     * fails (its database down or read-only: a failover), the first failure is logged at WARNING with its cause and
     * the others at FINE, until a claim succeeds again (INFO); the round ends, and the next wake-up (or poll) tries
     * again.
     */
    private boolean round() {
        if (!running) {
            lastRoundIdle = true;
            return false;
        }
        try {
            unparkAtStart();
            int started = dispatchDue();
            if (roundFailures > 0) {
                long n = roundFailures;
                LOG.log(Level.INFO, () -> "qhtrack dispatcher: the outbox answers again, after " + n
                        + " failed look(s); delivering");
                roundFailures = 0;
            }
            lastRoundIdle = started == 0;
            return started > 0;
        } catch (RuntimeException e) {
            LOG.log(roundFailures++ == 0 ? Level.WARNING : Level.FINE, "qhtrack dispatcher: the outbox failed; trying "
                    + "again " + (executor != null ? "at the next wake-up" : "every " + pollInterval)
                    + " (pending conversions wait in it; nothing is lost)", e);
            lastRoundIdle = true;
            return false;
        }
    }

    /** Requests in flight now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** How many requests may be in flight now. */
    public int concurrencyLimit() {
        return limit.current();
    }

    /** The parked platforms, as {@code platform/tenant}. */
    public List<String> parked() {
        return parking.describe();
    }

    /**
     * From now on, claims pending entries due before {@code horizon} too (their backoff is cut short): used when
     * draining a non-durable outbox at shutdown, so that every entry gets one more attempt.
     */
    public void drainUntil(Instant horizon) {
        this.drainHorizon = horizon;
        wakeUp();
    }

    /** Claims nothing more; what is in flight still settles. Used when closing over a durable outbox. */
    public void stopClaiming() {
        claiming = false;
    }

    /**
     * Stops the thread, waiting at most {@code wait} for it; with an injected executor, no more drains start (one
     * running ends after its round).
     */
    public void stop(Duration wait) throws InterruptedException {
        running = false;
        wakeUp();
        if (thread != null) {
            thread.join(Math.max(1, wait.toMillis()));
        }
    }

    /**
     * Makes the parked entries of {@code platform} (every tenant) pending again, and forgets that it is parked: a
     * replay.
     *
     * @return how many were made pending
     */
    public int unpark(String platform) {
        parking.forget(platform);
        int n = outbox.unpark(platform, null, clock.instant());
        wakeUp();
        return n;
    }

    /**
     * Claims and dispatches until stopped. While the outbox fails (its database down or read-only: a failover), the
     * first failure is logged at WARNING with its cause and the others at FINE, until a claim succeeds again (INFO).
     */
    private void loop() {
        while (running) {
            if (!round() || inFlight.get() >= limit.current()) {
                await();
            }
        }
    }

    /** At start-up, parked entries of an earlier run are sent again: the credentials may have changed meanwhile. */
    private void unparkAtStart() {
        if (unparkedAtStart) {
            return;
        }
        Instant now = clock.instant();
        for (Platform p : platforms.all()) {
            int n = outbox.unpark(p.id(), null, now);
            if (n > 0) {
                LOG.log(Level.INFO, () -> "qhtrack: " + n + " parked " + p.id() + " conversion(s) of an earlier run "
                        + "are pending again (the credentials may have changed since)");
            }
        }
        unparkedAtStart = true;
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

    /** Starts what is ready, then claims and starts what is due; returns how many requests and entries it handled. */
    int dispatchDue() {
        int slots = limit.current() - inFlight.get();
        if (slots <= 0 || !claiming) {
            return 0;
        }
        Instant now = clock.instant();
        checkParked(now);
        int started = 0;
        while (slots > 0 && !ready.isEmpty()) {
            Batch b = ready.pollFirst();
            if (b == null) {
                break;
            }
            started++;
            if (now.plus(longestAttempt).isBefore(b.leaseUntil)) {
                slots -= start(b, now) ? 1 : 0;
            } else {
                LOG.log(Level.FINE, () -> "qhtrack dispatcher: " + b + " waited for a slot until its claim was "
                        + "nearly over; it is claimed again once the claim lapses");
            }
        }
        if (slots <= 0 || !ready.isEmpty()) {
            return started;
        }
        Instant horizon = drainHorizon != null && drainHorizon.isAfter(now) ? drainHorizon : now;
        List<OutboxEntry> due = outbox.claimDue(Math.min(MAX_CLAIM, slots * platforms.maxBatch()), horizon, lease);
        for (Batch b : group(due, now)) {
            if (slots > 0) {
                slots -= start(b, now) ? 1 : 0;
            } else {
                ready.addLast(b);
            }
        }
        return started + due.size();
    }

    /**
     * The claimed entries in batches of one platform, tenant and line, each of at most the platform's
     * {@code maxBatch}, in the order they were claimed. Entries whose window ended expire here, and entries of a
     * platform this node does not report to wait (another node may).
     */
    private List<Batch> group(List<OutboxEntry> claimed, Instant now) {
        Map<String, Batch> open = new LinkedHashMap<>();
        List<Batch> batches = new ArrayList<>();
        Instant leaseUntil = now.plus(lease);
        for (OutboxEntry e : claimed) {
            Optional<Platform> p = platforms.find(e.platform());
            if (!p.isPresent() || !p.get().enabled()) {
                notHere(e, now, "the platform " + e.platform() + " is not " + (p.isPresent() ? "enabled" : "known")
                        + " on this node");
                continue;
            }
            if (!now.isBefore(e.deadline())) {
                expire(p.get(), e, now, "", Optional.<Verdict>empty(), false);
                continue;
            }
            PlatformUpload u = e.upload();
            String key = u.platform() + '|' + u.tenant() + '|' + u.line();
            Batch b = open.get(key);
            if (b == null) {
                b = new Batch(p.get(), u.tenant(), u.line(), leaseUntil, false);
                open.put(key, b);
                batches.add(b);
            }
            b.entries.add(e);
            if (b.entries.size() >= Math.max(1, p.get().codec().maxBatch())) {
                open.remove(key);
            }
        }
        return batches;
    }

    /** Parked platforms whose resolver now answers other credentials are unparked. */
    private void checkParked(Instant now) {
        for (Parking.Parked parked : parking.all()) {
            Optional<Platform> p = platforms.find(parked.platform);
            Optional<Line> line = p.flatMap(pl -> pl.line(parked.line));
            if (!line.isPresent()) {
                continue;
            }
            Optional<CredentialSet> c = resolve(p.get(), parked.tenant, line.get());
            if (c.isPresent() && !c.get().fingerprint().equals(parked.fingerprint)) {
                unparkChanged(parked, now);
            }
        }
    }

    private void unparkChanged(Parking.Parked parked, Instant now) {
        parking.remove(parked);
        int n = outbox.unpark(parked.platform, parked.tenant, now);
        LOG.log(Level.INFO, () -> "qhtrack: " + parked.platform + " (tenant " + parked.tenant + ") has other "
                + "credentials now: its " + n + " parked conversion(s) are sent again");
    }

    /** The credentials, or empty (a resolver that throws is read as none, and logged). */
    private Optional<CredentialSet> resolve(Platform platform, String tenant, Line line) {
        try {
            Optional<CredentialSet> c = credentials.resolve(tenant, platform, line);
            return c == null ? Optional.<CredentialSet>empty() : c;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "qhtrack: the credential resolver failed for " + platform.id() + " (tenant "
                    + tenant + ", line " + line + "); read as no credentials: " + e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /** Starts one batch's request, or settles it at once; whether a request was started. */
    private boolean start(Batch b, Instant now) {
        Platform platform = b.platform;
        Optional<Line> line = platform.line(b.line);
        if (!line.isPresent()) {
            for (OutboxEntry e : b.entries) {
                dead(platform, e, now, "cannot be sent: " + platform.id() + " has no line '" + b.line + "'",
                        Optional.<Verdict>empty(), false);
            }
            return false;
        }
        Optional<CredentialSet> creds = resolve(platform, b.tenant, line.get());
        if (!creds.isPresent()) {
            String why = Reports.describe(platform, line.get()) + " has no credentials on this node"
                    + (io.qhtrack.core.Click.DEFAULT_TENANT.equals(b.tenant) ? "" : " for tenant " + b.tenant) + " ("
                    + platform.howToConfigure(line.get()) + ")";
            for (OutboxEntry e : b.entries) {
                notHere(e, now, why);
            }
            return false;
        }
        String fingerprint = creds.get().fingerprint();
        Optional<Parking.Parked> parked = parking.find(platform.id(), b.tenant);
        if (parked.isPresent()) {
            if (parked.get().fingerprint.equals(fingerprint)) {
                for (OutboxEntry e : b.entries) {
                    park(platform, e, now, "parked without an attempt: " + parked.get().reason,
                            Optional.<Verdict>empty(), false);
                }
                return false;
            }
            unparkChanged(parked.get(), now);
        }
        HttpCall call = encode(b, creds.get(), now);
        if (call == null) {
            return false;
        }
        if (tooLarge(b, call)) {
            return false;
        }
        Optional<RateLimit> rate = platform.rateLimit();
        Duration wait = rates.acquire(platform.id() + '|' + b.tenant + '|' + fingerprint, rate.orElse(null), now);
        if (!wait.isZero()) {
            Instant next = now.plus(wait);
            String why = "not sent yet: " + platform.id() + "'s rate limit" + rate.map(r -> " (" + r + ")").orElse("")
                    + " or its request to slow down; due again at " + next;
            for (OutboxEntry e : b.entries) {
                if (next.isBefore(e.deadline())) {
                    outbox.postpone(e, next, why);
                } else {
                    expire(platform, e, now, "; " + why, Optional.<Verdict>empty(), false);
                }
            }
            return false;
        }
        inFlight.incrementAndGet();
        String rateKey = platform.id() + '|' + b.tenant + '|' + fingerprint;
        if (executor != null) {
            sendOnExecutor(b, call, fingerprint, rateKey);
            return true;
        }
        transport.sendAsync(call).whenComplete((exchange, failure) -> {
            try {
                settle(b, exchange != null ? exchange
                        : Exchange.noAnswer("unexpected failure: " + failure), fingerprint, rateKey);
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "qhtrack dispatcher: could not record the result of " + b + "; its lease will "
                        + "lapse and it will be attempted again", e);
            } finally {
                inFlight.decrementAndGet();
                wakeUp();
            }
        });
        return true;
    }

    /**
     * Sends {@code call} with the blocking {@link HttpTransport#send} in a task on the injected executor, then settles
     * and wakes the dispatcher; with {@code Runnable::run}, before {@link #start} returns.
     */
    private void sendOnExecutor(Batch b, HttpCall call, String fingerprint, String rateKey) {
        Runnable send = () -> {
            try {
                settle(b, transport.send(call), fingerprint, rateKey);
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "qhtrack dispatcher: could not record the result of " + b + "; its lease will "
                        + "lapse and it will be attempted again", e);
            } finally {
                inFlight.decrementAndGet();
                wakeUp();
            }
        };
        try {
            executor.execute(send);
        } catch (RejectedExecutionException e) {
            inFlight.decrementAndGet();
            LOG.log(Level.WARNING, "qhtrack dispatcher: the executor refused to send " + b + " (" + e.getMessage()
                    + "); it is claimed again once its lease lapses");
        }
    }

    /**
     * The batch's request, or {@code null} when there is nothing left to send: an upload the codec cannot send is
     * dead-lettered (in a batch of several, each is tried alone so that only those at fault are), and the rest sent.
     */
    private HttpCall encode(Batch b, CredentialSet creds, Instant now) {
        try {
            return b.platform.codec().encode(b.uploads(), creds, context(now));
        } catch (IllegalArgumentException e) {
            if (b.entries.size() == 1) {
                dead(b.platform, b.entries.get(0), now, "cannot be sent: " + e.getMessage(),
                        Optional.<Verdict>empty(), false);
                return null;
            }
        }
        List<OutboxEntry> sendable = new ArrayList<>();
        for (OutboxEntry e : b.entries) {
            try {
                b.platform.codec().encode(Collections.singletonList(e.upload()), creds, context(now));
                sendable.add(e);
            } catch (IllegalArgumentException alone) {
                dead(b.platform, e, now, "cannot be sent: " + alone.getMessage(), Optional.<Verdict>empty(), false);
            }
        }
        b.entries.retainAll(sendable);
        if (sendable.isEmpty()) {
            return null;
        }
        try {
            return b.platform.codec().encode(b.uploads(), creds, context(now));
        } catch (IllegalArgumentException together) {
            for (OutboxEntry e : sendable) {
                dead(b.platform, e, now, "cannot be sent: " + together.getMessage(), Optional.<Verdict>empty(),
                        false);
            }
            return null;
        }
    }

    /**
     * Whether {@code call}'s body is larger than the platform's {@link io.qhtrack.core.spi.Codec#maxRequestBytes()}
     * (Tencent: 50 KB) while its batch has several conversions: then the batch is sent in halves instead (first, before
     * what was claimed later), each halved again as far as it is still too large. One conversion alone is sent
     * whatever its size: the platform's answer says what it makes of it.
     */
    private boolean tooLarge(Batch b, HttpCall call) {
        int max = b.platform.codec().maxRequestBytes();
        if (max <= 0 || b.entries.size() < 2 || call.bodyUnsafe().length <= max) {
            return false;
        }
        int half = b.entries.size() / 2;
        LOG.log(Level.FINE, () -> "qhtrack: " + b + " takes " + call.bodyUnsafe().length + " bytes, more than "
                + b.platform.id() + "'s " + max + " per request; sending it in halves");
        ready.addFirst(new Batch(b.platform, b.tenant, b.line, b.leaseUntil, b.retried,
                b.entries.subList(half, b.entries.size())));
        ready.addFirst(new Batch(b.platform, b.tenant, b.line, b.leaseUntil, b.retried, b.entries.subList(0, half)));
        wakeUp();
        return true;
    }

    private RequestContext context(Instant now) {
        return new RequestContext() {
            @Override
            public Instant now() {
                return now;
            }

            @Override
            public String nonce() {
                byte[] bytes = new byte[16];
                nonces.nextBytes(bytes);
                char[] hex = new char[32];
                for (int i = 0; i < 16; i++) {
                    hex[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
                    hex[2 * i + 1] = HEX[bytes[i] & 0xf];
                }
                return new String(hex);
            }
        };
    }

    private void settle(Batch b, Exchange exchange, String fingerprint, String rateKey) {
        limit.onAnswer(inFlight.get(), Answers.overloaded(exchange));
        Instant now = clock.instant();
        Platform platform = b.platform;
        Verdicts verdicts = Answers.settle(exchange, platform, b.uploads(), clock);
        if (verdicts.slowDown().isPresent()) {
            rates.pause(rateKey, now.plus(verdicts.slowDown().get()));
        }
        if (verdicts.unattributed() && b.entries.size() > 1) {
            resend(b, verdicts);
            return;
        }
        List<Verdict> each = verdicts.perItem();
        for (int i = 0; i < b.entries.size(); i++) {
            Verdict v = each.get(i);
            if (v.kind() == Verdict.Kind.PARK && !parking.find(platform.id(), b.tenant).isPresent()) {
                parking.park(platform.id(), b.tenant, b.line, fingerprint, v.message());
                LOG.log(Level.WARNING, "qhtrack: " + platform.id() + " (tenant " + b.tenant + ") refused the "
                        + "credentials: " + v.message() + "; its conversions are parked, without attempts, until the "
                        + "credentials change, the application restarts, or they are replayed (qhtrack outbox replay "
                        + "--platform " + platform.id() + ")");
            }
            settle(platform, b.entries.get(i), v, now);
        }
    }

    /**
     * A batch refused whole without naming a conversion: sent once more as it is, and if refused so again, in halves,
     * each of which is sent again as far as it is refused so, until the refused conversion stands alone.
     */
    private void resend(Batch b, Verdicts verdicts) {
        String why = verdicts.perItem().get(0).message();
        if (!b.retried) {
            LOG.log(Level.FINE, () -> "qhtrack: " + b + " refused without naming a conversion (" + why + "); sending "
                    + "it once more");
            ready.addFirst(new Batch(b.platform, b.tenant, b.line, b.leaseUntil, true, b.entries));
            return;
        }
        int half = b.entries.size() / 2;
        LOG.log(Level.FINE, () -> "qhtrack: " + b + " refused again without naming a conversion; sending it in halves");
        ready.addFirst(new Batch(b.platform, b.tenant, b.line, b.leaseUntil, true,
                b.entries.subList(half, b.entries.size())));
        ready.addFirst(new Batch(b.platform, b.tenant, b.line, b.leaseUntil, true, b.entries.subList(0, half)));
    }

    private void settle(Platform platform, OutboxEntry entry, Verdict v, Instant now) {
        if (v.code().isPresent()) {
            metrics.recordAnswer(platform.id(), v.code().get());
        }
        if (v.alert().isPresent()) {
            metrics.recordAlert();
            alerts.record(platform.id() + ": " + v.alert().get());
        }
        Optional<Verdict> verdict = Optional.of(v);
        switch (v.kind()) {
            case DELIVERED:
                outbox.markDelivered(entry, now);
                LOG.log(Level.FINE, () -> "qhtrack: " + describe(platform, entry) + " delivered (attempt "
                        + (entry.attempts() + 1) + ")");
                notify(new DeliveryEvent(DeliveryEvent.Kind.DELIVERED, entry, verdict, now,
                        Optional.<Instant>empty()));
                return;
            case PARK:
                park(platform, entry, now, v.message(), verdict, true);
                return;
            default:
                break;
        }
        if (!policy.shouldRetry(v)) {
            LOG.log(Level.WARNING, () -> "qhtrack: " + describe(platform, entry) + " failed permanently and is "
                    + "dead-lettered: " + v.message());
            dead(platform, entry, now, v.message(), verdict, true);
            return;
        }
        Instant next = now.plus(policy.backoff(entry.attempts() + 1, v, random));
        if (!next.isBefore(entry.deadline())) {
            String why = v.message() + "; no time left: " + window(platform) + " ends at " + entry.deadline();
            LOG.log(Level.WARNING, () -> "qhtrack: " + describe(platform, entry) + " expired: " + why);
            outbox.markExpired(entry, now, why, true);
            notify(new DeliveryEvent(DeliveryEvent.Kind.EXPIRED, entry, verdict, now, Optional.<Instant>empty()));
            return;
        }
        LOG.log(Level.FINE, () -> "qhtrack: " + describe(platform, entry) + " will be retried at " + next + ": "
                + v.message());
        outbox.markRetry(entry, next, v.message());
        notify(new DeliveryEvent(DeliveryEvent.Kind.WILL_RETRY, entry, verdict, now, Optional.of(next)));
    }

    /** An entry this node cannot send now: looked at again in a minute, until its deadline. */
    private void notHere(OutboxEntry e, Instant now, String why) {
        Instant next = now.plus(NOT_HERE_RETRY);
        if (next.isBefore(e.deadline())) {
            outbox.markRetry(e, next, why);
            notify(new DeliveryEvent(DeliveryEvent.Kind.WILL_RETRY, e, Optional.<Verdict>empty(), now,
                    Optional.of(next)));
        } else {
            outbox.markExpired(e, now, why + "; its window ended", false);
            notify(new DeliveryEvent(DeliveryEvent.Kind.EXPIRED, e, Optional.<Verdict>empty(), now,
                    Optional.<Instant>empty()));
        }
    }

    private void expire(Platform platform, OutboxEntry e, Instant now, String more, Optional<Verdict> verdict,
            boolean attempted) {
        String why = window(platform) + " ended at " + e.deadline() + " before delivery" + more
                + e.lastErrorMessage().map(m -> "; last error: " + m).orElse("");
        outbox.markExpired(e, now, why, attempted);
        notify(new DeliveryEvent(DeliveryEvent.Kind.EXPIRED, e, verdict, now, Optional.<Instant>empty()));
    }

    private void dead(Platform platform, OutboxEntry e, Instant now, String why, Optional<Verdict> verdict,
            boolean attempted) {
        if (!attempted) {
            LOG.log(Level.WARNING, () -> "qhtrack: " + describe(platform, e) + " is dead-lettered: " + why);
        }
        outbox.markDead(e, now, why, attempted);
        notify(new DeliveryEvent(DeliveryEvent.Kind.DEAD_LETTERED, e, verdict, now, Optional.<Instant>empty()));
    }

    private void park(Platform platform, OutboxEntry e, Instant now, String why, Optional<Verdict> verdict,
            boolean attempted) {
        outbox.markParked(e, now, why, attempted);
        notify(new DeliveryEvent(DeliveryEvent.Kind.PARKED, e, verdict, now, Optional.<Instant>empty()));
    }

    /** {@code the natural day in Asia/Shanghai}: the platform's window, for messages. */
    private static String window(Platform platform) {
        String w = platform.window().toString();
        return w.startsWith("the ") ? w : "its window (" + w + ")";
    }

    private static String describe(Platform platform, OutboxEntry e) {
        return "upload " + e.id() + " (" + Reports.describe(platform, e.upload().line(), e.upload().event()) + ")";
    }

    private void notify(DeliveryEvent event) {
        metrics.recordDelivery(event.platform(), event.kind());
        for (DeliveryListener l : listeners) {
            try {
                l.onDelivery(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "qhtrack: a delivery listener threw; ignored", e);
            }
        }
    }

    /** Claimed entries of one platform, tenant and line, sent in one request. */
    private static final class Batch {
        final Platform platform;
        final String tenant;
        final String line;
        final Instant leaseUntil;
        /** Whether it was sent once more after a refusal that named no conversion. */
        final boolean retried;
        final List<OutboxEntry> entries;

        Batch(Platform platform, String tenant, String line, Instant leaseUntil, boolean retried) {
            this(platform, tenant, line, leaseUntil, retried, Collections.<OutboxEntry>emptyList());
        }

        Batch(Platform platform, String tenant, String line, Instant leaseUntil, boolean retried,
                List<OutboxEntry> entries) {
            this.platform = platform;
            this.tenant = tenant;
            this.line = line;
            this.leaseUntil = leaseUntil;
            this.retried = retried;
            this.entries = new ArrayList<>(entries);
        }

        List<PlatformUpload> uploads() {
            List<PlatformUpload> u = new ArrayList<>(entries.size());
            for (OutboxEntry e : entries) {
                u.add(e.upload());
            }
            return u;
        }

        @Override
        public String toString() {
            return "a batch of " + entries.size() + " " + platform.id() + " conversion(s) (tenant " + tenant + ", line "
                    + line + ")";
        }
    }
}
