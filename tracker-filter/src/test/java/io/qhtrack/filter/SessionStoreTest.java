package io.qhtrack.filter;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code qhtrack.store=session} and {@code cookie,session}, over real HTTP with Jetty's sessions. */
class SessionStoreTest {

    private static final long T0 = TestServer.START.getEpochSecond();

    @Test
    void sessionStoreKeepsTheClickInTheSessionAndWritesNoClickCookie() throws Exception {
        try (TestServer server = TestServer.start("qhtrack.store", "session")) {
            HttpResponse<String> landing = server.get("/landing?qhclickid=SESS1");

            assertThat(TestServer.setCookies(landing)).singleElement().asString().startsWith("JSESSIONID=");
            assertThat(server.click()).isEqualTo("click=ps:SESS1:" + T0);
        }
    }

    @Test
    void sessionStoreCreatesNoSessionForRequestsWithoutAClick() throws Exception {
        try (TestServer server = TestServer.start("qhtrack.store", "session")) {
            HttpResponse<String> page = server.get("/landing?page=2");

            assertThat(page.body()).isEqualTo("click=none");
            assertThat(TestServer.setCookies(page)).isEmpty();
        }
    }

    @Test
    void sessionStoreLastClickWinsAndTheSameClickKeepsItsTime() throws Exception {
        try (TestServer server = TestServer.start("qhtrack.store", "session")) {
            server.get("/landing?qhclickid=FIRST1");
            server.clock.advance(Duration.ofHours(1));
            server.get("/landing?impression_id=SECOND2");
            server.clock.advance(Duration.ofHours(1));

            HttpResponse<String> again = server.get("/landing?impression_id=SECOND2");

            assertThat(TestServer.setCookies(again)).isEmpty();
            assertThat(again.body()).isEqualTo("click=web:SECOND2:" + (T0 + 3600));
        }
    }

    @Test
    void sessionClickOlderThanTheWindowIsGone() throws Exception {
        try (TestServer server = TestServer.start("qhtrack.store", "session", "qhtrack.cookie.max-age", "P1D")) {
            server.get("/landing?qhclickid=S1");
            server.clock.advance(Duration.ofDays(1));

            assertThat(server.click()).isEqualTo("click=none");
        }
    }

    @Test
    void cookieAndSessionBothHoldTheClickAndEitherAloneIsEnough() throws Exception {
        try (TestServer server = TestServer.start("qhtrack.store", "cookie,session")) {
            HttpResponse<String> landing = server.get("/landing?sourceid=BOTH00000001");
            List<String> cookies = TestServer.setCookies(landing);
            assertThat(cookies).hasSize(2);
            String session = cookies.stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst().orElseThrow()
                    .split(";")[0];
            String click = cookies.stream().filter(c -> c.startsWith("qhtrack_click=")).findFirst().orElseThrow()
                    .split(";")[0];

            assertThat(server.raw("GET", "/page", "Cookie: " + session).bodyText())
                    .isEqualTo("click=zs:BOTH00000001:" + T0);
            assertThat(server.raw("GET", "/page", "Cookie: " + click).bodyText())
                    .isEqualTo("click=zs:BOTH00000001:" + T0);
        }
    }

    @Test
    void cookieAndSessionSameClickFillsOnlyTheStoreThatLacksIt() throws Exception {
        try (TestServer server = TestServer.start("qhtrack.store", "cookie,session")) {
            String click = TestServer.setCookies(server.get("/landing?qhclickid=FILL1")).stream()
                    .filter(c -> c.startsWith("qhtrack_click=")).findFirst().orElseThrow().split(";")[0];
            server.clock.advance(Duration.ofHours(2));

            // a new session (no JSESSIONID), the click cookie still there: the session gets the original time
            RawHttp.Response again = server.raw("GET", "/landing?qhclickid=FILL1", "Cookie: " + click);

            assertThat(again.bodyText()).isEqualTo("click=ps:FILL1:" + T0);
            assertThat(again.headers("Set-Cookie")).singleElement().asString().startsWith("JSESSIONID=");
        }
    }
}
