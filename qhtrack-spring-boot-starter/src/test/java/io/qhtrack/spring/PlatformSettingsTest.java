package io.qhtrack.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.Click;
import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Event;
import io.qhtrack.core.Tracker;
import io.qhtrack.core.spi.CredentialSet;
import io.qhtrack.core.spi.Line;
import io.qhtrack.core.spi.Platform;
import io.qhtrack.core.spi.PlatformEvent;
import io.qhtrack.platform.baidu.Baidu;
import io.qhtrack.platform.tencent.Tencent;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * A platform's own settings ({@code Platform.settings()}: Baidu's, Tencent's, 360's) are accepted, bound and reach the
 * platform under Spring Boot, secrets included, in every form Spring reads: properties, the map form of event
 * overrides ({@code qhtrack.baidu.events.PAY=10}) and environment variables. Baidu and Tencent are given as
 * {@link Platform} beans, the way an application adds a platform the class path does not register.
 */
class PlatformSettingsTest {

    private static final String BAIDU_TOKEN = "Baidu-Token-Secret-7";

    @Configuration(proxyBeanMethods = false)
    static class WithBaiduAndTencent {
        @Bean
        Platform baidu() {
            return new Baidu();
        }

        @Bean
        Platform tencent() {
            return new Tencent();
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(QhtrackAutoConfiguration.class))
            .withUserConfiguration(WithBaiduAndTencent.class)
            .withPropertyValues("spring.jmx.enabled=false", "qhtrack.drain-timeout=PT0S");

    private static Platform platform(AssertableApplicationContext context, String id) {
        Optional<Platform> p = context.getBean(Tracker.class).platform(id);
        assertThat(p).as(id).isPresent();
        return p.get();
    }

    private static String wireNameOf(Platform platform, Event event) {
        return platform.events().map(event, Line.single()).map(PlatformEvent::wireName).orElse("not offered");
    }

    @Test
    void baidusTokenFromTheApplicationsPropertiesReachesTheResolverAndTurnsBaiduOn() {
        runner.withPropertyValues("qhtrack.baidu.token=" + BAIDU_TOKEN).run(context -> {
            assertThat(context).hasNotFailed();
            Platform baidu = platform(context, "baidu");
            assertThat(baidu.enabled()).isTrue();
            Optional<CredentialSet> credentials = context.getBean(Tracker.class).credentialResolver()
                    .resolve(Click.DEFAULT_TENANT, baidu, Line.single());
            assertThat(credentials).isPresent();
            assertThat(credentials.get().secret("token")).contains(BAIDU_TOKEN);
            assertThat(context.getBean(SpringSettings.class).toString()).doesNotContain(BAIDU_TOKEN);
            assertThat(context.getBean(Tracker.class).toString()).doesNotContain(BAIDU_TOKEN);
        });
    }

    @Test
    void theMapFormOfEventOverridesIsBoundAsTheListForm() {
        runner.withPropertyValues("qhtrack.baidu.token=t", "qhtrack.baidu.events.PAY=10",
                "qhtrack.baidu.events.WX_BUTTON_C=").run(context -> {
                    assertThat(context).hasNotFailed();
                    Platform baidu = platform(context, "baidu");
                    assertThat(wireNameOf(baidu, Event.PAY)).isEqualTo("10");
                    assertThat(wireNameOf(baidu, Event.WX_BUTTON_C)).isEqualTo("not offered");
                    assertThat(wireNameOf(baidu, Event.SUBMIT)).isEqualTo("3"); // the default stays
                });
    }

    @Test
    void theListFormAndTheMapFormAddUp() {
        runner.withPropertyValues("qhtrack.baidu.token=t", "qhtrack.baidu.events=SUBMIT=5",
                "qhtrack.baidu.events.PAY=10").run(context -> {
                    assertThat(context).hasNotFailed();
                    Platform baidu = platform(context, "baidu");
                    assertThat(wireNameOf(baidu, Event.SUBMIT)).isEqualTo("5");
                    assertThat(wireNameOf(baidu, Event.PAY)).isEqualTo("10");
                });
    }

    @Test
    void tencentsMapFormIsBoundToo() {
        runner.withPropertyValues("qhtrack.tencent.events.SUBMIT=LEAVE_INFORMATION").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(wireNameOf(platform(context, "tencent"), Event.SUBMIT)).isEqualTo("LEAVE_INFORMATION");
        });
    }

    @Test
    void environmentVariablesGiveThePlatformsSettingsAndTheMapForm() {
        Map<String, Object> env = Map.of("QHTRACK_BAIDU_TOKEN", BAIDU_TOKEN, "QHTRACK_BAIDU_EVENTS_PAY", "10");
        runner.withInitializer(c -> c.getEnvironment().getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env))).run(context -> {
                    assertThat(context).hasNotFailed();
                    Platform baidu = platform(context, "baidu");
                    assertThat(baidu.enabled()).isTrue();
                    assertThat(wireNameOf(baidu, Event.PAY)).isEqualTo("10");
                });
    }

    @Test
    void aMisspelledPlatformSettingFailsStartUpSuggestingTheRightName() {
        runner.withPropertyValues("qhtrack.baidu.tokn=t").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context)).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("qhtrack.baidu.tokn: not a qhtrack setting (did you mean "
                            + "qhtrack.baidu.token?)");
        });
    }

    @Test
    void onlyEventOverridesTakeTheMapForm() {
        runner.withPropertyValues("qhtrack.baidu.token.extra=x").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context)).hasMessageContaining("qhtrack.baidu.token.extra: not a qhtrack setting");
        });
    }

    @Test
    void anUnknownEventInTheMapFormFailsStartUpNamingTheSetting() {
        runner.withPropertyValues("qhtrack.baidu.token=t", "qhtrack.baidu.events.NO_SUCH_EVENT=10").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context)).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("qhtrack.baidu.events").hasMessageContaining("NO_SUCH_EVENT");
        });
    }

    @Test
    void threeSixtysSettingsAreAcceptedFromTheApplicationsProperties() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(QhtrackAutoConfiguration.class))
                .withPropertyValues("spring.jmx.enabled=false", "qhtrack.search.key=k",
                        "qhtrack.search.secret=Search-Secret-9", "qhtrack.search.device=pc")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(Tracker.class).configuredLines()).isNotEmpty();
                });
    }

    @Test
    void everyRegisteredPlatformsSettingIsKnown() {
        assertThat(SpringSettings.knownKeys(Collections.emptyList())).contains("qhtrack.endpoint",
                "qhtrack.search.key", "qhtrack.search.secret", "qhtrack.outbox", "qhtrack.triggers");
        assertThat(SpringSettings.knownKeys(java.util.List.of(new Baidu(), new Tencent()))).contains(
                "qhtrack.baidu.token", "qhtrack.baidu.events", "qhtrack.tencent.access-token", "qhtrack.tencent.rate");
    }

    private static Throwable rootCause(AssertableApplicationContext context) {
        Throwable t = context.getStartupFailure();
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
