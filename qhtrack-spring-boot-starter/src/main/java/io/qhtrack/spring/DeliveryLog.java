package io.qhtrack.spring;

import io.qhtrack.core.DeliveryEvent;
import io.qhtrack.core.DeliveryListener;
import io.qhtrack.core.internal.PlatformRegistry;
import io.qhtrack.core.spi.Line;
import io.qhtrack.core.spi.OutboxEntry;
import io.qhtrack.core.spi.Platform;
import java.util.Optional;
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
            // the class path's platform names its line and itself (360: ocpc_ps_convert, 360 点睛); others by id
            Optional<Platform> platform = PlatformRegistry.builtIn(e.upload().platform());
            Optional<Line> line = platform.isPresent() ? platform.get().line(e.upload().line()) : Optional.empty();
            LOG.debug("qhtrack: upload " + e.id() + " (" + (line.isPresent() ? line.get().wireName()
                    : e.upload().line()) + " " + e.upload().event() + ") delivered to "
                    + (platform.isPresent() ? platform.get().displayName() : e.upload().platform()));
        }
    }
}
