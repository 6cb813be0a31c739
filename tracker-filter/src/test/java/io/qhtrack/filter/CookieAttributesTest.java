package io.qhtrack.filter;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The {@code Set-Cookie} header, byte for byte as it leaves Jetty, for each configuration. */
class CookieAttributesTest {

    private static final String V = "q1:ps:1735689600:ATTR1";

    static Stream<Arguments> configurations() {
        return Stream.of(
                arguments("defaults", new String[0], new String[0],
                        "qhtrack_click=" + V + "; Max-Age=2592000; Expires=Fri, 31 Jan 2025 00:00:00 GMT; Path=/;"
                                + " HttpOnly; SameSite=Lax"),
                arguments("everything configured",
                        new String[] {"qhtrack.cookie.name", "qh", "qhtrack.cookie.domain", "example.com.cn",
                            "qhtrack.cookie.path", "/shop", "qhtrack.cookie.max-age", "P7D",
                            "qhtrack.cookie.http-only", "false", "qhtrack.cookie.secure", "true",
                            "qhtrack.cookie.same-site", "strict"},
                        new String[] {"Host: www.example.com.cn"},
                        "qh=" + V + "; Max-Age=604800; Expires=Wed, 08 Jan 2025 00:00:00 GMT; Domain=example.com.cn;"
                                + " Path=/shop; Secure; SameSite=Strict"),
                arguments("domain shared by m. and www.",
                        new String[] {"qhtrack.cookie.domain", ".Example.com.cn"},
                        new String[] {"Host: m.example.com.cn"},
                        "qhtrack_click=" + V + "; Max-Age=2592000; Expires=Fri, 31 Jan 2025 00:00:00 GMT;"
                                + " Domain=example.com.cn; Path=/; HttpOnly; SameSite=Lax"),
                arguments("request host outside the configured domain: host-only, never a guessed parent",
                        new String[] {"qhtrack.cookie.domain", "example.com.cn"},
                        new String[] {"Host: www.example.net.cn"},
                        "qhtrack_click=" + V + "; Max-Age=2592000; Expires=Fri, 31 Jan 2025 00:00:00 GMT; Path=/;"
                                + " HttpOnly; SameSite=Lax"),
                arguments("no domain configured: host-only for www.example.com.cn",
                        new String[0], new String[] {"Host: www.example.com.cn"},
                        "qhtrack_click=" + V + "; Max-Age=2592000; Expires=Fri, 31 Jan 2025 00:00:00 GMT; Path=/;"
                                + " HttpOnly; SameSite=Lax"),
                arguments("max-age in seconds",
                        new String[] {"qhtrack.cookie.max-age", "3600"}, new String[0],
                        "qhtrack_click=" + V + "; Max-Age=3600; Expires=Wed, 01 Jan 2025 01:00:00 GMT; Path=/;"
                                + " HttpOnly; SameSite=Lax"),
                arguments("SameSite=None with Secure",
                        new String[] {"qhtrack.cookie.same-site", "None", "qhtrack.cookie.secure", "true"},
                        new String[0],
                        "qhtrack_click=" + V + "; Max-Age=2592000; Expires=Fri, 31 Jan 2025 00:00:00 GMT; Path=/;"
                                + " Secure; HttpOnly; SameSite=None"),
                arguments("__Host- prefix",
                        new String[] {"qhtrack.cookie.name", "__Host-qh", "qhtrack.cookie.secure", "true"},
                        new String[0],
                        "__Host-qh=" + V + "; Max-Age=2592000; Expires=Fri, 31 Jan 2025 00:00:00 GMT; Path=/;"
                                + " Secure; HttpOnly; SameSite=Lax"),
                arguments("secure=false", new String[] {"qhtrack.cookie.secure", "false",
                            "qhtrack.trust-forwarded-proto", "true"},
                        new String[] {"X-Forwarded-Proto: https"},
                        "qhtrack_click=" + V + "; Max-Age=2592000; Expires=Fri, 31 Jan 2025 00:00:00 GMT; Path=/;"
                                + " HttpOnly; SameSite=Lax"),
                arguments("auto: X-Forwarded-Proto ignored unless the proxy is trusted",
                        new String[0], new String[] {"X-Forwarded-Proto: https"},
                        "qhtrack_click=" + V + "; Max-Age=2592000; Expires=Fri, 31 Jan 2025 00:00:00 GMT; Path=/;"
                                + " HttpOnly; SameSite=Lax"),
                arguments("auto: trusted X-Forwarded-Proto https",
                        new String[] {"qhtrack.trust-forwarded-proto", "true"},
                        new String[] {"X-Forwarded-Proto: https"},
                        "qhtrack_click=" + V + "; Max-Age=2592000; Expires=Fri, 31 Jan 2025 00:00:00 GMT; Path=/;"
                                + " Secure; HttpOnly; SameSite=Lax"),
                arguments("auto: trusted X-Forwarded-Proto, the client-facing hop counts",
                        new String[] {"qhtrack.trust-forwarded-proto", "true"},
                        new String[] {"X-Forwarded-Proto: https, http"},
                        "qhtrack_click=" + V + "; Max-Age=2592000; Expires=Fri, 31 Jan 2025 00:00:00 GMT; Path=/;"
                                + " Secure; HttpOnly; SameSite=Lax"),
                arguments("auto: trusted X-Forwarded-Proto http",
                        new String[] {"qhtrack.trust-forwarded-proto", "true"},
                        new String[] {"X-Forwarded-Proto: http"},
                        "qhtrack_click=" + V + "; Max-Age=2592000; Expires=Fri, 31 Jan 2025 00:00:00 GMT; Path=/;"
                                + " HttpOnly; SameSite=Lax"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void setCookieIsExactlyAsConfigured(String description, String[] initParams, String[] requestHeaders,
            String expected) throws Exception {
        try (TestServer server = TestServer.start(initParams)) {
            RawHttp.Response response = server.raw("GET", "/landing?qhclickid=ATTR1", requestHeaders);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers("Set-Cookie")).containsExactly(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void contextParametersConfigureTheFilterToo(String description, String[] initParams, String[] requestHeaders,
            String expected) throws Exception {
        TestServer.Builder builder = TestServer.builder();
        for (int i = 0; i < initParams.length; i += 2) {
            builder.contextParam(initParams[i], initParams[i + 1]);
        }
        try (TestServer server = builder.start()) {
            RawHttp.Response response = server.raw("GET", "/landing?qhclickid=ATTR1", requestHeaders);

            assertThat(response.headers("Set-Cookie")).containsExactly(expected);
        }
    }
}
