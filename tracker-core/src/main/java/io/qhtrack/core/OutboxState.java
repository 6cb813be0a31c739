package io.qhtrack.core;

/** Where an {@link OutboxEntry} is in its life. */
public enum OutboxState {
    /** Waiting for its next attempt (or being attempted). */
    PENDING,
    /** 360 answered errno 0. */
    DELIVERED,
    /** Failed permanently (errno 1/2/3, refused request); kept for inspection and replay. */
    DEAD,
    /** Its natural day ended before it could be delivered; 360 would no longer accept it. */
    EXPIRED
}
