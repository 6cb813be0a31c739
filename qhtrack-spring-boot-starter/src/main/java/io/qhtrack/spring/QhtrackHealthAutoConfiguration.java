package io.qhtrack.spring;

import io.qhtrack.core.Tracker;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code qhtrack} health component ({@link QhtrackHealth}) with Spring Boot 2 and 3's Actuator
 * ({@code org.springframework.boot.actuate.health}): UP with delivery trouble in its details, DOWN on trouble only with
 * {@code qhtrack.health.down-on-delivery-trouble=true}; {@code management.health.qhtrack.enabled=false} leaves it out,
 * and a bean of the application's of type {@link QhtrackHealthIndicator} (or named {@code qhtrackHealthIndicator})
 * replaces it.
 */
@AutoConfiguration(after = QhtrackAutoConfiguration.class)
@Conditional(OnQhtrackEnabledCondition.class)
@ConditionalOnClass(name = {"org.springframework.boot.actuate.health.HealthIndicator",
        "org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator"})
public class QhtrackHealthAutoConfiguration {

    /** For Spring. */
    public QhtrackHealthAutoConfiguration() {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnSingleCandidate(Tracker.class)
    @ConditionalOnEnabledHealthIndicator("qhtrack")
    static class Indicator {

        /** Unless the application has its own: a bean of this type, or any bean of this name. */
        @Bean
        @ConditionalOnMissingBean(value = QhtrackHealthIndicator.class, name = "qhtrackHealthIndicator")
        QhtrackHealthIndicator qhtrackHealthIndicator(Tracker tracker, SpringSettings settings) {
            QhtrackHealth health = QhtrackHealth.of(tracker, settings);
            return () -> {
                QhtrackHealth.Report report = health.check();
                return (report.up ? Health.up() : Health.down()).withDetails(report.details).build();
            };
        }
    }
}
