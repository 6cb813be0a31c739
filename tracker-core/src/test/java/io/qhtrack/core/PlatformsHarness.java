package io.qhtrack.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.spi.CredentialResolver;
import io.qhtrack.core.spi.CredentialSet;
import io.qhtrack.testkit.Fake360;
import io.qhtrack.testkit.FakeBaidu;
import io.qhtrack.testkit.FakeTencent;
import io.qhtrack.testkit.Fault;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A strict FakeBaidu, FakeTencent and Fake360 on loopback, a hand-moved clock they share with a tracker that reports
 * to all three, configured through its settings as a deployment is. The settings stay live: a test that changes one
 * (a token copied anew) changes what the tracker's credential resolver answers from then on. Retries have no jitter,
 * so that conversions that failed together are due again together. Public for the tests of {@code io.qhtrack.core.jdbc}.
 */
public final class PlatformsHarness implements AutoCloseable {

    public static final String BAIDU_TOKEN = "bd-harness-token-8d1e2f3a4b5c";
    public static final String TENCENT_TOKEN = "tx-harness-token-6a7b8c9d0e1f";
    public static final long ACCOUNT_ID = 20260310L;
    public static final long ACTION_SET_ID = 1109876543L;
    public static final String SEARCH_KEY = "sk-platforms";
    public static final String SEARCH_SECRET = "ss-platforms";
    /** The first retry comes this long after a failure (no jitter). */
    public static final Duration BACKOFF = Duration.ofSeconds(10);
    /** 2026-03-10 10:00 in China. */
    public static final Instant START = TrackerHarness.START;

    public final MutableClock clock;
    public final FakeBaidu baidu;
    public final FakeTencent tencent;
    public final Fake360 qihoo;
    public final Tracker tracker;
    public final List<DeliveryEvent> events = new CopyOnWriteArrayList<>();
    /** The tracker's settings, live. */
    public final Map<String, String> settings = new ConcurrentHashMap<>();

    /** The defaults: every platform configured with the fakes' credentials. */
    public PlatformsHarness() {
        this(Map.of(), b -> { }, b -> { }, b -> { });
    }

    /**
     * @param extra settings beside the fakes' endpoints and credentials (they win)
     * @param customise the tracker's builder, after the settings are read
     */
    public PlatformsHarness(Map<String, String> extra, Consumer<Tracker.Builder> customise) {
        this(extra, customise, b -> { }, b -> { });
    }

    public PlatformsHarness(Map<String, String> extra, Consumer<Tracker.Builder> customise,
            Consumer<FakeBaidu.Builder> baiduCustomise, Consumer<FakeTencent.Builder> tencentCustomise) {
        clock = new MutableClock(START);
        FakeBaidu.Builder bb = FakeBaidu.builder().token(BAIDU_TOKEN).clock(clock);
        baiduCustomise.accept(bb);
        baidu = bb.start();
        FakeTencent.Builder tb = FakeTencent.builder().accessToken(TENCENT_TOKEN).accountId(ACCOUNT_ID)
                .userActionSetId(ACTION_SET_ID).domain("shop.example.cn").clock(clock);
        tencentCustomise.accept(tb);
        tencent = tb.start();
        qihoo = Fake360.builder().credentials(SEARCH_KEY, SEARCH_SECRET, "ocpc_ps_convert", "ocpc_ms_convert")
                .clock(clock).start();
        settings.put("qhtrack.baidu.token", BAIDU_TOKEN);
        settings.put("qhtrack.baidu.endpoint", baidu.endpoint().toString());
        settings.put("qhtrack.tencent.access-token", TENCENT_TOKEN);
        settings.put("qhtrack.tencent.account-id", Long.toString(ACCOUNT_ID));
        settings.put("qhtrack.tencent.user-action-set-id", Long.toString(ACTION_SET_ID));
        settings.put("qhtrack.tencent.endpoint", tencent.endpoint().toString());
        settings.put("qhtrack.endpoint", qihoo.endpoint().toString());
        settings.put("qhtrack.search.key", SEARCH_KEY);
        settings.put("qhtrack.search.secret", SEARCH_SECRET);
        settings.putAll(extra);
        tracker = anotherTracker(customise);
    }

    /**
     * A tracker configured as this harness's is, and then by {@code customise}: after closing {@link #tracker}, a
     * restart of the application (over a durable outbox that {@code customise} gives).
     */
    public Tracker anotherTracker(Consumer<Tracker.Builder> customise) {
        Settings live = settings::get;
        Tracker.Builder b = Tracker.builder().settings(live).clock(clock)
                .credentialResolver(resolver(live))
                .retryPolicy(RetryPolicy.builder().initialBackoff(BACKOFF).jitter(0).build())
                .requestTimeout(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(20))
                .jmx(false)
                .listener(events::add);
        customise.accept(b);
        return b.build();
    }

