package io.qhtrack.spring;

import io.qhtrack.core.Tracker;
import io.qhtrack.filter.FilterSettings;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Checks every qhtrack setting as soon as the bean definitions are known, before any bean is created and before the
 * embedded web server starts: a bad value stops start-up with {@link QhtrackFailureAnalyzer}'s report naming it,
 * not somewhere inside the web server's start.
 */
final class SettingsCheck implements BeanFactoryPostProcessor, EnvironmentAware {

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        SpringSettings settings = SpringSettings.of(environment).validate();
        Tracker.builder().settings(settings);
        FilterSettings.check(settings);
    }
}
