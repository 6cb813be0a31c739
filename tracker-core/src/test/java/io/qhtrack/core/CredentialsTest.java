package io.qhtrack.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Credentials} and where they come from ({@link Settings}): the configuration contract. */
class CredentialsTest {

    private static final String SECRET = "TopSecret-4f1c9e";

    private static String everything(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    @Test
    void toStringShowsAccountAndKeyButNeverTheSecret() {
        Credentials c = Credentials.of(Account.DISPLAY, "key-1", SECRET, "7788");

        assertThat(c.toString()).contains("display", "key-1", "7788", "******").doesNotContain(SECRET);
    }

    @Test
    void theSecretIsNotHiddenInAnyPublicAccessor() {
        Credentials c = Credentials.of(Account.SEARCH, "key-1", SECRET, null);

        assertThat(c.key()).isEqualTo("key-1");
        assertThat(c.account()).isEqualTo(Account.SEARCH);
        assertThat(c.jzqs()).isEmpty();
        assertThat(String.valueOf(c.hashCode())).doesNotContain(SECRET);
    }

    @Test
    void aKeyWithoutSecretIsRefusedNamingTheSecretSetting() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> Credentials.fromSettings(Settings.of(Map.of("qhtrack.search.key", "key-1"))));

        assertThat(e.setting()).isEqualTo("qhtrack.search.secret");
        assertThat(e).hasMessageContaining("qhtrack.search.secret");
    }

    @Test
    void aSecretWithoutKeyIsRefusedNamingTheKeySettingButNotTheSecret() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> Credentials.fromSettings(Settings.of(Map.of("qhtrack.mobile.secret", SECRET))));

        assertThat(e.setting()).isEqualTo("qhtrack.mobile.key");
        assertThat(everything(e)).doesNotContain(SECRET);
    }

    @ParameterizedTest(name = "secret \"{0}\"")
    @ValueSource(strings = {" " + SECRET, SECRET + " ", SECRET + "\n", "\t" + SECRET})
    void aSecretWithSurroundingWhiteSpaceIsRefusedWithoutQuotingIt(String secret) {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> Credentials.fromSettings(Settings.of(Map.of("qhtrack.search.key", "key-1",
                        "qhtrack.search.secret", secret))));

        assertThat(e.setting()).isEqualTo("qhtrack.search.secret");
        assertThat(everything(e)).doesNotContain(SECRET.substring(3));
    }

    @Test
    void aBadKeyNextToASecretDoesNotLeakTheSecret() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> Credentials.fromSettings(Settings.of(Map.of("qhtrack.display.key", "key 1",
                        "qhtrack.display.secret", SECRET, "qhtrack.display.jzqs", "7788"))));

        assertThat(e.setting()).isEqualTo("qhtrack.display.key");
        assertThat(everything(e)).doesNotContain(SECRET);
    }

    @Test
    void displayWithoutJzqsIsRefusedNamingJzqs() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> Credentials.fromSettings(Settings.of(Map.of("qhtrack.display.key", "key-1",
                        "qhtrack.display.secret", SECRET))));

        assertThat(e.setting()).isEqualTo("qhtrack.display.jzqs");
        assertThat(everything(e)).doesNotContain(SECRET);
    }

    @ParameterizedTest(name = "key \"{0}\"")
    @ValueSource(strings = {"key 1", "key\t1", "key\u00a01", "钥匙", "key\u00001"})
    void whiteSpaceOrNonAsciiInAKeyIsRefused(String key) {
        assertThatThrownBy(() -> Credentials.of(Account.SEARCH, key, SECRET, null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("qhtrack.search.key")
                .hasMessageContaining("FAQ 5.8")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void whiteSpaceInsideAConfiguredKeyIsRefused() {
        assertThatThrownBy(() -> Credentials.fromSettings(Settings.of(Map.of("qhtrack.search.key", "key 1",
                "qhtrack.search.secret", SECRET))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("qhtrack.search.key");
    }

    @Test
    void jzqsOnAnAccountOtherThanDisplayIsRefused() {
        assertThatThrownBy(() -> Credentials.of(Account.SEARCH, "key-1", SECRET, "7788"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("qhtrack.search.jzqs");
    }

    @Test
    void jzqsWithWhiteSpaceIsRefusedNamingIt() {
        assertThatThrownBy(() -> Credentials.of(Account.DISPLAY, "key-1", SECRET, "77 88"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("qhtrack.display.jzqs");
    }

    @Test
    void noSettingsMeansNoCredentials() {
        assertThat(Credentials.fromSettings(Settings.of(Map.of()))).isEmpty();
    }

    @Test
    void blankSettingsCountAsAbsent() {
        assertThat(Credentials.fromSettings(Settings.of(Map.of("qhtrack.search.key", " ",
                "qhtrack.search.secret", "")))).isEmpty();
    }

    @Test
    void everyAccountIsReadFromTheEnvironmentVariablesOfTheContract() {
        Map<String, String> env = new HashMap<>();
        env.put("QHTRACK_SEARCH_KEY", "sk");
        env.put("QHTRACK_SEARCH_SECRET", "ss");
        env.put("QHTRACK_DISPLAY_KEY", "dk");
        env.put("QHTRACK_DISPLAY_SECRET", "ds");
        env.put("QHTRACK_DISPLAY_JZQS", "7788");
        env.put("QHTRACK_MOBILE_KEY", "mk");
        env.put("QHTRACK_MOBILE_SECRET", "ms");

        Map<Account, Credentials> creds = Credentials.fromSettings(Settings.environment(env));

        assertThat(creds).containsOnlyKeys(Account.SEARCH, Account.DISPLAY, Account.MOBILE);
        assertThat(creds.get(Account.SEARCH)).isEqualTo(Credentials.of(Account.SEARCH, "sk", "ss", null));
        assertThat(creds.get(Account.DISPLAY)).isEqualTo(Credentials.of(Account.DISPLAY, "dk", "ds", "7788"));
        assertThat(creds.get(Account.MOBILE)).isEqualTo(Credentials.of(Account.MOBILE, "mk", "ms", null));
    }

    @Test
    void aConfiguredKeyIsTrimmed() {
        Map<Account, Credentials> creds = Credentials.fromSettings(Settings.of(Map.of("qhtrack.search.key", " sk ",
                "qhtrack.search.secret", "ss")));

        assertThat(creds.get(Account.SEARCH).key()).isEqualTo("sk");
    }

    @Test
    void credentialsDifferingOnlyInTheSecretAreNotEqual() {
        assertThat(Credentials.of(Account.SEARCH, "k", "a", null))
                .isNotEqualTo(Credentials.of(Account.SEARCH, "k", "b", null))
                .isEqualTo(Credentials.of(Account.SEARCH, "k", "a", null));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "qhtrack.endpoint,              QHTRACK_ENDPOINT",
        "qhtrack.search.key,            QHTRACK_SEARCH_KEY",
        "qhtrack.display.jzqs,          QHTRACK_DISPLAY_JZQS",
        "qhtrack.outbox.jdbc-url,       QHTRACK_OUTBOX_JDBC_URL",
    })
    void environmentNamesAreUpperCaseWithUnderscores(String property, String env) {
        assertThat(Settings.environmentName(property)).isEqualTo(env);
    }

    @Test
    void theFirstSourceWithANonBlankValueWins() {
        Settings first = Settings.of(Map.of("a", "1", "b", " "));
        Settings second = Settings.of(Map.of("a", "2", "b", "2", "c", "2"));

        Settings both = Settings.firstOf(first, second);

        assertThat(both.get("a")).contains("1");
        assertThat(both.get("b")).contains("2");
        assertThat(both.get("c")).contains("2");
        assertThat(both.get("d")).isEmpty();
    }

    @Test
    void getTrimsAndTreatsBlankAsAbsent() {
        Settings s = Settings.of(Map.of("a", "  x  ", "b", "   "));

        assertThat(s.get("a")).contains("x");
        assertThat(s.get("b")).isEmpty();
        assertThat(s.raw("a")).isEqualTo("  x  ");
    }

    @Test
    void accountsHaveTheContractsPrefixesAndLines() {
        assertThat(Account.SEARCH.settingPrefix()).isEqualTo("qhtrack.search");
        assertThat(Account.DISPLAY.settingPrefix()).isEqualTo("qhtrack.display");
        assertThat(Account.MOBILE.settingPrefix()).isEqualTo("qhtrack.mobile");
        assertThat(Account.SEARCH.lines()).containsExactlyInAnyOrder(ProductLine.PC_SEARCH,
                ProductLine.MOBILE_SEARCH);
        assertThat(Account.DISPLAY.lines()).containsExactly(ProductLine.DISPLAY);
        assertThat(Account.MOBILE.lines()).containsExactly(ProductLine.MOBILE_PROMOTION);
    }
}