    /** What the settings give each platform now: read at each call, so a changed token shows at once. */
    private static CredentialResolver resolver(Settings live) {
        return (tenant, platform, line) -> Click.DEFAULT_TENANT.equals(tenant) ? platform.credentials(live, line)
                : Optional.<CredentialSet>empty();
    }

    /** A Baidu click that landed on {@code https://shop.example.cn/landing?bd_vid=ID}, captured a minute ago. */
    public static Click baiduClick(String id) {
        return baiduClick(id, START.minusSeconds(60));
    }

    public static Click baiduClick(String id, Instant capturedAt) {
        return Click.builder("baidu", id).landingUrl("https://shop.example.cn/landing?bd_vid=" + id)
                .capturedAt(capturedAt).build();
    }

    /** A Tencent click ({@code gdt_vid}) on {@code https://shop.example.cn/landing?gdt_vid=ID}, a minute ago. */
    public static Click tencentClick(String id) {
        return tencentClick(id, START.minusSeconds(60));
    }

    public static Click tencentClick(String id, Instant capturedAt) {
        return Click.builder("tencent", id).landingUrl("https://shop.example.cn/landing?gdt_vid=" + id)
                .capturedAt(capturedAt).build();
    }

    /** A lead form keyed by {@code formId}. */
    public static Conversion lead(String formId) {
        return Conversion.builder(Event.SUBMIT).transIdFromOrderId("form-" + formId).build();
    }

    /** Moves the clock and lets the dispatcher see it. */
    public void advance(Duration d) {
        clock.advance(d);
        tracker.dispatchNow();
    }

    public void dispatchNow() {
        tracker.dispatchNow();
    }

    public List<DeliveryEvent> events(DeliveryEvent.Kind kind) {
        List<DeliveryEvent> result = new ArrayList<>();
        for (DeliveryEvent e : events) {
            if (e.kind() == kind) {
                result.add(e);
            }
        }
        return result;
    }

    /** Waits (polling real I/O, bounded) until the listener has seen {@code n} events of {@code kind}. */
    public void awaitEvents(DeliveryEvent.Kind kind, int n) {
        TrackerHarness.await(n + " " + kind, () -> events(kind).size() >= n, () -> "events " + events);
    }

    /**
     * Reports each conversion while {@code fake} answers HTTP 503, so that every one waits for its first retry, due
     * at one instant; then heals the fake and moves the clock there: the dispatcher finds them all due at once, as a
     * backlog is after an outage. For a tracker that delivers on the test's thread ({@link TrackerHarness#SYNCHRONOUS}):
     * each report has made its first attempt when it returns.
     */
    public void asBacklog(Fake fake, Runnable reports, int count) {
        asBacklog(fake, reports, count, () -> { });
    }

    /** {@link #asBacklog(Fake, Runnable, int)}, with {@code thenFirst} run once the fake is healed, before they are due. */
    public void asBacklog(Fake fake, Runnable reports, int count, Runnable thenFirst) {
        int before = events(DeliveryEvent.Kind.WILL_RETRY).size();
        fake.failAlways(Fault.httpStatus(503));
        reports.run();
        assertThat(events(DeliveryEvent.Kind.WILL_RETRY)).as("first attempts, each to be retried")
                .hasSize(before + count);
        fake.healthy();
        fake.clear();
        thenFirst.run();
        advance(BACKOFF);
    }

    /** The fakes' common face, for {@link #asBacklog}. */
    public interface Fake {
        void failAlways(Fault fault);

        void healthy();

        void clear();
    }

    public Fake baiduFake() {
        return new Fake() {
            @Override
            public void failAlways(Fault fault) {
                baidu.failAlways(fault);
            }

            @Override
            public void healthy() {
                baidu.healthy();
            }

            @Override
            public void clear() {
                baidu.clear();
            }
        };
    }

    public Fake tencentFake() {
        return new Fake() {
            @Override
            public void failAlways(Fault fault) {
                tencent.failAlways(fault);
            }

            @Override
            public void healthy() {
                tencent.healthy();
            }

            @Override
            public void clear() {
                tencent.clear();
            }
        };
    }

    @Override
    public void close() {
        tracker.close(Duration.ZERO);
        baidu.close();
        tencent.close();
        qihoo.close();
    }
}
