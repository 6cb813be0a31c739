package io.qhtrack.spring;

import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * The type of qhtrack's health component, {@code qhtrackHealthIndicator} (Spring Boot 2 and 3's Actuator): UP with
 * delivery trouble in its details, DOWN on trouble only with {@code qhtrack.health.down-on-delivery-trouble=true}. An
 * application that declares a bean of this type (any name) replaces qhtrack's, as one named
 * {@code qhtrackHealthIndicator} does:
 *
 * <pre>{@code
 * @Bean
 * QhtrackHealthIndicator qhtrackHealth() {
 *     return () -> Health.up().withDetail("reporting", "by the shop's own rules").build();
 * }
 * }</pre>
 */
@FunctionalInterface
public interface QhtrackHealthIndicator extends HealthIndicator {
}
