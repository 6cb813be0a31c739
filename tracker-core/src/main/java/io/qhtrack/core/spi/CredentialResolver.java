package io.qhtrack.core.spi;

import io.qhtrack.core.Settings;
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
}
