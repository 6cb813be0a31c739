package io.qhtrack.filter;

import io.qhtrack.filter.GuardedShop.Container;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests on a {@link GuardedShop} on each container, started once per test class; each test starts with no report. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GuardedShopsTest {

    private static final AtomicLong CLICKS = new AtomicLong(935659633100620000L);

    @TempDir
    static Path work;

    private final Map<Container, GuardedShop> shops = new EnumMap<>(Container.class);

    @BeforeAll
    void start() throws Exception {
        for (Container c : Container.values()) {
            shops.put(c, GuardedShop.start(c, work.resolve(c.name())));
        }
    }

    @AfterAll
    void stop() {
        shops.values().forEach(GuardedShop::close);
    }

    @BeforeEach
    void forgetEarlierConversions() {
        shops.values().forEach(s -> s.probe.added.clear());
    }

    GuardedShop shop(Container container) {
        return shops.get(container);
    }

    /** A new visitor of {@code shop} who landed from a search ad. */
    static CookieCarryingClient visitorWithAClick(GuardedShop shop) {
        CookieCarryingClient visitor = shop.visitor();
        String id = String.valueOf(CLICKS.incrementAndGet());
        assertThat(visitor.get("/?qhclickid=" + id).body()).isEqualTo("click=" + id);
        return visitor;
    }
}
