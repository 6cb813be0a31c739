package io.qhtrack.sample;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.spi.Outbox;
import io.qhtrack.core.Outboxes;
import io.qhtrack.core.Setting;
import io.qhtrack.core.Settings;
import io.qhtrack.core.Tracker;
import io.qhtrack.testkit.FakeBaidu;
import io.qhtrack.testkit.FakeTencent;
import io.qhtrack.filter.QhTracker;
import io.qhtrack.filter.TrackerListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Files;

/**
 * Starts the demo's {@link Tracker} before qhtrack's own {@link TrackerListener} would (it is declared in
 * {@code web.xml}, whose listeners run before those a container initializer adds), so that listener leaves it
 * alone. Unlike the library's defaults, the demo
 * <ul>
 *   <li>reports to a built-in Fake360 when neither {@code qhtrack.endpoint} nor any credentials are configured, so
 *       the whole flow works offline;</li>
 *   <li>keeps its outbox in an H2 file ({@code qhtrack.outbox=jdbc}), so a conversion accepted before a crash is
 *       delivered after the restart.</li>
 * </ul>
 * See {@link DemoConfig} for the settings. On shutdown it closes the tracker (what is still pending stays in the
 * durable outbox) and then the Fake360.
 */
public final class DemoListener implements ServletContextListener {

    private static final System.Logger LOG = System.getLogger(DemoListener.class.getName());

    private BuiltInFake360 fake;
    private BuiltInFake<FakeBaidu.Received> fakeBaidu;
    private BuiltInFake<FakeTencent.Received> fakeTencent;
    private Tracker tracker;

    /** For the container. */
    public DemoListener() {
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        DemoConfig config;
        try {
            config = DemoConfig.from(Settings.firstOf(context::getInitParameter, Settings.system()));
        } catch (ConfigurationException e) {
            throw new IllegalStateException("qhtrack sample: " + e.getMessage(), e);
        }
        if (QhTracker.tracker(context).isPresent()) {
            LOG.log(Level.WARNING, "qhtrack sample: a Tracker is installed already; the demo uses it as it is "
                    + "(declare DemoListener before any other qhtrack listener)");
            Tracker existing = QhTracker.tracker(context).orElseThrow();
            context.setAttribute(DemoRuntime.ATTRIBUTE, new DemoRuntime(config, existing, null, null));
            return;
        }
        Settings settings = config.settings();
        if (config.builtInFake360()) {
            fake = BuiltInFake360.start();
            settings = Settings.firstOf(fake.settings(), settings);
        }
        try {
            if (config.builtInBaidu()) {
                fakeBaidu = BuiltInFake.baidu();
                settings = Settings.firstOf(fakeBaidu.settings(), settings);
            }
            if (config.builtInTencent()) {
                fakeTencent = BuiltInFake.tencent(config.domain());
                settings = Settings.firstOf(fakeTencent.settings(), settings);
            }
        } catch (RuntimeException e) {
            stopFake();
            throw e;
        }
        JdbcDrivers.registerOwn(DemoListener.class.getClassLoader());
        Outbox outbox = null;
        try {
            outbox = outbox(config, settings);
            tracker = Tracker.builder().name("qhtrack-sample").settings(settings).outbox(outbox).build();
        } catch (RuntimeException e) {
            if (outbox != null) {
                outbox.close();
            }
            stopFake();
            throw e instanceof ConfigurationException
                    ? new IllegalStateException("qhtrack sample: " + e.getMessage(), e) : e;
        }
        BuiltInFake360 bounded360 = fake;
        BuiltInFake<FakeBaidu.Received> boundedBaidu = fakeBaidu;
        BuiltInFake<FakeTencent.Received> boundedTencent = fakeTencent;
        tracker.addListener(delivery -> {
            if (bounded360 != null) {
                bounded360.trim();
            }
            if (boundedBaidu != null) {
                boundedBaidu.trim();
            }
            if (boundedTencent != null) {
                boundedTencent.trim();
            }
        });
        URI endpoint = tracker.endpoint();
        QhTracker.install(context, tracker);
        context.setAttribute(DemoRuntime.ATTRIBUTE, new DemoRuntime(config, tracker, fake, endpoint, fakeBaidu,
                fakeTencent));
        LOG.log(Level.INFO, "qhtrack sample: reporting to {0}; outbox {1}; demo dashboard {2}",
                fake != null ? fake + " (demo accounts)" : Safe.url(endpoint), tracker.outbox(),
                config.dashboard() ? "at " + context.getContextPath() + "/demo/" : "off");
        LOG.log(Level.INFO, "qhtrack sample: Baidu clicks (bd_vid) reported to {0}; Tencent clicks (gdt_vid, qz_gdt) "
                + "reported to {1}", platformTarget(fakeBaidu, settings, "qhtrack.baidu.endpoint"),
                platformTarget(fakeTencent, settings, "qhtrack.tencent.endpoint"));
    }

    /** Where a platform's conversions go, for the log: its built-in fake, or its endpoint (no secret in either). */
    private static String platformTarget(BuiltInFake<?> builtIn, Settings settings, String endpointSetting) {
        if (builtIn != null) {
            return builtIn + " (demo token)";
        }
        return settings.get(endpointSetting).map(u -> Safe.url(URI.create(u.trim()))).orElse("its default endpoint");
    }

    private static Outbox outbox(DemoConfig config, Settings settings) {
        if (config.defaultH2Outbox()) {
            try {
                Files.createDirectories(config.dataDirectory());
            } catch (IOException e) {
                throw new UncheckedIOException("qhtrack sample: cannot create " + config.dataDirectory() + " (set "
                        + DemoConfig.DATA + ")", e);
            }
        }
        return Outboxes.fromSettings(settings);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        context.removeAttribute(DemoRuntime.ATTRIBUTE);
        if (tracker != null) {
            QhTracker.uninstall(context, tracker); // only if it is still the one installed
            tracker.close();
            tracker = null;
        }
        stopFake();
        JdbcDrivers.deregisterOwn(DemoListener.class.getClassLoader());
    }

    private void stopFake() {
        if (fake != null) {
            fake.close();
            fake = null;
        }
        if (fakeBaidu != null) {
            fakeBaidu.close();
            fakeBaidu = null;
        }
        if (fakeTencent != null) {
            fakeTencent.close();
            fakeTencent = null;
        }
    }
}
