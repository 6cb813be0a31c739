package io.qhtrack.containers;

import org.eclipse.jetty.annotations.AnnotationConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.webapp.Configuration;
import org.eclipse.jetty.webapp.JettyWebXmlConfiguration;
import org.eclipse.jetty.webapp.WebAppContext;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Embedded Jetty 9.4 deploying an exploded WAR the way a standalone Jetty 9.4 does: web.xml, and initializers found
 * by the annotation configuration (which a standalone Jetty enables with its annotations module).
 */
public final class Jetty94Container implements ServletContainer {

    private Server server;

    @Override
    public int deploy(Path webapp, String contextPath, Path work) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        Configuration.ClassList.setServerDefault(server).addBefore(JettyWebXmlConfiguration.class.getName(),
                AnnotationConfiguration.class.getName());
        WebAppContext context = new WebAppContext(webapp.toString(), contextPath);
        context.setTempDirectory(Files.createDirectories(work.resolve("jetty-temp")).toFile());
        context.setThrowUnavailableOnStartupException(true);
        server.setHandler(context);
        server.start();
        return connector.getLocalPort();
    }

    @Override
    public void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Override
    public String version() {
        return Server.getVersion();
    }
}
