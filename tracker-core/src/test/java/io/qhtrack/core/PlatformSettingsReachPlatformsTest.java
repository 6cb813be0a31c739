package io.qhtrack.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.spi.CredentialSet;
import io.qhtrack.core.spi.Line;
import io.qhtrack.core.spi.Platform;
import io.qhtrack.core.spi.PlatformEvent;
import io.qhtrack.platform.baidu.Baidu;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * In plain Java, a platform's own settings reach it, its secret included, from every source a deployment uses: a
 * map (programmatic), system-property style names, and environment variables; event overrides in the list form and
 * the map form ({@code qhtrack.baidu.events.PAY=10}, {@code QHTRACK_BAIDU_EVENTS_PAY=10}).
 */
class PlatformSettingsReachPlatformsTest {

    private static final String TOKEN = "Baidu-Token-Secret-5";

    private static Settings source(String form) {
        switch (form) {
            case "map form":
                return Settings.of(Map.of("qhtrack.baidu.token", TOKEN, "qhtrack.baidu.events.PAY", "10"));
            case "list form":
                return Settings.of(Map.of("qhtrack.baidu.token", TOKEN, "qhtrack.baidu.events", "PAY=10"));
            case "environment":
                return Settings.environment(Map.of("QHTRACK_BAIDU_TOKEN", TOKEN, "QHTRACK_BAIDU_EVENTS_PAY", "10"));
            default:
                throw new IllegalArgumentException(form);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"map form", "list form", "environment"})
    void baidusTokenAndEventOverrideReachBaidu(String form) {
        try (Tracker tracker = Tracker.builder().jmx(false).platform(new Baidu()).settings(source(form)).build()) {
            Platform baidu = tracker.platform("baidu").orElseThrow();

            assertThat(baidu.enabled()).isTrue();
            assertThat(baidu.events().map(Event.PAY, Line.single()).map(PlatformEvent::wireName)).contains("10");
            Optional<CredentialSet> credentials = tracker.credentialResolver().resolve(Click.DEFAULT_TENANT, baidu,
                    Line.single());
            assertThat(credentials.flatMap(c -> c.secret("token"))).contains(TOKEN);
            assertThat(tracker.toString()).doesNotContain(TOKEN);
        }
    }
}
