package io.qhtrack.containers;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;

import java.nio.file.Path;

/**
 * Embedded Tomcat 9 (or 8.5, whose embedding API is the same) deploying an exploded WAR the way a standalone Tomcat
 * does: web.xml processed by {@link ContextConfig}, initializers found by Tomcat's service loader in WEB-INF/lib. No
 * default servlet is added (the application maps its own to {@code /}), so nothing but the application and the jar
 * is in the context.
 */
public final class Tomcat9Container implements ServletContainer {

    private Tomcat tomcat;

    @Override
    public int deploy(Path webapp, String contextPath, Path work) throws Exception {
        tomcat = new Tomcat();
        tomcat.setBaseDir(work.resolve("tomcat").toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        tomcat.setAddDefaultWebXmlToWebapp(false);
        Context context = tomcat.addWebapp(tomcat.getHost(), contextPath, webapp.toString(), new ContextConfig());
        tomcat.start();
        if (context.getState() != LifecycleState.STARTED) {
            throw new IllegalStateException("the web application did not start: " + context.getState());
        }
        return connector.getLocalPort();
    }

    @Override
    public void stop() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    @Override
    public String version() {
        return ServerInfo.getServerNumber();
    }
}
