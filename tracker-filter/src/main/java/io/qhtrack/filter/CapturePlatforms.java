package io.qhtrack.filter;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Settings;
import io.qhtrack.core.Tracker;
import io.qhtrack.core.spi.LandingParameter;
import io.qhtrack.core.spi.Platform;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Which platforms' clicks the capture filter captures: every {@linkplain Platform#enabled() enabled} platform of the
 * application's tracker, with its {@linkplain Platform#landingParameters() landing parameters}. 360 is always captured
 * (today's behaviour); Baidu, Tencent and the others once configured (their credentials set, or
 * {@code qhtrack.<platform>.enabled=true}). A platform that is not enabled is not captured: its parameter is ignored
 * and never displaces another platform's click.
 */
final class CapturePlatforms {

    /** 360's platform id, as stored with clicks. */
    static final String QIHOO360 = "qihoo360";

    private static final Logger LOG = Logger.getLogger(ClickIdCaptureFilter.class.getName());

    private CapturePlatforms() {
    }

    /**
     * The platforms of the application's {@code tracker} (configured once, with every setting, secrets included:
     * a platform is enabled by its credentials), or when the filter runs without one, those the {@link ServiceLoader}
     * finds beside qhtrack, each configured with {@code settings}.
     *
     * @throws ConfigurationException naming the first setting a platform cannot use
     */
    static List<Platform> load(Tracker tracker, Settings settings) {
        if (tracker != null) {
            return tracker.platforms();
        }
        List<Platform> platforms = new ArrayList<>();
        try {
            for (Platform platform : ServiceLoader.load(Platform.class, CapturePlatforms.class.getClassLoader())) {
                platforms.add(platform.configure(settings));
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("qhtrack: a platform listed in META-INF/services/"
                    + Platform.class.getName() + " cannot be loaded: " + e.getMessage(), e);
        }
        return Collections.unmodifiableList(platforms);
    }

    /** The click parameters of the enabled {@code platforms}. */
    static ClickParameters parameters(List<Platform> platforms) {
        Map<String, List<LandingParameter>> byPlatform = new LinkedHashMap<>();
        for (Platform platform : platforms) {
            if (platform.enabled()) {
                byPlatform.put(platform.id(), platform.landingParameters());
            } else {
                LOG.log(Level.FINE, "qhtrack: {0} is not configured; its clicks ({1}) are not captured",
                        new Object[] {platform.id(), platform.landingParameters()});
            }
        }
        return ClickParameters.of(byPlatform);
    }
}
