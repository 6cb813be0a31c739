package io.qhtrack.filter;

import io.qhtrack.core.Click;
import io.qhtrack.core.ProductLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ClickCodecTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final Duration WINDOW = Duration.ofDays(30);

    @ParameterizedTest
    @EnumSource(ProductLine.class)
    void roundTripsEveryLine(ProductLine line) {
        Click click = Click.of(line, "Ab-_.9", T0);

        String value = ClickCodec.encode(click);

        assertThat(value).isEqualTo("q1:" + line.shortName() + ":1735689600:Ab-_.9");
        assertThat(ClickCodec.decode(value)).contains(click);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "q1", "q1:", "q1:ps", "q1:ps:", "q1:ps:1735689600", "q1:ps:1735689600:",
        "q1:PS:1735689600:A", "q1:ocpc_ps_convert:1735689600:A", "q0:ps:1735689600:A", "Q1:ps:1735689600:A",
        "q1:ps:+1735689600:A", "q1:ps:1735689600.0:A", "q1:ps:1234567890123:A", "q1:ps:1735689600:A:B",
        "q1:ps:1735689600:A B", "q1:ps:1735689600:__x__", " q1:ps:1735689600:A", "q1:ps:１:A"})
    void malformedValuesDecodeToNothing(String value) {
        assertThat(ClickCodec.decode(value)).isEmpty();
    }

    @Test
    void tooLongValueDecodesToNothing() {
        assertThat(ClickCodec.decode("q1:ps:1735689600:" + "A".repeat(129))).isEmpty();
        assertThat(ClickCodec.decode("q1:ps:1735689600:" + "A".repeat(128))).isPresent();
    }

    @Test
    void attributionWindowIsHalfOpen() {
        String value = ClickCodec.encode(Click.of(ProductLine.DISPLAY, "D1", T0));

        assertThat(ClickCodec.decode(value, T0.plus(WINDOW).minusSeconds(1), WINDOW)).isPresent();
        assertThat(ClickCodec.decode(value, T0.plus(WINDOW), WINDOW)).isEmpty();
    }

    @Test
    void captureTimeSlightlyInTheFutureIsClockSkewBeyondAnHourIsNot() {
        String value = ClickCodec.encode(Click.of(ProductLine.DISPLAY, "D1", T0));

        assertThat(ClickCodec.decode(value, T0.minus(Duration.ofMinutes(59)), WINDOW)).isPresent();
        assertThat(ClickCodec.decode(value, T0.minus(Duration.ofMinutes(61)), WINDOW)).isEmpty();
    }
}
