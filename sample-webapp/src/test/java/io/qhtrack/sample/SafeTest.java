package io.qhtrack.sample;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class SafeTest {

    @Test
    void showsSchemeHostPortAndPathOnly() {
        assertThat(Safe.url(URI.create("https://user:pw@convert.dop.360.cn:8443/uploadWebConvert?token=s#f")))
                .isEqualTo("https://convert.dop.360.cn:8443/uploadWebConvert");
        assertThat(Safe.url(URI.create("http://127.0.0.1:8360/uploadWebConvert")))
                .isEqualTo("http://127.0.0.1:8360/uploadWebConvert");
        assertThat(Safe.url(null)).isEmpty();
    }
}
