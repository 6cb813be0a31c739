package io.qhtrack.filter;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever a visitor sends, the request succeeds, no broken cookie is written, and a stored click is kept unless a
 * valid new one arrives. Raw sockets: an HTTP client would refuse to send most of this.
 */
class MalformedInputTest {

    private static final String PREVIOUS = "Cookie: qhtrack_click=q1:ps:1735689600:PREV1";
    private static final Pattern WELL_FORMED = Pattern.compile("qhtrack_click=q1:(web|ps|ms|zs):\\d{1,12}:"
            + "[A-Za-z0-9._-]{1,128}; Max-Age=\\d+; Expires=\\w{3}, \\d\\d \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d GMT; "
            + "Path=/; HttpOnly; SameSite=Lax");

    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static Stream<String> malformedQueries() {
        return Stream.of(
                "qhclickid=%zz",
                "qhclickid=%4",
                "qhclickid=abc%",
                "qhclickid=%%41",
                "qhclickid=" + "A".repeat(10 * 1024),
                "sourceid=" + "%41".repeat(3000),
                "qhclickid=" + "A".repeat(129),
                "qhclickid=abc%0D%0ASet-Cookie:%20evil=1",
                "qhclickid=abc%0ASet-Cookie:%20evil=1",
                "qhclickid=abc%0D",
                "qhclickid=%00abc",
                "qhclickid=a%22b",
                "qhclickid=%22abc%22",
                "qhclickid=a%27b",
                "qhclickid=a;b",
                "qhclickid=a%3Bb%3B%20Domain=com.cn",
                "qhclickid=a%2Cb",
                "qhclickid=a+b",
                "qhclickid=a%20b",
                "qhclickid=%2541",
                "qhclickid=%E4%B8%AD%E6%96%87",
                "qhclickid=%C0%AE%C0%AE",
                "qhclickid=%EF%BC%A1",
                "qhclickid=abc%3Cscript%3E",
                "qhclickid=abc=def",
                "qhclickid==abc",
                "qhclickid=",
                "qhclickid",
                "qhclickid=__qhclickid__",
                "impression_id=__impression_id__",
                "sourceid=__SOURCEID__",
                "impression_id=____",
                "qh%63lickid=%zz",
                "qhclickid=%2F..%2Fetc",
                "&&&=&=&qhclickid&=");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedQueries")
    void malformedIdIsIgnoredAndThePreviousClickKept(String query) throws Exception {
        RawHttp.Response response = server.raw("GET", "/landing?" + query, PREVIOUS);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers("Set-Cookie")).isEmpty();
        assertThat(response.bodyText()).isEqualTo("click=ps:PREV1:1735689600");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedQueries")
    void malformedIdOnAFirstVisitGivesNoClickAndNoCookie(String query) throws Exception {
        RawHttp.Response response = server.raw("GET", "/landing?" + query);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers("Set-Cookie")).isEmpty();
        assertThat(response.bodyText()).isEqualTo("click=none");
    }

    @Test
    void percentEncodedIdIsDecodedExactlyOnce() throws Exception {
        RawHttp.Response response = server.raw("GET", "/landing?%73ourceid=%41bc%2D%5F%2E9");

        assertThat(response.headers("Set-Cookie")).singleElement().asString()
                .startsWith("qhtrack_click=q1:zs:1735689600:Abc-_.9;");
    }

    static List<String> garbageCookies() {
        return List.of(
                "qhtrack_click=garbage",
                "qhtrack_click=q1:xx:1735689600:ABC",
                "qhtrack_click=q1:PS:1735689600:ABC",
                "qhtrack_click=q1:ps:notanumber:ABC",
                "qhtrack_click=q1:ps:-1:ABC",
                "qhtrack_click=q1:ps::ABC",
                "qhtrack_click=q2:ps:1735689600:ABC",
                "qhtrack_click=q1:ps:1735689600:",
                "qhtrack_click=q1:ps:1735689600",
                "qhtrack_click=q1:ps:1735689600:__qhclickid__",
                "qhtrack_click=q1:ps:1735689600:a b",
                "qhtrack_click=q1:ps:1735689600:a:b",
                "qhtrack_click=q1:ps:1735689600:%41BC",
                "qhtrack_click=q1:ps:999999999999:ABC",
                "qhtrack_click=q1:ps:1:ABC",
                "qhtrack_click=q1:ps:1735689600:" + "A".repeat(129),
                "qhtrack_click=" + "x".repeat(6000),
                "qhtrack_click=\"q1:ps:1735689600:ABC",
                "qhtrack_click",
                "qhtrack_click=",
                "=; ;;qhtrack_click; =qhtrack_click",
                "QHTRACK_CLICK=q1:ps:1735689600:ABC",
                "xqhtrack_click=q1:ps:1735689600:ABC",
                "qhtrack_click =q1:ps:1735689600:ABC");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("garbageCookies")
    void garbageCookieIsNoClick(String cookie) throws Exception {
        RawHttp.Response response = server.raw("GET", "/page", "Cookie: " + cookie);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText()).isEqualTo("click=none");
        assertThat(response.headers("Set-Cookie")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("garbageCookies")
    void garbageCookieIsReplacedByAWellFormedOneOnTheNextClick(String cookie) throws Exception {
        RawHttp.Response response = server.raw("GET", "/landing?qhclickid=NEW1", "Cookie: " + cookie);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText()).isEqualTo("click=ps:NEW1:1735689600");
        assertThat(response.headers("Set-Cookie")).singleElement().asString()
                .matches(WELL_FORMED)
                .startsWith("qhtrack_click=q1:ps:1735689600:NEW1;");
    }

    @Test
    void quotedCookieValueIsAccepted() throws Exception {
        RawHttp.Response response = server.raw("GET", "/page", "Cookie: a=1; qhtrack_click=\"q1:zs:1735689600:Q1\"");

        assertThat(response.bodyText()).isEqualTo("click=zs:Q1:1735689600");
    }

    @Test
    void amongSeveralCookiesOfTheNameTheLatestCaptureWins() throws Exception {
        RawHttp.Response response = server.raw("GET", "/page",
                "Cookie: qhtrack_click=q1:ps:1735600000:OLDER; other=x; qhtrack_click=garbage",
                "Cookie: qhtrack_click=q1:ms:1735680000:NEWER");

        assertThat(response.bodyText()).isEqualTo("click=ms:NEWER:1735680000");
    }

    @Test
    void cookieCapturedInTheFutureBeyondClockSkewIsNoClick() throws Exception {
        long inTwoHours = 1735689600L + 7200;

        RawHttp.Response response = server.raw("GET", "/page", "Cookie: qhtrack_click=q1:ps:" + inTwoHours + ":F1");

        assertThat(response.bodyText()).isEqualTo("click=none");
    }

    @Test
    void hugeQueryStringWithoutClickParametersIsServed() throws Exception {
        RawHttp.Response response = server.raw("GET", "/landing?" + "a=1&".repeat(1500) + "b=" + "%zz".repeat(500));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers("Set-Cookie")).isEmpty();
    }
}
