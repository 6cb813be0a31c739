package io.qhtrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Fake360.Builder fails fast, naming the setting and the value, never the secret. */
class BuilderTest {

    @Test
    void theDefaultPortIsAnyFreePortOnLoopback() {
        try (Fake360 fake = Fake360.builder().credentials("k", "s").start()) {
            assertThat(Fake360.DEFAULT_PORT).isZero();
            assertThat(fake.endpoint().toString()).matches("http://127\\.0\\.0\\.1:[1-9][0-9]*/uploadWebConvert");
        }
    }

    @Test
    void aPortInUseFailsStartNamingThePort() {
        try (Fake360 first = Fake360.builder().credentials("k", "s").start()) {
            int port = first.endpoint().getPort();

            assertThatThrownBy(() -> Fake360.builder().credentials("k", "s").port(port).start())
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageStartingWith("Fake360 cannot listen on 127.0.0.1:" + port);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 65536})
    void thePortMustBeATcpPort(int port) {
        assertThatThrownBy(() -> Fake360.builder().port(port))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port must be between 0 and 65535 but was " + port);
    }

    @Test
    void eachSettingMayBeGivenOnce() {
        assertThatThrownBy(() -> Fake360.builder().port(1).port(2))
                .isInstanceOf(IllegalStateException.class).hasMessage("port was already set to 1");
        assertThatThrownBy(() -> Fake360.builder().clock(Clock.systemUTC()).clock(Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("clock was already set to ");
        assertThatThrownBy(() -> Fake360.builder().jzqs("k", "1").jzqs("k", "2"))
                .isInstanceOf(IllegalStateException.class).hasMessage("jzqs for key k was already set to 1");
    }

    @Test
    void credentialsForTheSameKeyTwiceAreRefusedWithoutShowingASecret() {
        assertThatThrownBy(() -> Fake360.builder().credentials("k", "first-secret").credentials("k", "second-secret"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("credentials for key k were already set");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " key", "key ", "ke y", "密钥"})
    void aKeyMustBePrintableAsciiWithoutSpaces(String key) {
        assertThatThrownBy(() -> Fake360.builder().credentials(key, "s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key must be non-empty printable ASCII without spaces but was \"" + key + "\"");
    }

    @Test
    void aSecretMustNotBeEmpty() {
        assertThatThrownBy(() -> Fake360.builder().credentials("k", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("secret for key k must not be empty");
        assertThatThrownBy(() -> Fake360.builder().credentials("k", null))
                .isInstanceOf(NullPointerException.class).hasMessage("secret");
    }

    @Test
    void aDataIndustryMustBeOneOfTheFourLines() {
        assertThatThrownBy(() -> Fake360.builder().credentials("k", "s", "ocpc_pc_convert"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data_industry for key k must be one of [ocpc_web_convert, ocpc_ps_convert, ocpc_ms_convert, "
                        + "ocpc_zs_convert] but was ocpc_pc_convert");
    }

    @Test
    void atLeastOneKeyIsRequired() {
        assertThatThrownBy(() -> Fake360.builder().start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no credentials were set: call credentials(key, secret) at least once");
    }

    @Test
    void aJzqsMustBelongToAKeyWithCredentials() {
        assertThatThrownBy(() -> Fake360.builder().credentials("k", "s").jzqs("other", "123").start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("jzqs was set for key other, which has no credentials");
    }

    @Test
    void aJzqsForAKeyThatNeverReportsDisplayIsRefused() {
        assertThatThrownBy(() -> Fake360.builder().credentials("k", "s", "ocpc_ps_convert").jzqs("k", "123").start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("jzqs was set for key k, which is restricted to [ocpc_ps_convert] and so never sends "
                        + "ocpc_zs_convert");
    }

    @Test
    void aJzqsMustNotBeBlank() {
        assertThatThrownBy(() -> Fake360.builder().jzqs("k", " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("jzqs for key k must not be blank but was \" \"");
    }

    @Test
    void theBuilderAndTheFakeShowKeysButNeverSecrets() {
        Fake360.Builder builder = Fake360.builder().credentials("visible-key", "hidden-secret").jzqs("visible-key", "9");

        assertThat(builder.toString()).contains("visible-key").doesNotContain("hidden-secret");
        try (Fake360 fake = builder.start()) {
            assertThat(fake.toString()).contains("visible-key", fake.endpoint().toString()).doesNotContain("hidden-secret");
        }
    }

    @Test
    void closeIsIdempotentAndReleasesThePort() throws Exception {
        Fake360 fake = Fake360.builder().credentials("k", "s").start();
        int port = fake.endpoint().getPort();

        fake.close();

        assertThatCode(fake::close).doesNotThrowAnyException();
        try (java.net.Socket socket = new java.net.Socket()) {
            assertThatThrownBy(() -> socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 2000))
                    .isInstanceOf(java.net.ConnectException.class);
        }
    }
}
