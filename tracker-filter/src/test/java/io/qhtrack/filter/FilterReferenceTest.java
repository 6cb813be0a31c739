package io.qhtrack.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.Setting;
import io.qhtrack.core.internal.PlatformRegistry;
import io.qhtrack.core.spi.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The filters' class javadoc is their init-param reference: its settings tables list exactly the settings the filter
 * module reads ({@link Setting.Scope#FILTER}), no fewer, and nothing else but a registered platform's setting that
 * changes capture (360's {@code qhtrack.search.device}).
 */
class FilterReferenceTest {

    private static final Pattern ROW = Pattern.compile("<tr><td>\\{@code (qhtrack\\.[a-z0-9.-]+)}");

    private static Set<String> documentedIn(String... classes) throws IOException {
        Set<String> names = new TreeSet<>();
        for (String c : classes) {
            String source = new String(Files.readAllBytes(Path.of("src/main/java/io/qhtrack/filter", c + ".java")),
                    StandardCharsets.UTF_8);
            String javadoc = source.substring(0, source.indexOf("public final class " + c));
            Matcher m = ROW.matcher(javadoc);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    @Test
    void theFiltersJavadocTablesListExactlyTheFilterSettings() throws IOException {
        Set<String> filterSettings = new TreeSet<>();
        for (Setting s : Setting.values()) {
            if (s.scope() == Setting.Scope.FILTER) {
                filterSettings.add(s.key());
            }
        }
        Set<String> documented = documentedIn("ClickIdCaptureFilter", "ConversionTriggerFilter");
        // a platform's setting that changes capture (360's qhtrack.search.device) may be listed beside them
        Set<String> platformSettings = new TreeSet<>();
        for (Platform p : PlatformRegistry.load()) {
            p.settings().forEach(s -> platformSettings.add(s.key()));
        }
        Set<String> expected = new TreeSet<>(filterSettings);
        for (String name : documented) {
            if (platformSettings.contains(name)) {
                expected.add(name);
            }
        }

        assertThat(documented).isEqualTo(expected);
        assertThat(documented).contains("qhtrack.search.device");
    }
}
