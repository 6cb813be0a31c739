package io.qhtrack.core;

import static io.qhtrack.core.PlatformsHarness.START;
import static io.qhtrack.core.PlatformsHarness.TENCENT_TOKEN;
import static io.qhtrack.core.PlatformsHarness.lead;
import static io.qhtrack.core.PlatformsHarness.tencentClick;
import static io.qhtrack.core.TrackerHarness.SYNCHRONOUS;
import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.testkit.FakeTencent;
import io.qhtrack.testkit.Fault;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Tencent delivered end to end by the engine: a tracker configured by its settings, a strict FakeTencent. */
class TencentDeliveryTest {

    @ParameterizedTest
    @EnumSource(FakeTencent.AuthMode.class)
    void aLeadAloneIsSentAtOnceAuthenticatedAsTheAuthSettingSays(FakeTencent.AuthMode mode) {
        try (PlatformsHarness h = new PlatformsHarness(Map.of("qhtrack.tencent.auth", mode.settingValue()), SYNCHRONOUS,
                b -> { }, b -> b.auth(mode))) {
            Conversion lead = lead("1");

            h.tracker.report(tencentClick("gdt-1"), lead);
            FakeTencent.Action action = h.tencent.accepted().get(0);

            FakeTencent.Received request = h.tencent.received().get(0);
            assertThat(request.tokenMatched()).isTrue();
            assertThat(request.timestamp()).isEqualTo(Long.toString(START.getEpochSecond()));
            assertThat(request.nonce()).matches("[0-9a-f]{32}");
            assertThat(request.query().contains("access_token")).isEqualTo(mode == FakeTencent.AuthMode.QUERY);
            assertThat(request.actions()).hasSize(1);
            assertThat(action.actionType()).isEqualTo("RESERVATION");
            assertThat(action.clickId()).isEqualTo("gdt-1");
            assertThat(action.url()).isEqualTo("https://shop.example.cn/landing?gdt_vid=gdt-1");
            assertThat(action.actionTime()).isEqualTo(START.getEpochSecond());
            assertThat(action.outerActionId()).isEqualTo(lead.transId().orElseThrow());
            assertThat(h.events(DeliveryEvent.Kind.DELIVERED)).hasSizeGreaterThanOrEqualTo(1);
        }
    }

    @ParameterizedTest(name = "batch-size {0}: {1} due conversions go in requests of {2}")
    @CsvSource(delimiter = '|', value = {
        "      | 120 | 50,50,20",
        "1     | 4   | 1,1,1,1"})
    void dueConversionsGoTogetherUpToTheBatchSize(String batchSize, int count, String sizes) {
        Map<String, String> extra = batchSize == null ? Map.of() : Map.of("qhtrack.tencent.batch-size", batchSize);
        try (PlatformsHarness h = new PlatformsHarness(extra, SYNCHRONOUS)) {
            h.asBacklog(h.tencentFake(), () -> {
                for (int i = 0; i < count; i++) {
                    h.tracker.report(tencentClick("gdt-b" + i), lead("b" + i));
                }
            }, count);

            assertThat(h.tencent.accepted()).hasSizeGreaterThanOrEqualTo(count);

            assertThat(h.tencent.received()).extracting(r -> Integer.toString(r.actions().size()))
                    .containsExactlyInAnyOrder(sizes.split(","));
        }
    }

    @Test
    void aBatchLargerThan50KbIsSentInHalvesThatFit() {
        try (PlatformsHarness h = new PlatformsHarness(Map.of(), SYNCHRONOUS)) {
            String padding = "p=" + "x".repeat(900) + "&";
            h.asBacklog(h.tencentFake(), () -> {
                for (int i = 0; i < 50; i++) {
                    Click click = Click.builder("tencent", "gdt-l" + i).capturedAt(START.minusSeconds(60))
                            .landingUrl("https://shop.example.cn/landing?" + padding + "gdt_vid=gdt-l" + i).build();
                    h.tracker.report(click, lead("l" + i));
                }
            }, 50);

            assertThat(h.tencent.accepted()).hasSizeGreaterThanOrEqualTo(50);

            assertThat(h.tencent.rejected()).isEmpty();
            assertThat(h.tencent.received()).hasSizeGreaterThanOrEqualTo(2)
                    .allSatisfy(r -> assertThat(r.body().length).isLessThanOrEqualTo(FakeTencent.MAX_BODY_BYTES));
            assertThat(h.tencent.received()).extracting(r -> r.actions().size()).containsOnly(25);
        }
    }

