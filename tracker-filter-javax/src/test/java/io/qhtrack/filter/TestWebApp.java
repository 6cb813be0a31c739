package io.qhtrack.filter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An exploded WAR, as a build would lay it out: WEB-INF/web.xml (javax namespace, Servlet 3.1) declaring only
 * context-params, the application's servlets and its character-encoding filter, WEB-INF/classes holding the application ({@code webapp.Shop}), and
 * WEB-INF/lib/tracker-filter-javax.jar made of the classes this module generated. qhtrack's filters and listener
 * are not mentioned anywhere: the jar's ServletContainerInitializer has to register them.
 */
final class TestWebApp {

    static final String JAR_NAME = "tracker-filter-javax.jar";

    private TestWebApp() {
    }

    /** Writes the web application into {@code dir} with these context-params, and returns {@code dir}. */
    static Path write(Path dir, Map<String, String> contextParams) throws IOException {
        Path webInf = Files.createDirectories(dir.resolve("WEB-INF"));
        Files.writeString(webInf.resolve("web.xml"), webXml(contextParams));
        jar(generatedClasses(), Files.createDirectories(webInf.resolve("lib")).resolve(JAR_NAME));
        Path testClasses = codeSource(TestWebApp.class);
        copyTree(testClasses.resolve("io/qhtrack/filter/webapp"),
                webInf.resolve("classes/io/qhtrack/filter/webapp"));
        return dir;
    }

    /** target/classes: what tracker-filter-javax.jar is packaged from. */
    static Path generatedClasses() {
        String dir = System.getProperty("qhtrack.generated-classes");
        if (dir == null) {
            throw new IllegalStateException("system property qhtrack.generated-classes is not set (the pom sets it)");
        }
        return Paths.get(dir);
    }

    private static String webXml(Map<String, String> contextParams) {
        StringBuilder xml = new StringBuilder()
                .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<web-app xmlns=\"http://xmlns.jcp.org/xml/ns/javaee\"\n")
                .append("         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n")
                .append("         xsi:schemaLocation=\"http://xmlns.jcp.org/xml/ns/javaee ")
                .append("http://xmlns.jcp.org/xml/ns/javaee/web-app_3_1.xsd\"\n")
                .append("         version=\"3.1\">\n");
        contextParams.forEach((name, value) -> xml.append("  <context-param><param-name>").append(name)
                .append("</param-name><param-value>").append(value).append("</param-value></context-param>\n"));
        servlet(xml, "page", "Page", "/");
        servlet(xml, "status", "Status", "/status");
        servlet(xml, "lead", "Lead", "/lead");
        servlet(xml, "contact", "Contact", "/contact");
        servlet(xml, "order", "Order", "/order");
        servlet(xml, "wechat", "WeChat", "/wechat");
        servlet(xml, "call", "Call", "/call");
        servlet(xml, "signup", "SignUp", "/signup/*");
        servlet(xml, "slow", "Slow", "/slow/*");
        servlet(xml, "release", "Release", "/release");
        servlet(xml, "outbox", "Outbox", "/outbox");
        encodingFilter(xml, "UTF-8");
        encodingFilter(xml, "GBK");
        return xml.append("</web-app>\n").toString();
    }

    /** The application's own encoding filter for {@code /signup/<encoding>}, declared as web.xml declares one. */
    private static void encodingFilter(StringBuilder xml, String encoding) {
        String name = "encoding-" + encoding;
        xml.append("  <filter><filter-name>").append(name).append("</filter-name><filter-class>")
                .append("io.qhtrack.filter.webapp.Shop$EncodingFilter</filter-class><init-param><param-name>encoding")
                .append("</param-name><param-value>").append(encoding).append("</param-value></init-param></filter>\n")
                .append("  <filter-mapping><filter-name>").append(name).append("</filter-name><url-pattern>/signup/")
                .append(encoding).append("</url-pattern></filter-mapping>\n");
    }

    private static void servlet(StringBuilder xml, String name, String nested, String pattern) {
        xml.append("  <servlet><servlet-name>").append(name).append("</servlet-name><servlet-class>")
                .append("io.qhtrack.filter.webapp.Shop$").append(nested).append("</servlet-class></servlet>\n")
                .append("  <servlet-mapping><servlet-name>").append(name).append("</servlet-name><url-pattern>")
                .append(pattern).append("</url-pattern></servlet-mapping>\n");
    }

    private static void jar(Path classes, Path jar) throws IOException {
        List<Path> files = filesUnder(classes);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out)) {
            for (Path file : files) {
                jarOut.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, jarOut);
                jarOut.closeEntry();
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        for (Path file : filesUnder(from)) {
            Path target = to.resolve(from.relativize(file).toString());
            Files.createDirectories(target.getParent());
            Files.copy(file, target);
        }
    }

    static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
    }

    private static Path codeSource(Class<?> type) {
        try {
            return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
