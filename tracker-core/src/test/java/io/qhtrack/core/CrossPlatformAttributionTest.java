package io.qhtrack.core;

import static io.qhtrack.core.PlatformsHarness.START;
import static io.qhtrack.core.PlatformsHarness.baiduClick;
import static io.qhtrack.core.PlatformsHarness.lead;
import static io.qhtrack.core.PlatformsHarness.tencentClick;
import static io.qhtrack.core.TrackerHarness.SYNCHRONOUS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A visitor who clicked ads of several platforms, reported through {@link Tracker#report(java.util.Collection,
 * Conversion)}: the last click wins across platforms, or every platform's latest click with
 * {@code qhtrack.attribution=all-platforms}; limits and de-duplication hold per platform.
 */
class CrossPlatformAttributionTest {

    private static final Map<String, String> ALL_PLATFORMS = Map.of("qhtrack.attribution", "all-platforms");

    private static Click qihooClick(String id, int minutesAgo) {
        return Click.of(ProductLine.PC_SEARCH, id, START.minus(Duration.ofMinutes(minutesAgo)));
    }

    @Test
    void baiduThen360ConvertsOnceFor360() {
        try (PlatformsHarness h = new PlatformsHarness(Map.of(), SYNCHRONOUS)) {
            TrackOutcome o = h.tracker.report(List.of(baiduClick("bdvid-a", START.minusSeconds(600)),
                    qihooClick("360click-a", 5)), lead("a"));

            assertThat(o.status()).isEqualTo(TrackOutcome.Status.QUEUED);
            assertThat(o.others()).isEmpty();
            assertThat(h.events(DeliveryEvent.Kind.DELIVERED)).hasSizeGreaterThanOrEqualTo(1);
            assertThat(h.qihoo.accepted()).hasSize(1);
            assertThat(h.tracker.metrics().reports("baidu", TrackOutcome.Status.QUEUED)).isZero();
            assertThat(h.events).extracting(DeliveryEvent::platform).containsOnly("qihoo360");
        }
    }

    @Test
    void withAllPlatformsBaiduAnd360EachGetTheConversion() {
        try (PlatformsHarness h = new PlatformsHarness(ALL_PLATFORMS, SYNCHRONOUS)) {
            TrackOutcome o = h.tracker.report(List.of(baiduClick("bdvid-b", START.minusSeconds(600)),
                    qihooClick("360click-b", 5)), lead("b"));

            assertThat(o.status()).isEqualTo(TrackOutcome.Status.QUEUED);
            assertThat(o.message()).contains("ocpc_ps_convert");
            assertThat(o.others()).singleElement().satisfies(other -> assertThat(other.status())
                    .isEqualTo(TrackOutcome.Status.QUEUED));
            assertThat(h.events(DeliveryEvent.Kind.DELIVERED)).hasSizeGreaterThanOrEqualTo(2);
            assertThat(h.qihoo.accepted()).hasSize(1);
            assertThat(h.baidu.accepted()).extracting(i -> i.bdVid()).containsExactly("bdvid-b");
        }
    }

    @Test
    void baiduTencentAnd360InTurnConvertOnceForTheLast() {
        try (PlatformsHarness h = new PlatformsHarness(Map.of(), SYNCHRONOUS)) {
            TrackOutcome o = h.tracker.report(List.of(qihooClick("360click-c", 2),
                    tencentClick("gdt-c", START.minusSeconds(1800)), baiduClick("bdvid-c", START.minusSeconds(3600))),
                    lead("c"));

            assertThat(o.status()).isEqualTo(TrackOutcome.Status.QUEUED);
            assertThat(h.events(DeliveryEvent.Kind.DELIVERED)).hasSizeGreaterThanOrEqualTo(1);
            assertThat(h.events).extracting(DeliveryEvent::platform).containsOnly("qihoo360");
            assertThat(h.tracker.metrics().reports("baidu", TrackOutcome.Status.QUEUED)).isZero();
            assertThat(h.tracker.metrics().reports("tencent", TrackOutcome.Status.QUEUED)).isZero();
        }
    }

    @Test
    void whenTencentCameLastItIsTencentsConversion() {
        try (PlatformsHarness h = new PlatformsHarness(Map.of(), SYNCHRONOUS)) {
            h.tracker.report(List.of(qihooClick("360click-d", 60), baiduClick("bdvid-d", START.minusSeconds(1800)),
                    tencentClick("gdt-d", START.minusSeconds(30))), lead("d"));

            assertThat(h.events(DeliveryEvent.Kind.DELIVERED)).hasSizeGreaterThanOrEqualTo(1);
            assertThat(h.tencent.accepted()).singleElement().satisfies(a -> assertThat(a.clickId())
                    .isEqualTo("gdt-d"));
            assertThat(h.events).extracting(DeliveryEvent::platform).containsOnly("tencent");
        }
    }

    @Test
    void aRepeatIsADuplicateForEveryPlatform() {
        try (PlatformsHarness h = new PlatformsHarness(ALL_PLATFORMS, SYNCHRONOUS)) {
            List<Click> clicks = List.of(baiduClick("bdvid-e", START.minusSeconds(900)),
                    tencentClick("gdt-e", START.minusSeconds(600)), qihooClick("360click-e", 5));
            h.tracker.report(clicks, lead("e"));

            TrackOutcome again = h.tracker.report(clicks, lead("e"));

            assertThat(again.status()).isEqualTo(TrackOutcome.Status.DUPLICATE);
            assertThat(again.others()).hasSize(2).allSatisfy(o -> assertThat(o.status())
                    .isEqualTo(TrackOutcome.Status.DUPLICATE));
        }
    }

    @Test
    void thePerClickLimitCountsEachPlatformsClickOnItsOwn() {
        try (PlatformsHarness h = new PlatformsHarness(Map.of("qhtrack.attribution", "all-platforms",
                "qhtrack.limit.per-click", "1"), SYNCHRONOUS)) {
            List<Click> clicks = List.of(baiduClick("bdvid-f", START.minusSeconds(900)), qihooClick("360click-f", 5));
            assertThat(h.tracker.report(clicks, lead("f1")).isQueued()).isTrue();

            TrackOutcome second = h.tracker.report(clicks, lead("f2"));

            assertThat(second.status()).isEqualTo(TrackOutcome.Status.LIMITED);
            assertThat(second.others()).singleElement().satisfies(o -> assertThat(o.status())
                    .isEqualTo(TrackOutcome.Status.LIMITED));
            // another platform's click of the same visitor has its own count
            assertThat(h.tracker.report(tencentClick("gdt-f"), lead("f3")).isQueued()).isTrue();
        }
    }
}
