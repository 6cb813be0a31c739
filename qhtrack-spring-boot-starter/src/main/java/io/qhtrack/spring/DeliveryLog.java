package io.qhtrack.spring;

import io.qhtrack.core.DeliveryEvent;
import io.qhtrack.core.DeliveryListener;
import io.qhtrack.core.spi.OutboxEntry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs each delivered upload at DEBUG ({@code logging.level.io.qhtrack=DEBUG}), through Spring's logging (so also
 * while the context closes, when java.util.logging may already be reset); failures are logged by the tracker itself.
 */
final class DeliveryLog implements DeliveryListener {

    private static final Log LOG = LogFactory.getLog(DeliveryLog.class);

    @Override
    public void onDelivery(DeliveryEvent event) {
        if (event.kind() == DeliveryEvent.Kind.DELIVERED && LOG.isDebugEnabled()) {
            OutboxEntry e = event.entry();
            LOG.debug("qhtrack: upload " + e.id() + " (" + e.upload().platform() + " " + e.upload().line() + " "
                    + e.upload().event() + ") delivered");
        }
    }
}
