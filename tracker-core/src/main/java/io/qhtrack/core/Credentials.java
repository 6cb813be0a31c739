package io.qhtrack.core;

import io.qhtrack.core.spi.CredentialSet;
import io.qhtrack.core.spi.Line;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One 360 account's App-Key and secret (and, for display, {@code jzqs}): kept for 360 users' code
 * ({@link Tracker.Builder#credentials(Credentials)}); it converts to the {@link CredentialSet} the 360 platform signs
 * with ({@link #toCredentialSet()}: {@code key}, the secret {@code secret}, {@code jzqs}). The values are checked by
 * the 360 platform, by the rules it applies to its settings. The secret is only ever used to sign; it is not returned
 * by any public method of this class and never appears in {@link #toString()}.
 */
public final class Credentials {

    private final Account account;
    private final String key;
    private final String jzqs;
    private final CredentialSet set;

    private Credentials(Account account, CredentialSet set) {
        this.account = account;
        this.key = set.value("key").orElseThrow(IllegalStateException::new);
        this.jzqs = set.value("jzqs").orElse(null);
        this.set = set;
    }

    /**
     * Credentials for {@code account}.
     *
     * @param jzqs the display advertiser id; required for {@link Account#DISPLAY}, must be {@code null} otherwise
     * @throws ConfigurationException naming the setting that is missing or malformed (never quoting the secret)
     */
    public static Credentials of(Account account, String key, String secret, String jzqs) {
        Objects.requireNonNull(account, "account");
        if (account != Account.DISPLAY && jzqs != null) {
            throw new ConfigurationException(account.settingPrefix() + ".jzqs", "only display uploads carry jzqs");
        }
        if (key == null || key.isEmpty()) {
            throw new ConfigurationException(account.keySetting(), "is required");
        }
        if (secret == null || secret.isEmpty()) {
            throw new ConfigurationException(account.secretSetting(), "is required when " + account.keySetting()
                    + " is set");
        }
        Map<String, String> given = new HashMap<>();
        given.put(account.keySetting(), key);
        given.put(account.secretSetting(), secret);
        if (jzqs != null) {
            given.put(account.settingPrefix() + ".jzqs", jzqs);
        }
        // the values exactly as given, not trimmed: the platform refuses a padded key or secret rather than fix it
        Settings settings = new Settings() {
            @Override
            public String raw(String property) {
                return given.get(property);
            }

            @Override
            public Optional<String> get(String property) {
                return Optional.ofNullable(given.get(property));
            }
        };
        return new Credentials(account, read(settings, account).orElseThrow(() -> new ConfigurationException(
                account.keySetting(), "is required")));
    }

    /**
     * Reads every account's credentials from the configuration contract ({@code qhtrack.search.key},
     * {@code qhtrack.search.secret}, {@code qhtrack.display.key}, {@code .secret}, {@code .jzqs},
     * {@code qhtrack.mobile.key}, {@code .secret}). An account with neither key nor secret is absent; one with
     * only part of what it needs is a {@link ConfigurationException}.
     */
    public static Map<Account, Credentials> fromSettings(Settings settings) {
        Map<Account, Credentials> result = new EnumMap<>(Account.class);
        for (Account account : Account.values()) {
            Optional<CredentialSet> set = read(settings, account);
            if (set.isPresent()) {
                result.put(account, new Credentials(account, set.get()));
            }
        }
        return result;
    }

    /** The 360 platform's reading of the account's settings. */
    private static Optional<CredentialSet> read(Settings settings, Account account) {
        ProductLine first = account.lines().iterator().next();
        Line line = Qihoo360Compat.line(first).orElseThrow(IllegalStateException::new);
        return Qihoo360Platform.builtIn().credentials(settings, line);
    }

    /** The account these credentials belong to. */
    public Account account() {
        return account;
    }

    /** The App-Key (public key), sent in the {@code App-Key} header. */
    public String key() {
        return key;
    }

    /** The display advertiser id, present for {@link Account#DISPLAY} only. */
    public Optional<String> jzqs() {
        return Optional.ofNullable(jzqs);
    }

    /** These credentials as the 360 platform reads them: {@code key}, the secret {@code secret}, {@code jzqs}. */
    public CredentialSet toCredentialSet() {
        return set;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Credentials && account == ((Credentials) o).account && set.equals(((Credentials) o).set);
    }

    @Override
    public int hashCode() {
        return Objects.hash(account, key, jzqs);
    }

    /** Shows the account and key; the secret is always {@code ******}. */
    @Override
    public String toString() {
        return "Credentials[" + account.name().toLowerCase(java.util.Locale.ROOT) + ", key=" + key
                + ", secret=******" + (jzqs == null ? "" : ", jzqs=" + jzqs) + "]";
    }
}
