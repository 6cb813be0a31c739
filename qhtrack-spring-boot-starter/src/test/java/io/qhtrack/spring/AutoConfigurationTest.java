package io.qhtrack.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.Click;
import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.DeliveryListener;
import io.qhtrack.core.Event;
import io.qhtrack.core.ProductLine;
import io.qhtrack.core.Setting;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.core.Tracker;
import io.qhtrack.filter.CaptureOptions;
import io.qhtrack.filter.ClickIdCaptureFilter;
import io.qhtrack.filter.ConversionTriggerFilter;
import io.qhtrack.filter.ReportConversion;
import io.qhtrack.testkit.Fake360;
import jakarta.servlet.DispatcherType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** Every condition and back-off of the auto-configuration, in application contexts without a web server. */
class AutoConfigurationTest {

    /** The auto-configurations the jar registers, read as Spring Boot reads them. */
    private static final AutoConfigurations QHTRACK = AutoConfigurations.of(registered());

    private static Class<?>[] registered() {
        String file = "/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";
        try (java.io.InputStream in = AutoConfigurationTest.class.getResourceAsStream(file)) {
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

    @Test
    void theJarRegistersItsAutoConfigurations() {
        assertThat(registered()).contains(QhtrackAutoConfiguration.class, QhtrackWebAutoConfiguration.class,
                QhtrackHealthAutoConfiguration.class, QhtrackMetricsAutoConfiguration.class,
                QhtrackEndpointAutoConfiguration.class);
    }

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(QHTRACK).withPropertyValues("spring.jmx.enabled=false");

    @Test
    void registersTheCaptureFilterFirstAndTheTriggerFilterRightAfterIt() {
        web.run(context -> {
            FilterRegistrationBean<?> capture = context.getBean("qhtrackCaptureFilter", FilterRegistrationBean.class);
            FilterRegistrationBean<?> trigger = context.getBean("qhtrackTriggerFilter", FilterRegistrationBean.class);

            assertThat(capture.getFilter()).isInstanceOf(ClickIdCaptureFilter.class);
            // after Spring Session's filter (HIGHEST_PRECEDENCE + 50), before HiddenHttpMethodFilter (-10000)
            assertThat(capture.getOrder()).isEqualTo(QhtrackWebAutoConfiguration.CAPTURE_FILTER_ORDER)
                    .isGreaterThan(org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 50).isLessThan(-10000);
            assertThat(capture.getUrlPatterns()).containsExactly("/*");
            assertThat(capture.isAsyncSupported()).isTrue();
            assertThat(trigger.getFilter()).isInstanceOf(ConversionTriggerFilter.class);
            assertThat(trigger.getOrder()).isEqualTo(capture.getOrder() + 1);
            assertThat(trigger.getUrlPatterns()).containsExactly("/*");
        });
    }

    @Test
    void bothFiltersSeeRequestDispatchesOnly() {
        web.run(context -> {
            for (String name : new String[] {"qhtrackCaptureFilter", "qhtrackTriggerFilter"}) {
                FilterRegistrationBean<?> bean = context.getBean(name, FilterRegistrationBean.class);
                // the field every Spring Boot generation has (the public accessor came with 3.0)
                java.lang.reflect.Field types = org.springframework.boot.web.servlet.AbstractFilterRegistrationBean.class
                        .getDeclaredField("dispatcherTypes");
                types.setAccessible(true);
                assertThat(types.get(bean)).as(name).isEqualTo(EnumSet.of(DispatcherType.REQUEST));
            }
        });
    }

    @Test
    void theFiltersGetTheEnvironmentsFilterSettingsButNoSecret() {
        web.withPropertyValues("qhtrack.cookie.domain=example.com.cn", "qhtrack.search.key=k",
                "qhtrack.search.secret=s3cr3t-value").run(context -> {
                    FilterRegistrationBean<?> capture = context.getBean("qhtrackCaptureFilter",
                            FilterRegistrationBean.class);
                    FilterRegistrationBean<?> trigger = context.getBean("qhtrackTriggerFilter",
                            FilterRegistrationBean.class);
                    CaptureOptions options = context.getBean(CaptureOptions.class);
                    assertThat(options.toString()).contains("Domain=example.com.cn").doesNotContain("s3cr3t-value");
                    // bound once: the filters are constructed with the options, no init-parameter relays them
                    assertThat(capture.getInitParameters()).isEmpty();
                    assertThat(trigger.getInitParameters()).isEmpty();
                });
    }

    @Test
    void theApplicationsOwnOutboxCredentialResolverAndCaptureOptionsReplaceTheStartersBeans() {
        io.qhtrack.core.spi.Outbox own = io.qhtrack.core.Outboxes.inMemory(7);
        io.qhtrack.core.spi.CredentialResolver resolver = (tenant, platform, line) -> java.util.Optional.empty();
        CaptureOptions captureOptions = CaptureOptions.from(io.qhtrack.core.Settings.of(
                Map.of("qhtrack.cookie.name", "own_click")));
        web.withBean(io.qhtrack.core.spi.Outbox.class, () -> own)
                .withBean(io.qhtrack.core.spi.CredentialResolver.class, () -> resolver)
                .withBean(CaptureOptions.class, () -> captureOptions)
                .withPropertyValues("qhtrack.search.key=k", "qhtrack.search.secret=s").run(context -> {
                    Tracker tracker = context.getBean(Tracker.class);
                    assertThat(tracker.outbox()).isSameAs(own);
                    assertThat(tracker.credentialResolver()).isSameAs(resolver);
                    assertThat(tracker.configuredLines()).as("the resolver gives none").isEmpty();
                    assertThat(context.getBean(CaptureOptions.class)).isSameAs(captureOptions);
                });
    }

    @Test
    void environmentVariablesAreReadUnderTheirUsualNames() {
        web.withInitializer(c -> c.getEnvironment().getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("QHTRACK_COOKIE_SAME_SITE", "Strict", "QHTRACK_COOKIE_MAX_AGE", "P7D")))).run(context -> {
                    SpringSettings settings = context.getBean(SpringSettings.class);
                    assertThat(settings.get(Setting.COOKIE_SAME_SITE)).hasValue("Strict");
                    assertThat(settings.get(Setting.COOKIE_MAX_AGE)).hasValue("P7D");
                });
    }

