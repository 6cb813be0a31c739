import io.qhtrack.core.Setting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Locale;

/**
 * Build step of the Spring Boot starters (run by exec-maven-plugin with Java's source launcher, never shipped):
 * writes META-INF/spring-configuration-metadata.json from the Setting catalogue, so that IDEs complete every qhtrack
 * setting with its description, default and allowed values. Usage: java -cp tracker-core.jar ConfigurationMetadata.java
 * OUTPUT-FILE
 */
public class ConfigurationMetadata {

    public static void main(String[] args) throws IOException {
        StringBuilder json = new StringBuilder("{\n  \"groups\": [\n    {\n      \"name\": \"qhtrack\",\n"
                + "      \"description\": \"qhtrack: conversions reported to 360 Dianjing (360 点睛) oCPC.\"\n    }\n  ],\n"
                + "  \"properties\": [");
        StringBuilder hints = new StringBuilder();
        String separator = "\n";
        String hintSeparator = "\n";
        for (Setting s : Setting.values()) {
            json.append(separator).append("    {\n      \"name\": ").append(quote(s.key()))
                    .append(",\n      \"type\": ").append(quote(s.type().getName()))
                    .append(",\n      \"description\": ").append(quote(sentence(s)));
            String defaultValue = defaultValue(s);
            if (defaultValue != null) {
                json.append(",\n      \"defaultValue\": ").append(defaultValue);
            }
            json.append("\n    }");
            separator = ",\n";
            if (!s.allowedValues().isEmpty()) {
                hints.append(hintSeparator).append("    {\n      \"name\": ").append(quote(s.key()))
                        .append(",\n      \"values\": [");
                String valueSeparator = "\n";
                for (String v : s.allowedValues()) {
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
    private static String sentence(Setting s) {
        String d = s.description();
        String text = Character.toUpperCase(d.charAt(0)) + d.substring(1);
        if (s.defaultValue() != null && defaultValue(s) == null) {
            text += "; default: " + s.defaultValue();
        }
        if (s.isSecret()) {
            text += "; a secret: keep it out of files under version control (an environment variable "
                    + s.environmentName() + ")";
        }
        return text.endsWith(".") ? text : text + ".";
    }

    /** The default as a JSON value of the setting's type, or null when it is a description ("host only"). */
    private static String defaultValue(Setting s) {
        String v = s.defaultValue();
        if (v == null) {
            return null;
        }
        Class<?> type = s.type();
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
        if (!s.allowedValues().isEmpty() && !s.allowedValues().contains(v) || v.contains(" ")) {
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
