package io.qhtrack.cli;

import io.qhtrack.core.internal.Printable;
import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Origin;
import io.qhtrack.core.spi.OutboxEntry;
import io.qhtrack.core.OutboxState;
import io.qhtrack.core.Setting;
import io.qhtrack.core.Settings;
import io.qhtrack.core.jdbc.JdbcOutbox;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.Instant;
import java.util.Collections;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code qhtrack outbox list|replay|purge}: inspects and repairs a JDBC outbox (e.g. replays dead letters after a
 * wrong secret was fixed). The database comes from {@code --jdbc-url}/{@code --user}/{@code --table} or
 * {@code QHTRACK_OUTBOX_JDBC_URL}, {@code QHTRACK_OUTBOX_USER}, {@code QHTRACK_OUTBOX_TABLE}; the password only from
 * {@code QHTRACK_OUTBOX_PASSWORD}. The JDBC driver must be on the classpath (the build copies H2's, PostgreSQL's and
 * MariaDB's to {@code tracker-core/target/jdbc/}). The table is never created here.
 */
final class OutboxCommand implements Command {

    /** Default number of entries {@code list} prints: {@value}. */
    public static final int DEFAULT_LIMIT = 50;
    /** How many of the oldest entries of a state {@code list --platform} looks through: {@value}. */
    static final int PLATFORM_SCAN = 10_000;

    private static final String URL_ENV = Setting.OUTBOX_JDBC_URL.environmentName();
    private static final String USER_ENV = Setting.OUTBOX_USER.environmentName();
    private static final String PASSWORD_ENV = Setting.OUTBOX_PASSWORD.environmentName();
    private static final String TABLE_ENV = Setting.OUTBOX_TABLE.environmentName();

    /**
     * Runs {@code qhtrack outbox …} with the arguments after {@code outbox} and configuration from {@code env}
     * (environment variable names).
     *
     * @return the exit status ({@link Main#EXIT_OK}, {@link Main#EXIT_USAGE}, or {@link Main#EXIT_TRANSIENT} when
     *     the database cannot be used)
     */
    public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        Context context = new Context(Settings.environment(env), Clock.systemUTC(), out, err);
        OutboxCommand command = new OutboxCommand();
        if (args.contains("--help") || args.contains("-h")) {
            context.out(command.usage());
            return Main.EXIT_OK;
        }
        try {
            return command.run(args, context);
        } catch (UsageException e) {
            context.err("qhtrack outbox: " + e.getMessage());
            context.err("(qhtrack outbox --help shows the usage)");
            return Main.EXIT_USAGE;
        }
    }

    @Override
    public String name() {
        return "outbox";
    }

    @Override
    public String summary() {
        return "list, replay or purge the conversions in a JDBC outbox";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: qhtrack outbox list   [--state pending|delivered|dead|expired|parked] [--limit N] [--platform P]",
                "       qhtrack outbox replay (--id ID [--id ID …] | --all-dead | --platform P)",
                "       qhtrack outbox purge  --state delivered|dead|expired [--older-than PT24H]",
                "",
                "  list        counts per state, then the entries in one state (default dead), oldest first,",
                "              at most N (default " + DEFAULT_LIMIT + "), with attempts and last error",
                "  replay      makes dead (or, by id, expired) entries pending again, due now; a running tracker",
                "              delivers them at its next poll. The natural-day deadline is kept: what 360 would",
                "              no longer accept expires again instead of being sent. Fix the cause first.",
                "  purge       deletes entries in a state settled more than --older-than ago (default: all)",
                "  --platform  list: only that platform's entries (qihoo360, baidu, tencent), among the oldest "
                        + PLATFORM_SCAN + ";",
                "              replay: that platform's dead entries, and its parked ones (parked when the platform",
                "              said the credentials were wrong: fix them first). Not for purge, which is by state.",
                "",
                "database:",
                "  --jdbc-url URL   or " + URL_ENV + " (jdbc:postgresql://…, jdbc:mariadb://…, jdbc:h2:file:…)",
                "  --user USER      or " + USER_ENV,
                "  --table NAME     or " + TABLE_ENV + " (default " + JdbcOutbox.DEFAULT_TABLE + ")",
                "  the password is read from " + PASSWORD_ENV + " only, never from an argument");
    }

    @Override
    public int run(List<String> args, Context context) throws UsageException {
        if (args.isEmpty()) {
            throw new UsageException("say list, replay or purge");
        }
        String action = args.get(0);
        Map<String, List<String>> options = parse(args.subList(1, args.size()));
        switch (action) {
            case "list":
                allow(options, "state", "limit", "platform");
                return withOutbox(options, context, o -> list(o, options, context));
            case "replay":
                allow(options, "id", "all-dead", "platform");
                return withOutbox(options, context, o -> replay(o, options, context));
            case "purge":
                if (options.containsKey("platform")) {
                    throw new UsageException("purge is by state, for every platform: --platform is not taken "
                            + "(list --platform P shows one platform's entries)");
                }
                allow(options, "state", "older-than");
                return withOutbox(options, context, o -> purge(o, options, context));
            default:
                throw new UsageException("unknown action '" + Printable.of(action, 80)
                        + "': say list, replay or purge");
        }
    }

    @FunctionalInterface
    private interface Action {
        int apply(JdbcOutbox outbox) throws UsageException;
    }

    /** The option if given, else the setting. */
    private static Optional<String> either(Optional<String> option, Optional<String> setting) {
        return option.isPresent() ? option : setting;
    }

    private static int withOutbox(Map<String, List<String>> options, Context context, Action action)
            throws UsageException {
        Settings env = context.settings();
        String url = either(single(options, "jdbc-url"), env.get(Setting.OUTBOX_JDBC_URL)).orElseThrow(
                () -> new UsageException("no database: give --jdbc-url or set " + URL_ENV));
        Optional<String> user = either(single(options, "user"), env.get(Setting.OUTBOX_USER));
        String password = env.raw(Setting.OUTBOX_PASSWORD.key());
        Optional<String> table = either(single(options, "table"), env.get(Setting.OUTBOX_TABLE));
        JdbcOutbox outbox;
        try {
            JdbcOutbox.Builder b = JdbcOutbox.builder().url(url).createSchema(false);
            user.ifPresent(b::user);
            if (password != null && !password.isEmpty()) {
                b.password(password);
            }
            table.ifPresent(b::table);
            outbox = b.build();
        } catch (ConfigurationException e) {
            throw new UsageException(e.getMessage().replace(Setting.OUTBOX_JDBC_URL.key(), "--jdbc-url/" + URL_ENV)
                    .replace(Setting.OUTBOX_TABLE.key(), "--table/" + TABLE_ENV));
        }
        try {
            return action.apply(outbox);
        } catch (IllegalStateException e) {
            context.err("qhtrack outbox: the database failed: " + e.getMessage());
            return Main.EXIT_TRANSIENT;
        } finally {
            outbox.close();
        }
    }

    private static int list(JdbcOutbox outbox, Map<String, List<String>> options, Context context)
            throws UsageException {
        OutboxState state = single(options, "state").map(OutboxCommand::state).orElse(OutboxState.DEAD);
        int limit = DEFAULT_LIMIT;
        Optional<String> l = single(options, "limit");
        if (l.isPresent()) {
            try {
                limit = Integer.parseInt(l.get());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit <= 0) {
                throw new UsageException("--limit: '" + l.get() + "' is not a positive whole number");
            }
        }
        Map<OutboxState, Long> counts = outbox.counts();
        StringBuilder summary = new StringBuilder(outbox.toString()).append(": ");
        java.util.StringJoiner perState = new java.util.StringJoiner(", ");
        counts.forEach((s, n) -> perState.add(s.name().toLowerCase(Locale.ROOT) + " " + n));
        summary.append(perState);
        outbox.oldestPending().ifPresent(t -> summary.append("; oldest pending accepted at ").append(t));
        context.out(summary.toString());
        Optional<String> platform = single(options, "platform");
        List<OutboxEntry> entries;
        if (platform.isPresent()) {
            entries = new ArrayList<>();
            for (OutboxEntry e : outbox.list(state, PLATFORM_SCAN)) {
                if (entries.size() < limit && e.upload().platform().equals(platform.get())) {
                    entries.add(e);
                }
            }
        } else {
            entries = outbox.list(state, limit);
        }
        context.out(entries.size() + " " + state.name().toLowerCase(Locale.ROOT) + " entr"
                + (entries.size() == 1 ? "y" : "ies") + platform.map(p -> " of " + p).orElse("")
                + (!platform.isPresent() && counts.get(state) > entries.size() ? " of " + counts.get(state) : "")
                + ", oldest first:");
        context.out(String.format("%-10s %-9s %8s  %-24s %-24s %-8s %-4s %-14s %-20s %s", "id", "state", "attempts",
                "accepted at", state == OutboxState.PENDING ? "next attempt at" : "settled at", "platform", "line",
                "event", "click id", "trans_id | last error"));
        for (OutboxEntry e : entries) {
            context.out(String.format("%-10s %-9s %8d  %-24s %-24s %-8s %-4s %-14s %-20s %s | %s", e.id(),
                    e.state().name().toLowerCase(Locale.ROOT), e.attempts(), e.acceptedAt(), e.nextAttemptAt(),
                    e.upload().platform(), e.upload().line(), e.upload().event()
                            + (e.origin() == Origin.BROWSER ? " (browser)" : ""), e.upload().clickId(),
                    e.upload().conversionKey().isEmpty() ? "-" : e.upload().conversionKey(),
                    e.lastErrorMessage().orElse("-")));
        }
        return Main.EXIT_OK;
    }

    private static int replay(JdbcOutbox outbox, Map<String, List<String>> options, Context context)
            throws UsageException {
        Optional<String> platform = single(options, "platform");
        if (platform.isPresent()) {
            if (options.containsKey("id")) {
                throw new UsageException("say which entries: --id ID or --platform P, not both");
            }
            Instant now = context.clock().instant();
            int dead = outbox.replay(platform.get(), now);
            int parked = outbox.unpark(platform.get(), null, now);
            context.out(dead + " dead and " + parked + " parked entr" + (dead + parked == 1 ? "y" : "ies") + " of "
                    + platform.get() + " made pending again; a running tracker delivers them at its next poll.");
            return Main.EXIT_OK;
        }
        boolean allDead = options.containsKey("all-dead");
        List<String> ids = new ArrayList<>();
        for (String v : options.getOrDefault("id", Collections.<String>emptyList())) {
            for (String id : v.split(",")) {
                if (!id.trim().isEmpty()) {
                    ids.add(id.trim());
                }
            }
        }
        if (allDead == !ids.isEmpty()) {
            throw new UsageException("say which entries: --id ID (repeatable, or comma-separated) or --all-dead");
        }
        if (allDead && !options.get("all-dead").get(0).isEmpty()) {
            throw new UsageException("--all-dead takes no value");
        }
        int n = outbox.replay(allDead ? Collections.<String>emptyList() : ids, context.clock().instant());
        context.out(n + " entr" + (n == 1 ? "y" : "ies") + " made pending again"
                + (allDead ? "" : " (of " + ids.size() + " id" + (ids.size() == 1 ? "" : "s")
                        + " given; only dead or expired entries are replayed)")
                + "; a running tracker delivers them at its next poll.");
        return Main.EXIT_OK;
    }

    private static int purge(JdbcOutbox outbox, Map<String, List<String>> options, Context context)
            throws UsageException {
        OutboxState state = state(single(options, "state").orElseThrow(
                () -> new UsageException("--state is required: delivered, dead or expired")));
        if (state == OutboxState.PENDING) {
            throw new UsageException("--state pending: pending conversions are never purged (they are not "
                    + "delivered yet)");
        }
        Duration olderThan = Duration.ZERO;
        Optional<String> o = single(options, "older-than");
        if (o.isPresent()) {
            try {
                olderThan = Duration.parse(o.get());
            } catch (DateTimeParseException e) {
                throw new UsageException("--older-than: '" + o.get() + "' is not an ISO-8601 duration such as PT24H "
                        + "or P7D");
            }
            if (olderThan.isNegative()) {
                throw new UsageException("--older-than: '" + o.get() + "' is negative");
            }
        }
        Instant before = context.clock().instant().minus(olderThan);
        int n = outbox.purge(state, before);
        context.out("purged " + n + " " + state.name().toLowerCase(Locale.ROOT) + " entr" + (n == 1 ? "y" : "ies")
                + " settled before " + before);
        return Main.EXIT_OK;
    }

    private static OutboxState state(String name) {
        try {
            return OutboxState.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name);
        }
    }

    /** {@code --name value}, {@code --name=value}; {@code --id} and only it may repeat; flags get "". */
    private static Map<String, List<String>> parse(List<String> args) throws UsageException {
        Map<String, List<String>> options = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument '" + Printable.of(arg, 80)
                        + "': options start with --");
            }
            int eq = arg.indexOf('=');
            String name = (eq < 0 ? arg.substring(2) : arg.substring(2, eq)).toLowerCase(Locale.ROOT);
            if (name.contains("password") || name.equals("pwd")) {
                throw new UsageException("--" + name + ": the database password is read from " + PASSWORD_ENV
                        + " only (an argument would be kept in shell history and shown by ps)");
            }
            String value;
            if (name.equals("all-dead")) {
                value = eq < 0 ? "" : arg.substring(eq + 1);
            } else if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException("--" + name + " needs a value");
            }
            List<String> values = options.computeIfAbsent(name, k -> new ArrayList<>());
            if (!values.isEmpty() && !name.equals("id")) {
                throw new UsageException("--" + name + " is given twice");
            }
            values.add(value);
        }
        return options;
    }

    private static void allow(Map<String, List<String>> options, String... own) throws UsageException {
        List<String> allowed = new ArrayList<>(Arrays.asList("jdbc-url", "user", "table"));
        allowed.addAll(Arrays.asList(own));
        for (String name : options.keySet()) {
            if (!allowed.contains(name)) {
                throw new UsageException("unknown option --" + name);
            }
        }
        for (String name : Arrays.asList("state")) {
            List<String> v = options.get(name);
            if (v != null) {
                try {
                    state(v.get(0));
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--state: '" + v.get(0) + "' is not one of pending, delivered, dead, "
                            + "expired, parked");
                }
            }
        }
    }

    private static Optional<String> single(Map<String, List<String>> options, String name) {
        List<String> v = options.get(name);
        return v == null || v.get(0).trim().isEmpty() ? Optional.empty() : Optional.of(v.get(0).trim());
    }
}