    @Test
    void relaxedNamesAndListsAreRead() {
        web.withPropertyValues("qhtrack.cookie.maxAge=PT12H", "qhtrack.triggers[0]=POST /lead=SUBMIT",
                "qhtrack.triggers[1]=POST /order=ORDER").run(context -> {
                    assertThat(context).hasNotFailed();
                    SpringSettings settings = context.getBean(SpringSettings.class);
                    assertThat(settings.get(Setting.COOKIE_MAX_AGE)).hasValue("PT12H");
                    assertThat(settings.get(Setting.TRIGGERS)).hasValue("POST /lead=SUBMIT,POST /order=ORDER");
                });
    }

    @Test
    void theTrackerIsABeanInstalledInTheServletContextAndStoppedWithTheContext() {
        web.run(context -> {
            Tracker tracker = context.getBean(Tracker.class);
            assertThat(context).hasBean("qhtrackTrackerInstaller");
            SmartLifecycle lifecycle = context.getBean(TrackerLifecycle.class);
            assertThat(lifecycle.isRunning()).isTrue();
            assertThat(lifecycle.getPhase()).isLessThan(Integer.MAX_VALUE - 2048);
            context.close();
            assertThat(lifecycle.isRunning()).isFalse();
            assertThat(tracker.report(Click.of(ProductLine.PC_SEARCH, "1234567890", Instant.now()),
                    Conversion.builder(Event.CALL).build()).status()).isEqualTo(TrackOutcome.Status.STOPPED);
        });
    }

    @Test
    void deliveryListenerBeansAreToldOfDeliveries() {
        AtomicInteger told = new AtomicInteger();
        try (Fake360 fake = Fake360.builder().credentials("search-key", "search-secret").start()) {
            web.withBean(DeliveryListener.class, () -> e -> told.incrementAndGet())
                    .withBean(QhtrackTrackerCustomizer.class, () -> b -> b.executor(Runnable::run))
                    .withPropertyValues("qhtrack.endpoint=" + fake.endpoint(), "qhtrack.search.key=search-key",
                            "qhtrack.search.secret=search-secret")
                    .run(context -> {
                        Tracker tracker = context.getBean(Tracker.class);
                        assertThat(tracker.report(Click.of(ProductLine.PC_SEARCH, "93565963310061114", Instant.now()),
                                Conversion.builder(Event.CALL).build()).status()).isEqualTo(TrackOutcome.Status.QUEUED);
                        // delivered synchronously: sent and settled before report returned
                        assertThat(fake.accepted()).hasSize(1);
                        assertThat(told.get()).as("the listener bean is told of the delivery").isEqualTo(1);
                    });
        }
    }

