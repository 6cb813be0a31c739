package io.qhtrack.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The tests run with the versions Spring Boot's dependency management chooses: every jar on the test class path
 * that the generation's spring-boot-dependencies BOM names directly has the BOM's version (qhtrack's parent pins some
 * of them for its other modules, which beats an imported BOM, so the Boot modules set Boot's versions again).
 */
class ManagedVersionsTest {

    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    @Test
    void everyJarTheSpringBootBomNamesHasItsVersion() throws Exception {
        Map<String, String> managed = managedVersions(Paths.get(System.getProperty("qhtrack.test.boot-bom")));
        Map<String, String> onClassPath = classPathVersions();
        Map<String, String> differing = new TreeMap<>();
        int checked = 0;
        for (Map.Entry<String, String> jar : onClassPath.entrySet()) {
            String wanted = managed.get(jar.getKey());
            if (wanted != null) {
                checked++;
                if (!wanted.equals(jar.getValue())) {
                    differing.put(jar.getKey(), jar.getValue() + " instead of " + wanted);
                }
            }
        }
        assertThat(differing).isEmpty();
        assertThat(checked).as("jars checked").isGreaterThan(30);
        assertThat(onClassPath).containsKey("com.github.ben-manes.caffeine:caffeine");
    }

    private static Map<String, String> managedVersions(Path bom) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(bom.toFile());
        Map<String, String> properties = new HashMap<>();
        NodeList props = ((Element) doc.getElementsByTagName("properties").item(0)).getChildNodes();
        for (int i = 0; i < props.getLength(); i++) {
            if (props.item(i) instanceof Element) {
                properties.put(props.item(i).getNodeName(), props.item(i).getTextContent().trim());
            }
        }
        properties.put("project.version", text(doc.getDocumentElement(), "version"));
        Map<String, String> managed = new HashMap<>();
        NodeList deps = doc.getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            if ("import".equals(text(d, "scope"))) {
                continue;
            }
            managed.put(text(d, "groupId") + ":" + text(d, "artifactId"), resolve(text(d, "version"), properties));
        }
        return managed;
    }

    private static String text(Element parent, String child) {
        for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && n.getNodeName().equals(child)) {
                return n.getTextContent().trim();
            }
        }
        return null;
    }

    private static String resolve(String value, Map<String, String> properties) {
        Matcher m = PROPERTY.matcher(value);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(properties.getOrDefault(m.group(1), m.group())));
        }
        return m.appendTail(b).toString();
    }

    /**
     * groupId:artifactId → version of every jar on the test class path, from its place in the local Maven repository
     * ({@code …/org/apache/tomcat/embed/tomcat-embed-core/10.1.48/tomcat-embed-core-10.1.48.jar}).
     */
    private static Map<String, String> classPathVersions() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path repository = Paths.get(System.getProperty("qhtrack.test.local-repository")).toAbsolutePath().normalize();
        Map<String, String> versions = new HashMap<>();
        for (String entry : cp.split(File.pathSeparator)) {
            Path jar = Paths.get(entry).toAbsolutePath().normalize();
            if (!jar.startsWith(repository) || !jar.toString().endsWith(".jar")) {
                continue;
            }
            Path relative = repository.relativize(jar);
            int n = relative.getNameCount();
            String version = relative.getName(n - 2).toString();
            String artifact = relative.getName(n - 3).toString();
            String group = relative.subpath(0, n - 3).toString().replace(File.separatorChar, '.');
            versions.put(group + ":" + artifact, version);
        }
        return versions;
    }
}
