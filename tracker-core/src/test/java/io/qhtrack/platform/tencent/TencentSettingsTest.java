package io.qhtrack.platform.tencent;

import static io.qhtrack.platform.tencent.TencentFixtures.ACCOUNT_ID;
import static io.qhtrack.platform.tencent.TencentFixtures.ACTION_SET_ID;
import static io.qhtrack.platform.tencent.TencentFixtures.TOKEN;
import static io.qhtrack.platform.tencent.TencentFixtures.configured;
import static io.qhtrack.platform.tencent.TencentFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Settings;
import io.qhtrack.core.spi.CredentialSet;
import io.qhtrack.core.spi.Line;
import io.qhtrack.core.spi.PlatformSetting;
import io.qhtrack.core.spi.RateLimit;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Tencent's settings: defaults, what is refused at start-up (naming the setting), credentials, enabled. */
class TencentSettingsTest {

    @Test
    void theIdAndNamesAreTencents() {
        Tencent t = new Tencent();

        assertThat(t.id()).isEqualTo("tencent");
        assertThat(t.displayName()).isEqualTo("腾讯广告");
        assertThat(t.lines()).containsExactly(Line.single());
    }

    @Test
    void defaultsAreTencentsEndpointQueryAuthFenFiftyAndFourThousandAMinute() {
        Tencent t = new Tencent().configure(configured());

        assertThat(((TencentCodec) t.codec()).toString()).contains("endpoint https://api.e.qq.com/v3.0/user_actions/add",
                "auth query", "value-unit fen");
        assertThat(t.codec().maxBatch()).isEqualTo(50);
        assertThat(t.codec().maxRequestBytes()).isEqualTo(51_200);
        assertThat(t.rateLimit()).contains(RateLimit.of(4000, Duration.ofMinutes(1)));
    }

    @Test
    void theDefaultWindowIsTheNaturalDayInChina() {
        Tencent t = new Tencent().configure(configured());

        // 2026-03-04 23:30 in Shanghai is 15:30 UTC; the day ends at 16:00 UTC
        assertThat(t.window().deadline(Instant.parse("2026-03-04T15:30:00Z")))
                .isEqualTo(Instant.parse("2026-03-04T16:00:00Z"));
    }

    @Test
    void theWindowFollowsQhtrackZoneAndItsOwnSetting() {
        assertThat(new Tencent().configure(configured("qhtrack.zone", "UTC")).window()
                .deadline(Instant.parse("2026-03-04T15:30:00Z"))).isEqualTo(Instant.parse("2026-03-05T00:00:00Z"));
        assertThat(new Tencent().configure(configured("qhtrack.tencent.window", "P7D")).window()
                .deadline(Instant.parse("2026-03-04T15:30:00Z"))).isEqualTo(Instant.parse("2026-03-11T15:30:00Z"));
    }

