package io.qhtrack.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.qhtrack.core.Tracker;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

/**
 * Every qhtrack collaborator bean backs off, by type, for one the application declares under any name: the health
 * component ({@link QhtrackHealthIndicator} on Spring Boot 2 and 3, {@code QhtrackBoot4HealthIndicator} on Spring
 * Boot 4), the meters ({@link QhtrackMeterBinder}) and the endpoint ({@link QhtrackEndpoint}); the auto-configured
 * ones keep their names. These tests run on Spring Boot 2.7, 3.5 and 4.0, whose health APIs differ: the health
 * component's type is named, not imported.
 */
class OwnCollaboratorBeansTest {

    private static final String BOOT3_HEALTH = "org.springframework.boot.actuate.health.HealthIndicator";
    private static final String BOOT4_HEALTH = "org.springframework.boot.health.contributor.HealthIndicator";

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(registered()))
            .withPropertyValues("spring.jmx.enabled=false", "management.endpoints.web.exposure.include=qhtrack");

    /** The auto-configurations the jar registers, read as Spring Boot reads them. */
    private static Class<?>[] registered() {
        String file = "/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";
        try (java.io.InputStream in = OwnCollaboratorBeansTest.class.getResourceAsStream(file)) {
            String[] names = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim().split("\\s+");
            Class<?>[] classes = new Class<?>[names.length];
            for (int i = 0; i < names.length; i++) {
                classes[i] = Class.forName(names[i]);
            }
            return classes;
        } catch (java.io.IOException | ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    /** The application's own meters and endpoint, under names of its choosing. */
    @Configuration(proxyBeanMethods = false)
    static class OwnMetersAndEndpoint {
        @Bean
        QhtrackMeterBinder shopMeters(Tracker tracker) {
            return new QhtrackMeterBinder(tracker);
        }

        @Bean
        QhtrackEndpoint shopEndpoint(Tracker tracker) {
            return new QhtrackEndpoint(tracker);
        }
    }

    /** The type of qhtrack's health component on this Spring Boot: {@code QhtrackHealthIndicator} or its Boot 4 twin. */
    @SuppressWarnings("unchecked")
    private static Class<Object> healthType() throws ClassNotFoundException {
        boolean boot4 = ClassUtils.isPresent(BOOT4_HEALTH, null);
        assumeTrue(boot4 || ClassUtils.isPresent(BOOT3_HEALTH, null), "Actuator's health API on the class path");
        return (Class<Object>) Class.forName(boot4 ? "io.qhtrack.spring.QhtrackBoot4HealthIndicator"
                : "io.qhtrack.spring.QhtrackHealthIndicator");
    }

    /** An application's health component of {@code type}, never asked for its health here. */
    private static Object ownHealth(Class<Object> type) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "toString":
                    return "the shop's own health";
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                default:
                    throw new UnsupportedOperationException(method.getName() + " is not asked for in these tests");
            }
        });
    }

    @Test
    void withoutTheApplicationsOwnTheCollaboratorsAreQhtracksUnderTheirNames() throws Exception {
        Class<Object> health = healthType();
        web.run(context -> {
            assertThat(context.getBeansOfType(health)).containsOnlyKeys("qhtrackHealthIndicator");
            assertThat(context.getBeansOfType(QhtrackMeterBinder.class)).containsOnlyKeys("qhtrackMeterBinder");
            assertThat(context.getBeansOfType(QhtrackEndpoint.class)).containsOnlyKeys("qhtrackEndpoint");
        });
    }

    @Test
    void theApplicationsOwnHealthIndicatorOfTheTypeReplacesQhtracks() throws Exception {
        Class<Object> health = healthType();
        Object own = ownHealth(health);
        web.withBean("shopHealth", health, () -> own).run(context -> {
            assertThat(context).doesNotHaveBean("qhtrackHealthIndicator");
            assertThat(context.getBeansOfType(health)).containsOnlyKeys("shopHealth");
        });
    }

    @Test
    void anotherHealthIndicatorOfTheApplicationLeavesQhtracksInPlace() throws Exception {
        Class<Object> health = healthType();
        @SuppressWarnings("unchecked")
        Class<Object> plain = (Class<Object>) health.getInterfaces()[0]; // Actuator's HealthIndicator
        web.withBean("inventoryHealth", plain, () -> ownHealth(plain))
                .run(context -> assertThat(context).hasBean("qhtrackHealthIndicator").hasBean("inventoryHealth"));
    }

    @Test
    void theApplicationsOwnMeterBinderOfTheTypeReplacesQhtracks() {
        web.withUserConfiguration(OwnMetersAndEndpoint.class).run(context -> {
            assertThat(context).doesNotHaveBean("qhtrackMeterBinder");
            assertThat(context.getBeansOfType(QhtrackMeterBinder.class)).containsOnlyKeys("shopMeters");
        });
    }

    @Test
    void theApplicationsOwnEndpointOfTheTypeReplacesQhtracks() {
        web.withUserConfiguration(OwnMetersAndEndpoint.class).run(context -> {
            assertThat(context).doesNotHaveBean("qhtrackEndpoint");
            assertThat(context.getBeansOfType(QhtrackEndpoint.class)).containsOnlyKeys("shopEndpoint");
        });
    }
}
