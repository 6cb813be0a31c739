package io.qhtrack.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrackerSettingsTest {

    private static Tracker.Builder builder(Map<String, String> values) {
        return Tracker.builder().jmx(false).settings(Settings.of(values));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "qhtrack.http.connect-timeout | soon        | is not a duration",
        "qhtrack.http.request-timeout | PT0S        | is not a positive duration",
        "qhtrack.drain-timeout        | -5s         | is not a duration",
        "qhtrack.outbox.lease         | PT-1S       | is not a positive duration",
        "qhtrack.poll-interval        | 0           | is not a positive duration",
        "qhtrack.outbox.capacity      | lots        | is not a whole number",
        "qhtrack.max-concurrency      | 1000        | is not between 1 and 256",
        "qhtrack.dedup.cache-size     | 0           | is not positive",
        "qhtrack.zone                 | Mars/Olympus | is not a time zone id",
        "qhtrack.retry.initial-backoff | PT0S       | is not a positive duration",
        "qhtrack.retry.multiplier     | 0.5         | is not a number ≥ 1",
        "qhtrack.retry.jitter         | 2           | is not between 0 and 1",
        "qhtrack.endpoint             | http://example.com/up | only https is allowed",
    })
    void aBadSettingFailsNamingTheSettingAndValue(String setting, String value, String problem) {
        assertThatThrownBy(() -> builder(Map.of(setting, value)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(setting + ": ")
                .hasMessageContaining(problem);
    }

    @Test
    void aLeaseNoLongerThanAnAttemptIsRefusedAtBuild() {
        Tracker.Builder b = builder(Map.of("qhtrack.outbox.lease", "PT10S", "qhtrack.http.connect-timeout", "PT5S",
                "qhtrack.http.request-timeout", "PT5S"));

        assertThatThrownBy(b::build).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("qhtrack.outbox.lease: PT10S must be longer than");
    }

    @Test
    void goodSettingsAreTakenAndTheConfiguredLinesFollowTheCredentials() {
        try (Tracker tracker = builder(Map.of(
                "qhtrack.search.key", "k", "qhtrack.search.secret", "s",
                "qhtrack.endpoint", "http://127.0.0.1:9/uploadWebConvert",
                "qhtrack.http.request-timeout", "2500",
                "qhtrack.retry.initial-backoff", "PT2S", "qhtrack.retry.jitter", "0",
                "qhtrack.zone", "Asia/Shanghai", "qhtrack.max-concurrency", "2")).build()) {
            assertThat(tracker.configuredLines()).containsExactly(ProductLine.PC_SEARCH, ProductLine.MOBILE_SEARCH);
            assertThat(tracker.toString()).contains("http://127.0.0.1:9/uploadWebConvert", "PT2.5S")
                    .doesNotContain("secret=s");
        }
    }
}
