package io.qhtrack.filter;

import io.qhtrack.core.Setting;
import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Settings;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;

import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.EnumSet;
import java.util.Set;

/**
 * Zero-code registration: with the tracker-filter jar in {@code WEB-INF/lib}, the container runs this initializer
 * (listed in the jar's {@code META-INF/services}, under the name of {@link ServletContainerInitializer}), which adds
 * <ul>
 *   <li>{@link ClickIdCaptureFilter} as {@value #FILTER_NAME} on {@code /*} for {@code REQUEST} dispatches, ahead of
 *       the filters of {@code web.xml} so that the click is known to every later filter;</li>
 *   <li>{@link ConversionTriggerFilter} as {@value #TRIGGER_FILTER_NAME} right after it (it does nothing unless
 *       {@code qhtrack.triggers} or {@link ReportConversion} asks for something);</li>
 *   <li>{@link TrackerListener}, which starts the web application's tracker from the configuration (and stands aside
 *       when the application installed its own).</li>
 * </ul>
 *
 * <p>It is the only automatic mechanism (no {@code web-fragment.xml}, no {@code @WebFilter}), and it stands aside:
 * <ul>
 *   <li>when {@code qhtrack.auto-register=false} (context-param, system property or environment variable
 *       {@code QHTRACK_AUTO_REGISTER}), for applications that register the filter themselves;</li>
 *   <li>when the web application carries qhtrack's Spring Boot starter (a Spring Boot application deployed as a WAR):
 *       the starter registers both filters under the same names, with the settings of {@code application.yml}, and
 *       installs the application's tracker, so this initializer registers nothing, not even {@link TrackerListener}
 *       (whichever of the two initializers the container runs first);</li>
 *   <li>when {@code web.xml} (or an initializer that ran earlier) already registers {@link ClickIdCaptureFilter};</li>
 *   <li>and, for registrations made later (a {@code ServletContextListener} calling
 *       {@link ServletContext#addFilter(String, Class)}, Spring Boot's {@code FilterRegistrationBean} in a WAR), the
 *       automatically registered filter notices the other registration at {@code init} and does nothing.</li>
 * </ul>
 * So the filter never runs twice. Embedded Spring Boot does not run container initializers from jars: register
 * the filter with a {@code FilterRegistrationBean} there.
 */
public final class ClickIdCaptureInitializer implements ServletContainerInitializer {

    /** The filter name of the automatic registration. */
    public static final String FILTER_NAME = "qhtrack";
    /** The filter name of the automatically registered {@link ConversionTriggerFilter}. */
    public static final String TRIGGER_FILTER_NAME = "qhtrack-triggers";

    /** The Spring Boot starter's web auto-configuration, which registers the filters itself (as a class file). */
    static final String SPRING_BOOT_STARTER = "io/qhtrack/spring/QhtrackWebAutoConfiguration.class";

    private static final Logger LOG = Logger.getLogger(ClickIdCaptureFilter.class.getName());

    /** For the container's {@link java.util.ServiceLoader}. */
    public ClickIdCaptureInitializer() {
    }

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
        boolean autoRegister;
        try {
            autoRegister = CaptureSettings.autoRegister(Settings.firstOf(context::getInitParameter, Settings.system()));
        } catch (ConfigurationException e) {
            throw new ServletException("qhtrack: " + e.getMessage(), e);
        }
        if (!autoRegister) {
            LOG.log(Level.INFO, "qhtrack: {0}=false, ClickIdCaptureFilter is not registered automatically in {1}",
                    new Object[] {Setting.AUTO_REGISTER, contextName(context)});
            return;
        }
        if (hasSpringBootStarter(context)) {
            LOG.log(Level.INFO, "qhtrack: the web application in {0} carries the qhtrack Spring Boot starter, which "
                    + "registers the filters and the tracker from its configuration; the jar''s own registration "
                    + "stands aside", contextName(context));
            return;
        }
        context.addListener(TrackerListener.class);
        registerCaptureFilter(context);
        registerTriggerFilter(context);
    }

    /** Whether the web application's own class loader sees the starter (never the container's alone). */
    private static boolean hasSpringBootStarter(ServletContext context) {
        ClassLoader loader = context.getClassLoader();
        return loader != null && loader.getResource(SPRING_BOOT_STARTER) != null;
    }

    private static void registerCaptureFilter(ServletContext context) {
        String existing = ClickIdCaptureFilter.registrationOtherThan(context, null);
        if (existing != null) {
            LOG.log(Level.FINE, "qhtrack: ClickIdCaptureFilter is already registered as {0} in {1}",
                    new Object[] {existing, contextName(context)});
            return;
        }
        FilterRegistration.Dynamic registration = context.addFilter(FILTER_NAME, ClickIdCaptureFilter.class);
        if (registration == null) {
            LOG.log(Level.WARNING, "qhtrack: a filter named {0} already exists in {1}; ClickIdCaptureFilter is not "
                    + "registered automatically (register it yourself)", new Object[] {FILTER_NAME, contextName(context)});
            return;
        }
        registration.setAsyncSupported(true);
        registration.setInitParameter(ClickIdCaptureFilter.AUTO_REGISTERED, "true");
        registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        LOG.log(Level.FINE, "qhtrack: registered ClickIdCaptureFilter as {0} on /* in {1}",
                new Object[] {FILTER_NAME, contextName(context)});
    }

    /** After the capture filter, so that a trigger sees the click captured on the same request. */
    private static void registerTriggerFilter(ServletContext context) {
        for (FilterRegistration r : context.getFilterRegistrations().values()) {
            if (ConversionTriggerFilter.class.getName().equals(r.getClassName())) {
                LOG.log(Level.FINE, "qhtrack: ConversionTriggerFilter is already registered as {0} in {1}",
                        new Object[] {r.getName(), contextName(context)});
                return;
            }
        }
        FilterRegistration.Dynamic registration = context.addFilter(TRIGGER_FILTER_NAME, ConversionTriggerFilter.class);
        if (registration == null) {
            LOG.log(Level.WARNING, "qhtrack: a filter named {0} already exists in {1}; ConversionTriggerFilter is not "
                    + "registered automatically (register it yourself)",
                    new Object[] {TRIGGER_FILTER_NAME, contextName(context)});
            return;
        }
        registration.setAsyncSupported(true);
        registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    }

    private static String contextName(ServletContext context) {
        String path = context.getContextPath();
        return path == null || path.isEmpty() ? "the root context" : path;
    }
}
