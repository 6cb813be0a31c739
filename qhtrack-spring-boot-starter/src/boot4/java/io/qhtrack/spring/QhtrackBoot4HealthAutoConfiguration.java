package io.qhtrack.spring;

import io.qhtrack.core.Tracker;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code qhtrack} health component ({@link QhtrackHealth}) with Spring Boot 4, whose health API moved to
 * {@code org.springframework.boot.health.contributor} (module {@code spring-boot-health}); the only class of this
 * starter compiled against Spring Boot 4, with {@link QhtrackBoot4HealthIndicator}. UP with delivery trouble in its details, DOWN on trouble only with
 * {@code qhtrack.health.down-on-delivery-trouble=true}; {@code management.health.qhtrack.enabled=false} leaves it out,
 * and a bean of the application's of type {@link QhtrackBoot4HealthIndicator} (or named {@code qhtrackHealthIndicator})
 * replaces it.
 */
@AutoConfiguration(after = QhtrackAutoConfiguration.class)
@Conditional(OnQhtrackEnabledCondition.class)
@ConditionalOnClass(name = {"org.springframework.boot.health.contributor.HealthIndicator",
        "org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator"})
public class QhtrackBoot4HealthAutoConfiguration {

    /** For Spring. */
    public QhtrackBoot4HealthAutoConfiguration() {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnSingleCandidate(Tracker.class)
    @ConditionalOnEnabledHealthIndicator("qhtrack")
    static class Indicator {

        /** Unless the application has its own: a bean of this type, or any bean of this name. */
        @Bean
        @ConditionalOnMissingBean(value = QhtrackBoot4HealthIndicator.class, name = "qhtrackHealthIndicator")
        QhtrackBoot4HealthIndicator qhtrackHealthIndicator(Tracker tracker, SpringSettings settings) {
            QhtrackHealth health = QhtrackHealth.of(tracker, settings);
            return () -> {
                QhtrackHealth.Report report = health.check();
                return (report.up ? Health.up() : Health.down()).withDetails(report.details).build();
            };
        }
    }
}
