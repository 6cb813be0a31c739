package io.qhtrack.spring;

import io.qhtrack.core.Tracker;

/**
 * Changes the builder of the auto-configured {@link Tracker} before it is built: Spring Boot's customizer idiom. Every
 * {@code QhtrackTrackerCustomizer} bean is applied, in {@link org.springframework.core.annotation.Order @Order} /
 * {@link org.springframework.core.Ordered} order, after the starter has given the builder its settings, platforms,
 * credential resolver, outbox and {@link io.qhtrack.core.DeliveryListener} beans, so what a customizer sets wins over
 * the {@code qhtrack.*} settings (a later customizer wins over an earlier one). Customizers are not applied to a
 * {@code Tracker} bean of the application's own (the starter's stands aside). To replace the outbox or the credential
 * resolver, declare an {@code Outbox} or {@code CredentialResolver} bean instead: the starter closes the tracker's
 * outbox only through the tracker it built.
 *
 * <p>Its main use is a test that delivers step by step, with no waiting: a synchronous
 * {@linkplain Tracker.Builder#executor(java.util.concurrent.Executor) executor} and a clock the test moves. Then a
 * conversion reported while a request is handled has been sent to the platform (and its answer settled) before the
 * visitor gets the response, and {@link Tracker#dispatchNow()} sends a retry once the clock has passed its backoff:
 * <pre>{@code
 * @TestConfiguration(proxyBeanMethods = false)
 * class SynchronousDelivery {
 *     static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-03-10T02:00:00Z"));
 *
 *     @Bean
 *     QhtrackTrackerCustomizer synchronous() {
 *         return b -> b.executor(Runnable::run).clock(CLOCK);
 *     }
 * }
 *
 * // in the test: the lead was delivered when post(...) returned
 * fake.failNext(Fault.httpStatus(503));
 * visitor.post("/lead", "name", "张三");             // sent at once: 503, due again after the backoff
 * SynchronousDelivery.CLOCK.advance(Duration.ofMinutes(1));
 * tracker.dispatchNow();                            // the retry, sent and settled before this returns
 * assertThat(fake.accepted()).hasSize(1);
 * }</pre>
 * With an injected executor nothing polls the outbox (see {@link Tracker.Builder#executor}): in production, whoever
 * injects one calls {@code tracker.dispatchNow()} every poll interval.
 */
@FunctionalInterface
public interface QhtrackTrackerCustomizer {

    /**
     * Changes {@code builder}, which already has the starter's configuration; the starter builds it afterwards.
     *
     * @param builder the builder of the auto-configured tracker
     */
    void customize(Tracker.Builder builder);
}
