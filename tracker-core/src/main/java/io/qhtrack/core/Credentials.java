package io.qhtrack.core;

import io.qhtrack.core.text.Printable;
import io.qhtrack.core.text.Text;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One 360 account's App-Key and secret (and, for display, {@code jzqs}). The secret is only ever used to sign; it
 * is not returned by any public method and never appears in {@link #toString()}.
 */
public final class Credentials {

    private final Account account;
    private final String key;
    private final byte[] secret;
    private final String jzqs;

    private Credentials(Account account, String key, byte[] secret, String jzqs) {
        this.account = account;
        this.key = key;
        this.secret = secret;
        this.jzqs = jzqs;
    }

    /**
     * Credentials for {@code account}.
     *
     * @param jzqs the display advertiser id; required for {@link Account#DISPLAY}, must be {@code null} otherwise
     * @throws ConfigurationException naming the setting that is missing or malformed (never quoting the secret)
     */
    public static Credentials of(Account account, String key, String secret, String jzqs) {
        Objects.requireNonNull(account, "account");
        String keySetting = account.keySetting().key();
        String secretSetting = account.secretSetting().key();
        requireToken(keySetting, key, true);
        if (secret == null || secret.isEmpty()) {
            throw new ConfigurationException(secretSetting, "is required when " + keySetting + " is set");
        }
        if (!secret.equals(Text.strip(secret))) {
            throw new ConfigurationException(secretSetting,
                    "has leading or trailing white space (FAQ 5.7: the secret is used exactly as given)");
        }
        if (account == Account.DISPLAY) {
            requireToken(Setting.DISPLAY_JZQS.key(), jzqs, false);
        } else if (jzqs != null) {
            throw new ConfigurationException(account.settingPrefix() + ".jzqs", "only display uploads carry jzqs");
        }
        return new Credentials(account, key, secret.getBytes(StandardCharsets.UTF_8), jzqs);
    }

    private static void requireToken(String setting, String value, boolean quote) {
        if (value == null || value.isEmpty()) {
            throw new ConfigurationException(setting, "is required");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new ConfigurationException(setting, (quote ? Printable.quoted(value, 80) + " " : "")
                        + "contains white space or a non-printable or non-ASCII character at index " + i
                        + " (FAQ 5.8: copy it again from 360's console)");
            }
        }
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
            Optional<String> key = settings.get(account.keySetting());
            String secret = settings.raw(account.secretSetting().key());
            boolean hasSecret = secret != null && !Text.isBlank(secret);
            if (!key.isPresent() && !hasSecret) {
                continue;
            }
            if (!key.isPresent()) {
                throw new ConfigurationException(account.keySetting().key(), "is required when "
                        + account.secretSetting().key() + " is set");
            }
            String jzqs = account == Account.DISPLAY ? settings.get(Setting.DISPLAY_JZQS).orElse(null) : null;
            result.put(account, of(account, key.get(), hasSecret ? secret : null, jzqs));
        }
        return result;
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

    /** Feeds the secret into a digest without copying it out. */
    void updateWithSecret(java.security.MessageDigest md5) {
        md5.update(secret);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Credentials)) {
            return false;
        }
        Credentials c = (Credentials) o;
        return account == c.account && key.equals(c.key) && Arrays.equals(secret, c.secret)
                && Objects.equals(jzqs, c.jzqs);
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
