package io.qhtrack.core;

import static io.qhtrack.core.PlatformsHarness.BACKOFF;
import static io.qhtrack.core.PlatformsHarness.START;
import static io.qhtrack.core.PlatformsHarness.baiduClick;
import static io.qhtrack.core.PlatformsHarness.lead;
import static io.qhtrack.core.TrackerHarness.SYNCHRONOUS;
import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.testkit.FakeBaidu;
import io.qhtrack.testkit.Fault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Baidu delivered end to end by the engine: a tracker configured by its settings, a strict FakeBaidu on loopback. */
class BaiduDeliveryTest {

    @Test
    void aLeadAloneIsSentAtOnceWithItsLandingUrlTypeTimeAndKey() {
        try (PlatformsHarness h = new PlatformsHarness(Map.of(), SYNCHRONOUS)) {
            Conversion lead = lead("1");

            assertThat(h.tracker.report(baiduClick("bdvid-1"), lead).status()).isEqualTo(TrackOutcome.Status.QUEUED);
            FakeBaidu.Item item = h.baidu.accepted().get(0);

            assertThat(h.baidu.received()).hasSize(1);
            assertThat(item.logidUrl()).isEqualTo("https://shop.example.cn/landing?bd_vid=bdvid-1");
            assertThat(item.newType()).isEqualTo(3);
            assertThat(item.convertTime()).isEqualTo(START.getEpochSecond());
            assertThat(item.outerEventId()).isEqualTo(lead.transId().orElseThrow());
            assertThat(item.convertValue()).isNull();
            assertThat(h.events(DeliveryEvent.Kind.DELIVERED)).hasSizeGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void aConversionWithoutAKeyIsSentWithoutOuterEventId() {
        try (PlatformsHarness h = new PlatformsHarness(Map.of(), SYNCHRONOUS)) {
            h.tracker.report(baiduClick("bdvid-2"), Conversion.builder(Event.CALL_BUTTON).build());

            FakeBaidu.Item item = h.baidu.accepted().get(0);

            assertThat(item.newType()).isEqualTo(2);
            assertThat(item.json().has("outerEventId")).isFalse();
        }
    }

    @Test
    void anOrderWithoutAKeyIsInvalidNamingOuterEventId() {
        try (PlatformsHarness h = new PlatformsHarness(Map.of(), SYNCHRONOUS)) {
            TrackOutcome o = h.tracker.report(baiduClick("bdvid-3"), Conversion.builder(Event.ORDER).amountYuan("9.90")
                    .build());

            assertThat(o.status()).isEqualTo(TrackOutcome.Status.INVALID);
            assertThat(o.message()).contains("outerEventId").contains("ORDER");
        }
    }

    @ParameterizedTest(name = "batch-size {0}: {1} due conversions go in requests of {2}")
    @CsvSource(delimiter = '|', value = {
        "      | 120 | 50,50,20",
        "7     | 20  | 7,7,6",
        "1     | 5   | 1,1,1,1,1"})
    void dueConversionsGoTogetherUpToTheBatchSize(String batchSize, int count, String sizes) {
        Map<String, String> extra = batchSize == null ? Map.of() : Map.of("qhtrack.baidu.batch-size", batchSize);
        try (PlatformsHarness h = new PlatformsHarness(extra, SYNCHRONOUS)) {
            h.asBacklog(h.baiduFake(), () -> {
                for (int i = 0; i < count; i++) {
                    h.tracker.report(baiduClick("bdvid-b" + i), lead("b" + i));
                }
            }, count);

            assertThat(h.baidu.accepted()).hasSizeGreaterThanOrEqualTo(count);
            assertThat(h.events(DeliveryEvent.Kind.DELIVERED)).hasSizeGreaterThanOrEqualTo(count);

            assertThat(h.baidu.received()).extracting(r -> r.items().size()).map(Object::toString)
                    .containsExactlyInAnyOrder(sizes.split(","));
            assertThat(h.baidu.accepted()).extracting(FakeBaidu.Item::bdVid).doesNotHaveDuplicates().hasSize(count);
        }
    }

    @Test
    void aPartialFailureDeadLettersTheNamedItemsWithBaidusReasonAndDeliversTheOthers() {
        try (PlatformsHarness h = new PlatformsHarness(Map.of(), SYNCHRONOUS)) {
            h.asBacklog(h.baiduFake(), () -> {
                for (int i = 0; i < 5; i++) {
                    h.tracker.report(baiduClick("bdvid-p" + i), lead("p" + i));
                }
            }, 5, () -> h.baidu.failNext(Fault.baiduFailItems(1, 3))); // of the one request that carries the backlog

            assertThat(h.events(DeliveryEvent.Kind.DEAD_LETTERED)).hasSizeGreaterThanOrEqualTo(2);
            assertThat(h.events(DeliveryEvent.Kind.DELIVERED)).hasSizeGreaterThanOrEqualTo(3);

            FakeBaidu.Received request = h.baidu.received().get(0);
            assertThat(request.items()).hasSize(5);
            assertThat(request.status()).isEqualTo(1);
            List<String> refused = List.of(request.items().get(1).bdVid(), request.items().get(3).bdVid());
            assertThat(h.events(DeliveryEvent.Kind.DEAD_LETTERED)).extracting(e -> e.entry().upload().clickId())
                    .containsExactlyInAnyOrderElementsOf(refused);
            for (DeliveryEvent dead : h.events(DeliveryEvent.Kind.DEAD_LETTERED)) {
                String reason = request.items().get(refused.indexOf(dead.entry().upload().clickId()) == 0 ? 1 : 3)
                        .reason();
                assertThat(dead.verdict().orElseThrow().message()).contains(reason);
            }
            assertThat(h.events(DeliveryEvent.Kind.DELIVERED)).extracting(e -> e.entry().upload().clickId())
                    .doesNotContainAnyElementsOf(refused);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "status 4        | status 4",
        "HTTP 502        | HTTP 502",
        "dropped         | ",
        "not Baidu JSON  | "})
    void transientTroubleIsRetriedWithBackoffThenDelivered(String fault, String said) {
        try (PlatformsHarness h = new PlatformsHarness(Map.of(), SYNCHRONOUS)) {
            h.baidu.failNext(fault(fault.trim()));

            h.tracker.report(baiduClick("bdvid-r"), lead("r"));
            assertThat(h.events(DeliveryEvent.Kind.WILL_RETRY)).hasSizeGreaterThanOrEqualTo(1);

            DeliveryEvent retry = h.events(DeliveryEvent.Kind.WILL_RETRY).get(0);
            assertThat(retry.nextAttemptAt()).contains(START.plus(BACKOFF));
            if (said != null) {
                assertThat(retry.verdict().orElseThrow().message()).contains(said.trim());
            }
            assertThat(h.baidu.accepted()).isEmpty();

            h.advance(BACKOFF);

            assertThat(h.events(DeliveryEvent.Kind.DELIVERED)).hasSizeGreaterThanOrEqualTo(1);
            assertThat(h.baidu.accepted()).hasSize(1);
        }
    }

    private static Fault fault(String name) {
        switch (name) {
            case "status 4":
                return Fault.baiduStatus(4);
            case "HTTP 502":
                return Fault.httpStatus(502);
            case "dropped":
                return Fault.dropConnection();
            case "not Baidu JSON":
                return Fault.garbage("<html>gateway</html>");
            default:
                throw new AssertionError(name);
        }
    }

    @Test
    void retriesAreBoundedByTheWindowThenTheConversionExpires() {
        try (PlatformsHarness h = new PlatformsHarness(Map.of(), SYNCHRONOUS)) {
            h.baidu.failAlways(Fault.baiduStatus(4));
            h.tracker.report(baiduClick("bdvid-e"), lead("e"));
            assertThat(h.events(DeliveryEvent.Kind.WILL_RETRY)).hasSizeGreaterThanOrEqualTo(1);

            h.advance(Duration.ofHours(15)); // past midnight in China: the natural day is over

            assertThat(h.events(DeliveryEvent.Kind.EXPIRED)).hasSizeGreaterThanOrEqualTo(1);
            assertThat(h.events(DeliveryEvent.Kind.EXPIRED).get(0).entry().lastErrorMessage()).hasValueSatisfying(
                    m -> assertThat(m).contains("status 4"));
            assertThat(h.baidu.accepted()).isEmpty();
        }
    }

    @Test
    void status3ParksBaidusConversionsWithOneWarningAndNoRetriesUntilReplayed() {
        try (PlatformsHarness h = new PlatformsHarness(Map.of(), SYNCHRONOUS);
                LogCapture log = new LogCapture("io.qhtrack")) {
            h.baidu.failNext(Fault.baiduStatus(3));

            h.tracker.report(baiduClick("bdvid-k1"), lead("k1"));
            assertThat(h.events(DeliveryEvent.Kind.PARKED)).hasSizeGreaterThanOrEqualTo(1);
            h.tracker.report(baiduClick("bdvid-k2"), lead("k2"));
            assertThat(h.events(DeliveryEvent.Kind.PARKED)).hasSizeGreaterThanOrEqualTo(2);
            h.advance(Duration.ofHours(1));

            assertThat(h.baidu.received()).hasSize(1); // the second was parked without an attempt
            assertThat(h.events(DeliveryEvent.Kind.PARKED).get(1).verdict()).isEmpty();
            assertThat(h.events(DeliveryEvent.Kind.WILL_RETRY)).isEmpty();
            assertThat(log.records(Level.WARNING)).filteredOn(r -> r.getMessage().contains("parked"))
                    .singleElement().satisfies(r -> assertThat(r.getMessage()).contains("baidu")
                            .contains("qhtrack outbox replay --platform baidu"));
            assertThat(h.tracker.metrics().getParkedPlatforms()).containsExactly("baidu/default");
            assertThat(h.tracker.outbox().list(OutboxState.PARKED, 10)).hasSize(2);

            assertThat(h.tracker.replay("baidu")).isEqualTo(2);

            assertThat(h.events(DeliveryEvent.Kind.DELIVERED)).hasSizeGreaterThanOrEqualTo(2);
            assertThat(h.baidu.accepted()).extracting(FakeBaidu.Item::bdVid)
                    .containsExactlyInAnyOrder("bdvid-k1", "bdvid-k2");
            assertThat(h.tracker.metrics().getParkedPlatforms()).isEmpty();
        }
    }

    @Test
    void aParkedPlatformIsSentAgainWhenItsTokenChanges() {
        try (PlatformsHarness h = new PlatformsHarness(Map.of("qhtrack.baidu.token", "bd-copied-wrong"), SYNCHRONOUS)) {
            h.tracker.report(baiduClick("bdvid-t"), lead("t"));
            assertThat(h.events(DeliveryEvent.Kind.PARKED)).hasSizeGreaterThanOrEqualTo(1);
            assertThat(h.baidu.received()).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(3));

            h.settings.put("qhtrack.baidu.token", PlatformsHarness.BAIDU_TOKEN); // copied again from the console
            h.dispatchNow();

            assertThat(h.events(DeliveryEvent.Kind.DELIVERED)).hasSizeGreaterThanOrEqualTo(1);
            assertThat(h.baidu.accepted()).extracting(FakeBaidu.Item::bdVid).containsExactly("bdvid-t");
        }
    }

    @Test
    void aReportedConversionNamesNoTokenAnywhere() {
        try (PlatformsHarness h = new PlatformsHarness(Map.of("qhtrack.baidu.token", "bd-copied-wrong"), SYNCHRONOUS);
                LogCapture log = new LogCapture("io.qhtrack")) {
            h.tracker.report(baiduClick("bdvid-s"), lead("s"));
            assertThat(h.events(DeliveryEvent.Kind.PARKED)).hasSizeGreaterThanOrEqualTo(1);

            String everything = log.text() + h.events + h.tracker + h.tracker.outbox().list(OutboxState.PARKED, 10)
                    + h.tracker.metrics() + h.tracker.platforms();
            assertThat(everything).doesNotContain("bd-copied-wrong").doesNotContain(PlatformsHarness.BAIDU_TOKEN);
            assertThat(h.baidu.received().stream().map(Object::toString).collect(Collectors.joining()))
                    .doesNotContain("bd-copied-wrong");
        }
    }
}
