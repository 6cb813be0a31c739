package io.qhtrack.spring;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Setting;
import io.qhtrack.core.Settings;
import io.qhtrack.core.internal.PlatformRegistry;
import io.qhtrack.core.spi.Platform;
import io.qhtrack.core.spi.PlatformSetting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindResult;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * qhtrack's settings read from Spring's {@link Environment}, under their usual names ({@code qhtrack.search.key},
 * {@code qhtrack.triggers}, {@code qhtrack.cookie.domain} …): {@code application.properties} and
 * {@code application.yml}, profiles, command-line arguments, system properties and environment variables
 * ({@code QHTRACK_SEARCH_KEY}), with Spring Boot's relaxed binding ({@code qhtrack.cookie.maxAge} is
 * {@code qhtrack.cookie.max-age}) and placeholders. A setting given as a YAML list
 * ({@code qhtrack.triggers: [POST /lead=SUBMIT, POST /order=ORDER]}) reads as its comma-separated form, and a
 * platform's event overrides given as a map ({@code qhtrack.baidu.events.PAY=10}, {@code QHTRACK_BAIDU_EVENTS_PAY=10})
 * read as {@code PAY=10}: every platform's settings ({@link Platform#settings()}) are read as the core's are.
 *
 * <p>The auto-configuration publishes one as the bean {@code qhtrackSettings}, {@linkplain #validate() checked}
 * when the application starts.
 */
public final class SpringSettings implements Settings {

    private static final String PREFIX = "qhtrack";
    /**
     * The ending of the platform settings that also take the map form ({@code qhtrack.baidu.events.PAY=10}): the
     * event overrides of each platform ({@code EventMapping}'s), a list of {@code EVENT=TYPE} pairs.
     */
    static final String MAP_FORM_SUFFIX = ".events";

    private final Environment environment;
    private final Binder binder;

    private SpringSettings(Environment environment) {
        this.environment = environment;
        this.binder = Binder.get(environment);
    }

    /** The settings of {@code environment}. */
    public static SpringSettings of(Environment environment) {
        return new SpringSettings(Objects.requireNonNull(environment, "environment"));
    }

    @Override
    public String raw(String property) {
        ConfigurationPropertyName name = nameOf(property);
        if (name == null) {
            return null;
        }
        String value = scalarOrList(name);
        if (!property.endsWith(MAP_FORM_SUFFIX)) {
            return value;
        }
        List<String> pairs = new ArrayList<>();
        if (value != null) {
            pairs.add(value);
        }
        pairs.addAll(mapForm(name));
        return pairs.isEmpty() ? null : String.join(",", pairs);
    }

    /**
     * The name Spring binds {@code property} under: as it is, or, for a mixed-case one such as
     * {@code qhtrack.baidu.events.PAY} (an event override in the map form), as Spring's relaxed binding reads it from
     * properties and environment variables alike; {@code null} when it cannot be a name.
     */
    private static ConfigurationPropertyName nameOf(String property) {
        if (property == null) {
            return null;
        }
        if (ConfigurationPropertyName.isValid(property)) {
            return ConfigurationPropertyName.of(property);
        }
        ConfigurationPropertyName adapted = ConfigurationPropertyName.adapt(property, '.');
        return adapted.isEmpty() ? null : adapted;
    }

    private String scalarOrList(ConfigurationPropertyName name) {
        BindResult<String> scalar = binder.bind(name, Bindable.of(String.class));
        if (scalar.isBound()) {
            return scalar.get();
        }
        BindResult<List<String>> list = binder.bind(name, Bindable.listOf(String.class));
        return list.isBound() ? String.join(",", list.get()) : null;
    }

    /** {@code qhtrack.baidu.events.PAY=10} as {@code PAY=10}, one pair per entry (empty when there is none). */
    private List<String> mapForm(ConfigurationPropertyName name) {
        List<String> pairs = new ArrayList<>();
        BindResult<Map<String, String>> map;
        try {
            map = binder.bind(name, Bindable.mapOf(String.class, String.class));
        } catch (BindException scalarOnly) {
            return pairs; // the list form alone, e.g. qhtrack.baidu.events=PAY=10
        }
        if (map.isBound()) {
            for (Map.Entry<String, String> e : map.get().entrySet()) {
                pairs.add(e.getKey() + '=' + (e.getValue() == null ? "" : e.getValue()));
            }
        }
        return pairs;
    }

    /**
     * Where the value of {@code property} comes from, e.g. {@code class path resource [application.yml] - 3:12};
     * empty when it is not set or Spring cannot say.
     */
    public Optional<String> origin(String property) {
        ConfigurationPropertyName name = nameOf(property);
        if (name == null) {
            return Optional.empty();
        }
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            ConfigurationProperty found = source.getConfigurationProperty(name);
            if (found == null) {
                found = source.getConfigurationProperty(name.append("[0]"));
            }
            if (found != null) {
                Origin origin = found.getOrigin();
                if (origin != null) {
                    return Optional.of(origin.toString());
                }
                Object underlying = source.getUnderlyingSource();
                return underlying instanceof PropertySource ? Optional.of("property source \""
                        + ((PropertySource<?>) underlying).getName() + "\"") : Optional.<String>empty();
            }
        }
        return Optional.empty();
    }

    /**
     * Checks what only Spring sees: every {@code qhtrack.*} name the application's configuration uses (its
     * configuration files, profiles, command line and test properties; not system properties or environment
     * variables, which other software shares) must be a qhtrack setting — the core's ({@link Setting}) or one of
     * the class path's platforms' ({@link Platform#settings()}) — and the starter's own settings must have usable
     * values.
     *
     * @throws ConfigurationException naming the first setting at fault
     */
    public SpringSettings validate() {
        return validate(Collections.<Platform>emptyList());
    }

    /**
     * {@link #validate()}, also accepting the settings of {@code platforms} (those the application defines as beans).
     *
     * @throws ConfigurationException naming the first setting at fault
     */
    public SpringSettings validate(Collection<Platform> platforms) {
        List<String> known = knownKeys(platforms);
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource) || isSystemSource(source)) {
                continue;
            }
            for (ConfigurationPropertyName name : (IterableConfigurationPropertySource) source) {
                if (name.getNumberOfElements() > 0 && PREFIX.equals(name.getElement(0, ConfigurationPropertyName.Form.UNIFORM))
                        && !isKnown(name, known)) {
                    String key = name.toString();
                    ConfigurationProperty property = source.getConfigurationProperty(name);
                    Origin origin = property == null ? null : property.getOrigin();
                    throw new ConfigurationException(key, "not a qhtrack setting"
                            + closest(key, known).map(k -> " (did you mean " + k + "?)").orElse("")
                            + (origin == null ? "" : "; it is set in " + origin));
                }
            }
        }
        bool(Setting.ENABLED);
        bool(Setting.HEALTH_DOWN_ON_DELIVERY_TROUBLE);
        Optional<Duration> maxAge = duration(Setting.HEALTH_MAX_PENDING_AGE);
        if (maxAge.isPresent() && (maxAge.get().isNegative() || maxAge.get().isZero())) {
            throw new ConfigurationException(Setting.HEALTH_MAX_PENDING_AGE, maxAge.get() + " is not positive");
        }
        return this;
    }

    /** The health component's bound on the oldest pending conversion. */
    Duration healthMaxPendingAge() {
        return duration(Setting.HEALTH_MAX_PENDING_AGE).orElse(
                Setting.HEALTH_MAX_PENDING_AGE.defaultAs(Duration.class));
    }

    /** Whether delivery trouble turns the health component DOWN (by default it stays UP). */
    boolean healthDownOnDeliveryTrouble() {
        return bool(Setting.HEALTH_DOWN_ON_DELIVERY_TROUBLE).orElse(
                Setting.HEALTH_DOWN_ON_DELIVERY_TROUBLE.defaultAs(Boolean.class));
    }

    /** A name for the tracker's threads and JMX: {@code spring.application.name}, made safe. */
    String applicationName() {
        String name = environment.getProperty("spring.application.name", "application")
                .replaceAll("[^A-Za-z0-9._-]", "_");
        return name.isEmpty() ? "application" : name.length() > 64 ? name.substring(0, 64) : name;
    }

    private static boolean isSystemSource(ConfigurationPropertySource source) {
        Object underlying = source.getUnderlyingSource();
        if (!(underlying instanceof PropertySource)) {
            return false;
        }
        String n = ((PropertySource<?>) underlying).getName();
        return StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME.equals(n)
                || StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME.equals(n);
    }

    /**
     * The property names of every qhtrack setting: the core's catalogue, the class path's platforms' and those of
     * {@code platforms}.
     */
    static List<String> knownKeys(Collection<Platform> platforms) {
        List<String> keys = new ArrayList<>();
        for (Setting s : Setting.values()) {
            keys.add(s.key());
        }
        List<Platform> all = new ArrayList<>(PlatformRegistry.load());
        all.addAll(platforms);
        for (Platform p : all) {
            for (PlatformSetting s : p.settings()) {
                if (!keys.contains(s.key())) {
                    keys.add(s.key());
                }
            }
        }
        return keys;
    }

    private static boolean isKnown(ConfigurationPropertyName name, List<String> known) {
        ConfigurationPropertyName plain = name;
        while (plain.getNumberOfElements() > 1 && plain.isLastElementIndexed()) {
            plain = plain.getParent();
        }
        for (String key : known) {
            ConfigurationPropertyName k = ConfigurationPropertyName.of(key);
            if (k.equals(plain) || key.endsWith(MAP_FORM_SUFFIX) && k.isParentOf(plain)) {
                return true;
            }
        }
        return false;
    }

    /** The setting whose name is closest to {@code key}, when it is close enough to be a typo. */
    static Optional<String> closest(String key, List<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(key.toLowerCase(Locale.ROOT), k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best != null && bestDistance <= Math.max(2, key.length() / 4) ? Optional.of(best)
                : Optional.<String>empty();
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }

    /** The names of the settings the application sets (never their values), for the start-up log. */
    List<String> namesSet() {
        List<String> names = new ArrayList<>();
        for (String key : knownKeys(Collections.<Platform>emptyList())) {
            if (get(key).isPresent()) {
                names.add(key);
            }
        }
        return Collections.unmodifiableList(names);
    }

    @Override
    public String toString() {
        return "SpringSettings" + namesSet();
    }
}
