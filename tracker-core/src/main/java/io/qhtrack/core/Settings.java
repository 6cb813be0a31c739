package io.qhtrack.core;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where configuration comes from: a lookup of the contract's property names ({@code qhtrack.search.key}, …).
 * Sources are layered with {@link #firstOf(Settings...)}; the filter puts its init-params and context-params in
 * front of {@link #system()}. Blank values count as absent.
 */
@FunctionalInterface
public interface Settings {

    /** The raw value of the property, or {@code null} when this source does not define it. */
    String raw(String property);

    /** The trimmed value of the property, empty when absent or blank. */
    default Optional<String> get(String property) {
        String value = raw(property);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.trim());
    }

    /**
     * The property as a duration: ISO-8601 ({@code PT10S}, {@code P7D}) or a whole number of milliseconds; empty when
     * absent.
     *
     * @throws ConfigurationException naming the property when the value is not a duration
     */
    default Optional<Duration> duration(String property) {
        return get(property).map(v -> parseDuration(property, v));
    }

    /**
     * The property as a boolean: {@code true} or {@code false}, ignoring case; empty when absent.
     *
     * @throws ConfigurationException naming the property when the value is neither
     */
    default Optional<Boolean> bool(String property) {
        return get(property).map(v -> {
            if ("true".equalsIgnoreCase(v)) {
                return Boolean.TRUE;
            }
            if ("false".equalsIgnoreCase(v)) {
                return Boolean.FALSE;
            }
            throw new ConfigurationException(property, "'" + v + "' is not true or false");
        });
    }

    /** Parses a duration as {@link #duration(String)} does; {@code setting} names it in the error. */
    static Duration parseDuration(String setting, String value) {
        return Durations.parse(setting, value);
    }

    /**
     * The environment variable name for a property: upper-cased, with {@code .} and {@code -} replaced by
     * {@code _}; {@code qhtrack.outbox.jdbc-url} becomes {@code QHTRACK_OUTBOX_JDBC_URL}.
     */
    static String environmentName(String property) {
        return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** System properties, then environment variables under {@link #environmentName(String)}. */
    static Settings system() {
        return firstOf(System::getProperty, environment(System.getenv()));
    }

    /** Looks properties up in {@code env} by their {@link #environmentName(String) environment names}. */
    static Settings environment(Map<String, String> env) {
        Map<String, String> copy = Map.copyOf(env);
        return property -> copy.get(environmentName(property));
    }

    /** A fixed map of property names to values (tests, programmatic configuration). */
    static Settings of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return copy::get;
    }

    /** The first source that defines a non-blank value wins. */
    static Settings firstOf(Settings... sources) {
        List<Settings> list = List.copyOf(Arrays.asList(sources));
        list.forEach(s -> Objects.requireNonNull(s, "settings source"));
        return property -> {
            for (Settings s : list) {
                String value = s.raw(property);
                if (value != null && !value.isBlank()) {
                    return value;
                }
            }
            return null;
        };
    }
}
