package io.qhtrack.sample;

import io.qhtrack.core.Tracker;
import io.qhtrack.testkit.Fake360;
import io.qhtrack.testkit.FakeBaidu;
import io.qhtrack.testkit.FakeTencent;
import jakarta.servlet.ServletContext;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * What the demo's pages need at run time, kept as a context attribute by {@link DemoListener}: the configuration,
 * the tracker, and the built-in fakes (Fake360, FakeBaidu, FakeTencent) that are used.
 */
final class DemoRuntime {

    /** The context attribute. */
    static final String ATTRIBUTE = DemoRuntime.class.getName();

    private final DemoConfig config;
    private final Tracker tracker;
    private final BuiltInFake360 fake;
    private final URI endpoint;
    private final BuiltInFake<FakeBaidu.Received> baidu;
    private final BuiltInFake<FakeTencent.Received> tencent;

    DemoRuntime(DemoConfig config, Tracker tracker, BuiltInFake360 fake, URI endpoint) {
        this(config, tracker, fake, endpoint, null, null);
    }

    DemoRuntime(DemoConfig config, Tracker tracker, BuiltInFake360 fake, URI endpoint,
            BuiltInFake<FakeBaidu.Received> baidu, BuiltInFake<FakeTencent.Received> tencent) {
        this.config = config;
        this.tracker = tracker;
        this.fake = fake;
        this.endpoint = endpoint;
        this.baidu = baidu;
        this.tencent = tencent;
    }

    /** The built-in FakeBaidu, when the demo reports Baidu's clicks to it. */
    Optional<BuiltInFake<FakeBaidu.Received>> fakeBaidu() {
        return Optional.ofNullable(baidu);
    }

    /** The built-in FakeTencent, when the demo reports Tencent's clicks to it. */
    Optional<BuiltInFake<FakeTencent.Received>> fakeTencent() {
        return Optional.ofNullable(tencent);
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