    @Test
    void everySettingIsDeclaredAndOnlyTheTokenIsSecret() {
        Map<String, Boolean> secret = new Tencent().settings().stream()
                .collect(Collectors.toMap(PlatformSetting::key, PlatformSetting::isSecret));

        assertThat(secret).containsOnlyKeys("qhtrack.tencent.enabled", "qhtrack.tencent.endpoint",
                "qhtrack.tencent.access-token", "qhtrack.tencent.account-id", "qhtrack.tencent.user-action-set-id",
                "qhtrack.tencent.auth", "qhtrack.tencent.value-unit", "qhtrack.tencent.events",
                "qhtrack.tencent.batch-size", "qhtrack.tencent.rate", "qhtrack.tencent.window");
        assertThat(secret.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey))
                .containsExactly("qhtrack.tencent.access-token");
    }

    @Test
    void theChoicesListTheirValues() {
        Map<String, PlatformSetting> byKey = new Tencent().settings().stream()
                .collect(Collectors.toMap(PlatformSetting::key, s -> s));

        assertThat(byKey.get("qhtrack.tencent.auth").allowedValues()).containsExactly("query", "header",
                "header-hyphen");
        assertThat(byKey.get("qhtrack.tencent.value-unit").allowedValues()).containsExactly("fen", "yuan");
    }

    @Test
    void theServiceLoadersInstanceIsNotEnabled() {
        assertThat(new Tencent().enabled()).isFalse();
    }

    @Test
    void itIsEnabledWhenTheCredentialsAreSet() {
        assertThat(new Tencent().configure(configured()).enabled()).isTrue();
        assertThat(new Tencent().configure(settings()).enabled()).isFalse();
    }

    @Test
    void theEnabledSettingWinsBothWays() {
        assertThat(new Tencent().configure(settings("qhtrack.tencent.enabled", "true")).enabled()).isTrue();
        assertThat(new Tencent().configure(configured("qhtrack.tencent.enabled", "FALSE")).enabled()).isFalse();
    }

    @Test
    void theCredentialsAreTheTokenAsASecretAndTheTwoIds() {
        CredentialSet c = new Tencent().credentials(configured(), Line.single()).get();

        assertThat(c.secret("access_token")).contains(TOKEN);
        assertThat(c.value("access_token")).isEmpty();
        assertThat(c.value("account_id")).contains(ACCOUNT_ID);
        assertThat(c.value("user_action_set_id")).contains(ACTION_SET_ID);
        assertThat(c.toString()).doesNotContain(TOKEN);
    }

    @Test
    void noCredentialsWhenNoneIsSet() {
        assertThat(new Tencent().credentials(settings(), Line.single())).isEmpty();
    }

    @Test
    void anotherLineHasNoCredentials() {
        assertThat(new Tencent().credentials(configured(), Line.of("ps", "ps", "PC"))).isEmpty();
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(settings("qhtrack.tencent.access-token", TOKEN), "qhtrack.tencent.account-id",
                        "Tencent needs all three"),
                Arguments.of(settings("qhtrack.tencent.account-id", ACCOUNT_ID, "qhtrack.tencent.user-action-set-id",
                        ACTION_SET_ID), "qhtrack.tencent.access-token", "is not set"),
                Arguments.of(configured("qhtrack.tencent.account-id", "acct-1"), "qhtrack.tencent.account-id",
                        "'acct-1' is not a positive integer"),
                Arguments.of(configured("qhtrack.tencent.user-action-set-id", "0"), "qhtrack.tencent.user-action-set-id",
                        "'0' is not a positive integer"),
                Arguments.of(configured("qhtrack.tencent.auth", "bearer"), "qhtrack.tencent.auth",
                        "'bearer' is not one of query, header, header-hyphen"),
                Arguments.of(configured("qhtrack.tencent.value-unit", "jiao"), "qhtrack.tencent.value-unit",
                        "'jiao' is not one of fen, yuan"),
                Arguments.of(configured("qhtrack.tencent.batch-size", "51"), "qhtrack.tencent.batch-size",
                        "is not a whole number from 1 to 50"),
                Arguments.of(configured("qhtrack.tencent.batch-size", "0"), "qhtrack.tencent.batch-size",
                        "from 1 to 50"),
                Arguments.of(configured("qhtrack.tencent.batch-size", "many"), "qhtrack.tencent.batch-size",
                        "'many'"),
                Arguments.of(configured("qhtrack.tencent.rate", "4000"), "qhtrack.tencent.rate",
                        "is not N/PERIOD such as 4000/PT1M"),
                Arguments.of(configured("qhtrack.tencent.rate", "0/PT1M"), "qhtrack.tencent.rate", "not positive"),
                Arguments.of(configured("qhtrack.tencent.window", "today"), "qhtrack.tencent.window",
                        "is neither natural-day nor a positive ISO-8601 duration"),
                Arguments.of(configured("qhtrack.zone", "China/Beijing"), "qhtrack.zone", "is not a time zone"),
                Arguments.of(configured("qhtrack.tencent.enabled", "yes"), "qhtrack.tencent.enabled",
                        "'yes' is not one of true, false"),
                Arguments.of(configured("qhtrack.tencent.endpoint", "http://api.e.qq.com/v3.0/user_actions/add"),
                        "qhtrack.tencent.endpoint", "uses plain http"),
                Arguments.of(configured("qhtrack.tencent.endpoint", "api.e.qq.com/v3.0/user_actions/add"),
                        "qhtrack.tencent.endpoint", "is not an absolute https URL"),
                Arguments.of(configured("qhtrack.tencent.endpoint", "https://user:pw@api.e.qq.com/v3.0/"),
                        "qhtrack.tencent.endpoint", "must not carry user info"),
                Arguments.of(configured("qhtrack.tencent.endpoint", "https://api.e.qq.com/v3.0/user_actions/add#x"),
                        "qhtrack.tencent.endpoint", "or a fragment"),
                Arguments.of(configured("qhtrack.tencent.endpoint", "https://api.e.qq.com/a b"),
                        "qhtrack.tencent.endpoint", "is not a URL"),
                Arguments.of(configured("qhtrack.tencent.endpoint", "https://api.e.qq.com/v3.0/user_actions/add?nonce=1"),
                        "qhtrack.tencent.endpoint", "carries nonce in its query"));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("refused")
    void aValueQhtrackCannotUseFailsAtStartUpNamingTheSetting(Settings settings, String setting, String message) {
        assertThatThrownBy(() -> new Tencent().configure(settings))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(((ConfigurationException) e).setting()).isEqualTo(setting))
                .hasMessageContaining(message);
    }

    @Test
    void anEndpointCarryingTheTokenIsRefusedWithoutShowingIt() {
        Settings s = configured("qhtrack.tencent.endpoint",
                "https://api.e.qq.com/v3.0/user_actions/add?access_token=" + TOKEN);

        assertThatThrownBy(() -> new Tencent().configure(s))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("carries access_token in its query")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void aTokenWithACharacterThatCannotBeSentIsRefusedWithoutShowingIt() {
        Settings s = settings("qhtrack.tencent.access-token", TOKEN + "x\u00a0y", "qhtrack.tencent.account-id",
                ACCOUNT_ID, "qhtrack.tencent.user-action-set-id", ACTION_SET_ID);

        assertThatThrownBy(() -> new Tencent().configure(s))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("qhtrack.tencent.access-token: has a character outside printable ASCII")
                .hasMessageContaining("at index " + (TOKEN.length() + 1))
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void aTokenPastedWithALineBreakIsTrimmedLikeEverySetting() {
        Settings s = settings("qhtrack.tencent.access-token", TOKEN + "\r\n", "qhtrack.tencent.account-id",
                ACCOUNT_ID, "qhtrack.tencent.user-action-set-id", ACTION_SET_ID);

        assertThat(new Tencent().credentials(s, Line.single()).flatMap(c -> c.secret("access_token")))
                .contains(TOKEN);
    }

    @Test
    void plainHttpIsAllowedToLoopbackForTests() {
        for (String endpoint : new String[] {"http://127.0.0.1:8089/v3.0/user_actions/add",
            "http://localhost:8089/v3.0/user_actions/add", "http://[::1]:8089/v3.0/user_actions/add"}) {
            Tencent t = new Tencent().configure(configured("qhtrack.tencent.endpoint", endpoint));

            assertThat(t.codec().toString()).contains("endpoint " + endpoint);
        }
    }

    @Test
    void aNameThatMerelyResolvesToLoopbackDoesNotCountAsLoopback() {
        assertThatThrownBy(() -> new Tencent().configure(configured("qhtrack.tencent.endpoint",
                "http://localtest.me/v3.0/user_actions/add"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("uses plain http");
    }

    @Test
    void choicesIgnoreCase() {
        Tencent t = new Tencent().configure(configured("qhtrack.tencent.auth", "Header-Hyphen",
                "qhtrack.tencent.value-unit", "YUAN"));

        assertThat(t.codec().toString()).contains("auth header-hyphen", "value-unit yuan");
    }

    @Test
    void toStringShowsTheSettingsAndNoCredential() {
        Tencent t = new Tencent().configure(configured());

        assertThat(t.toString()).startsWith("Tencent[enabled, endpoint https://api.e.qq.com")
                .doesNotContain(TOKEN).doesNotContain(ACCOUNT_ID);
    }
}
