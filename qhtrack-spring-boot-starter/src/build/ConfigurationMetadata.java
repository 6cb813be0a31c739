import io.qhtrack.core.Setting;
import io.qhtrack.core.Settings;
import io.qhtrack.core.spi.Platform;
import io.qhtrack.core.spi.PlatformSetting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * Build step of the Spring Boot starters (run by exec-maven-plugin with Java's source launcher, never shipped):
 * writes META-INF/spring-configuration-metadata.json from the Setting catalogue and the settings of every platform on
 * the class path (Platform.settings(), found as the engine finds them, by ServiceLoader), so that IDEs complete every
 * qhtrack setting with its description, default and allowed values. Usage: java -cp tracker-core.jar ConfigurationMetadata.java
 * OUTPUT-FILE
 */
public class ConfigurationMetadata {

    /** One documented setting, of the core catalogue or of a platform. */
    private static final class Row {
        final String key;
        final Class<?> type;
        final String defaultValue;
        final String description;
        final boolean secret;
        final List<String> allowedValues;

        Row(String key, Class<?> type, String defaultValue, String description, boolean secret,
                List<String> allowedValues) {
            this.key = key;
            this.type = type;
            this.defaultValue = defaultValue;
            this.description = description;
            this.secret = secret;
            this.allowedValues = allowedValues;
        }
    }

    private static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (Setting s : Setting.values()) {
            rows.add(new Row(s.key(), s.type(), s.defaultValue(), s.description(), s.isSecret(), s.allowedValues()));
        }
        for (Platform p : ServiceLoader.load(Platform.class, Platform.class.getClassLoader())) {
            for (PlatformSetting s : p.settings()) {
                rows.add(new Row(s.key(), s.type(), s.defaultValue(), p.displayName() + " (" + p.id() + "): "
                        + s.description(), s.isSecret(), s.allowedValues()));
            }
        }
        return rows;
    }

    public static void main(String[] args) throws IOException {
        StringBuilder json = new StringBuilder("{\n  \"groups\": [\n    {\n      \"name\": \"qhtrack\",\n"
                + "      \"description\": \"qhtrack: conversions reported to Chinese ad platforms (360 点睛, and the platforms on the class path).\"\n    }\n  ],\n"
                + "  \"properties\": [");
        StringBuilder hints = new StringBuilder();
        String separator = "\n";
        String hintSeparator = "\n";
        for (Row s : rows()) {
            json.append(separator).append("    {\n      \"name\": ").append(quote(s.key))
                    .append(",\n      \"type\": ").append(quote(s.type.getName()))
                    .append(",\n      \"description\": ").append(quote(sentence(s)));
            String defaultValue = defaultValue(s);
            if (defaultValue != null) {
                json.append(",\n      \"defaultValue\": ").append(defaultValue);
            }
            json.append("\n    }");
            separator = ",\n";
            if (!s.allowedValues.isEmpty()) {
                hints.append(hintSeparator).append("    {\n      \"name\": ").append(quote(s.key))
                        .append(",\n      \"values\": [");
                String valueSeparator = "\n";
                for (String v : s.allowedValues) {
                    hints.append(valueSeparator).append("        {\n          \"value\": ").append(quote(v))
                            .append("\n        }");
                    valueSeparator = ",\n";
                }
                hints.append("\n      ]\n    }");
                hintSeparator = ",\n";
            }
        }
        json.append("\n  ],\n  \"hints\": [").append(hints).append("\n  ]\n}\n");
        Path out = Paths.get(args[0]);
        Files.createDirectories(out.getParent());
        Files.write(out, json.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The description as a sentence (capital first letter, full stop), the default when it is not a value. */
    private static String sentence(Row s) {
        String d = s.description;
        String text = Character.toUpperCase(d.charAt(0)) + d.substring(1);
        if (s.defaultValue != null && defaultValue(s) == null) {
            text += "; default: " + s.defaultValue;
        }
        if (s.secret) {
            text += "; a secret: keep it out of files under version control (an environment variable "
                    + Settings.environmentName(s.key) + ")";
        }
        return text.endsWith(".") ? text : text + ".";
    }

    /** The default as a JSON value of the setting's type, or null when it is a description ("host only"). */
    private static String defaultValue(Row s) {
        String v = s.defaultValue;
        if (v == null) {
            return null;
        }
        Class<?> type = s.type;
        try {
            if (type == Boolean.class) {
                return String.valueOf(Boolean.parseBoolean(v));
            }
            if (type == Integer.class || type == Long.class) {
                return String.valueOf(Long.parseLong(v));
            }
            if (type == Double.class) {
                return String.valueOf(Double.parseDouble(v));
            }
            if (type == Duration.class) {
                Duration.parse(v.toUpperCase(Locale.ROOT));
                return quote(v);
            }
        } catch (RuntimeException notAValue) {
            return null;
        }
        if (!s.allowedValues.isEmpty() && !s.allowedValues.contains(v) || v.contains(" ")) {
            return null;
        }
        return quote(v);
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                default:
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.append('"').toString();
    }
}
