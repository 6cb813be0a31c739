package io.qhtrack.cli;

import io.qhtrack.core.internal.Printable;
import io.qhtrack.core.Account;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A subcommand's options: {@code --name value}, {@code --name=value} and flags such as {@code --dry-run}. No
 * positional arguments. A hand-written parser, to stay free of dependencies.
 */
final class Options {

    private final Map<String, String> values = new LinkedHashMap<>();

    private Options() {
    }

    /**
     * Parses {@code args} against the options a command knows.
     *
     * @param valued names (without {@code --}) that take a value
     * @param flags names that take none
     * @throws UsageException naming the offending argument; never quoting a value (it could be a secret)
     */
    static Options parse(List<String> args, Set<String> valued, Set<String> flags) throws UsageException {
        Options options = new Options();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-h")) {
                arg = "--help";
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument '" + abbreviate(arg) + "': options start with --");
            }
            int eq = arg.indexOf('=');
            String name = (eq < 0 ? arg.substring(2) : arg.substring(2, eq)).toLowerCase(Locale.ROOT);
            refuseCredentials(name);
            String value;
            if (flags.contains(name)) {
                if (eq >= 0) {
                    throw new UsageException("--" + name + " takes no value");
                }
                value = "";
            } else if (valued.contains(name)) {
                if (eq >= 0) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageException("--" + name + " needs a value");
                }
            } else {
                throw new UsageException("unknown option --" + name);
            }
            if (options.values.putIfAbsent(name, value) != null) {
                throw new UsageException("--" + name + " is given twice");
            }
        }
        return options;
    }

    /** Credentials come from the environment only: an argument would end up in shell history and in ps. */
    private static void refuseCredentials(String name) throws UsageException {
        if (name.contains("secret")) {
            throw new UsageException("--" + name + ": qhtrack never takes a secret on the command line (it would be "
                    + "kept in shell history and shown by ps). Set it in the environment instead: "
                    + perAccount(".secret"));
        }
        if (name.contains("token")) {
            throw new UsageException("--" + name + ": qhtrack never takes a token on the command line (it would be "
                    + "kept in shell history and shown by ps). Set it in the environment instead: QHTRACK_BAIDU_TOKEN "
                    + "(baidu), QHTRACK_TENCENT_ACCESS_TOKEN (tencent)");
        }
        if (name.equals("account-id") || name.equals("user-action-set-id")) {
            throw new UsageException("--" + name + ": Tencent's credentials come from the environment only: "
                    + "QHTRACK_TENCENT_ACCESS_TOKEN, QHTRACK_TENCENT_ACCOUNT_ID, QHTRACK_TENCENT_USER_ACTION_SET_ID");
        }
        if (name.equals("key") || name.equals("app-key") || name.equals("jzqs")) {
            throw new UsageException("--" + name + ": credentials come from the environment only: "
                    + perAccount(".key") + "; " + Config.env(Account.DISPLAY.settingPrefix() + ".jzqs") + " (zs)");
        }
    }

    /** {@code QHTRACK_SEARCH_SECRET (ps, ms), QHTRACK_DISPLAY_SECRET (zs), QHTRACK_MOBILE_SECRET (web)}. */
    private static String perAccount(String suffix) {
        StringBuilder sb = new StringBuilder();
        for (Account a : Account.values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(Config.env(a.settingPrefix() + suffix)).append(" (")
                    .append(Config.shortNames(a)).append(')');
        }
        return sb.toString();
    }

    private static String abbreviate(String arg) {
        String s = Printable.of(arg, 80);
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    /** The value of {@code --name}, if given. */
    Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** The value of {@code --name}, which must be given and non-blank. */
    String require(String name) throws UsageException {
        String v = values.get(name);
        if (v == null || v.trim().isEmpty()) {
            throw new UsageException("--" + name + " is required");
        }
        return v;
    }

    /** Whether the flag {@code --name} was given. */
    boolean has(String name) {
        return values.containsKey(name);
    }
}
