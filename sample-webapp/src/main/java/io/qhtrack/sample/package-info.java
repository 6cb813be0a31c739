/**
 * The qhtrack sample web application: a small course-shop landing page whose lead form is reported to 360 by a
 * configured trigger (no code), whose order form is reported with one {@link io.qhtrack.filter.QhTracker} call,
 * a hash-routed single-page page that hands its click id over with {@code /qhtrack.js}, and a demo dashboard.
 *
 * <p>qhtrack itself is enabled the zero-code way: tracker-filter's jar in {@code WEB-INF/lib}. What this package
 * adds is the demo: {@link io.qhtrack.sample.DemoListener} starts a built-in Fake360 when no 360 endpoint or
 * credentials are configured, and keeps the outbox in an H2 file so that nothing is lost across a crash.
 */
package io.qhtrack.sample;
