package io.qhtrack.cli;

import io.qhtrack.core.Account;
import io.qhtrack.core.Settings;
import io.qhtrack.core.internal.PlatformRegistry;
import io.qhtrack.core.spi.Platform;
import io.qhtrack.core.spi.PlatformSetting;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What a command runs with: configuration, clock and the two output streams. Every line goes through
 * {@link #out(String)} or {@link #err(String)}, which mask any configured secret (360's, and every platform's declared secrets) as a last line of defence (no
 * command prints one on purpose).
 */
final class Context {

    /** Secrets shorter than this are not masked: they would mask ordinary text (and are not real 360 secrets). */
    private static final int MIN_MASKED_LENGTH = 4;

    private final Settings settings;
    private final Clock clock;
    private final PrintStream out;
    private final PrintStream err;
    private final List<String> secrets = new ArrayList<>();

    Context(Settings settings, Clock clock, PrintStream out, PrintStream err) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        for (Account account : Account.values()) {
            keepSecret(settings.raw(account.settingPrefix() + ".secret"));
        }
        for (Platform platform : PlatformRegistry.load()) {
            for (PlatformSetting setting : platform.settings()) {
                if (setting.isSecret()) {
                    keepSecret(settings.raw(setting.key()));
                }
            }
        }
        secrets.sort(Comparator.comparingInt(String::length).reversed());
    }

    private void keepSecret(String raw) {
        if (raw != null) {
            for (String s : new String[] {raw, raw.trim()}) {
                if (s.length() >= MIN_MASKED_LENGTH && !secrets.contains(s)) {
                    secrets.add(s);
                }
            }
        }
    }

    Settings settings() {
        return settings;
    }

    Clock clock() {
        return clock;
    }

    /** Prints a line on standard output. */
    void out(String line) {
        out.println(mask(line));
        out.flush();
    }

    /** Prints a line on standard error. */
    void err(String line) {
        err.println(mask(line));
        err.flush();
    }

    private String mask(String text) {
        String s = text;
        for (String secret : secrets) {
            s = s.replace(secret, "******");
        }
        return s;
    }
}
