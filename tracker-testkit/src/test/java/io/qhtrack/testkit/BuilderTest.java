package io.qhtrack.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Fake360.Builder fails fast, naming the setting and the value, never the secret. */
class BuilderTest {

    @Test
    void the_default_port_is_any_free_port_on_loopback() {
        try (Fake360 fake = Fake360.builder().credentials("k", "s").start()) {
            assertThat(Fake360.DEFAULT_PORT).isZero();
            assertThat(fake.endpoint().toString()).matches("http://127\\.0\\.0\\.1:[1-9][0-9]*/uploadWebConvert");
        }
    }

    @Test
    void a_port_in_use_fails_start_naming_the_port() {
        try (Fake360 first = Fake360.builder().credentials("k", "s").start()) {
            int port = first.endpoint().getPort();

            assertThatThrownBy(() -> Fake360.builder().credentials("k", "s").port(port).start())
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageStartingWith("Fake360 cannot listen on 127.0.0.1:" + port);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 65536})
    void the_port_must_be_a_tcp_port(int port) {
        assertThatThrownBy(() -> Fake360.builder().port(port))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port must be between 0 and 65535 but was " + port);
    }

    @Test
    void each_setting_may_be_given_once() {
        assertThatThrownBy(() -> Fake360.builder().port(1).port(2))
                .isInstanceOf(IllegalStateException.class).hasMessage("port was already set to 1");
        assertThatThrownBy(() -> Fake360.builder().clock(Clock.systemUTC()).clock(Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("clock was already set to ");
        assertThatThrownBy(() -> Fake360.builder().jzqs("k", "1").jzqs("k", "2"))
                .isInstanceOf(IllegalStateException.class).hasMessage("jzqs for key k was already set to 1");
    }

    @Test
    void credentials_for_the_same_key_twice_are_refused_without_showing_a_secret() {
        assertThatThrownBy(() -> Fake360.builder().credentials("k", "first-secret").credentials("k", "second-secret"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("credentials for key k were already set");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " key", "key ", "ke y", "密钥"})
    void a_key_must_be_printable_ascii_without_spaces(String key) {
        assertThatThrownBy(() -> Fake360.builder().credentials(key, "s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key must be non-empty printable ASCII without spaces but was \"" + key + "\"");
    }

    @Test
    void a_secret_must_not_be_empty() {
        assertThatThrownBy(() -> Fake360.builder().credentials("k", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("secret for key k must not be empty");
        assertThatThrownBy(() -> Fake360.builder().credentials("k", null))
                .isInstanceOf(NullPointerException.class).hasMessage("secret");
    }

    @Test
    void a_data_industry_must_be_one_of_the_four_lines() {
        assertThatThrownBy(() -> Fake360.builder().credentials("k", "s", "ocpc_pc_convert"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data_industry for key k must be one of [ocpc_web_convert, ocpc_ps_convert, ocpc_ms_convert, "
                        + "ocpc_zs_convert] but was ocpc_pc_convert");
    }

    @Test
    void at_least_one_key_is_required() {
        assertThatThrownBy(() -> Fake360.builder().start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no credentials were set: call credentials(key, secret) at least once");
    }

    @Test
    void a_jzqs_must_belong_to_a_key_with_credentials() {
        assertThatThrownBy(() -> Fake360.builder().credentials("k", "s").jzqs("other", "123").start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("jzqs was set for key other, which has no credentials");
    }

    @Test
    void a_jzqs_for_a_key_that_never_reports_display_is_refused() {
        assertThatThrownBy(() -> Fake360.builder().credentials("k", "s", "ocpc_ps_convert").jzqs("k", "123").start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("jzqs was set for key k, which is restricted to [ocpc_ps_convert] and so never sends "
                        + "ocpc_zs_convert");
    }

    @Test
    void a_jzqs_must_not_be_blank() {
        assertThatThrownBy(() -> Fake360.builder().jzqs("k", " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("jzqs for key k must not be blank but was \" \"");
    }

    @Test
    void the_builder_and_the_fake_show_keys_but_never_secrets() {
        Fake360.Builder builder = Fake360.builder().credentials("visible-key", "hidden-secret").jzqs("visible-key", "9");

        assertThat(builder.toString()).contains("visible-key").doesNotContain("hidden-secret");
        try (Fake360 fake = builder.start()) {
            assertThat(fake.toString()).contains("visible-key", fake.endpoint().toString()).doesNotContain("hidden-secret");
        }
    }

    @Test
    void close_is_idempotent() {
        Fake360 fake = Fake360.builder().credentials("k", "s").start();

        fake.close();
        fake.close();
    }
}
