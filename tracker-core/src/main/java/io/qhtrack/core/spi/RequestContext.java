package io.qhtrack.core.spi;

import java.time.Instant;

/**
 * What an attempt's request may depend on besides the conversions and credentials: the time of the attempt (from the
 * engine's injected clock: 360's {@code request_time}, Tencent's {@code timestamp}) and fresh nonces.
 */
public interface RequestContext {

    /** The time of this attempt. */
    Instant now();

    /**
     * A nonce never handed out before by this engine: 32 characters of {@code [0-9a-f]} from a secure random source
     * (tests inject a deterministic one).
     */
    String nonce();
}
