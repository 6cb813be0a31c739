package io.qhtrack.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The natural-day window remembers the last day it computed; asked in any order, it gives each day's own end. */
class NaturalDayWindowTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    void eachInstantGetsTheEndOfItsOwnDayWhateverWasAskedBefore() {
        DeliveryWindow window = DeliveryWindow.naturalDay(SHANGHAI);
        Instant midnight = Instant.parse("2026-01-01T16:00:00Z"); // 2026-01-02 00:00 in Shanghai

        assertThat(window.deadline(Instant.parse("2026-01-01T10:00:00Z"))).isEqualTo(midnight);
        assertThat(window.deadline(midnight.minusNanos(1))).isEqualTo(midnight);
        assertThat(window.deadline(midnight)).isEqualTo(midnight.plusSeconds(86_400));
        assertThat(window.deadline(midnight.minusSeconds(86_400))).isEqualTo(midnight);
        assertThat(window.deadline(midnight.minusSeconds(86_400).minusNanos(1))).isEqualTo(midnight
                .minusSeconds(86_400));
        assertThat(window.deadline(midnight.plusSeconds(86_400 + 1))).isEqualTo(midnight.plusSeconds(2 * 86_400));
    }

    @Test
    void aDayOfTwentyThreeHoursEndsAtItsOwnMidnight() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        DeliveryWindow window = DeliveryWindow.naturalDay(berlin);
        Instant shortDayEnd = Instant.parse("2026-03-29T22:00:00Z"); // 2026-03-30 00:00 CEST; the day had 23 hours

        assertThat(window.deadline(Instant.parse("2026-03-28T23:30:00Z"))).isEqualTo(shortDayEnd);
        assertThat(window.deadline(Instant.parse("2026-03-28T22:59:59Z"))).isEqualTo(Instant.parse(
                "2026-03-28T23:00:00Z"));
        assertThat(window.deadline(Instant.parse("2026-03-29T21:59:59Z"))).isEqualTo(shortDayEnd);
        assertThat(window.deadline(shortDayEnd)).isEqualTo(Instant.parse("2026-03-30T22:00:00Z"));
    }
}
