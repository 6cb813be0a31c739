package io.qhtrack.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.Click;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Event;
import io.qhtrack.core.ProductLine;
import io.qhtrack.core.Settings;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.core.Tracker;
import io.qhtrack.testkit.Fake360;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * In a web application on embedded Jetty, what qhtrack's listener, filters and helpers share is one servlet-context
 * attribute, {@value QhtrackRuntime#ATTRIBUTE}: present after start and the only qhtrack name in the context, the same
 * tracker and click store for the capture filter, the trigger filter, {@link QhClick} and {@link QhTracker}, each part
 * removed by whoever installed it (and only while it is still the one installed), nothing stale after a redeploy.
 */
class QhtrackRuntimeOverHttpTest {

    private Fake360 fake;
    private Server jetty;
    private ServletContextHandler handler;
    private int port;

    @BeforeEach
    void start() throws Exception {
        fake = Fake360.builder().credentials("sk", "ss", "ocpc_ps_convert", "ocpc_ms_convert").start();
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        handler = new ServletContextHandler(ServletContextHandler.SESSIONS);
        handler.setContextPath("/");
        Map.of("qhtrack.endpoint", fake.endpoint().toString(), "qhtrack.search.key", "sk",
                "qhtrack.search.secret", "ss", "qhtrack.triggers", "POST /lead=SUBMIT")
                .forEach(handler::setInitParameter);
        handler.addEventListener(new TrackerListener());
        handler.addFilter(new FilterHolder(new ClickIdCaptureFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        handler.addFilter(new FilterHolder(new ConversionTriggerFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        handler.addServlet(new ServletHolder("lead", new Thanks()), "/lead");
        handler.addServlet(new ServletHolder("page", new Page()), "/");
        jetty.setHandler(handler);
        jetty.start();
        port = connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        jetty.stop();
        fake.close();
    }

    /** {@code /lead}: a thank-you page; the trigger filter reports {@code SUBMIT}. */
    static final class Thanks extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.getWriter().print("thanks");
        }
    }

    /** Any other page: the click {@link QhClick} finds ({@code line:id} or {@code none}). */
    static final class Page extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.getWriter().print(QhClick.current(request).map(c -> c.lineId() + ":" + c.id()).orElse("none"));
        }
    }

    private ServletContext context() {
        return handler.getServletContext();
    }

    private CookieCarryingClient visitor() {
        return new CookieCarryingClient() {
            @Override
            URI uri(String pathAndQuery) {
                return URI.create("http://127.0.0.1:" + port + pathAndQuery);
            }
        };
    }

    /** The names of the context's attributes that mention qhtrack, in any case. */
    private List<String> qhtrackAttributeNames() {
        List<String> names = new ArrayList<>();
        for (Enumeration<String> e = context().getAttributeNames(); e.hasMoreElements(); ) {
            String name = e.nextElement();
            if (name.toLowerCase(Locale.ROOT).contains("qhtrack")) {
                names.add(name);
            }
        }
        return names;
    }

    private static FilterConfig config(ServletContext context, String name) {
        return new FilterConfig() {
            @Override
            public String getFilterName() {
                return name;
            }

            @Override
            public ServletContext getServletContext() {
                return context;
            }

            @Override
            public String getInitParameter(String param) {
                return null;
            }

            @Override
            public Enumeration<String> getInitParameterNames() {
                return Collections.emptyEnumeration();
            }
        };
    }

    /** A lead reported to {@code tracker} for a 360 search click. */
    private static TrackOutcome submitFromAClick(Tracker tracker) {
        return tracker.report(Optional.of(Click.of(ProductLine.PC_SEARCH, "RT-CLOSED", Instant.now())),
                Conversion.builder(Event.SUBMIT).transId("t-1").build());
    }

    @Test
    void afterStartTheContextHoldsOneQhtrackAttributeWithTheTrackerTheStoreAndTheSettings() {
        assertThat(qhtrackAttributeNames()).containsExactly("io.qhtrack.filter.QhtrackRuntime");
        QhtrackRuntime runtime = QhtrackRuntime.of(context());
        assertThat(runtime.tracker).isNotNull().isSameAs(runtime.ownedTracker);
        assertThat(runtime.store).isNotNull();
        assertThat(runtime.capture).isNotNull();
        assertThat(runtime.platforms).extracting(p -> p.id()).contains(CapturePlatforms.QIHOO360);
        assertThat(runtime.handlerMethods).isNull();
    }

    @Test
    void captureTriggerFilterQhClickAndQhTrackerSeeTheSameStoreAndTracker() {
        QhtrackRuntime runtime = QhtrackRuntime.of(context());
        Tracker tracker = QhTracker.tracker(context()).orElseThrow();
        assertThat(tracker).isSameAs(runtime.tracker);
        assertThat(FormFields.of(context())).isSameAs(runtime.capture.form);
        CookieCarryingClient visitor = visitor();

        visitor.get("/?qhclickid=RT-0001");
        assertThat(visitor.get("/page").body()).as("QhClick reads the store the capture filter wrote")
                .isEqualTo("ps:RT-0001");
        assertThat(visitor.post("/lead", "name=li".getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/x-www-form-urlencoded").body()).isEqualTo("thanks");

        assertThat(tracker.metrics().reports(CapturePlatforms.QIHOO360, TrackOutcome.Status.QUEUED))
                .as("the trigger filter reported through the runtime's tracker").isEqualTo(1);
        assertThat(fake.awaitAccepted(1, Duration.ofSeconds(10))).extracting(Fake360.Received::clickId)
                .containsExactly("RT-0001");
    }

    @Test
    void publishedHandlerMethodsJoinTheSameAttribute() {
        PendingConversion.publishHandlerMethods(context(), Set.of("POST"));

        assertThat(qhtrackAttributeNames()).containsExactly("io.qhtrack.filter.QhtrackRuntime");
        assertThat(QhtrackRuntime.of(context()).handlerMethods).containsExactly("POST");
        assertThat(QhtrackRuntime.of(context()).store).as("the capture filter's part is kept").isNotNull();
    }

    @Test
    void aDestroyedCaptureFilterRemovesItsStoreOnlyWhileItIsStillTheOneInstalled() throws Exception {
        ClickStore started = QhtrackRuntime.of(context()).store;
        ClickIdCaptureFilter second = new ClickIdCaptureFilter();
        second.init(config(context(), "second"));
        ClickStore replacing = QhtrackRuntime.of(context()).store;
        assertThat(replacing).isNotSameAs(started);
        ClickIdCaptureFilter third = new ClickIdCaptureFilter();
        third.init(config(context(), "third"));
        ClickStore latest = QhtrackRuntime.of(context()).store;

        second.destroy();
        assertThat(QhtrackRuntime.of(context()).store).as("another filter's store stays").isSameAs(latest);

        third.destroy();
        assertThat(QhtrackRuntime.of(context()).store).isNull();
        assertThat(QhtrackRuntime.of(context()).form()).isNull();
        assertThat(QhtrackRuntime.of(context()).tracker).as("the listener's tracker stays").isNotNull();
    }

    @Test
    void theListenerRemovesAndClosesOnlyTheTrackerItStartedAndLeavesOneInstalledSince() {
        Tracker started = QhTracker.tracker(context()).orElseThrow();
        Tracker own = Tracker.builder().name("own").settings(Settings.of(Map.of("qhtrack.search.key", "sk",
                "qhtrack.search.secret", "ss"))).jmx(false).build();
        try {
            QhTracker.install(context(), own);

            new TrackerListener().contextDestroyed(new ServletContextEvent(context()));

            assertThat(QhTracker.tracker(context())).contains(own);
            assertThat(QhtrackRuntime.of(context()).ownedTracker).isNull();
            assertThat(submitFromAClick(started).status())
                    .as("the listener's tracker is closed").isEqualTo(TrackOutcome.Status.STOPPED);
        } finally {
            QhTracker.uninstall(context(), own);
            own.close();
        }
        assertThat(QhTracker.tracker(context())).isEmpty();
    }

    @Test
    void afterARedeployTheRuntimeHoldsTheNewTrackerAndStoreAndNothingOfTheOldOne() throws Exception {
        QhtrackRuntime before = QhtrackRuntime.of(context());

        handler.stop();
        assertThat(context().getAttribute(QhtrackRuntime.ATTRIBUTE)).as("nothing stale once stopped").isNull();
        handler.start();

        QhtrackRuntime after = QhtrackRuntime.of(context());
        assertThat(qhtrackAttributeNames()).containsExactly("io.qhtrack.filter.QhtrackRuntime");
        assertThat(after.tracker).isNotNull().isNotSameAs(before.tracker);
        assertThat(after.store).isNotNull().isNotSameAs(before.store);
        assertThat(submitFromAClick(before.tracker).status())
                .as("the old tracker was closed").isEqualTo(TrackOutcome.Status.STOPPED);
        CookieCarryingClient visitor = visitor();
        visitor.get("/?qhclickid=RT-0002");
        assertThat(visitor.get("/page").body()).isEqualTo("ps:RT-0002");
    }
}
