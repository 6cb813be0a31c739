package io.qhtrack.filter;

import io.qhtrack.containers.ServletContainer;
import io.qhtrack.containers.Tomcat9Container;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract on embedded Tomcat 8.5, whose jar bundles the Servlet 3.1 API, embedded as Tomcat 9 is (the same
 * embedding API). Runs only in the pom's tomcat-8.5 execution, which swaps Tomcat 9's jars for 8.5's (a
 * {@code -Dtest=} filter reaches every execution).
 */
@EnabledIfSystemProperty(named = "qhtrack.test.container", matches = "tomcat-8\\.5")
class Tomcat85WebAppTest extends WebAppContract {

    @Override
    ServletContainer container() {
        return new Tomcat9Container();
    }

    @Override
    String servletApiVersion() {
        return "3.1";
    }

    @Test
    void runsOnTomcat85AndTheServlet31ApiWithoutServlet40Classes() {
        assertThat(container.version()).startsWith("8.5.");
        assertThatThrownBy(() -> Class.forName("javax.servlet.http.HttpServletMapping"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
