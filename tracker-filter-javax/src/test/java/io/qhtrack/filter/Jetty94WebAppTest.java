package io.qhtrack.filter;

import io.qhtrack.containers.Jetty94Container;
import io.qhtrack.containers.ServletContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract on embedded Jetty 9.4, which implements Servlet 3.1 exactly, run (the pom's jetty-9.4 execution)
 * with the Servlet 3.1 API jar: a Servlet 4.0 method, or a filter relying on Servlet 4.0's default
 * {@code Filter.init}, fails here. Runs only in that execution, whose class path it needs (a {@code -Dtest=} filter
 * reaches every execution).
 */
@EnabledIfSystemProperty(named = "qhtrack.test.container", matches = "jetty-9\\.4")
class Jetty94WebAppTest extends WebAppContract {

    @Override
    ServletContainer container() {
        return new Jetty94Container();
    }

    @Override
    String servletApiVersion() {
        return "3.1";
    }

    @Test
    void runsOnJetty94AndTheServlet31ApiWithoutServlet40Classes() {
        assertThat(container.version()).startsWith("9.4.");
        assertThatThrownBy(() -> Class.forName("javax.servlet.http.HttpServletMapping"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