    @Test
    void backsOffWhenTheApplicationHasItsOwnTracker() {
        Tracker own = Tracker.builder().name("own").jmx(false).build();
        try {
            web.withBean("ownTracker", Tracker.class, () -> own, d -> d.setDestroyMethodName("")).run(context -> {
                assertThat(context).hasSingleBean(Tracker.class);
                assertThat(context.getBean(Tracker.class)).isSameAs(own);
                assertThat(context).doesNotHaveBean("qhtrackTracker").doesNotHaveBean(TrackerLifecycle.class);
                assertThat(context).hasBean("qhtrackTrackerInstaller").hasBean("qhtrackCaptureFilter");
            });
        } finally {
            own.close();
        }
    }

    @Test
    void backsOffWhenTheApplicationRegistersTheCaptureFilterItself() {
        web.withUserConfiguration(OwnCaptureRegistration.class).run(context -> assertThat(context)
                .doesNotHaveBean("qhtrackCaptureFilter").hasBean("myCapture").hasBean("qhtrackTriggerFilter"));
    }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class OwnCaptureRegistration {
        @org.springframework.context.annotation.Bean
        FilterRegistrationBean<ClickIdCaptureFilter> myCapture() {
            return new FilterRegistrationBean<>(new ClickIdCaptureFilter());
        }
    }

    @Test
    void backsOffWhenTheApplicationHasTheCaptureFilterAsABean() {
        web.withBean(ClickIdCaptureFilter.class).run(context -> assertThat(context)
                .doesNotHaveBean("qhtrackCaptureFilter").hasBean("qhtrackTriggerFilter"));
    }

    @Test
    void backsOffWhenTheApplicationRegistersTheTriggerFilterItself() {
        web.withBean(ConversionTriggerFilter.class).run(context -> assertThat(context)
                .doesNotHaveBean("qhtrackTriggerFilter").hasBean("qhtrackCaptureFilter"));
    }

