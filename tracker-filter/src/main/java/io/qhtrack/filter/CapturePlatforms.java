package io.qhtrack.filter;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Settings;
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
 * Which platforms' clicks the capture filter captures: every {@linkplain Platform#enabled() enabled} platform, with
 * its {@linkplain Platform#landingParameters() landing parameters}. 360 is always captured (today's behaviour); Baidu,
 * Tencent and the others once configured (their credentials set, or {@code qhtrack.<platform>.enabled=true}). A
 * platform that is not enabled is not captured: its parameter is ignored and never displaces another platform's click.
 */
final class CapturePlatforms {

    private static final Logger LOG = Logger.getLogger(ClickIdCaptureFilter.class.getName());

    private CapturePlatforms() {
    }

    /**
     * The platforms the {@link ServiceLoader} finds beside qhtrack, each configured with {@code settings}.
     *
     * @throws ConfigurationException naming the first setting a platform cannot use
     */
    // TODO(h20-engine): ask the installed tracker (tracker.platforms()) instead, so that they are loaded once
    static List<Platform> load(Settings settings) {
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

    /**
     * The click parameters of the enabled {@code platforms}, 360's first: the filter's built-in ones
     * ({@link Qihoo360Landing}, with {@code settings}' search device) when {@code platforms} has no {@code qihoo360}.
     */
    static ClickParameters parameters(List<Platform> platforms, CaptureSettings settings) {
        Map<String, List<LandingParameter>> byPlatform = new LinkedHashMap<>();
        boolean has360 = false;
        for (Platform platform : platforms) {
            has360 |= Qihoo360Landing.PLATFORM.equals(platform.id());
        }
        if (!has360) {
            byPlatform.put(Qihoo360Landing.PLATFORM, Qihoo360Landing.parameters(settings.searchDevice));
        }
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
