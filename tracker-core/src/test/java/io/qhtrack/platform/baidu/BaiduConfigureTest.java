package io.qhtrack.platform.baidu;

import static io.qhtrack.platform.baidu.BaiduFixtures.TOKEN;
import static io.qhtrack.platform.baidu.BaiduFixtures.baidu;
import static io.qhtrack.platform.baidu.BaiduFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.spi.CredentialSet;
import io.qhtrack.core.spi.Line;
import io.qhtrack.core.spi.Platform;
import io.qhtrack.core.spi.PlatformSetting;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BaiduConfigureTest {

    @Test
    void theServiceLoadersInstanceCarriesTheDefaultsAndIsOff() {
        Baidu b = new Baidu();

        assertThat(b.id()).isEqualTo("baidu");
        assertThat(b.displayName()).isEqualTo("百度营销");
        assertThat(b.enabled()).isFalse();
        assertThat(((BaiduCodec) b.codec()).endpoint())
                .isEqualTo(URI.create("https://ocpc.baidu.com/ocpcapi/api/uploadConvertData"));
        assertThat(b.codec().maxBatch()).isEqualTo(50);
        assertThat(b.codec().maxRequestBytes()).isEqualTo(-1);
        assertThat(b.rateLimit()).isEmpty();
    }

    @Test
    void aTokenTurnsBaiduOn() {
        assertThat(new Baidu().configure(settings()).enabled()).isFalse();
        assertThat(baidu().enabled()).isTrue();
    }

    @Test
    void theEnabledSettingWinsOverTheToken() {
        assertThat(baidu(BaiduSettings.ENABLED, "false").enabled()).isFalse();
        assertThat(new Baidu().configure(settings(BaiduSettings.ENABLED, "TRUE")).enabled()).isTrue();
    }

    @Test
    void anEnabledThatIsNotABooleanFailsNamingTheSetting() {
        assertThatThrownBy(() -> baidu(BaiduSettings.ENABLED, "yes")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("qhtrack.baidu.enabled").hasMessageContaining("'yes'");
    }

    @Test
    void theDefaultWindowIsTheConversionsNaturalDayInShanghai() {
        Instant accepted = Instant.parse("2026-03-04T15:59:59Z"); // 23:59:59 in Shanghai

        assertThat(baidu().window().deadline(accepted)).isEqualTo(Instant.parse("2026-03-04T16:00:00Z"));
    }

    @Test
    void theWindowFollowsQhtrackZone() {
        Instant accepted = Instant.parse("2026-03-04T15:59:59Z");

        assertThat(baidu("qhtrack.zone", "UTC").window().deadline(accepted))
                .isEqualTo(Instant.parse("2026-03-05T00:00:00Z"));
    }

    @Test
    void theWindowMayBeADuration() {
        Instant accepted = Instant.parse("2026-03-04T15:59:59Z");

        assertThat(baidu(BaiduSettings.WINDOW, "P2D").window().deadline(accepted))
                .isEqualTo(accepted.plus(Duration.ofDays(2)));
    }

    @ParameterizedTest
    @CsvSource({
        "qhtrack.baidu.window, tomorrow",
        "qhtrack.baidu.window, PT0S",
        "qhtrack.zone, Mars/Olympus",
        "qhtrack.baidu.batch-size, 0",
        "qhtrack.baidu.batch-size, 100",
        "qhtrack.baidu.batch-size, fifty",
        "qhtrack.baidu.endpoint, http://ocpc.baidu.com/ocpcapi/api/uploadConvertData",
        "qhtrack.baidu.endpoint, ftp://127.0.0.1/upload",
        "qhtrack.baidu.endpoint, https://user:pw@ocpc.baidu.com/ocpcapi",
        "qhtrack.baidu.endpoint, https://ocpc.baidu.com/ocpcapi#x",
        "qhtrack.baidu.endpoint, /ocpcapi/api/uploadConvertData",
        "qhtrack.baidu.endpoint, https://ocpc baidu.com/"})
    void aValueThatCannotBeUsedFailsAtStartUpNamingTheSetting(String setting, String value) {
        assertThatThrownBy(() -> baidu(setting, value)).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(setting + ": ")
                .satisfies(e -> assertThat(((ConfigurationException) e).setting()).isEqualTo(setting))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw@"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "99"})
    void theBatchSizeTakesOneToNinetyNine(String size) {
        assertThat(baidu(BaiduSettings.BATCH_SIZE, size).codec().maxBatch()).isEqualTo(Integer.parseInt(size));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8089/ocpcapi/api/uploadConvertData", "http://localhost/x",
        "http://[::1]:1234/x", "https://fake-baidu.internal/ocpcapi/api/uploadConvertData"})
    void theEndpointMayBeHttpsAnywhereOrHttpToLoopback(String endpoint) {
        assertThat(((BaiduCodec) baidu(BaiduSettings.ENDPOINT, endpoint).codec()).endpoint())
                .isEqualTo(URI.create(endpoint));
    }

    @Test
    void theSettingsAreDeclaredAndOnlyTheTokenIsSecret() {
        Map<String, Boolean> secret = new Baidu().settings().stream()
                .collect(Collectors.toMap(PlatformSetting::key, PlatformSetting::isSecret));

        assertThat(secret).containsOnlyKeys("qhtrack.baidu.token", "qhtrack.baidu.endpoint", "qhtrack.baidu.events",
                "qhtrack.baidu.batch-size", "qhtrack.baidu.window", "qhtrack.baidu.enabled");
        assertThat(secret.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey))
                .containsExactly("qhtrack.baidu.token");
    }

    @Test
    void theDeclaredDefaultsAreTheOnesInForce() {
        Map<String, String> defaults = new Baidu().settings().stream().filter(s -> s.defaultValue() != null)
                .collect(Collectors.toMap(PlatformSetting::key, PlatformSetting::defaultValue));

        assertThat(defaults).containsEntry("qhtrack.baidu.endpoint",
                ((BaiduCodec) new Baidu().codec()).endpoint().toString())
                .containsEntry("qhtrack.baidu.batch-size", Integer.toString(new Baidu().codec().maxBatch()))
                .containsEntry("qhtrack.baidu.window", "natural-day");
    }

    @Test
    void credentialsAreTheTokenAsASecretOfTheDefaultLine() {
        CredentialSet c = new Baidu().credentials(settings(BaiduSettings.TOKEN, " " + TOKEN + " "), Line.single())
                .orElseThrow();

        assertThat(c.secret("token")).contains(TOKEN);
        assertThat(c.value("token")).isEmpty();
        assertThat(c.toString()).doesNotContain(TOKEN);
    }

    @Test
    void withoutATokenThereAreNoCredentials() {
        assertThat(new Baidu().credentials(settings(), Line.single())).isEmpty();
        assertThat(new Baidu().credentials(settings(BaiduSettings.TOKEN, "  "), Line.single())).isEmpty();
    }

    @Test
    void anotherLineHasNoCredentials() {
        assertThat(new Baidu().credentials(settings(BaiduSettings.TOKEN, TOKEN), Line.of("ps", "x", "x"))).isEmpty();
    }

    @Test
    void configureReturnsANewPlatformAndLeavesTheDefaultsAlone() {
        Baidu defaults = new Baidu();
        Platform configured = defaults.configure(settings(BaiduSettings.TOKEN, TOKEN, BaiduSettings.BATCH_SIZE, "7"));

        assertThat(configured.codec().maxBatch()).isEqualTo(7);
        assertThat(defaults.codec().maxBatch()).isEqualTo(50);
        assertThat(defaults.enabled()).isFalse();
    }
}
