package io.qhtrack.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.spi.RateLimit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link RateLimiter}: at most N requests in any period, by the caller's clock. */
class RateLimiterTest {

    private static final Instant T0 = Instant.parse("2026-03-10T02:00:00Z");
    private static final RateLimit TEN_A_MINUTE = RateLimit.parse("10/PT1M");

    @Test
    void theFirstNGoAtOnceAndTheNextWaitsUntilTheOldestLeavesThePeriod() {
        RateLimiter r = new RateLimiter();
        for (int i = 0; i < 10; i++) {
            assertThat(r.acquire("k", TEN_A_MINUTE, T0.plusSeconds(i))).isZero();
        }

        assertThat(r.acquire("k", TEN_A_MINUTE, T0.plusSeconds(15))).isEqualTo(Duration.ofSeconds(45));
        assertThat(r.acquire("k", TEN_A_MINUTE, T0.plusSeconds(60))).isZero(); // the one of T0 has left (T0, T0+60]
        assertThat(r.acquire("k", TEN_A_MINUTE, T0.plusSeconds(60))).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void neverMoreThanNInAnyPeriodWhateverTheCallersRhythm() {
        RateLimiter r = new RateLimiter();
        List<Instant> granted = new ArrayList<>();
        for (long ms = 0; ms < 600_000; ms += 700) { // asks every 0.7 s for ten minutes
            Instant now = T0.plusMillis(ms);
            if (r.acquire("k", TEN_A_MINUTE, now).isZero()) {
                granted.add(now);
            }
        }

        for (Instant t : granted) {
            long inPeriod = granted.stream().filter(u -> !u.isAfter(t) && u.isAfter(t.minus(Duration.ofMinutes(1))))
                    .count();
            assertThat(inPeriod).as("at %s", t).isLessThanOrEqualTo(10);
        }
        assertThat(granted).hasSizeGreaterThanOrEqualTo(95); // and the rate is used, not merely bounded
    }

    @Test
    void keysAreCountedApart() {
        RateLimiter r = new RateLimiter();
        for (int i = 0; i < 10; i++) {
            r.acquire("a", TEN_A_MINUTE, T0);
        }

        assertThat(r.acquire("a", TEN_A_MINUTE, T0)).isPositive();
        assertThat(r.acquire("b", TEN_A_MINUTE, T0)).isZero();
    }

    @Test
    void aPauseHoldsEvenWithoutALimit() {
        RateLimiter r = new RateLimiter();
        r.pause("k", T0.plusSeconds(30));

        assertThat(r.acquire("k", null, T0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(r.acquire("k", null, T0.plusSeconds(30))).isZero();
        assertThat(r.acquire("k", TEN_A_MINUTE, T0.plusSeconds(30))).isZero();
    }
}
