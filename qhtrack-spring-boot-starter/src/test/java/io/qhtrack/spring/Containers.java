package io.qhtrack.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.context.ApplicationContext;

/** Which embedded server a test runs on, and that it is the one this test run asked for. */
final class Containers {

    private Containers() {
    }

    /** tomcat or jetty, as the build's surefire execution says. */
    static String expected() {
        return System.getProperty("qhtrack.test.container", "tomcat");
    }

    /** The web server's class name (through reflection: the interface moved between Spring Boot generations). */
    static String webServerOf(ApplicationContext context) {
        try {
            Object server = context.getClass().getMethod("getWebServer").invoke(context);
            return server.getClass().getSimpleName();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("not a web server application context: " + context, e);
        }
    }

    static void assertRunsOnTheExpectedServer(ApplicationContext context) {
        assertThat(webServerOf(context).toLowerCase()).startsWith(expected());
    }
}
