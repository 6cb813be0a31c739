package io.qhtrack.core;

import io.qhtrack.core.internal.Text;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where configuration comes from: a lookup of property names ({@code qhtrack.search.key}, …). Sources are layered
 * with {@link #firstOf(Settings...)}; the filter puts its init-params and context-params in front of
 * {@link #system()}, the Spring Boot starter puts Spring's {@code Environment} there. Blank values count as absent.
 *
 * <p>The typed readers ({@link #duration(Setting)}, {@link #bool(Setting)}, {@link #integer(Setting)},
 * {@link #decimal(Setting)}, {@link #choice(Setting, Class)}) are the one way qhtrack parses a value: each throws a
 * {@link ConfigurationException} naming the setting and the value (never a secret's value) when it cannot.
 */
@FunctionalInterface
public interface Settings {

    /** The raw value of the property, or {@code null} when this source does not define it. */
    String raw(String property);

    /** The trimmed value of the property, empty when absent or blank. */
    default Optional<String> get(String property) {
        String value = raw(property);
        if (value == null) {
            return Optional.empty();
        }
        String stripped = Text.strip(value);
        return stripped.isEmpty() ? Optional.<String>empty() : Optional.of(stripped);
    }

    /** The trimmed value of the setting, empty when absent or blank. */
    default Optional<String> get(Setting setting) {
        return get(setting.key());
    }

    /**
     * The setting as a duration: ISO-8601 ({@code PT10S}, {@code P7D}) or a whole number of milliseconds; empty when
     * absent.
     */
    default Optional<Duration> duration(Setting setting) {
        Optional<String> v = get(setting);
        if (!v.isPresent()) {
            return Optional.empty();
        }
        String d = v.get().trim();
        try {
            return Optional.of(d.matches("[0-9]{1,12}") ? Duration.ofMillis(Long.parseLong(d)) : Duration.parse(d));
        } catch (DateTimeParseException e) {
            throw new ConfigurationException(setting.key(), "'" + v.get()
                    + "' is not a duration (PT10S, or milliseconds)");
        }
    }

    /** The setting as a boolean: {@code true} or {@code false}, ignoring case; empty when absent. */
    default Optional<Boolean> bool(Setting setting) {
        Optional<String> v = get(setting);
        if (!v.isPresent()) {
            return Optional.empty();
        }
        if ("true".equalsIgnoreCase(v.get())) {
            return Optional.of(Boolean.TRUE);
        }
        if ("false".equalsIgnoreCase(v.get())) {
            return Optional.of(Boolean.FALSE);
        }
        throw new ConfigurationException(setting.key(), "'" + v.get() + "' is not true or false");
    }

    /** The setting as a whole number; empty when absent. */
    default Optional<Long> integer(Setting setting) {
        Optional<String> v = get(setting);
        if (!v.isPresent()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(v.get()));
        } catch (NumberFormatException e) {
            throw new ConfigurationException(setting.key(), "'" + v.get() + "' is not a whole number");
        }
    }

    /** The setting as a decimal number; empty when absent. */
    default Optional<Double> decimal(Setting setting) {
        Optional<String> v = get(setting);
        if (!v.isPresent()) {
            return Optional.empty();
        }
        try {
            double d = Double.parseDouble(v.get());
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException(v.get());
            }
            return Optional.of(d);
        } catch (NumberFormatException e) {
            throw new ConfigurationException(setting.key(), "'" + v.get() + "' is not a number");
        }
    }

    /**
     * The setting as one of {@code type}'s constants, matched by name ignoring case and with {@code -} read as
     * {@code _}; empty when absent.
     */
    default <E extends Enum<E>> Optional<E> choice(Setting setting, Class<E> type) {
        Optional<String> v = get(setting);
        if (!v.isPresent()) {
            return Optional.empty();
        }
        String wanted = v.get().replace('-', '_');
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(wanted)) {
                return Optional.of(e);
            }
            names.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw new ConfigurationException(setting.key(), "'" + v.get() + "' is not one of " + String.join(", ", names));
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
        Map<String, String> copy = Collections.unmodifiableMap(new HashMap<>(env));
        return property -> copy.get(environmentName(property));
    }

    /** A fixed map of property names to values (tests, programmatic configuration). */
    static Settings of(Map<String, String> values) {
        Map<String, String> copy = Collections.unmodifiableMap(new HashMap<>(values));
        return copy::get;
    }

    /** The first source that defines a non-blank value wins. */
    static Settings firstOf(Settings... sources) {
        List<Settings> list = Collections.unmodifiableList(new ArrayList<>(Arrays.asList(sources)));
        for (Settings s : list) {
            Objects.requireNonNull(s, "settings source");
        }
        return property -> {
            for (Settings s : list) {
                String value = s.raw(property);
                if (value != null && !Text.isBlank(value)) {
                    return value;
                }
            }
            return null;
        };
    }
}
