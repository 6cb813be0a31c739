package io.qhtrack.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** One App-Key Fake360 knows: its secret, the lines it may report, and the jzqs it must send, if any. */
final class Account {
    private final String key;
    private final byte[] secret;
    private final Set<Line> lines;
    private final String jzqs;

    Account(String key, String secret, Set<Line> lines, String jzqs) {
        this.key = key;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.lines = Collections.unmodifiableSet(lines.isEmpty() ? EnumSet.allOf(Line.class) : EnumSet.copyOf(lines));
        this.jzqs = jzqs;
    }

    String key() {
        return key;
    }

    /** The secret's UTF-8 bytes; the caller must not modify them. */
    byte[] secretBytes() {
        return secret;
    }

    boolean allows(Line line) {
        return lines.contains(line);
    }

    Set<Line> lines() {
        return lines;
    }

    /** The jzqs this key must send on ocpc_zs_convert, or null when any non-empty jzqs will do. */
    String jzqs() {
        return jzqs;
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "Account[" + key + ", lines=" + lines + (jzqs == null ? "" : ", jzqs=" + jzqs) + "]";
    }
}
