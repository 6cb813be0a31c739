package io.qhtrack.spring;

import io.qhtrack.core.DeliveryEvent;
import io.qhtrack.core.DeliveryListener;
import io.qhtrack.core.OutboxState;
import io.qhtrack.core.ProductLine;
import io.qhtrack.core.Setting;
import io.qhtrack.core.Tracker;
import io.qhtrack.core.TrackerMetrics;
import io.qhtrack.core.spi.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The state of the tracker, as Actuator's {@code qhtrack} health component shows it, whatever the Spring Boot
 * generation. Delivery trouble — 360 refusing uploads for a wrong App-Key (errno 1) or signature (errno 2), a pending
 * conversion older than {@code qhtrack.health.max-pending-age}, an outbox database that cannot be reached — is shown
 * in the details, under {@code deliveryTrouble}, and leaves the component UP: a node whose uploads to 360 fail still
 * serves its visitors, and a load balancer must not take every node out of service for it (the application's own
 * {@code db} component says when its database is down). With {@code qhtrack.health.down-on-delivery-trouble=true}
 * the component is DOWN while there is trouble.
 *
 * <p>Details: {@code lines} (those with credentials), {@code deliveryTrouble} (one sentence per trouble, empty when
 * none), {@code backlog}, {@code oldestPendingAge}, {@code deadLetters}, {@code durable}, {@code lastErrno},
 * {@code lastError} (the last failed attempt since start: when, line, result, what 360 or the network answered) and
 * {@code parkedPlatforms} (platform and tenant, e.g. {@code baidu/default}, whose deliveries are parked because the
 * platform refused their credentials: delivery trouble, so UP unless {@code down-on-delivery-trouble}; always empty
 * for 360, whose refusals are dead letters).
 */
final class QhtrackHealth implements DeliveryListener {

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
    private final boolean downOnDeliveryTrouble;
    private volatile Map<String, Object> lastError;

    private QhtrackHealth(Tracker tracker, Duration maxPendingAge, boolean downOnDeliveryTrouble) {
        this.tracker = tracker;
        this.maxPendingAge = maxPendingAge;
        this.downOnDeliveryTrouble = downOnDeliveryTrouble;
    }

    /** The health of {@code tracker}, which it listens to from now on for the last failed attempt. */
    static QhtrackHealth of(Tracker tracker, SpringSettings settings) {
        QhtrackHealth health = new QhtrackHealth(tracker, settings.healthMaxPendingAge(),
                settings.healthDownOnDeliveryTrouble());
        tracker.addListener(health);
        return health;
    }

    @Override
    public void onDelivery(DeliveryEvent event) {
        if (event.kind() == DeliveryEvent.Kind.DELIVERED) {
            return;
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("at", event.at().toString());
        error.put("platform", event.platform());
        error.put("line", LineNames.wireName(tracker, event));
        error.put("result", event.kind().name().toLowerCase(Locale.ROOT));
        error.put("message", event.verdict().map(Verdict::message)
                .orElse("the natural day ended before it could be delivered"));
        lastError = Collections.unmodifiableMap(error);
    }

    Report check() {
        Map<String, Object> details = new LinkedHashMap<>();
        List<String> trouble = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (ProductLine l : tracker.configuredLines()) {
            lines.add(l.wireName());
        }
        details.put("lines", lines);
        details.put("deliveryTrouble", trouble);
        TrackerMetrics metrics = tracker.metrics();
        int errno = metrics.getLastErrno();
        if (errno == 1) {
            trouble.add("360 refuses the App-Key (errno 1): check qhtrack.<line>.key, then replay the dead letters");
        } else if (errno == 2) {
            trouble.add("360 refuses the signature (errno 2): check qhtrack.<line>.secret, then replay the dead letters");
        }
        try {
            Map<OutboxState, Long> counts = tracker.outbox().counts();
            long age = metrics.getOldestPendingAgeSeconds();
            if (age > maxPendingAge.getSeconds()) {
                trouble.add("the oldest pending conversion waits for " + Duration.ofSeconds(age) + ", longer than "
                        + Setting.HEALTH_MAX_PENDING_AGE + " (" + maxPendingAge + ")");
            }
            details.put("backlog", counts.getOrDefault(OutboxState.PENDING, 0L));
            details.put("oldestPendingAge", Duration.ofSeconds(Math.max(0, age)).toString());
            details.put("deadLetters", counts.getOrDefault(OutboxState.DEAD, 0L));
        } catch (RuntimeException e) {
            trouble.add("the outbox's database cannot be reached: " + e.getMessage());
        }
        details.put("durable", tracker.outbox().isDurable());
        details.put("lastErrno", errno);
        Map<String, Object> error = lastError;
        if (error != null) {
            details.put("lastError", error);
        }
        List<String> parked = metrics.getParkedPlatforms();
        for (String p : parked) {
            trouble.add(p + "'s deliveries are parked: it refused the credentials; fix them (or the "
                    + "CredentialResolver), then replay: qhtrack outbox replay --platform " + platformOf(p));
        }
        details.put("parkedPlatforms", parked);
        return new Report(trouble.isEmpty() || !downOnDeliveryTrouble, details);
    }

    /** {@code baidu} of {@code baidu/default} (a parked platform and tenant). */
    private static String platformOf(String parked) {
        int slash = parked.indexOf('/');
        return slash < 0 ? parked : parked.substring(0, slash);
    }
}
