package io.qhtrack.spring;

import io.qhtrack.core.spi.OutboxEntry;
import io.qhtrack.core.OutboxState;
import io.qhtrack.core.Tracker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code qhtrack} Actuator endpoint ({@code /actuator/qhtrack} once exposed, e.g.
 * {@code management.endpoints.web.exposure.include=health,qhtrack}): the outbox's counts and its dead letters, and
 * their replay after the cause is fixed.
 *
 * <pre>
 * GET  /actuator/qhtrack                              counts, backlog, last errno, the oldest 100 dead letters
 * POST /actuator/qhtrack  {"ids":"all"}               replay every dead letter
 * POST /actuator/qhtrack  {"ids":"17,18"}             replay these
 * </pre>
 *
 * Dead letters hold no secret (uploads are stored unsigned); their click ids are shown, as the CLI shows them.
 */
@Endpoint(id = "qhtrack")
public class QhtrackEndpoint {

    /** The most dead letters listed. */
    public static final int MAX_LISTED = 100;

    private final Tracker tracker;

    /** The endpoint of {@code tracker}. */
    public QhtrackEndpoint(Tracker tracker) {
        this.tracker = tracker;
    }

    /** The outbox and its dead letters. */
    @ReadOperation
    public Map<String, Object> outbox() {
        Map<String, Object> answer = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Map.Entry<OutboxState, Long> e : tracker.outbox().counts().entrySet()) {
            counts.put(e.getKey().name().toLowerCase(java.util.Locale.ROOT), e.getValue());
        }
        answer.put("counts", counts);
        answer.put("oldestPendingAgeSeconds", tracker.metrics().getOldestPendingAgeSeconds());
        answer.put("lastErrno", tracker.metrics().getLastErrno());
        List<Map<String, Object>> dead = new ArrayList<>();
        for (OutboxEntry e : tracker.outbox().list(OutboxState.DEAD, MAX_LISTED)) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("id", e.id());
            d.put("platform", e.upload().platform());
            d.put("line", e.upload().line());
            d.put("event", e.upload().event());
            d.put("clickId", e.upload().clickId());
            d.put("transId", e.upload().conversionKey().isEmpty() ? null : e.upload().conversionKey());
            d.put("acceptedAt", e.acceptedAt().toString());
            d.put("attempts", e.attempts());
            d.put("lastError", e.lastErrorMessage().orElse(null));
            dead.add(d);
        }
        answer.put("deadLetters", dead);
        return answer;
    }

    /**
     * Makes dead letters pending again (after fixing their cause), due at once.
     *
     * @param ids {@code all}, or entry ids separated by commas
     */
    @WriteOperation
    public Map<String, Object> replay(String ids) {
        List<String> chosen = new ArrayList<>();
        if (!"all".equalsIgnoreCase(ids.trim())) {
            for (String id : Arrays.asList(ids.split(","))) {
                if (!id.trim().isEmpty()) {
                    chosen.add(id.trim());
                }
            }
            if (chosen.isEmpty()) {
                return Collections.<String, Object>singletonMap("replayed", 0);
            }
        }
        return Collections.<String, Object>singletonMap("replayed", tracker.replay(chosen));
    }
}
