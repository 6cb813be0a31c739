package io.qhtrack.core.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The (platform, tenant) pairs whose credentials a platform refused, in memory: their conversions get no attempt
 * until the credentials change (a different fingerprint from the resolver), the application restarts, or they are
 * replayed. Thread-safe.
 */
final class Parking {

    /** One parked pair: the credentials' fingerprint that was refused, the line that was answered, and why. */
    static final class Parked {
        final String platform;
        final String tenant;
        final String line;
        final String fingerprint;
        final String reason;
        final Instant since;

        Parked(String platform, String tenant, String line, String fingerprint, String reason, Instant since) {
            this.platform = platform;
            this.tenant = tenant;
            this.line = line;
            this.fingerprint = fingerprint;
            this.reason = reason;
            this.since = since;
        }
    }

    private final ConcurrentMap<String, Parked> parked = new ConcurrentHashMap<>();
    private final Clock clock;

    Parking(Clock clock) {
        this.clock = clock;
    }

    void park(String platform, String tenant, String line, String fingerprint, String reason) {
        parked.put(platform + '/' + tenant, new Parked(platform, tenant, line, fingerprint, reason, clock.instant()));
    }

    Optional<Parked> find(String platform, String tenant) {
        return parked.isEmpty() ? Optional.<Parked>empty() : Optional.ofNullable(parked.get(platform + '/' + tenant));
    }

    List<Parked> all() {
        return parked.isEmpty() ? new ArrayList<Parked>() : new ArrayList<>(parked.values());
    }

    void remove(Parked p) {
        parked.remove(p.platform + '/' + p.tenant, p);
    }

    /** Forgets every tenant of {@code platform}. */
    void forget(String platform) {
        parked.values().removeIf(p -> p.platform.equals(platform));
    }

    /** {@code platform/tenant} of each parked pair. */
    List<String> describe() {
        return new ArrayList<>(new java.util.TreeSet<>(parked.keySet()));
    }
}
