package io.qhtrack.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.spring.war.WarShopApplication;
import io.qhtrack.testkit.Fake360;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.HttpCookie;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The starter in a Spring Boot application deployed as a WAR ({@code SpringBootServletInitializer}) in Tomcat, with
 * tracker-filter's jar, and so its own {@code ServletContainerInitializer}, in {@code WEB-INF/lib}: the application
 * starts, the starter's filters (which read {@code application.yml}) are the only ones, there is one tracker, and a
 * lead is delivered — whichever initializer Tomcat runs first (the order {@code WEB-INF/lib} lists the jars in, or
 * the one {@code web.xml}'s {@code <absolute-ordering>} names).
 *
 * <p>Tomcat and the Servlet API are the container, on this test's class path; everything else the application needs is
 * in its {@code WEB-INF}: this test's class path less the container and the test tools, with the reactor's class
 * directories packed as jars. Tomcat's web application class loader sees nothing of the test's class path but Tomcat
 * itself and the JDK, as in a standalone Tomcat.
 */
class WarDeploymentTest {

    static final Fake360 FAKE = Fake360.builder().credentials("search-key", "search-secret").start();
    private static final String COOKIE = "from_application_yml";
    private static final String CONTEXT_PATH = "/shop";
    private static final Logger FILTER_LOG = Logger.getLogger("io.qhtrack.filter.ClickIdCaptureFilter");
    private static Path war;
    private static Path springWebJar;
    private static Path trackerFilterJar;

    @TempDir
    static Path work;

    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(java.text.MessageFormat.format(record.getMessage(),
                    record.getParameters() == null ? new Object[0] : record.getParameters()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Tomcat tomcat;
    private Set<ObjectName> trackersBefore;

    @BeforeAll
    static void assembleTheWar() throws IOException, URISyntaxException {
        war = Files.createDirectories(work.resolve("shop")).toRealPath();
        Path classes = Files.createDirectories(war.resolve("WEB-INF/classes"));
        Path lib = Files.createDirectories(war.resolve("WEB-INF/lib"));
        Path testClasses = Paths.get(WarDeploymentTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String app = WarShopApplication.class.getPackage().getName().replace('.', '/');
        copyTree(testClasses.resolve(app), classes.resolve(app));
        Files.write(classes.resolve("application.yml"), String.join("\n",
                "spring.application.name: war-shop",
                "qhtrack:",
                "  cookie:",
                "    name: " + COOKIE,
                "  search:",
                "    key: search-key",
                "    secret: search-secret",
                "").getBytes(StandardCharsets.UTF_8));
        for (Path entry : testClassPath()) {
            if (entry.equals(testClasses)) {
                continue;
            }
            Path copy;
            if (Files.isDirectory(entry) && isPartOfTheApplication(moduleOf(entry) + ".jar")) {
                copy = lib.resolve(moduleOf(entry) + ".jar");
                jar(entry, copy);
            } else if (isPartOfTheApplication(entry.getFileName().toString())) {
                copy = lib.resolve(entry.getFileName().toString());
                Files.copy(entry, copy);
            } else {
                continue;
            }
            if (hasEntry(copy, "org/springframework/web/SpringServletContainerInitializer.class")) {
                springWebJar = copy;
            }
            if (hasEntry(copy, "io/qhtrack/filter/ClickIdCaptureInitializer.class")) {
                trackerFilterJar = copy;
            }
        }
        assertThat(springWebJar).as("spring-web in WEB-INF/lib").isNotNull();
        assertThat(trackerFilterJar).as("tracker-filter in WEB-INF/lib").isNotNull();
        assertThat(hasEntry(trackerFilterJar, "META-INF/services/jakarta.servlet.ServletContainerInitializer"))
                .as("tracker-filter's jar lists its initializer").isTrue();
    }

    @AfterAll
    static void stopFake() {
        FAKE.close();
    }

    @BeforeEach
    void listenToTheCaptureFilter() throws MalformedObjectNameException {
        trackersBefore = trackers();
        FILTER_LOG.addHandler(capture);
        FAKE.clear();
    }

    @AfterEach
    void undeploy() throws Exception {
        FILTER_LOG.removeHandler(capture);
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
        Files.deleteIfExists(war.resolve("WEB-INF/web.xml"));
    }

    @Test
    void inTheOrderTomcatFindsTheInitializers() throws Exception {
        assertOneTrackerAndTheStartersFilters(deploy());
    }

    @Test
    void whenTomcatRunsTrackerFiltersInitializerFirst() throws Exception {
        webXmlOrdering(trackerFilterJar);
        assertOneTrackerAndTheStartersFilters(deploy());
    }

    @Test
    void whenTomcatRunsSpringsInitializerFirst() throws Exception {
        webXmlOrdering(springWebJar, trackerFilterJar);
        assertOneTrackerAndTheStartersFilters(deploy());
    }

    private void assertOneTrackerAndTheStartersFilters(Visitor visitor) throws MalformedObjectNameException {
        assertThat(visitor.get(CONTEXT_PATH + "/registrations").body()).isEqualTo(
                "qhtrack=io.qhtrack.filter.ClickIdCaptureFilter\n"
                + "qhtrack-triggers=io.qhtrack.filter.ConversionTriggerFilter\n");
        Set<ObjectName> started = trackers();
        started.removeAll(trackersBefore);
        assertThat(started).as("the trackers the deployment started").hasSize(1);
        assertThat(logged).as("what tracker-filter's initializer said")
                .anyMatch(line -> line.contains("Spring Boot starter"));

        assertThat(visitor.get(CONTEXT_PATH + "/?qhclickid=9356596331006500001").statusCode()).isEqualTo(200);
        assertThat(visitor.cookies().getCookieStore().getCookies()).extracting(HttpCookie::getName)
                .as("the cookie named in application.yml").containsExactly(COOKIE);
        assertThat(visitor.post(CONTEXT_PATH + "/lead", "name", "张三").body()).isEqualTo("thanks");
        assertThat(FAKE.awaitAccepted(1, Duration.ofSeconds(10)).get(0).clickId()).isEqualTo("9356596331006500001");
    }

    /** Every tracker of this JVM, by the JMX name each registers. */
    private static Set<ObjectName> trackers() throws MalformedObjectNameException {
        return new HashSet<>(ManagementFactory.getPlatformMBeanServer()
                .queryNames(new ObjectName("io.qhtrack:type=Tracker,*"), null));
    }

    /** Deploys the WAR at {@value #CONTEXT_PATH}; the endpoint comes as a context-param, as a server's would. */
    private Visitor deploy() throws Exception {
        tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createDirectories(work.resolve("tomcat")).toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.setAddDefaultWebXmlToWebapp(false);
        Context context = tomcat.addWebapp(CONTEXT_PATH, war.toString());
        context.setParentClassLoader(new ContainerClassLoader(WarDeploymentTest.class.getClassLoader()));
        // a standalone Tomcat's own class path holds nothing to scan; this test's holds everything
        ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
        context.addParameter("qhtrack.endpoint", FAKE.endpoint().toString());
        tomcat.start();
        assertThat(context.getState()).as("the web application started").isEqualTo(LifecycleState.STARTED);
        return new Visitor(tomcat.getConnector().getLocalPort());
    }

    /** A {@code web.xml} whose {@code <absolute-ordering>} names these jars first, then the others. */
    private static void webXmlOrdering(Path... first) throws IOException {
        StringBuilder names = new StringBuilder();
        for (Path jar : first) {
            names.append("    <name>").append(fragmentName(jar)).append("</name>\n");
        }
        Files.write(war.resolve("WEB-INF/web.xml"), ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<web-app xmlns=\"http://xmlns.jcp.org/xml/ns/javaee\" version=\"4.0\" metadata-complete=\"false\">\n"
                + "  <absolute-ordering>\n" + names + "    <others/>\n  </absolute-ordering>\n"
                + "</web-app>\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The name of a jar's web fragment: the one its web-fragment.xml gives (spring_web), else Tomcat's, its URL. */
    private static String fragmentName(Path jar) throws IOException {
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
            java.util.zip.ZipEntry fragment = file.getEntry("META-INF/web-fragment.xml");
            if (fragment != null) {
                String xml = new String(file.getInputStream(fragment).readAllBytes(), StandardCharsets.UTF_8);
                Matcher name = Pattern.compile("<name>\\s*([^<]+?)\\s*</name>").matcher(xml);
                if (name.find()) {
                    return name.group(1);
                }
            }
        }
        return jar.toFile().toURI().toURL().toString();
    }

    /**
     * The class loader of the container's own classes, as a standalone Tomcat's {@code common} loader: Tomcat, the
     * Servlet API and the JDK; nothing else of the test's class path (Spring, qhtrack) is visible to the application.
     */
    static final class ContainerClassLoader extends ClassLoader {

        private static final String[] CONTAINER = {"org.apache.catalina.", "org.apache.tomcat.", "org.apache.coyote.",
            "org.apache.juli.", "org.apache.naming.", "jakarta.servlet.", "jakarta.annotation."};

        private final ClassLoader container;

        ContainerClassLoader(ClassLoader container) {
            super(ClassLoader.getPlatformClassLoader());
            this.container = container;
        }

        private static boolean isContainer(String name) {
            for (String prefix : CONTAINER) {
                if (name.startsWith(prefix) || name.startsWith(prefix.replace('.', '/'))) {
                    return true;
                }
            }
            return false;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            return isContainer(name) ? container.loadClass(name) : super.loadClass(name, resolve);
        }

        @Override
        public URL getResource(String name) {
            return isContainer(name) ? container.getResource(name) : super.getResource(name);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return isContainer(name) ? container.getResources(name) : super.getResources(name);
        }
    }

    // --- assembling the WAR --------------------------------------------------------------------------------------

    private static List<Path> testClassPath() {
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<Path> entries = new ArrayList<>();
        for (String entry : path.split(File.pathSeparator)) {
            if (!entry.isEmpty() && Files.exists(Paths.get(entry))) {
                entries.add(Paths.get(entry).toAbsolutePath());
            }
        }
        return entries;
    }

    /** Whether a jar of the test's class path belongs in WEB-INF/lib: not the container's, not a test tool's. */
    private static boolean isPartOfTheApplication(String jar) {
        String name = jar.toLowerCase(Locale.ROOT);
        String[] notTheApplications = {"tomcat-", "spring-boot-starter-tomcat", "spring-boot-tomcat",
            "jakarta.servlet-api", "javax.servlet-api", "junit-", "opentest4j", "apiguardian", "assertj-", "mockito-",
            "byte-buddy", "objenesis", "hamcrest", "jsonassert", "json-path", "json-smart", "accessors-smart", "asm-",
            "xmlunit", "awaitility", "spring-test", "spring-boot-test", "spring-boot-starter-test", "surefire",
            "tracker-testkit", "jetty-"};
        for (String prefix : notTheApplications) {
            if (name.startsWith(prefix)) {
                return false;
            }
        }
        return name.endsWith(".jar");
    }

    /** {@code …/tracker-filter/target/classes} → {@code tracker-filter}. */
    private static String moduleOf(Path classes) {
        return classes.getParent().getParent().getFileName().toString();
    }

    private static void jar(Path directory, Path jar) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(directory)) {
            paths = walk.filter(p -> !p.equals(directory)).sorted().collect(Collectors.toList());
        }
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out)) {
            for (Path path : paths) {
                String name = directory.relativize(path).toString().replace('\\', '/');
                boolean isDirectory = Files.isDirectory(path);
                jarOut.putNextEntry(new JarEntry(isDirectory ? name + "/" : name));
                if (!isDirectory) {
                    Files.copy(path, jarOut);
                }
                jarOut.closeEntry();
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static boolean hasEntry(Path jar, String entry) {
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
            return file.getEntry(entry) != null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
