package io.qhtrack.sample;

import io.qhtrack.core.Tracker;
import io.qhtrack.testkit.Fake360;
import jakarta.servlet.ServletContext;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * What the demo's pages need at run time, kept as a context attribute by {@link DemoListener}: the configuration,
 * the tracker, and the built-in Fake360 when it is used.
 */
final class DemoRuntime {

    /** The context attribute. */
    static final String ATTRIBUTE = DemoRuntime.class.getName();

    private final DemoConfig config;
    private final Tracker tracker;
    private final BuiltInFake360 fake;
    private final URI endpoint;

    DemoRuntime(DemoConfig config, Tracker tracker, BuiltInFake360 fake, URI endpoint) {
        this.config = config;
        this.tracker = tracker;
        this.fake = fake;
        this.endpoint = endpoint;
    }

    /** The runtime of {@code context}; absent until {@link DemoListener} has started it. */
    static Optional<DemoRuntime> of(ServletContext context) {
        Object value = context.getAttribute(ATTRIBUTE);
        return value instanceof DemoRuntime ? Optional.of((DemoRuntime) value) : Optional.empty();
    }

    /** Whether the demo dashboard is on, for {@code context}. */
    static boolean dashboardEnabled(ServletContext context) {
        return of(context).map(r -> r.config.dashboard()).orElse(false);
    }

    DemoConfig config() {
        return config;
    }

    Tracker tracker() {
        return tracker;
    }

    /** The built-in Fake360, when the demo reports to it. */
    Optional<Fake360> fake360() {
        return Optional.ofNullable(fake).map(BuiltInFake360::fake);
    }

    /** The latest uploads the built-in Fake360 received (bounded, oldest first); empty without one. */
    List<Fake360.Received> received() {
        return fake == null ? List.of() : fake.received();
    }

    /** Where uploads go (an URL without secrets). */
    URI endpoint() {
        return endpoint;
    }

}
