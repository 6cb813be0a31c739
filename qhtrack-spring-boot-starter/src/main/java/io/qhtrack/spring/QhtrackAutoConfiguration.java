package io.qhtrack.spring;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.DeliveryListener;
import io.qhtrack.core.Outboxes;
import io.qhtrack.core.Setting;
import io.qhtrack.core.Tracker;
import io.qhtrack.core.internal.PlatformRegistry;
import io.qhtrack.core.jdbc.TransactionJoiner;
import io.qhtrack.core.spi.CredentialResolver;
import io.qhtrack.core.spi.Outbox;
import io.qhtrack.core.spi.Platform;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The {@link Tracker}, configured from Spring's {@code Environment} ({@link SpringSettings}), as a bean whose life is
 * the application context's: built at start-up (a bad setting fails start-up, naming it), drained when the context
 * closes, after the web server's graceful shutdown. It stands aside when the application defines its own
 * {@code Tracker} bean, and everything qhtrack configures is off with {@code qhtrack.enabled=false}.
 *
 * <p>With {@code qhtrack.outbox=jdbc} and neither {@code qhtrack.outbox.jdbc-url} nor {@code qhtrack.outbox.jndi},
 * the JDBC outbox uses the application's {@code DataSource} (its pool: no second one), and a conversion reported in a
 * Spring transaction on it joins that transaction ({@link SpringTransactionJoiner}). {@link DeliveryListener} beans
 * are added to the tracker, its {@link Outbox} and {@link CredentialResolver} are beans the application may replace
 * with its own, and {@link Platform} beans are its platforms beside the class path's (one of the same id
 * replaces the class path's), configured with the same settings. {@link QhtrackTrackerCustomizer} beans change the
 * tracker's builder last (a synchronous executor and a movable clock in tests, for instance).
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",   // Spring Boot 2 and 3
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"})  // Spring Boot 4
@Conditional(OnQhtrackEnabledCondition.class)
public class QhtrackAutoConfiguration {

    /** For Spring. */
    public QhtrackAutoConfiguration() {
    }

    /** Checks the settings before any bean is created (and so before the web server starts). */
    @Bean
    static SettingsCheck qhtrackSettingsCheck() {
        return new SettingsCheck();
    }

    /** qhtrack's settings from the environment. */
    @Bean
    @ConditionalOnMissingBean
    public SpringSettings qhtrackSettings(Environment environment) {
        return SpringSettings.of(environment);
    }

    /**
     * The tracker and its lifecycle, unless the application has its own tracker; its outbox and credential resolver
     * are beans an application may replace.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(Tracker.class)
    static class TrackerConfiguration {

        /**
         * The outbox {@code qhtrack.outbox} asks for ({@link Outboxes#create}), on the application's
         * {@code DataSource} when {@code jdbc} names no other database; the tracker closes it.
         */
        @Bean(destroyMethod = "")
        @ConditionalOnMissingBean
        Outbox qhtrackOutbox(SpringSettings settings, ObjectProvider<DataSource> dataSources) {
            return outbox(settings, dataSources);
        }

        /** The credentials of the settings, read once (a line configured in part fails start-up, naming it). */
        @Bean
        @ConditionalOnMissingBean
        CredentialResolver qhtrackCredentialResolver(SpringSettings settings, ObjectProvider<Platform> platforms) {
            return CredentialResolver.fromSettings(PlatformRegistry.configure(
                    platforms.orderedStream().collect(Collectors.toList()), settings).all(), settings);
        }

        /**
         * The tracker of the settings, the platforms, the two beans above and the {@link DeliveryListener} beans, then
         * changed by the {@link QhtrackTrackerCustomizer} beans in order (so a customizer wins over a setting).
         */
        @Bean(destroyMethod = "")
        Tracker qhtrackTracker(SpringSettings settings, Outbox qhtrackOutbox, CredentialResolver credentials,
                ObjectProvider<DeliveryListener> listeners, ObjectProvider<Platform> platforms,
                ObjectProvider<QhtrackTrackerCustomizer> customizers) {
            Tracker.Builder builder = Tracker.builder().name(settings.applicationName())
                    .platform(platforms.orderedStream().toArray(Platform[]::new)).settings(settings)
                    .credentialResolver(credentials).listener(new DeliveryLog());
            listeners.orderedStream().forEach(builder::listener);
            try {
                builder.outbox(qhtrackOutbox);
                customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
                return builder.build();
            } catch (RuntimeException e) {
                qhtrackOutbox.close();
                throw e;
            }
        }

        @Bean
        TrackerLifecycle qhtrackTrackerLifecycle(Tracker qhtrackTracker) {
            // qhtrack.drain-timeout was read once, into the tracker's options
            return new TrackerLifecycle(qhtrackTracker, qhtrackTracker.options().drainTimeout());
        }
    }

    /** The outbox {@code qhtrack.outbox} asks for; the JDBC outbox on the application's DataSource when no other. */
    static Outbox outbox(SpringSettings s, ObjectProvider<DataSource> dataSources) {
        boolean jdbc = Outboxes.JDBC.equalsIgnoreCase(s.get(Setting.OUTBOX).orElse(Outboxes.MEMORY));
        boolean ownDatabase = s.get(Setting.OUTBOX_JDBC_URL).isPresent() || s.get(Setting.OUTBOX_JNDI).isPresent();
        DataSource dataSource = jdbc && !ownDatabase ? dataSources.getIfUnique() : null;
        if (jdbc && !ownDatabase && dataSource == null) {
            throw new ConfigurationException(Setting.OUTBOX, "jdbc needs a database, and the application has no "
                    + "DataSource bean (or several, none @Primary): add spring-boot-starter-jdbc and "
                    + "spring.datasource.url, or set " + Setting.OUTBOX_JDBC_URL);
        }
        // a report in a Spring transaction on the application's DataSource joins it
        TransactionJoiner joiner = dataSource != null
                && SpringTransactionJoiner.isAvailable(QhtrackAutoConfiguration.class.getClassLoader())
                ? new SpringTransactionJoiner(dataSource) : null;
        return Outboxes.create(s, Optional.ofNullable(dataSource), joiner);
    }
}
