package io.qhtrack.core.spi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The credentials of one platform line for one tenant, as a {@link CredentialResolver} gives them at send time: named
 * values, some of them secret (360's {@code secret}, Baidu's {@code token}, Tencent's {@code access_token}) and some
 * not (360's {@code key} and {@code jzqs}, Tencent's {@code account_id}). Secrets never appear in
 * {@link #toString()}, and nothing of a credential set is ever stored with a conversion. Immutable.
 */
public final class CredentialSet {

    private static final CredentialSet EMPTY = new CredentialSet(Collections.<String, String>emptyMap(),
            Collections.<String>emptySet());

    private final Map<String, String> values;
    private final Set<String> secrets;

    private CredentialSet(Map<String, String> values, Set<String> secrets) {
        this.values = values;
        this.secrets = secrets;
    }

    /** No credentials (a platform that needs none, like Kuaishou or an unsigned Ocean Engine account). */
    public static CredentialSet empty() {
        return EMPTY;
    }

    /** Starts a set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A non-secret value, e.g. 360's App-Key. */
    public Optional<String> value(String name) {
        return secrets.contains(name) ? Optional.<String>empty() : Optional.ofNullable(values.get(name));
    }

    /**
     * A secret, for the codec to sign with or to put on the wire, and for nothing else: never log it, never put it in
     * a message.
     */
    public Optional<String> secret(String name) {
        return secrets.contains(name) ? Optional.ofNullable(values.get(name)) : Optional.<String>empty();
    }

    /** Whether a value (secret or not) of that name is present. */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /**
     * A short digest of every value, secrets included, to notice that credentials changed (parked conversions are then
     * sent again) without keeping them: SHA-256, the first 16 hex digits. Not a secret, but not worth logging either.
     */
    public String fingerprint() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, String> e : values.entrySet()) {
                sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(e.getValue().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            byte[] d = sha.digest();
            StringBuilder hex = new StringBuilder(16);
            for (int i = 0; i < 8; i++) {
                hex.append(Character.forDigit((d[i] >> 4) & 0xf, 16)).append(Character.forDigit(d[i] & 0xf, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JVM has SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CredentialSet && values.equals(((CredentialSet) o).values)
                && secrets.equals(((CredentialSet) o).secrets);
    }

    @Override
    public int hashCode() {
        return values.keySet().hashCode();
    }

    /** Names and non-secret values; every secret is {@code ******}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("CredentialSet[");
        String sep = "";
        for (Map.Entry<String, String> e : values.entrySet()) {
            sb.append(sep).append(e.getKey()).append('=').append(secrets.contains(e.getKey()) ? "******" : e.getValue());
            sep = ", ";
        }
        return sb.append(']').toString();
    }

    /** Builds a {@link CredentialSet}. */
    public static final class Builder {
        private final Map<String, String> values = new LinkedHashMap<>();
        private final Set<String> secrets = new LinkedHashSet<>();

        private Builder() {
        }

        /** A non-secret value. */
        public Builder value(String name, String value) {
            values.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, name));
            secrets.remove(name);
            return this;
        }

        /** A secret value. */
        public Builder secret(String name, String value) {
            values.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, name));
            secrets.add(name);
            return this;
        }

        /** The set. */
        public CredentialSet build() {
            return new CredentialSet(Collections.unmodifiableMap(new LinkedHashMap<>(values)),
                    Collections.unmodifiableSet(new LinkedHashSet<>(secrets)));
        }
    }
}
