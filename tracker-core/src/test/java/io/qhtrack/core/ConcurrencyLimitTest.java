package io.qhtrack.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.testkit.Fault;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConcurrencyLimitTest {

    private static UploadResult result(UploadResult.Outcome outcome, int status) {
        return new UploadResult(outcome, status, outcome == UploadResult.Outcome.DELIVERED ? 0 : null, "test", null,
                "");
    }

    @Test
    void itStartsAtFourOrTheMaximumIfLower() {
        assertThat(new ConcurrencyLimit(32).current()).isEqualTo(4);
        assertThat(new ConcurrencyLimit(2).current()).isEqualTo(2);
    }

    @Test
    void answersWhileTheLimitIsInUseRaiseItUpToTheMaximumOnly() {
        ConcurrencyLimit limit = new ConcurrencyLimit(10);
        for (int i = 0; i < 100; i++) {
            limit.onAnswer(limit.current(), false);
        }

        assertThat(limit.current()).isEqualTo(10);
    }

    @Test
    void answersWhileMostOfTheLimitIsIdleLeaveItAlone() {
        ConcurrencyLimit limit = new ConcurrencyLimit(32);
        for (int i = 0; i < 100; i++) {
            limit.onAnswer(1, false);
        }

        assertThat(limit.current()).isEqualTo(4);
    }

    @Test
    void overloadShrinksItMultiplicativelyButNeverBelowOne() {
        ConcurrencyLimit limit = new ConcurrencyLimit(32);
        for (int i = 0; i < 40; i++) {
            limit.onAnswer(limit.current(), false);
        }
        limit.onAnswer(32, true);
        assertThat(limit.current()).isEqualTo(24);
        for (int i = 0; i < 50; i++) {
            limit.onAnswer(1, true);
        }

        assertThat(limit.current()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} HTTP {1}: overload={2}")
    @CsvSource({
        "DELIVERED, 200, false",
        "PERMANENT_FAILURE, 200, false",
        "PERMANENT_FAILURE, 404, false",
        "TRANSIENT_FAILURE, 0, true",
        "TRANSIENT_FAILURE, 503, true",
        "TRANSIENT_FAILURE, 500, true",
        "TRANSIENT_FAILURE, 429, true",
        "TRANSIENT_FAILURE, 200, false",
    })
    void timeoutsNetworkErrors5xxAnd429AreSignsOfOverload(UploadResult.Outcome outcome, int status, boolean overload) {
        assertThat(ConcurrencyLimit.isOverload(result(outcome, status))).isEqualTo(overload);
    }

    @Test
    void aSlowButHealthy360LetsTheTrackerRaiseItsLimitAndA503LowersIt() {
        try (TrackerHarness h = new TrackerHarness(TrackerHarness.START, b -> b.maxConcurrency(32))) {
            h.fake.latency(Duration.ofMillis(100));
            for (int i = 0; i < 300; i++) {
                h.tracker.report(TrackerHarness.click(ProductLine.PC_SEARCH, "slow" + i),
                        Conversion.builder(Event.SUBMIT).transId("t" + i).build());
            }
            TrackerHarness.await("the limit rises above its start", () -> h.tracker.metrics().getConcurrencyLimit() > 8,
                    () -> h.tracker.metrics().toString() + ", limit " + h.tracker.metrics().getConcurrencyLimit());
            h.awaitEvents(DeliveryEvent.Kind.DELIVERED, 300);

            h.fake.latency(Duration.ZERO);
            h.fake.failAlways(Fault.httpStatus(503));
            int before = h.tracker.metrics().getConcurrencyLimit();
            for (int i = 0; i < 20; i++) {
                h.tracker.report(TrackerHarness.click(ProductLine.PC_SEARCH, "down" + i),
                        Conversion.builder(Event.SUBMIT).transId("d" + i).build());
            }
            TrackerHarness.await("the limit falls", () -> h.tracker.metrics().getConcurrencyLimit() < before / 2,
                    () -> "limit " + h.tracker.metrics().getConcurrencyLimit() + " (was " + before + ")");
        }
    }
}
