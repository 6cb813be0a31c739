package io.qhtrack.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.Conversion;
import io.qhtrack.core.DeliveryEvent;
import io.qhtrack.core.Event;
import io.qhtrack.core.ProductLine;
import io.qhtrack.core.TrackerHarness;
import io.qhtrack.core.spi.HttpAnswer;
import io.qhtrack.platform.qihoo360.UploadResult;
import io.qhtrack.testkit.Fault;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConcurrencyLimitTest {

    private static Exchange exchange(Exchange.Kind kind, int status) {
        return kind == Exchange.Kind.NO_ANSWER ? Exchange.noAnswer("no answer within 300 ms")
                : Exchange.answer(new HttpAnswer(status, Map.of(), new byte[0]));
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
        "ANSWER, 200, false",
        "ANSWER, 404, false",
        "ANSWER, 400, false",
        "NO_ANSWER, 0, true",
        "ANSWER, 503, true",
        "ANSWER, 500, true",
        "ANSWER, 429, true",
        "ANSWER, 302, false",
    })
    void timeoutsNetworkErrors5xxAnd429AreSignsOfOverload(Exchange.Kind kind, int status, boolean overload) {
        assertThat(Answers.overloaded(exchange(kind, status))).isEqualTo(overload);
    }

    // real time: its meaning is requests in flight together on the transport's pool, which the limit adapts to
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
