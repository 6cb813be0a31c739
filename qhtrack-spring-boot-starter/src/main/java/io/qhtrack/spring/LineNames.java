package io.qhtrack.spring;

import io.qhtrack.core.DeliveryEvent;
import io.qhtrack.core.Tracker;
import io.qhtrack.core.spi.Line;
import io.qhtrack.core.spi.Platform;
import java.util.Optional;

/** How the meters and the health component name a delivery's line (no Micrometer or Actuator needed here). */
final class LineNames {

    private LineNames() {
    }

    /**
     * The wire name of the delivery's line (360: its data_industry, {@code ocpc_ps_convert}), or the line's id when
     * its platform does not know it.
     */
    static String wireName(Tracker tracker, DeliveryEvent e) {
        String lineId = e.entry().upload().line();
        Optional<Platform> platform = tracker.platform(e.platform());
        Optional<Line> line = platform.isPresent() ? platform.get().line(lineId) : Optional.<Line>empty();
        return line.isPresent() ? line.get().wireName() : lineId;
    }
}
