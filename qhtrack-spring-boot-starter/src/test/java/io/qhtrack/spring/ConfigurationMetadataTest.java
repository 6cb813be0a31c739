package io.qhtrack.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qhtrack.core.Setting;
import io.qhtrack.core.internal.PlatformRegistry;
import io.qhtrack.core.spi.Platform;
import io.qhtrack.core.spi.PlatformSetting;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The starter's configuration metadata, read as an IDE reads it from the jar, describes every setting. */
class ConfigurationMetadataTest {

    private static JsonNode metadata() throws IOException {
        try (InputStream in = ConfigurationMetadataTest.class.getResourceAsStream(
                "/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("META-INF/spring-configuration-metadata.json").isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    private static Map<String, JsonNode> byName(JsonNode array) {
        Map<String, JsonNode> map = new HashMap<>();
        array.forEach(n -> map.put(n.path("name").asText(), n));
        return map;
    }

    @Test
    void everySettingIsDescribedAndNothingElse() throws IOException {
        Map<String, JsonNode> properties = byName(metadata().path("properties"));

        assertThat(properties.keySet()).containsExactlyInAnyOrderElementsOf(
                SpringSettings.knownKeys(java.util.Collections.emptyList()));
        for (Setting s : Setting.values()) {
            JsonNode p = properties.get(s.key());
            assertThat(p.path("type").asText()).as(s.key()).isEqualTo(s.type().getName());
            assertThat(p.path("description").asText()).as(s.key()).isNotBlank().endsWith(".");
        }
    }

    @Test
    void everyPlatformsSettingsAreDescribedWithTheirTypeAndSecrecy() throws IOException {
        Map<String, JsonNode> properties = byName(metadata().path("properties"));
        Map<String, JsonNode> hints = byName(metadata().path("hints"));

        List<Platform> platforms = PlatformRegistry.load();
        assertThat(platforms).extracting(Platform::id).contains("qihoo360");
        for (Platform platform : platforms) {
            for (PlatformSetting s : platform.settings()) {
                JsonNode p = properties.get(s.key());
                assertThat(p).as(s.key()).isNotNull();
                assertThat(p.path("type").asText()).as(s.key()).isEqualTo(s.type().getName());
                assertThat(p.path("description").asText()).as(s.key()).contains(platform.id()).endsWith(".");
                if (s.isSecret()) {
                    assertThat(p.path("description").asText()).as(s.key()).contains("a secret")
                            .contains(io.qhtrack.core.Settings.environmentName(s.key()));
                    assertThat(p.has("defaultValue")).as(s.key()).isFalse();
                }
                if (!s.allowedValues().isEmpty()) {
                    List<String> values = StreamSupport.stream(hints.get(s.key()).path("values").spliterator(), false)
                            .map(v -> v.path("value").asText()).collect(Collectors.toList());
                    assertThat(values).as(s.key()).isEqualTo(s.allowedValues());
                }
            }
        }
        assertThat(properties.get("qhtrack.search.secret").path("description").asText()).contains("a secret");
        assertThat(properties.get("qhtrack.endpoint").path("defaultValue").asText())
                .isEqualTo("https://convert.dop.360.cn/uploadWebConvert");
    }

    @Test
    void defaultsAreValuesOfTheSettingsType() throws IOException {
        Map<String, JsonNode> properties = byName(metadata().path("properties"));

        assertThat(properties.get("qhtrack.enabled").path("defaultValue").isBoolean()).isTrue();
        assertThat(properties.get("qhtrack.limit.per-click").path("defaultValue").asInt()).isEqualTo(5);
        assertThat(properties.get("qhtrack.drain-timeout").path("defaultValue").asText()).isEqualTo("PT10S");
        assertThat(properties.get("qhtrack.cookie.domain").has("defaultValue")).isFalse();
        assertThat(properties.get("qhtrack.cookie.domain").path("description").asText()).contains("host only");
    }

    @Test
    void choicesAreOfferedAsHints() throws IOException {
        Map<String, JsonNode> hints = byName(metadata().path("hints"));

        for (Setting s : Setting.values()) {
            if (!s.allowedValues().isEmpty()) {
                List<String> values = StreamSupport.stream(hints.get(s.key()).path("values").spliterator(), false)
                        .map(v -> v.path("value").asText()).collect(Collectors.toList());
                assertThat(values).as(s.key()).isEqualTo(s.allowedValues());
            }
        }
        assertThat(hints).containsKey("qhtrack.cookie.same-site");
    }
}
