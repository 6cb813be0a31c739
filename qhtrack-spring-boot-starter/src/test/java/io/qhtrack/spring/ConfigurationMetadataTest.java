package io.qhtrack.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qhtrack.core.Setting;
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
                java.util.Arrays.stream(Setting.values()).map(Setting::key).collect(Collectors.toList()));
        for (Setting s : Setting.values()) {
            JsonNode p = properties.get(s.key());
            assertThat(p.path("type").asText()).as(s.key()).isEqualTo(s.type().getName());
            assertThat(p.path("description").asText()).as(s.key()).isNotBlank().endsWith(".");
        }
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
