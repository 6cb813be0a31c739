package io.qhtrack.core;

/**
 * Told the end of every delivery attempt. Called on a dispatcher thread: return quickly, and do not throw (what
 * is thrown is logged and ignored).
 */
@FunctionalInterface
public interface DeliveryListener {

    /** One attempt ended, or an entry expired. */
    void onDelivery(DeliveryEvent event);
}
