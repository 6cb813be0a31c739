package io.qhtrack.sample;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.spi.Outbox;
import io.qhtrack.core.Outboxes;
import io.qhtrack.core.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoConfigTest {

    private static DemoConfig config(String... pairs) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return DemoConfig.from(Settings.of(map));
    }

    @Test
    void withNothingConfiguredTheDemoUsesItsOwnFake360ShowsTheDashboardAndKeepsTheOutboxInAnH2File() {
        DemoConfig c = config();
        assertThat(c.builtInFake360()).isTrue();
        assertThat(c.dashboard()).isTrue();
        assertThat(c.outboxKind()).isEqualTo("jdbc");
        assertThat(c.defaultH2Outbox()).isTrue();
        assertThat(c.dataDirectory()).isEqualTo(Path.of("qhtrack-demo-data").toAbsolutePath());
        assertThat(c.settings().get("qhtrack.outbox.jdbc-url")).contains(
                "jdbc:h2:file:" + Path.of("qhtrack-demo-data", "outbox").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE");
    }

    @Test
    void theDataDirectoryIsConfigurable(@TempDir Path dir) {
        DemoConfig c = config("qhtrack.demo.data", dir.toString());
        assertThat(c.dataDirectory()).isEqualTo(dir.toAbsolutePath());
        assertThat(c.settings().get("qhtrack.outbox.jdbc-url")).contains(DemoConfig.h2Url(dir.toAbsolutePath()));
    }

    @Test
    void anEndpointOrCredentialsMeanTheRealThingAndNoDashboardUnlessAskedFor() {
        DemoConfig endpoint = config("qhtrack.endpoint", "http://127.0.0.1:9/uploadWebConvert");
        assertThat(endpoint.builtInFake360()).isFalse();
        assertThat(endpoint.dashboard()).isFalse();

        DemoConfig credentials = config("qhtrack.search.key", "k", "qhtrack.search.secret", "s");
        assertThat(credentials.builtInFake360()).isFalse();
        assertThat(credentials.dashboard()).isFalse();

        assertThat(config("qhtrack.search.key", "k", "qhtrack.search.secret", "s", "qhtrack.demo.dashboard", "true")
                .dashboard()).isTrue();
        assertThat(config("qhtrack.demo.dashboard", "FALSE").dashboard()).isFalse();
    }

    @Test
    void memorySwitchesTheOutboxAndAnApplicationDatabaseReplacesTheH2File() {
        DemoConfig memory = config("qhtrack.outbox", "memory");
        assertThat(memory.outboxKind()).isEqualTo("memory");
        assertThat(memory.defaultH2Outbox()).isFalse();

        DemoConfig own = config("qhtrack.outbox.jdbc-url", "jdbc:postgresql://db/app");
        assertThat(own.defaultH2Outbox()).isFalse();
        assertThat(own.settings().get("qhtrack.outbox.jdbc-url")).contains("jdbc:postgresql://db/app");

        DemoConfig jndi = config("qhtrack.outbox.jndi", "java:comp/env/jdbc/app");
        assertThat(jndi.settings().get("qhtrack.outbox.jdbc-url")).isEmpty();
        assertThat(jndi.defaultH2Outbox()).isFalse();
    }

    @Test
    void theDefaultOutboxIsDurableInTheDataDirectoryAndMemoryIsNot(@TempDir Path dir) {
        try (Outbox jdbc = Outboxes.fromSettings(config("qhtrack.demo.data", dir.toString()).settings())) {
            assertThat(jdbc.isDurable()).isTrue();
            assertThat(jdbc.toString()).contains(dir.toString());
        }
        assertThat(dir).isDirectoryContaining(p -> p.getFileName().toString().startsWith("outbox"));
        try (Outbox memory = Outboxes.fromSettings(config("qhtrack.outbox", "memory").settings())) {
            assertThat(memory.isDurable()).isFalse();
        }
    }

    @Test
    void valuesTheDemoCannotUseFailNamingTheSetting() {
        assertThatThrownBy(() -> config("qhtrack.demo.dashboard", "yes"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("qhtrack.demo.dashboard");
        assertThatThrownBy(() -> config("qhtrack.outbox", "redis"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("qhtrack.outbox");
        assertThatThrownBy(() -> config("qhtrack.display.secret", "only-a-secret"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("qhtrack.display.key");
    }

    @Test
    void withNothingConfiguredBaiduAndTencentUseTheirBuiltInFakes() {
        DemoConfig c = config();
        assertThat(c.builtInBaidu()).isTrue();
        assertThat(c.builtInTencent()).isTrue();
        assertThat(c.domain()).isEqualTo("localhost");
    }

    @Test
    void aPlatformWithAnEndpointOrATokenIsTheRealOneAndTheOthersKeepTheirFakes() {
        DemoConfig baidu = config("qhtrack.baidu.endpoint", "http://127.0.0.1:9/upload", "qhtrack.baidu.token", "t");
        assertThat(baidu.builtInBaidu()).isFalse();
        assertThat(baidu.builtInTencent()).isTrue();
        assertThat(baidu.builtInFake360()).isTrue();
        assertThat(baidu.dashboard()).as("a real platform: no dashboard unless asked for").isFalse();

        DemoConfig tencent = config("qhtrack.tencent.access-token", "t", "qhtrack.demo.domain", "shop.example.com");
        assertThat(tencent.builtInTencent()).isFalse();
        assertThat(tencent.builtInBaidu()).isTrue();
        assertThat(tencent.domain()).isEqualTo("shop.example.com");
    }
}
