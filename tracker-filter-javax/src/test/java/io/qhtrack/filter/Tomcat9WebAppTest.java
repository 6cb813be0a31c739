package io.qhtrack.filter;

import io.qhtrack.containers.ServletContainer;
import io.qhtrack.containers.Tomcat9Container;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract on embedded Tomcat 9 (Servlet 4.0). Runs only in the pom's tomcat-9 execution, whose class path it
 * needs (a {@code -Dtest=} filter reaches every execution).
 */
@EnabledIfSystemProperty(named = "qhtrack.test.container", matches = "tomcat-9")
class Tomcat9WebAppTest extends WebAppContract {

    @Override
    ServletContainer container() {
        return new Tomcat9Container();
    }

    @Override
    String servletApiVersion() {
        return "4.0";
    }

    @Test
    void runsOnTomcat9() {
        assertThat(container.version()).startsWith("9.0.");
    }
}