    @Test
    void qhtrackEnabledFalseSwitchesEverythingOff() {
        web.withPropertyValues("qhtrack.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(Tracker.class).doesNotHaveBean(SpringSettings.class)
                    .doesNotHaveBean("qhtrackCaptureFilter").doesNotHaveBean("qhtrackTriggerFilter")
                    .doesNotHaveBean("qhtrackHealthIndicator").doesNotHaveBean("qhtrackMeterBinder")
                    .doesNotHaveBean(QhtrackEndpoint.class).doesNotHaveBean(ServletContextInitializer.class);
        });
    }

    @Test
    void aValueOfQhtrackEnabledThatIsNotABooleanFailsInsteadOfSwitchingOff() {
        web.withPropertyValues("qhtrack.enabled=yes").run(context -> assertThat(configurationFailure(context.getStartupFailure()))
                .hasMessageContaining("qhtrack.enabled").hasMessageContaining("'yes'"));
    }

    @Test
    void outsideAWebApplicationThereIsATrackerButNoFilter() {
        new ApplicationContextRunner().withConfiguration(QHTRACK).withPropertyValues("spring.jmx.enabled=false")
                .run(context -> {
                    assertThat(context).hasSingleBean(Tracker.class);
                    assertThat(context).doesNotHaveBean("qhtrackCaptureFilter")
                            .doesNotHaveBean("qhtrackTrackerInstaller");
                });
    }

    @Test
    void withoutSpringMvcTheFiltersStayAndTheHandlerSupportGoes() {
        web.withClassLoader(new FilteredClassLoader("org.springframework.web.servlet")).run(context -> {
            assertThat(context).hasBean("qhtrackCaptureFilter");
            assertThat(context).doesNotHaveBean(ReportConversionInterceptor.class)
                    .doesNotHaveBean("qhtrackWebMvcConfigurer");
        });
    }

    @Test
    void withSpringMvcHandlerSupportIsConfigured() {
        web.run(context -> assertThat(context).hasSingleBean(ReportConversionInterceptor.class)
                .hasBean("qhtrackWebMvcConfigurer"));
    }

    @Test
    void theHealthComponentIsThereWithActuatorAndOffWhenDisabled() {
        web.run(context -> assertThat(context).hasBean("qhtrackHealthIndicator"));
        web.withPropertyValues("management.health.qhtrack.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("qhtrackHealthIndicator"));
    }

    @Test
    void withoutActuatorThereIsNoHealthComponentNorEndpoint() {
        web.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate", "org.springframework.boot.health"))
                .run(context -> {
                    assertThat(context).hasSingleBean(Tracker.class);
                    assertThat(context).doesNotHaveBean("qhtrackHealthIndicator").doesNotHaveBean(QhtrackEndpoint.class);
                });
    }

    @Test
    void theMetersNeedMicrometer() {
        web.run(context -> assertThat(context).hasBean("qhtrackMeterBinder"));
        web.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
                .run(context -> assertThat(context).doesNotHaveBean("qhtrackMeterBinder"));
    }

    @Test
    void theEndpointIsThereOnlyWhenExposed() {
        web.run(context -> assertThat(context).doesNotHaveBean(QhtrackEndpoint.class));
        web.withPropertyValues("management.endpoints.web.exposure.include=qhtrack")
                .run(context -> assertThat(context).hasSingleBean(QhtrackEndpoint.class));
    }

    @Test
    void theJdbcOutboxUsesTheApplicationsDataSource() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:app-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        web.withBean(DataSource.class, () -> h2).withPropertyValues("qhtrack.outbox=jdbc").run(context -> {
            Tracker tracker = context.getBean(Tracker.class);
            assertThat(tracker.outbox().toString()).contains("data source " + JdbcDataSource.class.getName());
            try (Connection c = h2.getConnection();
                 ResultSet tables = c.getMetaData().getTables(null, null, "QHTRACK_OUTBOX", null)) {
                assertThat(tables.next()).as("the outbox table is in the application's database").isTrue();
            }
        });
    }

    @Test
    void theJdbcOutboxWithoutADataSourceFailsNamingTheSetting() {
        web.withPropertyValues("qhtrack.outbox=jdbc").run(context -> assertThat(configurationFailure(context.getStartupFailure()))
                .hasMessageStartingWith("qhtrack.outbox: jdbc needs a database"));
    }

    @Test
    void aBadFilterSettingFailsTheContextBeforeAnyServerStarts() {
        web.withPropertyValues("qhtrack.cookie.same-site=Laxx").run(context -> assertThat(configurationFailure(context.getStartupFailure()))
                .hasMessageContaining("qhtrack.cookie.same-site").hasMessageContaining("Laxx"));
    }

    @Test
    void aBadTrackerSettingFailsTheContext() {
        web.withPropertyValues("qhtrack.endpoint=ftp://example.com/upload").run(context ->
                assertThat(configurationFailure(context.getStartupFailure())).hasMessageStartingWith("qhtrack.endpoint"));
    }

    @Test
    void anUnknownQhtrackNameFailsTheContextWithTheClosestSetting() {
        web.withPropertyValues("qhtrack.serach.key=k").run(context -> assertThat(configurationFailure(context.getStartupFailure()))
                .hasMessageContaining("qhtrack.serach.key: not a qhtrack setting (did you mean qhtrack.search.key?)"));
    }

    @Test
    void anUnknownQhtrackEnvironmentVariableIsLeftToOtherSoftware() {
        web.withInitializer(c -> c.getEnvironment().getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of("QHTRACK_DEMO_DASHBOARD", "true"))))
                .run(context -> assertThat(context).hasNotFailed());
    }

    /** The ConfigurationException that failed the context, wherever it is in the chain of causes. */
    static ConfigurationException configurationFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationException) {
                return (ConfigurationException) t;
            }
        }
        throw new AssertionError("no ConfigurationException in " + failure, failure);
    }

    @Test
    void aBadHealthThresholdFailsTheContext() {
        web.withPropertyValues("qhtrack.health.max-pending-age=-PT1M").run(context ->
                assertThat(configurationFailure(context.getStartupFailure())).hasMessageStartingWith("qhtrack.health.max-pending-age"));
    }

    @Test
    void aDownOnDeliveryTroubleThatIsNotABooleanFailsTheContext() {
        web.withPropertyValues("qhtrack.health.down-on-delivery-trouble=sometimes").run(context ->
                assertThat(configurationFailure(context.getStartupFailure()))
                        .hasMessageStartingWith("qhtrack.health.down-on-delivery-trouble")
                        .hasMessageContaining("'sometimes'"));
    }

    @Test
    void aReportConversionThatCanNeverReportFailsTheContext() {
        web.withBean(RequestMappingHandlerMapping.class).withBean(GetOnly.class).run(context ->
                assertThat(context.getStartupFailure()).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("@ReportConversion(SUBMIT) on")
                        .hasMessageContaining("mapped to [GET] only")
                        .hasMessageContaining("methods = \"GET\""));
    }

    @Test
    void aReportConversionNamingTheMappedMethodIsFine() {
        web.withBean(RequestMappingHandlerMapping.class).withBean(GetNamed.class)
                .run(context -> assertThat(context).hasNotFailed());
    }

    @RestController
    static class GetOnly {
        @GetMapping("/download")
        @ReportConversion(Event.SUBMIT)
        public String download() {
            return "file";
        }
    }

    @RestController
    static class GetNamed {
        @GetMapping("/download")
        @ReportConversion(value = Event.SITEDOWNLOAD, methods = "GET")
        public String download() {
            return "file";
        }
    }
}
