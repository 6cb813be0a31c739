package io.qhtrack.core;

/** Where an outbox entry is in its life. */
public enum OutboxState {
    /** Waiting for its next attempt (or being attempted). */
    PENDING,
    /** The platform accepted it (360: errno 0). */
    DELIVERED,
    /** Failed permanently (360's errno 1/2/3, a refused request); kept for inspection and replay. */
    DEAD,
    /** Its delivery window ended (360: its natural day) before it could be delivered; the platform would no longer
     * accept it. */
    EXPIRED,
    /**
     * Its platform said that the credentials are wrong (Baidu's status 3, Tencent's token errors): it waits, without
     * attempts, until the credentials change (a restart, a {@code CredentialResolver} that answers otherwise) or it is
     * replayed ({@code tracker.replay(platform)}, {@code qhtrack outbox replay --platform}); past its deadline it ends
     * {@link #EXPIRED}.
     */
    PARKED
}
