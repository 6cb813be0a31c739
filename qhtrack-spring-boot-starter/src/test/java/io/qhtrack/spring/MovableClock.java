package io.qhtrack.spring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock plus an offset the test moves forward, so that time "passes" without waiting. It starts outside
 * the last hour of 360's natural day (China time), so that moving it by less than an hour never ends the day of a
 * pending conversion.
 */
final class MovableClock extends Clock {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private volatile Duration offset;

    MovableClock() {
        LocalTime now = LocalTime.now(CHINA);
        offset = now.isAfter(LocalTime.of(23, 0)) ? Duration.ofHours(1).plusMinutes(5) : Duration.ZERO;
    }

    void advance(Duration by) {
        offset = offset.plus(by);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a test clock in UTC");
    }
}
