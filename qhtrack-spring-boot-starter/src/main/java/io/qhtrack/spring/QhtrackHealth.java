package io.qhtrack.spring;

import io.qhtrack.core.OutboxState;
import io.qhtrack.core.ProductLine;
import io.qhtrack.core.Setting;
import io.qhtrack.core.Tracker;
import io.qhtrack.core.TrackerMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of the tracker, as Actuator's {@code qhtrack} health component shows it, whatever the Spring Boot
 * generation. DOWN while 360 refuses uploads for a wrong App-Key (errno 1) or signature (errno 2), while the oldest
 * pending conversion is older than {@code qhtrack.health.max-pending-age}, or when the outbox's database cannot be
 * reached; the details are the backlog, the oldest pending age, the dead letters and 360's last errno.
 */
final class QhtrackHealth {

    /** A health check's outcome. */
    static final class Report {
        final boolean up;
        final Map<String, Object> details;

        Report(boolean up, Map<String, Object> details) {
            this.up = up;
            this.details = Collections.unmodifiableMap(details);
        }
    }

    private final Tracker tracker;
    private final Duration maxPendingAge;

    QhtrackHealth(Tracker tracker, Duration maxPendingAge) {
        this.tracker = tracker;
        this.maxPendingAge = maxPendingAge;
    }

    Report check() {
        Map<String, Object> details = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        for (ProductLine l : tracker.configuredLines()) {
            lines.add(l.wireName());
        }
        details.put("lines", lines);
        TrackerMetrics metrics = tracker.metrics();
        int errno = metrics.getLastErrno();
        details.put("lastErrno", errno);
        Map<OutboxState, Long> counts;
        try {
            counts = tracker.outbox().counts();
        } catch (RuntimeException e) {
            details.put("reason", "the outbox's database cannot be reached: " + e.getMessage());
            return new Report(false, details);
        }
        long age = metrics.getOldestPendingAgeSeconds();
        details.put("backlog", counts.getOrDefault(OutboxState.PENDING, 0L));
        details.put("oldestPendingAge", Duration.ofSeconds(Math.max(0, age)).toString());
        details.put("deadLetters", counts.getOrDefault(OutboxState.DEAD, 0L));
        details.put("durable", tracker.outbox().isDurable());
        String reason = null;
        if (errno == 1) {
            reason = "360 refuses the App-Key (errno 1): check qhtrack.<line>.key, then replay the dead letters";
        } else if (errno == 2) {
            reason = "360 refuses the signature (errno 2): check qhtrack.<line>.secret, then replay the dead letters";
        } else if (age > maxPendingAge.getSeconds()) {
            reason = "the oldest pending conversion waits for " + Duration.ofSeconds(age) + ", longer than "
                    + Setting.HEALTH_MAX_PENDING_AGE + " (" + maxPendingAge + ")";
        }
        if (reason != null) {
            details.put("reason", reason);
        }
        return new Report(reason == null, details);
    }
}
