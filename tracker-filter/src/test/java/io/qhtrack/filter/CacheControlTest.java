package io.qhtrack.filter;

import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The response that sets the visitor's click is {@code Cache-Control: private}, so that no shared cache hands one
 * visitor's click to others, unless the application or an earlier filter chose its own {@code Cache-Control}.
 */
class CacheControlTest {

    @Test
    void theResponseThatSetsTheClickCookieIsPrivate() throws Exception {
        try (TestServer server = TestServer.start()) {
            HttpResponse<String> landing = server.get("/landing?qhclickid=CACHE1");

            assertThat(TestServer.setCookies(landing)).hasSize(1);
            assertThat(landing.headers().allValues("Cache-Control")).containsExactly("private");
        }
    }

    @Test
    void theResponseThatPutsTheClickInTheSessionIsPrivateToo() throws Exception {
        try (TestServer server = TestServer.start("qhtrack.store", "session")) {
            HttpResponse<String> landing = server.get("/landing?qhclickid=CACHE2");

            assertThat(landing.headers().allValues("Cache-Control")).containsExactly("private");
        }
    }

    @Test
    void aResponseThatSetsNoClickIsLeftAlone() throws Exception {
        try (TestServer server = TestServer.start()) {
            server.get("/landing?qhclickid=CACHE3");

            HttpResponse<String> again = server.get("/landing?qhclickid=CACHE3");
            HttpResponse<String> plain = server.get("/landing?utm=1");

            assertThat(TestServer.setCookies(again)).isEmpty();
            assertThat(again.headers().allValues("Cache-Control")).isEmpty();
            assertThat(plain.headers().allValues("Cache-Control")).isEmpty();
        }
    }

    @Test
    void aCacheControlChosenByAnEarlierFilterIsKept() throws Exception {
        try (TestServer server = TestServer.builder().filterBefore((request, response, chain) -> {
            ((HttpServletResponse) response).setHeader("Cache-Control", "no-store");
            chain.doFilter(request, response);
        }).start()) {
            HttpResponse<String> landing = server.get("/landing?qhclickid=CACHE4");

            assertThat(TestServer.setCookies(landing)).hasSize(1);
            assertThat(landing.headers().allValues("Cache-Control")).containsExactly("no-store");
        }
    }

    @Test
    void aCacheControlTheApplicationSetsReplacesIt() throws Exception {
        // documented: an application that marks pages public must keep its shared caches away from Set-Cookie
        try (TestServer server = TestServer.start()) {
            HttpResponse<String> landing = server.get("/public?qhclickid=CACHE5");

            assertThat(TestServer.setCookies(landing)).hasSize(1);
            assertThat(landing.headers().allValues("Cache-Control")).containsExactly("public, max-age=600");
        }
    }
}
