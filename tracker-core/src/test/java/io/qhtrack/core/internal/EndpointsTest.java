package io.qhtrack.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.platform.qihoo360.UploadClient;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which upload endpoints are accepted: HTTPS, or plain HTTP to loopback only. */
class EndpointsTest {

    /** 360's endpoint setting: the errors name the setting they are given. */
    private static final String SETTING = "qhtrack.endpoint";

    @Test
    void theDefaultIsTheDocumentsUrl() {
        assertThat(UploadClient.DEFAULT_ENDPOINT).isEqualTo(URI.create("https://convert.dop.360.cn/uploadWebConvert"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://convert.dop.360.cn/uploadWebConvert",
        "https://proxy.example.com:8443/360/uploadWebConvert",
        "HTTPS://CONVERT.DOP.360.CN/uploadWebConvert",
        "http://127.0.0.1:8080/uploadWebConvert",
        "http://127.0.0.2/uploadWebConvert",
        "http://[::1]:9000/uploadWebConvert",
        "http://localhost:9000/uploadWebConvert",
        "http://LOCALHOST/uploadWebConvert",
        " https://convert.dop.360.cn/uploadWebConvert ",
    })
    void httpsAndLoopbackHttpAreAccepted(String url) {
        assertThat(Endpoints.parse(SETTING, url)).isEqualTo(URI.create(url.trim()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://example.com/uploadWebConvert",
        "http://convert.dop.360.cn/uploadWebConvert",
        "http://10.0.0.1/uploadWebConvert",
        "http://localhost.example.com/uploadWebConvert",
        "http://127.0.0.1.nip.io/uploadWebConvert",
    })
    void plainHttpToAnotherHostIsRefusedNamingTheSetting(String url) {
        assertThatThrownBy(() -> Endpoints.parse(SETTING, url))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("qhtrack.endpoint")
                .hasMessageContaining(url)
                .hasMessageContaining("https")
                .satisfies(e -> assertThat(((ConfigurationException) e).setting()).isEqualTo("qhtrack.endpoint"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "ftp://convert.dop.360.cn/uploadWebConvert",
        "file:///etc/passwd",
        "uploadWebConvert",
        "/uploadWebConvert",
        "//convert.dop.360.cn/uploadWebConvert",
        "https:uploadWebConvert",
        "mailto:g-faq-search-ocpc@360.cn",
        "https://",
        "not a url",
        "",
    })
    void otherSchemesAndRelativeUrlsAreRefused(String url) {
        assertThatThrownBy(() -> Endpoints.parse(SETTING, url))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("qhtrack.endpoint");
    }

    @Test
    void userInfoIsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> Endpoints.parse(SETTING, "https://user:hunter2@convert.dop.360.cn/uploadWebConvert"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("qhtrack.endpoint")
                .hasMessageContaining("user info")
                .hasMessageNotContaining("hunter2");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "ftp://user:hunter2@convert.dop.360.cn/uploadWebConvert",
        "http://user:hunter2@example.com/uploadWebConvert",
        "https://user:hunter2 x@convert.dop.360.cn/uploadWebConvert",
        "file://user:hunter2@/etc/passwd",
    })
    void aPasswordInAnyRefusedUrlIsNeverQuoted(String url) {
        assertThatThrownBy(() -> Endpoints.parse(SETTING, url))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("qhtrack.endpoint")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aFragmentIsRefused() {
        assertThatThrownBy(() -> Endpoints.parse(SETTING, "https://convert.dop.360.cn/uploadWebConvert#x"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("qhtrack.endpoint");
    }

    @Test
    void checkAppliesTheSameRulesToAUri() {
        assertThat(Endpoints.check(SETTING, URI.create("http://127.0.0.1:1/x"))).isEqualTo(URI.create("http://127.0.0.1:1/x"));
        assertThatThrownBy(() -> Endpoints.check(SETTING, URI.create("http://example.com/x")))
                .isInstanceOf(ConfigurationException.class);
    }
}
