package io.qhtrack.filter;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the build generated from the tracker-filter jar (target/classes, which the jar is packaged from): Java 8
 * class files naming javax.servlet, and not one byte spelling jakarta, in classes, string constants or resources.
 */
class GeneratedClassesTest {

    private final Path classes = TestWebApp.generatedClasses();

    @Test
    void everyPublicClassOfTrackerFilterIsThere() {
        for (String name : new String[] {"ClickIdCaptureFilter", "ClickIdCaptureInitializer", "ConversionTriggerFilter",
                "TrackerListener", "QhTracker", "QhClick", "ReportConversion", "FilterSettings", "LandingUrls"}) {
            assertThat(classes.resolve("io/qhtrack/filter/" + name + ".class")).as(name).isRegularFile();
        }
        assertThat(classes.resolve("io/qhtrack/filter/qhtrack.js")).isRegularFile();
    }

    @Test
    void everyClassIsJava8Bytecode() throws IOException {
        List<Path> classFiles = classFiles();
        assertThat(classFiles).hasSizeGreaterThan(20);
        for (Path file : classFiles) {
            try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(in)) {
                assertThat(data.readInt()).as("magic of %s", file).isEqualTo(0xCAFEBABE);
                data.readUnsignedShort(); // minor
                assertThat(data.readUnsignedShort()).as("major version of %s", file).isEqualTo(52);
            }
        }
    }

    @Test
    void noFileMentionsJakarta() throws IOException {
        for (Path file : TestWebApp.filesUnder(classes)) {
            String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            assertThat(text).as(classes.relativize(file).toString()).doesNotContainIgnoringCase("jakarta");
        }
    }

    @Test
    void theClassesUseJavaxServlet() throws IOException {
        String filter = new String(Files.readAllBytes(classes.resolve("io/qhtrack/filter/ClickIdCaptureFilter.class")),
                StandardCharsets.ISO_8859_1);

        assertThat(filter).contains("javax/servlet/Filter", "javax/servlet/http/HttpServletRequest");
    }

    @Test
    void theInitializerIsListedUnderTheJavaxServiceName() throws IOException {
        Path services = classes.resolve("META-INF/services");

        assertThat(services.resolve("jakarta.servlet.ServletContainerInitializer")).doesNotExist();
        assertThat(Files.readString(services.resolve("javax.servlet.ServletContainerInitializer")).trim())
                .isEqualTo(ClickIdCaptureInitializer.class.getName());
    }

    private List<Path> classFiles() throws IOException {
        List<Path> files = TestWebApp.filesUnder(classes);
        files.removeIf(f -> !f.toString().endsWith(".class"));
        return files;
    }
}
