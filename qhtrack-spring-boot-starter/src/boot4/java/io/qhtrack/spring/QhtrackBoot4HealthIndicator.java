package io.qhtrack.spring;

import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The type of qhtrack's health component, {@code qhtrackHealthIndicator}, with Spring Boot 4 (whose health API is
 * {@code org.springframework.boot.health.contributor}; on Spring Boot 2 and 3 it is {@link QhtrackHealthIndicator}). An
 * application that declares a bean of this type (any name) replaces qhtrack's, as one named
 * {@code qhtrackHealthIndicator} does.
 */
@FunctionalInterface
public interface QhtrackBoot4HealthIndicator extends HealthIndicator {
}
