package io.qhtrack.filter;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which Origin and Referer values name the site a request was addressed to (its Host header). */
class SameOriginTest {

    @ParameterizedTest(name = "{0} for Host {1}: {2}")
    @CsvSource({
        "https://www.example.com.cn, www.example.com.cn, true",
        "https://www.example.com.cn/landing?qhclickid=1, www.example.com.cn, true",
        "HTTPS://WWW.Example.COM.cn:443/x, www.example.com.cn, true",
        "http://www.example.com.cn, www.example.com.cn, true",
        "https://www.example.com.cn, www.example.com.cn:443, true",
        "http://127.0.0.1:8080/?a, 127.0.0.1:8080, true",
        "http://[::1]:8080/, [::1]:8080, true",
        "http://127.0.0.1:8081/, 127.0.0.1:8080, false",
        "http://127.0.0.1/, 127.0.0.1:8080, false",
        "https://www.example.com.cn, www.example.com.cn:8443, false",
        "https://m.example.com.cn, www.example.com.cn, false",
        "https://www.example.com.cn.evil.example, www.example.com.cn, false",
        "https://evil.example?www.example.com.cn, www.example.com.cn, false",
        "https://www.example.com.cn@evil.example, evil.example, false",
        "https://user@www.example.com.cn, www.example.com.cn, false",
        "null, www.example.com.cn, false",
        "file:///etc/passwd, www.example.com.cn, false",
        "ftp://www.example.com.cn, www.example.com.cn, false",
        "https://, www.example.com.cn, false",
        "https://www.example.com.cn:99999, www.example.com.cn:99999, false",
        "https://www.example.com.cn:x, www.example.com.cn, false",
    })
    void aUrlIsOfTheSiteWhenItsHostAndPortAreTheRequestsHost(String url, String host, boolean same) {
        assertThat(SameOrigin.matches(url, host)).isEqualTo(same);
    }
}
