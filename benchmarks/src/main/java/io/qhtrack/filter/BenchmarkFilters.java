package io.qhtrack.filter;

import io.qhtrack.core.spi.Platform;

import java.time.Clock;
import java.util.List;

/**
 * Reaches {@link ClickIdCaptureFilter}'s package-private constructor that takes the platforms to capture for, as the
 * filter's own tests do: until the tracker hands the filter its platforms, Baidu and Tencent are not registered with
 * the {@code ServiceLoader}, and the benchmark measures the filter with them on.
 */
public final class BenchmarkFilters {

    private BenchmarkFilters() {
    }

    /** A capture filter on the system clock that captures 360's clicks and those of the enabled {@code platforms}. */
    public static ClickIdCaptureFilter capturing(List<Platform> platforms) {
        return new ClickIdCaptureFilter(Clock.systemUTC(), platforms);
    }
}
