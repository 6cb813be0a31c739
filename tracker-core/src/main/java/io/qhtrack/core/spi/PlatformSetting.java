package io.qhtrack.core.spi;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One setting a platform reads ({@code qhtrack.baidu.token}, {@code qhtrack.tencent.auth} …): its name, type, default,
 * meaning, and whether its value is secret — declared, never guessed from the name. The README's tables, the Spring
 * Boot configuration metadata and the start-up report are built from these and the core's {@code Setting} catalogue.
 * Immutable.
 */
public final class PlatformSetting {

    private final String key;
    private final Class<?> type;
    private final String defaultValue;
    private final String description;
    private final boolean secret;
    private final List<String> allowedValues;

    private PlatformSetting(String key, Class<?> type, String defaultValue, String description, boolean secret,
            List<String> allowedValues) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.description = description;
        this.secret = secret;
        this.allowedValues = allowedValues;
    }

    /** A setting whose value is not secret. */
    public static PlatformSetting of(String key, Class<?> type, String defaultValue, String description,
            String... allowedValues) {
        return new PlatformSetting(check(key), Objects.requireNonNull(type, "type"), defaultValue,
                Objects.requireNonNull(description, "description"), false,
                Collections.unmodifiableList(Arrays.asList(allowedValues.clone())));
    }

    /** A setting whose value is secret: never logged, shown, stored or put in a message. */
    public static PlatformSetting secret(String key, String description) {
        return new PlatformSetting(check(key), String.class, null, Objects.requireNonNull(description, "description"),
                true, Collections.<String>emptyList());
    }

    private static String check(String key) {
        if (key == null || !key.matches("qhtrack\\.[a-z0-9.-]+")) {
            throw new IllegalArgumentException("setting: '" + key + "' is not qhtrack.<lower-case name>");
        }
        return key;
    }

    /** The property name. */
    public String key() {
        return key;
    }

    /** The type of its value. */
    public Class<?> type() {
        return type;
    }

    /** The default as the documentation states it, or {@code null}. */
    public String defaultValue() {
        return defaultValue;
    }

    /** What it means, in one sentence. */
    public String description() {
        return description;
    }

    /** Whether its value is secret. */
    public boolean isSecret() {
        return secret;
    }

    /** The values it accepts when it is a choice, else empty. */
    public List<String> allowedValues() {
        return allowedValues;
    }

    @Override
    public String toString() {
        return key;
    }
}
