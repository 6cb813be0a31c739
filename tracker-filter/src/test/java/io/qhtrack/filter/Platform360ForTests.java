package io.qhtrack.filter;

import io.qhtrack.core.Settings;
import io.qhtrack.core.spi.Classifier;
import io.qhtrack.core.spi.Codec;
import io.qhtrack.core.spi.CredentialSet;
import io.qhtrack.core.spi.DeliveryWindow;
import io.qhtrack.core.spi.EventCatalog;
import io.qhtrack.core.spi.LandingParameter;
import io.qhtrack.core.spi.Line;
import io.qhtrack.core.spi.Platform;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A platform whose id is 360's and which captures {@code qhclickid} only, on a line {@code ps}: what the filter does
 * once a 360 platform is registered. Capture asks nothing else of it.
 */
final class Platform360ForTests implements Platform {

    @Override
    public String id() {
        return CapturePlatforms.QIHOO360;
    }

    @Override
    public String displayName() {
        return "360 (test)";
    }

    @Override
    public List<LandingParameter> landingParameters() {
        return List.of(LandingParameter.builder("qhclickid").line(Line.of("ps", "ps", "test")).build());
    }

    @Override
    public EventCatalog events() {
        return EventCatalog.of(Map.of());
    }

    @Override
    public Codec codec() {
        throw new UnsupportedOperationException("capture only");
    }

    @Override
    public Classifier classifier() {
        throw new UnsupportedOperationException("capture only");
    }

    @Override
    public DeliveryWindow window() {
        throw new UnsupportedOperationException("capture only");
    }

    @Override
    public Optional<CredentialSet> credentials(Settings settings, Line line) {
        return Optional.empty();
    }
}
