package io.qhtrack.spring;

import io.qhtrack.core.Tracker;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/** The {@code qhtrack} Actuator endpoint ({@link QhtrackEndpoint}), when Actuator is there and it is exposed. */
@AutoConfiguration(after = QhtrackAutoConfiguration.class)
@Conditional(OnQhtrackEnabledCondition.class)
@ConditionalOnClass(name = {"org.springframework.boot.actuate.endpoint.annotation.Endpoint",
        "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint"})
@ConditionalOnSingleCandidate(Tracker.class)
public class QhtrackEndpointAutoConfiguration {

    /** For Spring. */
    public QhtrackEndpointAutoConfiguration() {
    }

    /** The endpoint. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(endpoint = QhtrackEndpoint.class)
    public QhtrackEndpoint qhtrackEndpoint(Tracker tracker) {
        return new QhtrackEndpoint(tracker);
    }
}
