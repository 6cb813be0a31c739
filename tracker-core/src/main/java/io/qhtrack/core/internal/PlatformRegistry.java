package io.qhtrack.core.internal;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Settings;
import io.qhtrack.core.spi.Platform;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The platforms a tracker reports to, by id, each configured with the deployment's settings: those found by
 * {@link ServiceLoader} on qhtrack's own class loader ({@code META-INF/services/io.qhtrack.core.spi.Platform}), and
 * those given explicitly (which replace a loaded one of the same id). Two platforms with one id fail at start-up,
 * naming it. Immutable.
 *
 * <p>Part of qhtrack's engine, not API: it may change in any release.
 */
public final class PlatformRegistry {

    private final Map<String, Platform> byId;

    private PlatformRegistry(Map<String, Platform> byId) {
        this.byId = Collections.unmodifiableMap(byId);
    }

    /**
     * The loaded platforms, with {@code explicit} ones replacing loaded ones of the same id, each configured with
     * {@code settings}.
     *
     * @throws ConfigurationException when two platforms share an id, or a platform's settings cannot be used
     */
    public static PlatformRegistry configure(Collection<Platform> explicit, Settings settings) {
        Map<String, Platform> chosen = new LinkedHashMap<>();
        for (Platform p : load()) {
            add(chosen, p, "on the class path (META-INF/services/" + Platform.class.getName() + ")");
        }
        Map<String, Platform> given = new LinkedHashMap<>();
        for (Platform p : explicit) {
            add(given, p, "given to Tracker.Builder.platform");
        }
        chosen.putAll(given);
        Map<String, Platform> configured = new LinkedHashMap<>();
        for (Map.Entry<String, Platform> e : chosen.entrySet()) {
            Platform p = e.getValue().configure(settings);
            if (p == null || !e.getKey().equals(p.id())) {
                throw new IllegalStateException("platform " + e.getKey() + ": configure returned "
                        + (p == null ? "null" : "a platform of id " + p.id()));
            }
            configured.put(e.getKey(), p);
        }
        return new PlatformRegistry(configured);
    }

    private static void add(Map<String, Platform> into, Platform p, String where) {
        String id = p.id();
        if (id == null || !id.matches("[a-z0-9]{2,16}")) {
            throw new ConfigurationException("platform", p.getClass().getName() + " has the id '" + id
                    + "', which is not 2-16 of [a-z0-9]");
        }
        Platform other = into.put(id, p);
        if (other != null) {
            throw new ConfigurationException("platform", "two platforms " + where + " have the id '" + id + "': "
                    + other.getClass().getName() + " and " + p.getClass().getName());
        }
    }

    /** The platforms on qhtrack's class path, with their defaults (not configured), in the order they were found. */
    public static List<Platform> load() {
        List<Platform> found = new ArrayList<>();
        try {
            for (Platform p : ServiceLoader.load(Platform.class, PlatformRegistry.class.getClassLoader())) {
                found.add(p);
            }
        } catch (ServiceConfigurationError e) {
            throw new ConfigurationException("platform", "a platform on the class path cannot be loaded: "
                    + e.getMessage());
        }
        return found;
    }

    /**
     * A platform of qhtrack's class path with its defaults (not configured), by id: what the compatibility types
     * ({@code Event}, {@code ProductLine}, {@code Credentials}) answer through. Loaded once.
     */
    public static Optional<Platform> builtIn(String id) {
        return Optional.ofNullable(BuiltIn.BY_ID.get(id));
    }

    /** The platform with this id, if it is one of the tracker's. */
    public Optional<Platform> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Every configured platform, enabled or not, in the order they were found. */
    public List<Platform> all() {
        return Collections.unmodifiableList(new ArrayList<>(byId.values()));
    }

    /** The largest batch any enabled platform sends. */
    public int maxBatch() {
        int most = 1;
        for (Platform p : byId.values()) {
            if (p.enabled()) {
                most = Math.max(most, p.codec().maxBatch());
            }
        }
        return most;
    }

    @Override
    public String toString() {
        return byId.values().toString();
    }

    /** The class path's platforms, loaded on first use. */
    private static final class BuiltIn {
        static final Map<String, Platform> BY_ID;

        static {
            Map<String, Platform> m = new LinkedHashMap<>();
            for (Platform p : load()) {
                m.putIfAbsent(p.id(), p);
            }
            BY_ID = Collections.unmodifiableMap(m);
        }

        private BuiltIn() {
        }
    }
}
