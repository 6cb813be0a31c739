package io.qhtrack.sample;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SampleHttpFlow} on embedded Tomcat 11: the same WAR, unchanged, on a second container, and at a context
 * path ({@value #CONTEXT_PATH}) rather than the root. Tomcat finds qhtrack's container initializer in
 * {@code WEB-INF/lib} by itself; the test adds only what a standalone Tomcat's {@code conf/web.xml} would (the
 * default servlet for static files).
 */
class TomcatIT extends SampleHttpFlow {

    static final String CONTEXT_PATH = "/shop";

    private Tomcat tomcat;

    @Override
    URI deploy(Path war, Map<String, String> contextParams) throws Exception {
        Path base = Files.createDirectories(data.resolve("tomcat"));
        Files.createDirectories(base.resolve("webapps"));
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.setAddDefaultWebXmlToWebapp(false);
        Context context = tomcat.addWebapp(CONTEXT_PATH, war.toAbsolutePath().toString());
        context.addServletContainerInitializer((classes, servletContext) -> servletContext
                .addServlet("default", DefaultServlet.class).addMapping("/"), null);
        contextParams.forEach(context::addParameter);
        tomcat.start();
        assertThat(context.getState()).as("the web application started").isEqualTo(LifecycleState.STARTED);
        return URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + CONTEXT_PATH);
    }

    @Override
    void undeploy() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
    }
}
