package io.qhtrack.filter;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import org.eclipse.jetty.ee10.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.EnumSet;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every way of installing the filter, on real Jetty 12 contexts: the jar dropped into WEB-INF/lib (the
 * ServletContainerInitializer found by Jetty's annotation scanning), web.xml, ServletContext.addFilter, and Spring
 * Boot's FilterRegistrationBean; in every combination the filter runs once.
 */
class RegistrationTest {

    private static final String CAPTURE = "GET";

    @TempDir
    Path webapp;

    private Server server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    // --- zero code: the jar in WEB-INF/lib ----------------------------------------------------------------------

    @Test
    void jarInWebInfLibRegistersTheFilterOnAllPathsWithoutCode() throws Exception {
        WebAppContext context = webAppContext(webXml(""));
        start(context);

        RawHttp.Response landing = raw("/any/page?qhclickid=JAR1");

        // The test class path has the initializer too; the filter class coming from the jar shows that the
        // initializer which ran is the jar's, found through its META-INF/services entry.
        Class<?> filterClass = context.getServletHandler().getFilter(ClickIdCaptureInitializer.FILTER_NAME).getHeldClass();
        assertThat(filterClass.getProtectionDomain().getCodeSource().getLocation().toString())
                .endsWith("/WEB-INF/lib/tracker-filter.jar");
        assertThat(landing.status()).isEqualTo(200);
        assertThat(landing.headers("Set-Cookie")).singleElement().asString().startsWith("qhtrack_click=q1:ps:");
        assertThat(landing.bodyText()).startsWith("filters=[qhtrack, qhtrack-triggers]").endsWith("tracker=true");
        assertThat(raw("/qhtrack.js").status()).isEqualTo(200);
    }

    @Test
    void autoRegisteredFilterRunsBeforeTheFiltersOfWebXml() throws Exception {
        deployWebapp(webXml("""
                  <filter><filter-name>probe</filter-name><filter-class>io.qhtrack.filter.ProbeFilter</filter-class></filter>
                  <filter-mapping><filter-name>probe</filter-name><url-pattern>/*</url-pattern></filter-mapping>
                """));

        RawHttp.Response landing = raw("/landing?sourceid=ORDER0000001");

        assertThat(landing.bodyText()).isEqualTo("filters=[probe, qhtrack, qhtrack-triggers]\nprobe=ORDER0000001\ntracker=true");
    }

    @Test
    void autoRegistrationCanBeSwitchedOffByContextParam() throws Exception {
        deployWebapp(webXml("""
                  <context-param><param-name>qhtrack.auto-register</param-name><param-value>false</param-value></context-param>
                """));

        RawHttp.Response landing = raw("/landing?qhclickid=OFF1");

        assertThat(landing.headers("Set-Cookie")).isEmpty();
        assertThat(landing.bodyText()).startsWith("filters=[]").endsWith("tracker=false");
    }

    @Test
    void webXmlRegistrationReplacesTheAutomaticOneNeverBoth() throws Exception {
        deployWebapp(webXml("""
                  <filter>
                    <filter-name>clicks</filter-name>
                    <filter-class>io.qhtrack.filter.ClickIdCaptureFilter</filter-class>
                    <async-supported>true</async-supported>
                    <init-param><param-name>qhtrack.cookie.name</param-name><param-value>from_web_xml</param-value></init-param>
                  </filter>
                  <filter-mapping><filter-name>clicks</filter-name><url-pattern>/*</url-pattern><dispatcher>REQUEST</dispatcher></filter-mapping>
                """));

        RawHttp.Response landing = raw("/landing?qhclickid=XML1");

        assertThat(landing.headers("Set-Cookie")).singleElement().asString().startsWith("from_web_xml=q1:ps:");
        assertThat(landing.bodyText()).startsWith("filters=[clicks, qhtrack-triggers]");
    }

    @Test
    void invalidSettingInWebXmlFailsTheDeploymentNamingSettingAndValue() throws Exception {
        WebAppContext context = webAppContext(webXml("""
                  <context-param><param-name>qhtrack.cookie.same-site</param-name><param-value>Loose</param-value></context-param>
                """));
        context.setThrowUnavailableOnStartupException(true);

        assertThatThrownBy(() -> start(context))
                .hasStackTraceContaining("qhtrack.cookie.same-site: 'Loose' is not Lax, Strict or None");
    }

    // --- programmatic: ServletContext.addFilter, and Spring Boot ------------------------------------------------

    @Test
    void programmaticRegistrationThroughAddFilter() throws Exception {
        ServletContextHandler context = servletContext();
        context.addEventListener(new AddFilterListener());

        start(context);

        RawHttp.Response landing = raw("/landing?qhclickid=PROG1");
        assertThat(landing.headers("Set-Cookie")).singleElement().asString().startsWith("programmatic=q1:ps:");
    }

    @Test
    void programmaticRegistrationAfterTheAutomaticOneStillRunsOnce() throws Exception {
        ServletContextHandler context = servletContext();
        context.addServletContainerInitializer(new ClickIdCaptureInitializer());
        context.addEventListener(new AddFilterListener());

        start(context);

        RawHttp.Response landing = raw("/landing?qhclickid=PROG2");
        assertThat(landing.headers("Set-Cookie")).singleElement().asString().startsWith("programmatic=q1:ps:");
        assertThat(landing.bodyText()).isEqualTo("filters=[programmatic, qhtrack, qhtrack-triggers]\nprobe=null\ntracker=true");
    }

    @Test
    void springBootFilterRegistrationBean() throws Exception {
        ServletContextHandler context = servletContext();
        FilterRegistrationBean<ClickIdCaptureFilter> bean = bootRegistration();
        context.addServletContainerInitializer((classes, servletContext) -> bean.onStartup(servletContext));

        start(context);

        RawHttp.Response landing = raw("/landing?impression_id=BOOT1");
        assertThat(landing.headers("Set-Cookie")).singleElement().asString().startsWith("from_boot=q1:web:");
        assertThat(landing.bodyText()).startsWith("filters=[qhtrackFilter]");
    }

    @Test
    void springBootRegistrationAndTheJarsInitializerRunOnceInEitherOrder() throws Exception {
        for (boolean bootFirst : new boolean[] {true, false}) {
            ServletContextHandler context = servletContext();
            FilterRegistrationBean<ClickIdCaptureFilter> bean = bootRegistration();
            if (!bootFirst) {
                context.addServletContainerInitializer(new ClickIdCaptureInitializer());
            }
            context.addServletContainerInitializer((classes, servletContext) -> bean.onStartup(servletContext));
            if (bootFirst) {
                context.addServletContainerInitializer(new ClickIdCaptureInitializer());
            }
            start(context);

            RawHttp.Response landing = raw("/landing?qhclickid=BOTH1");

            assertThat(landing.headers("Set-Cookie")).as("boot first: %s", bootFirst).singleElement().asString()
                    .startsWith("from_boot=q1:ps:");
            server.stop();
        }
    }

    @Test
    void invalidInitParameterFailsInitNamingSettingAndValue() {
        ServletContextHandler context = new ServletContextHandler();
        FilterHolder filter = new FilterHolder(new ClickIdCaptureFilter());
        filter.setInitParameter("qhtrack.cookie.max-age", "forever");
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));

        assertThatThrownBy(() -> start(context)).hasStackTraceContaining(
                "qhtrack.cookie.max-age: 'forever' is neither a number of seconds nor an ISO-8601 duration");
    }

    @Test
    void invalidAutoRegisterValueFailsStartup() {
        ServletContextHandler context = servletContext();
        context.setInitParameter("qhtrack.auto-register", "maybe");
        context.addServletContainerInitializer(new ClickIdCaptureInitializer());

        assertThatThrownBy(() -> start(context))
                .hasStackTraceContaining("qhtrack.auto-register: 'maybe' is not true or false");
    }

    @Test
    void withoutTheFilterQhClickIsEmptyAndNothingFails() throws Exception {
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new EchoServlet()), "/");
        start(context);

        assertThat(raw("/landing?qhclickid=NOFILTER").bodyText()).isEqualTo("click=none");
    }

    /** A listener of the application that registers the filter itself. */
    static final class AddFilterListener implements ServletContextListener {
        @Override
        public void contextInitialized(ServletContextEvent event) {
            FilterRegistration.Dynamic filter =
                    event.getServletContext().addFilter("programmatic", ClickIdCaptureFilter.class);
            filter.setInitParameter("qhtrack.cookie.name", "programmatic");
            filter.setAsyncSupported(true);
            filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        }
    }

    private static FilterRegistrationBean<ClickIdCaptureFilter> bootRegistration() {
        FilterRegistrationBean<ClickIdCaptureFilter> bean = new FilterRegistrationBean<>(new ClickIdCaptureFilter());
        bean.setName("qhtrackFilter");
        bean.addUrlPatterns("/*");
        bean.setDispatcherTypes(DispatcherType.REQUEST);
        bean.setAsyncSupported(true);
        bean.addInitParameter("qhtrack.cookie.name", "from_boot");
        return bean;
    }

    private static ServletContextHandler servletContext() {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new ProbeServlet()), "/");
        return context;
    }

    // --- web application plumbing -------------------------------------------------------------------------------

    private static String webXml(String body) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee"
                         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                         xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/web-app_6_0.xsd"
                         version="6.0">
                """ + body + """
                  <servlet><servlet-name>probe</servlet-name><servlet-class>io.qhtrack.filter.ProbeServlet</servlet-class></servlet>
                  <servlet-mapping><servlet-name>probe</servlet-name><url-pattern>/</url-pattern></servlet-mapping>
                </web-app>
                """;
    }

    private void deployWebapp(String webXml) throws Exception {
        start(webAppContext(webXml));
    }

    /** A web application directory whose WEB-INF/lib holds tracker-filter as a jar, as a WAR would. */
    private WebAppContext webAppContext(String webXml) throws IOException, URISyntaxException {
        Path webInf = Files.createDirectories(webapp.resolve("WEB-INF"));
        Files.writeString(webInf.resolve("web.xml"), webXml);
        Path lib = Files.createDirectories(webInf.resolve("lib"));
        jarOfTrackerFilterClasses(lib.resolve("tracker-filter.jar"));
        WebAppContext context = new WebAppContext(webapp.toString(), "/");
        context.addConfiguration(new AnnotationConfiguration());
        return context;
    }

    private static void jarOfTrackerFilterClasses(Path jar) throws IOException, URISyntaxException {
        Path classes = Paths.get(ClickIdCaptureFilter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
        assertThat(files).contains(classes.resolve("META-INF/services/jakarta.servlet.ServletContainerInitializer"));
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out)) {
            for (Path file : files) {
                jarOut.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, jarOut);
                jarOut.closeEntry();
            }
        }
    }

    private void start(Handler handler) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(handler);
        server.start();
    }

    private RawHttp.Response raw(String target) throws IOException {
        int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        return RawHttp.exchange(port, CAPTURE + " " + target + " HTTP/1.1");
    }
}