    @Test
    void theActionsThatErrorsNamesAreDeadLetteredWithTencentsReasonAndTheOthersDelivered() {
        try (PlatformsHarness h = new PlatformsHarness(Map.of(), SYNCHRONOUS, b -> { },
                b -> { })) {
            h.asBacklog(h.tencentFake(), () -> {
                for (int i = 0; i < 4; i++) {
                    Click click = i != 2 ? tencentClick("gdt-e" + i) : Click.builder("tencent", "gdt-e2")
                            .capturedAt(START.minusSeconds(60)).landingUrl("https://other.example.net/?gdt_vid=gdt-e2")
                            .build();
                    h.tracker.report(click, lead("e" + i));
                }
            }, 4);

            assertThat(h.events(DeliveryEvent.Kind.DEAD_LETTERED)).hasSizeGreaterThanOrEqualTo(1);
            DeliveryEvent dead = h.events(DeliveryEvent.Kind.DEAD_LETTERED).get(0);
            assertThat(dead.entry().upload().clickId()).isEqualTo("gdt-e2");
            assertThat(dead.verdict().orElseThrow().message()).contains("actions[2]")
                    .contains("is not the registered domain");

            h.advance(Duration.ofMinutes(5)); // the three that were not at fault are sent again, after their backoff
            assertThat(h.events(DeliveryEvent.Kind.DELIVERED)).hasSizeGreaterThanOrEqualTo(3);
            assertThat(h.tencent.accepted()).extracting(FakeTencent.Action::clickId)
                    .containsExactlyInAnyOrder("gdt-e0", "gdt-e1", "gdt-e3");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {11016, 11017, 11018, 11019})
    void aRateLimitCodeIsRetriedAfterAPauseThenDelivered(int code) {
        try (PlatformsHarness h = new PlatformsHarness(Map.of(), SYNCHRONOUS)) {
            h.tencent.failNext(Fault.tencentCode(code));

            h.tracker.report(tencentClick("gdt-w"), lead("w"));
            assertThat(h.events(DeliveryEvent.Kind.WILL_RETRY)).hasSizeGreaterThanOrEqualTo(1);

            DeliveryEvent retry = h.events(DeliveryEvent.Kind.WILL_RETRY).get(0);
            assertThat(retry.verdict().orElseThrow().code()).contains(Integer.toString(code));
            assertThat(retry.nextAttemptAt().orElseThrow()).isAfter(START);
            assertThat(h.tencent.accepted()).isEmpty();

            h.advance(Duration.between(START, retry.nextAttemptAt().orElseThrow()));
            assertThat(h.events(DeliveryEvent.Kind.DELIVERED)).hasSizeGreaterThanOrEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {11000, 11002, 11004, 11005, 12000})
    void aCredentialsCodeParksTencentsConversionsUntilReplayed(int code) {
        try (PlatformsHarness h = new PlatformsHarness(Map.of(), SYNCHRONOUS)) {
            h.tencent.failNext(Fault.tencentCode(code));

            h.tracker.report(tencentClick("gdt-k1"), lead("k1"));
            assertThat(h.events(DeliveryEvent.Kind.PARKED)).hasSizeGreaterThanOrEqualTo(1);
            h.tracker.report(tencentClick("gdt-k2"), lead("k2"));
            assertThat(h.events(DeliveryEvent.Kind.PARKED)).hasSizeGreaterThanOrEqualTo(2);
            h.advance(Duration.ofHours(1));

            assertThat(h.tencent.received()).hasSize(1);
            assertThat(h.events(DeliveryEvent.Kind.WILL_RETRY)).isEmpty();
            assertThat(h.tracker.metrics().getParkedPlatforms()).containsExactly("tencent/default");

            assertThat(h.tracker.replay("tencent")).isEqualTo(2);

            assertThat(h.events(DeliveryEvent.Kind.DELIVERED)).hasSizeGreaterThanOrEqualTo(2);
            assertThat(h.tencent.accepted()).extracting(FakeTencent.Action::clickId)
                    .containsExactlyInAnyOrder("gdt-k1", "gdt-k2");
        }
    }

    @Test
    void aParkedTencentIsSentAgainWhenItsAccessTokenChanges() {
        try (PlatformsHarness h = new PlatformsHarness(Map.of("qhtrack.tencent.access-token", "tx-revoked-token"),
                SYNCHRONOUS)) {
            h.tracker.report(tencentClick("gdt-t"), lead("t"));
            assertThat(h.events(DeliveryEvent.Kind.PARKED)).hasSizeGreaterThanOrEqualTo(1);

            h.settings.put("qhtrack.tencent.access-token", TENCENT_TOKEN);
            h.dispatchNow();

            assertThat(h.events(DeliveryEvent.Kind.DELIVERED)).hasSizeGreaterThanOrEqualTo(1);
            assertThat(h.tencent.accepted()).extracting(FakeTencent.Action::clickId).containsExactly("gdt-t");
        }
    }

    @Test
    void hundredsOfRequestsNeverReuseANonce() {
        try (PlatformsHarness h = new PlatformsHarness(Map.of("qhtrack.tencent.batch-size", "1"), SYNCHRONOUS)) {
            for (int i = 0; i < 300; i++) {
                h.tracker.report(tencentClick("gdt-n" + i), lead("n" + i));
            }

            assertThat(h.tencent.accepted()).hasSizeGreaterThanOrEqualTo(300);

            assertThat(h.tencent.rejected()).isEmpty(); // a reused nonce would be code 12100
            assertThat(h.tencent.received()).hasSize(300);
            assertThat(new HashSet<>(h.tencent.nonces())).hasSize(300);
        }
    }

    @Test
    void theAccessTokenIsNeverLoggedShownOrStoredThroughADeliveryWithRefusals() {
        String revoked = "tx-revoked-0123456789abcdef";
        try (LogCapture log = new LogCapture("io.qhtrack");
                PlatformsHarness h = new PlatformsHarness(Map.of("qhtrack.tencent.access-token", revoked), SYNCHRONOUS,
                        b -> { }, b -> { })) {
            h.tracker.report(tencentClick("gdt-s1"), lead("s1"));
            assertThat(h.events(DeliveryEvent.Kind.PARKED)).hasSizeGreaterThanOrEqualTo(1); // Tencent refused the token
            h.settings.put("qhtrack.tencent.access-token", TENCENT_TOKEN);
            h.dispatchNow();
            assertThat(h.events(DeliveryEvent.Kind.DELIVERED)).hasSizeGreaterThanOrEqualTo(1);
            h.tracker.report(Click.builder("tencent", "gdt-s2").capturedAt(START.minusSeconds(60))
                    .landingUrl("https://other.example.net/?gdt_vid=gdt-s2").build(), lead("s2"));
            // refused: not the registered domain
            assertThat(h.events(DeliveryEvent.Kind.DEAD_LETTERED)).hasSizeGreaterThanOrEqualTo(1);

            String everything = log.text() + h.events + h.tracker + h.tracker.metrics() + h.tracker.platforms()
                    + h.tracker.outbox().list(OutboxState.DEAD, 10) + h.tracker.outbox().list(OutboxState.DELIVERED, 10)
                    + h.tracker.metrics().answerCodes("tencent");
            assertThat(log.records()).isNotEmpty();
            assertThat(everything).doesNotContain(revoked).doesNotContain(TENCENT_TOKEN);
        }
    }

    @Test
    void theRateLimiterNeverSendsMoreThanItsRateInAnyPeriodByTheInjectedClock() {
        Map<String, String> extra = Map.of("qhtrack.tencent.rate", "10/PT1M", "qhtrack.tencent.batch-size", "1");
        try (PlatformsHarness h = new PlatformsHarness(extra, SYNCHRONOUS)) {
            for (int i = 0; i < 30; i++) {
                h.tracker.report(tencentClick("gdt-r" + i), lead("r" + i));
            }
            assertThat(h.tencent.accepted()).hasSizeGreaterThanOrEqualTo(10);
            assertThat(h.events(DeliveryEvent.Kind.DELIVERED)).hasSizeGreaterThanOrEqualTo(10);

            for (int step = 1; step <= 8; step++) {
                h.advance(Duration.ofSeconds(15)); // the next ten may go once a minute has passed since the first
                assertThat(h.tencent.accepted()).hasSizeGreaterThanOrEqualTo(10 + 10 * (step / 4));
            }
            assertThat(h.events(DeliveryEvent.Kind.DELIVERED)).hasSizeGreaterThanOrEqualTo(30);

            List<Instant> at = h.tencent.received().stream().map(FakeTencent.Received::receivedAt).sorted()
                    .collect(Collectors.toList());
            assertThat(at).hasSize(30);
            for (Instant t : at) {
                long inPeriod = at.stream().filter(u -> !u.isAfter(t) && u.isAfter(t.minus(Duration.ofMinutes(1))))
                        .count();
                assertThat(inPeriod).as("requests in the minute up to +%ds", Duration.between(START, t).getSeconds())
                        .isLessThanOrEqualTo(10);
            }
            assertThat(at).filteredOn(START::equals).hasSize(10);
        }
    }

    @ParameterizedTest(name = "X-RateLimit-Remaining starting at {0}: {1} request(s) before the clock moves")
    @CsvSource({"3999, 8", "44, 1"})
    void aLowRateLimitRemainingSlowsTheSendingDownEarly(int perMinute, int atOnce) {
        try (PlatformsHarness h = new PlatformsHarness(Map.of("qhtrack.tencent.batch-size", "1"),
                SYNCHRONOUS.andThen(b -> b.maxConcurrency(1)), b -> { }, b -> b.rateLimitPerMinute(perMinute + 1))) {
            for (int i = 0; i < 8; i++) {
                h.tracker.report(tencentClick("gdt-x" + i), lead("x" + i));
            }
            assertThat(h.events(DeliveryEvent.Kind.DELIVERED)).hasSizeGreaterThanOrEqualTo(atOnce); // settled: the answer's pause is in force
            for (int step = 1; h.tencent.accepted().size() < 8 && step <= 8; step++) {
                h.advance(Duration.ofSeconds(2)); // more than 60 s / (remaining + 1)
                assertThat(h.events(DeliveryEvent.Kind.DELIVERED)).hasSizeGreaterThanOrEqualTo(Math.min(8, atOnce + step));
            }

            List<Instant> at = new ArrayList<>();
            h.tencent.received().forEach(r -> at.add(r.receivedAt()));
            assertThat(at).hasSize(8).filteredOn(START::equals).hasSize(atOnce);
            assertThat(h.tencent.rejected()).isEmpty();
        }
    }
}
