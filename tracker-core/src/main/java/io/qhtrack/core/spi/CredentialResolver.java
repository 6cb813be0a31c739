package io.qhtrack.core.spi;

import io.qhtrack.core.Settings;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Gives the credentials of a (tenant, platform, line) when the engine sends, so that no secret is ever stored with a
 * conversion. The default reads the settings ({@link #fromSettings(Settings)}: each platform knows its own setting
 * names). An application that serves several advertisers, or refreshes OAuth tokens, supplies its own: it is asked
 * before every request (cache inside if that is expensive), and an answer that differs from the one that got a
 * platform's conversions parked sends them again.
 */
@FunctionalInterface
public interface CredentialResolver {

    /** The credentials, or empty when that line is not configured for that tenant. Never throws for a missing one. */
    Optional<CredentialSet> resolve(String tenant, Platform platform, Line line);

    /** The credentials {@code settings} give each platform for the default tenant (and nothing for other tenants). */
    static CredentialResolver fromSettings(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        return (tenant, platform, line) -> "default".equals(tenant) ? platform.credentials(settings, line)
                : Optional.<CredentialSet>empty();
    }

    /**
     * The credentials {@code settings} give each line of {@code platforms} (configured ones) for the default tenant,
     * read once, now: a half-configured line fails here, naming its setting, and a request asks a map. What the
     * tracker uses by default, and the Spring Boot starter's {@code CredentialResolver} bean.
     *
     * @throws io.qhtrack.core.ConfigurationException naming the setting of a line configured only in part
     */
    static CredentialResolver fromSettings(Collection<Platform> platforms, Settings settings) {
        Objects.requireNonNull(settings, "settings");
        Map<String, Optional<CredentialSet>> byLine = new HashMap<>();
        for (Platform p : platforms) {
            for (Line l : p.lines()) {
                Optional<CredentialSet> c = p.credentials(settings, l);
                byLine.put(p.id() + '|' + l.id(), c == null ? Optional.<CredentialSet>empty() : c);
            }
        }
        return (tenant, platform, line) -> {
            Optional<CredentialSet> c = "default".equals(tenant) ? byLine.get(platform.id() + '|' + line.id()) : null;
            return c == null ? Optional.<CredentialSet>empty() : c;
        };
    }
}
