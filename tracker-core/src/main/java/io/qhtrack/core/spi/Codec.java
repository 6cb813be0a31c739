package io.qhtrack.core.spi;

import io.qhtrack.core.Click;
import io.qhtrack.core.Conversion;
import java.time.Instant;
import java.util.List;

/**
 * Turns conversions into a platform's requests, in two steps:
 * <ol>
 *   <li>{@link #prepare} — when the conversion is reported: a conversion (in qhtrack's units: yuan, {@link Instant})
 *       for a click becomes a {@link PlatformUpload} in the platform's units (fen or yuan, seconds or milliseconds),
 *       checked against the platform's rules, or is refused with the reason. This is what the outbox stores.</li>
 *   <li>{@link #encode} — at each attempt: one or more stored uploads plus the credentials become the exact
 *       {@link HttpCall}: the bytes are serialised once, and those very bytes are signed and sent.</li>
 * </ol>
 * Both are pure functions of their arguments (the attempt's time and nonces come from the {@link RequestContext}), so
 * an upload stored today is sent with the same body after a restart, and a golden test can pin the wire bytes.
 */
public interface Codec {

    /**
     * Adapts {@code conversion}, reported as the platform's {@code event}, for {@code click}.
     *
     * @param credentials the credentials of the click's line for its tenant, for the few platforms whose stored
     *     conversion names a non-secret part of them (360's display {@code jzqs}); never store a secret
     * @param now the time of the report: the event time when the conversion gives none
     * @return ready, or rejected with {@code INVALID} naming the field and the fix
     */
    Prepared prepare(Click click, Conversion conversion, PlatformEvent event, CredentialSet credentials, Instant now);

    /**
     * The most conversions one request may carry (360: 1; Baidu: fewer than 100, 50 by default; Tencent: 50). The
     * engine sends what is due together up to this bound, and never holds a conversion back to fill a batch.
     */
    default int maxBatch() {
        return 1;
    }

    /**
     * The request that sends {@code batch} (1 to {@link #maxBatch()} uploads of one platform, tenant and line).
     *
     * @throws IllegalArgumentException when a stored upload cannot be sent (its payload was edited by hand, or the
     *     credentials lack a part): the engine dead-letters the batch's uploads with the message
     */
    HttpCall encode(List<PlatformUpload> batch, CredentialSet credentials, RequestContext context);

    /**
     * Whether a conversion of {@code event} on {@code line} must carry a conversion key (360's {@code trans_id} on
     * display, and for {@code SUBMIT} and {@code ORDER}; Baidu's {@code outerEventId} and Tencent's
     * {@code outer_action_id} for lead forms, orders and payments): {@link #prepare} refuses one without it. The CLI
     * marks those events, and the browser-event endpoint, whose beacons carry no key, refuses them at once. The
     * default says no.
     */
    default boolean requiresConversionKey(Line line, PlatformEvent event) {
        return false;
    }

    /**
     * The most bytes one request's body may have, when the platform bounds it (Tencent: 50 KB): the engine sends a
     * batch whose encoded body is larger in halves (one conversion alone is sent whatever its size). The default says
     * nothing ({@code -1}).
     */
    default int maxRequestBytes() {
        return -1;
    }
}
