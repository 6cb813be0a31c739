package io.qhtrack.spring;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.qhtrack.core.Tracker;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/** The tracker's Micrometer meters ({@link QhtrackMeterBinder}), with Micrometer on the class path. */
@AutoConfiguration(after = QhtrackAutoConfiguration.class)
@Conditional(OnQhtrackEnabledCondition.class)
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnSingleCandidate(Tracker.class)
public class QhtrackMetricsAutoConfiguration {

    /** For Spring. */
    public QhtrackMetricsAutoConfiguration() {
    }

    /**
     * The meters, bound to every registry Spring Boot configures; unless the application has its own: a
     * {@link QhtrackMeterBinder} bean (any name), or any bean named {@code qhtrackMeterBinder}.
     */
    @Bean
    @ConditionalOnMissingBean(value = QhtrackMeterBinder.class, name = "qhtrackMeterBinder")
    public QhtrackMeterBinder qhtrackMeterBinder(Tracker tracker) {
        return new QhtrackMeterBinder(tracker);
    }
}
