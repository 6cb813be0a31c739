package io.qhtrack.core.spi;

/**
 * What a {@link LandingParameter} may look at, besides the value itself, to decide a click's line: a view of the
 * landing request without any servlet type (360 tells PC from mobile search by the User-Agent).
 */
public interface LandingRequest {

    /** The {@code User-Agent} header, or {@code null}. */
    String userAgent();

    /** The request's path, below the context path (e.g. {@code /landing}). */
    String path();
}
