package io.qhtrack.filter;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** 360's four append rules (document section 1), and which results the server can see. */
class LandingUrlsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // rule 1: ?, no #: &qhclickid=… at the end
        "https://www.example.com.cn/p?a=1             | https://www.example.com.cn/p?a=1&qhclickid=12345             | true",
        "https://www.example.com.cn/p?                | https://www.example.com.cn/p?&qhclickid=12345                | true",
        "https://www.example.com.cn/p?a=1?b=2         | https://www.example.com.cn/p?a=1?b=2&qhclickid=12345         | true",
        // rule 2: ? and #: after the last ?, before the first # (that follows it)
        "https://www.example.com.cn/p?a=1#top         | https://www.example.com.cn/p?a=1&qhclickid=12345#top         | true",
        "https://www.example.com.cn/p?a=1#x#y         | https://www.example.com.cn/p?a=1&qhclickid=12345#x#y         | true",
        "https://www.example.com.cn/app#/form?x=1     | https://www.example.com.cn/app#/form?x=1&qhclickid=12345     | false",
        "https://www.example.com.cn/app?a=1#/f?x=1#z  | https://www.example.com.cn/app?a=1#/f?x=1&qhclickid=12345#z  | false",
        // rule 3: no ?, #: ?qhclickid=… before the first #
        "https://www.example.com.cn/p#top             | https://www.example.com.cn/p?qhclickid=12345#top             | true",
        "https://www.example.com.cn/p#a#b             | https://www.example.com.cn/p?qhclickid=12345#a#b             | true",
        // rule 4: neither: ?qhclickid=… at the end
        "https://www.example.com.cn/p                 | https://www.example.com.cn/p?qhclickid=12345                 | true",
        "https://www.example.com.cn                   | https://www.example.com.cn?qhclickid=12345                   | true",
    })
    void appendsAs360Does(String landingUrl, String expected, boolean reachesServer) {
        String url = LandingUrls.append360ClickId(landingUrl, "qhclickid", "12345");

        assertThat(url).isEqualTo(expected);
        assertThat(LandingUrls.reachesServer(url, "qhclickid")).isEqualTo(reachesServer);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "/p?qhclickid=1           | true",
        "/p?a=1&qhclickid         | true",
        "/p?xqhclickid=1          | false",
        "/p?a=qhclickid=1         | false",
        "/p#?qhclickid=1          | false",
        "/p                       | false",
    })
    void reachesServerLooksOnlyBeforeTheFragment(String url, boolean expected) {
        assertThat(LandingUrls.reachesServer(url, "qhclickid")).isEqualTo(expected);
    }
}
