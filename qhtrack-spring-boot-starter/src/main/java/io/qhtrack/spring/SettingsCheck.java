package io.qhtrack.spring;

import io.qhtrack.core.Tracker;
import io.qhtrack.core.spi.Platform;
import io.qhtrack.filter.FilterSettings;
import java.util.ArrayList;
import java.util.List;
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
        // the application's own platforms (beans) declare settings too; a Platform is an immutable value, cheap to make
        List<Platform> platforms = new ArrayList<>(beanFactory.getBeansOfType(Platform.class, false, false).values());
        SpringSettings settings = SpringSettings.of(environment).validate(platforms);
        Tracker.builder().platform(platforms.toArray(new Platform[0])).settings(settings);
        FilterSettings.check(settings);
    }
}
