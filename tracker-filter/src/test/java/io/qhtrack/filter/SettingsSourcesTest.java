package io.qhtrack.filter;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Init-param, then context-param, then system property: the first one set wins. */
class SettingsSourcesTest {

    @AfterEach
    void clearSystemProperty() {
        System.clearProperty("qhtrack.cookie.name");
    }

    @Test
    void systemPropertyConfiguresTheFilter() throws Exception {
        System.setProperty("qhtrack.cookie.name", "from_system");
        try (TestServer server = TestServer.start()) {
            RawHttp.Response response = server.raw("GET", "/landing?qhclickid=SYS1");

            assertThat(response.headers("Set-Cookie")).singleElement().asString().startsWith("from_system=");
        }
    }

    @Test
    void contextParameterBeatsSystemProperty() throws Exception {
        System.setProperty("qhtrack.cookie.name", "from_system");
        try (TestServer server = TestServer.builder().contextParam("qhtrack.cookie.name", "from_context").start()) {
            RawHttp.Response response = server.raw("GET", "/landing?qhclickid=SYS2");

            assertThat(response.headers("Set-Cookie")).singleElement().asString().startsWith("from_context=");
        }
    }

    @Test
    void initParameterBeatsContextParameter() throws Exception {
        try (TestServer server = TestServer.builder().contextParam("qhtrack.cookie.name", "from_context")
                .initParam("qhtrack.cookie.name", "from_init").start()) {
            RawHttp.Response response = server.raw("GET", "/landing?qhclickid=SYS3");

            assertThat(response.headers("Set-Cookie")).singleElement().asString().startsWith("from_init=");
        }
    }
}
