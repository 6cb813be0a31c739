package io.qhtrack.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Expires attribute follows the clock from one capture to the next (it is formatted once per second). */
class CookieExpiryTest {

    @Test
    void aLaterCaptureGetsALaterExpiry() throws Exception {
        try (TestServer server = TestServer.start()) {
            String first = TestServer.setCookies(server.get("/landing?qhclickid=EXP1")).get(0);
            server.clock.advance(Duration.ofHours(1));
            String second = TestServer.setCookies(server.get("/landing?qhclickid=EXP2")).get(0);

            assertThat(first).contains("; Expires=Fri, 31 Jan 2025 00:00:00 GMT;");
            assertThat(second).contains("; Expires=Fri, 31 Jan 2025 01:00:00 GMT;");
        }
    }
}
