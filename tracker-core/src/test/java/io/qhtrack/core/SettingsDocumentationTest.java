package io.qhtrack.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every setting in {@link Setting}, and every setting of 360's platform, is in each README's configuration table, and
 * the tables name no setting that does not exist: a setting cannot be added, renamed or removed in one place only.
 * Baidu's and Tencent's settings have their own tables, in their platforms' sections: every setting of every
 * platform the jar registers is named somewhere in each README.
 */
class SettingsDocumentationTest {

    private static final Pattern TABLE_ROW = Pattern.compile("^\\|([^|]*)\\|", Pattern.MULTILINE);
    private static final Pattern SETTING_NAME = Pattern.compile("`(qhtrack\\.[a-z0-9.-]+)`");

    /** The names in the first column of the table that follows {@code heading}, up to the next heading. */
    static Set<String> namesInTable(Path file, String heading) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        int start = text.indexOf("\n" + heading + "\n");
        assertThat(start).as("%s has a section '%s'", file, heading).isNotNegative();
        int end = text.indexOf("\n## ", start + heading.length() + 1);
        String section = text.substring(start, end < 0 ? text.length() : end);
        Set<String> names = new TreeSet<>();
        Matcher row = TABLE_ROW.matcher(section);
        while (row.find()) {
            Matcher name = SETTING_NAME.matcher(row.group(1));
            while (name.find()) {
                names.add(name.group(1));
            }
        }
        return names;
    }

    /** The engine's settings, and those of the platforms qhtrack registers whose settings the table documents. */
    static Set<String> allSettings() {
        Set<String> all = Arrays.stream(Setting.values()).map(Setting::key)
                .collect(Collectors.toCollection(TreeSet::new));
        for (io.qhtrack.core.spi.Platform p : io.qhtrack.core.internal.PlatformRegistry.load()) {
            if (p.id().equals("qihoo360")) {
                p.settings().forEach(s -> all.add(s.key()));
            }
        }
        return all;
    }

    /**
     * The settings of every platform qhtrack registers ({@code ServiceLoader}) that the configuration table does not
     * list (Baidu's, Tencent's …) but that {@code readme} never names, in backquotes, anywhere.
     */
    static Set<String> platformSettingsNotIn(Path readme) throws IOException {
        String text = new String(Files.readAllBytes(readme), StandardCharsets.UTF_8);
        Set<String> missing = new TreeSet<>();
        for (io.qhtrack.core.spi.Platform p : io.qhtrack.core.internal.PlatformRegistry.load()) {
            for (io.qhtrack.core.spi.PlatformSetting s : p.settings()) {
                if (!text.contains("`" + s.key() + "`") && !text.contains("`" + s.key() + "=")) {
                    missing.add(s.key());
                }
            }
        }
        return missing;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"README.md", "README.zh-CN.md"})
    void eachReadmeNamesEveryRegisteredPlatformsSettings(String readme) throws IOException {
        assertThat(platformSettingsNotIn(Path.of("..", readme))).as("settings %s does not name", readme).isEmpty();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"README.md, ## Configuration", "README.zh-CN.md, ## 配置"})
    void eachReadmesConfigurationTableListsExactlyTheSettings(String readme, String heading) throws IOException {
        Path file = Path.of("..", readme);

        assertThat(namesInTable(file, heading)).isEqualTo(allSettings());
    }
}
