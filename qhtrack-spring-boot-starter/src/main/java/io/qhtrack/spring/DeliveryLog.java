package io.qhtrack.spring;

import io.qhtrack.core.DeliveryEvent;
import io.qhtrack.core.DeliveryListener;
import io.qhtrack.core.OutboxEntry;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs each delivered upload at FINE (DEBUG under Spring Boot: {@code logging.level.io.qhtrack=DEBUG}); failures are
 * logged by the tracker itself.
 */
final class DeliveryLog implements DeliveryListener {

    private static final Logger LOG = Logger.getLogger(DeliveryLog.class.getName());

    @Override
    public void onDelivery(DeliveryEvent event) {
        if (event.kind() == DeliveryEvent.Kind.DELIVERED && LOG.isLoggable(Level.FINE)) {
            OutboxEntry e = event.entry();
            LOG.log(Level.FINE, "qhtrack: upload {0} ({1} {2}) delivered to 360",
                    new Object[] {e.id(), e.upload().line().wireName(), e.upload().event().wireName()});
        }
    }
}
