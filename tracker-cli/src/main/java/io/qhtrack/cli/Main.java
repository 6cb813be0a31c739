package io.qhtrack.cli;

import io.qhtrack.core.internal.Printable;
import io.qhtrack.core.Account;
import io.qhtrack.core.Setting;
import io.qhtrack.core.Settings;
import io.qhtrack.platform.qihoo360.UploadClient;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code qhtrack}, the command line. Run it with the {@code qhtrack} script at the repository root after
 * {@code mvn -DskipTests package}:
 *
 * <pre>
 * QHTRACK_SEARCH_KEY=… QHTRACK_SEARCH_SECRET=… ./qhtrack send --line ps --click-id 9356596331006111412 \
 *     --event SUBMIT --trans-id form-0001 --dry-run
 * ./qhtrack events --line zs
 * </pre>
 *
 * <p>Exit status: {@value #EXIT_OK} delivered (or nothing to send), {@value #EXIT_USAGE} usage or configuration
 * error, {@value #EXIT_PERMANENT} 360 refused the upload (errno 1/2/3 or an HTTP error that a retry cannot fix),
 * {@value #EXIT_TRANSIENT} 360 could not be reached or gave no usable answer (a later retry may succeed),
 * {@value #EXIT_CREDENTIALS} (Baidu, Tencent: {@code send --platform}) the platform says the credentials are wrong,
 * {@value #EXIT_INTERNAL} a bug. With {@code --platform baidu|tencent}, 3 and 4 mean the same for that platform.
 */
public final class Main {

    /** Success. */
    public static final int EXIT_OK = 0;
    /** An unexpected error: a bug in qhtrack. */
    public static final int EXIT_INTERNAL = 1;
    /** Usage or configuration error; nothing was sent. */
    public static final int EXIT_USAGE = 2;
    /** 360 refused the upload; sending it again cannot help until the cause is fixed. */
    public static final int EXIT_PERMANENT = 3;
    /** No usable answer from 360 (network, timeout, 5xx, a body that is not 360's); a retry may succeed. */
    public static final int EXIT_TRANSIENT = 4;
    /**
     * The platform says the credentials or the account are wrong (Baidu status 3, Tencent 11000-11005 and 12000):
     * the library parks that platform's conversions on this answer; fix the credentials, then send again.
     */
    public static final int EXIT_CREDENTIALS = 5;

    /** The subcommands, in the order {@code qhtrack help} lists them. */
    static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        register(new SendCommand());
        register(new EventsCommand());
        register(new OutboxCommand());
    }

    private Main() {
    }

    private static void register(Command command) {
        COMMANDS.put(command.name(), command);
    }

    private static PrintStream utf8(FileOutputStream stream) {
        try {
            return new PrintStream(stream, true, StandardCharsets.UTF_8.name());
        } catch (java.io.UnsupportedEncodingException impossible) {
            throw new IllegalStateException("every JVM has UTF-8", impossible);
        }
    }

    /** Runs {@code qhtrack} with the process's environment and system properties, and exits with its status. */
    public static void main(String[] args) {
        PrintStream out = utf8(new FileOutputStream(FileDescriptor.out));
        PrintStream err = utf8(new FileOutputStream(FileDescriptor.err));
        int status = run(args, Settings.system(), Clock.systemUTC(), out, err);
        out.flush();
        err.flush();
        System.exit(status);
    }

    /**
     * Runs {@code qhtrack} with configuration from {@code env} (environment variable names such as
     * {@code QHTRACK_SEARCH_KEY}), without exiting.
     *
     * @return the exit status
     */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return run(args, Settings.environment(env), Clock.systemUTC(), out, err);
    }

    /** Runs {@code qhtrack} with the given configuration and clock, without exiting. */
    static int run(String[] args, Settings settings, Clock clock, PrintStream out, PrintStream err) {
        Context context = new Context(settings, clock, out, err);
        List<String> list = Arrays.asList(args);
        if (list.isEmpty()) {
            context.err(usage());
            return EXIT_USAGE;
        }
        String name = list.get(0);
        List<String> rest = list.subList(1, list.size());
        if (name.equals("help") || name.equals("--help") || name.equals("-h")) {
            return help(rest, context);
        }
        Command command = COMMANDS.get(name);
        if (command == null) {
            context.err("qhtrack: unknown command '" + Printable.of(name, 80) + "'");
            context.err(usage());
            return EXIT_USAGE;
        }
        if (rest.contains("--help") || rest.contains("-h")) {
            context.out(command.usage());
            return EXIT_OK;
        }
        try {
            return command.run(rest, context);
        } catch (UsageException e) {
            context.err("qhtrack " + command.name() + ": " + e.getMessage());
            context.err("(qhtrack " + command.name() + " --help shows the usage)");
            return EXIT_USAGE;
        } catch (RuntimeException e) {
            context.err("qhtrack " + command.name() + ": unexpected " + e.getClass().getName() + ": " + e.getMessage());
            return EXIT_INTERNAL;
        }
    }

    private static int help(List<String> rest, Context context) {
        if (!rest.isEmpty() && COMMANDS.containsKey(rest.get(0))) {
            context.out(COMMANDS.get(rest.get(0)).usage());
        } else {
            context.out(usage());
        }
        return EXIT_OK;
    }

    /** The overall usage: every command with its summary. */
    static String usage() {
        StringBuilder sb = new StringBuilder();
        sb.append("usage: qhtrack <command> [options]\n\ncommands:\n");
        for (Command c : COMMANDS.values()) {
            sb.append(String.format("  %-8s %s\n", c.name(), c.summary()));
        }
        sb.append(String.format("  %-8s %s\n", "help", "this text; qhtrack help <command> for a command's options"));
        sb.append("\nCredentials come from the environment only (never from arguments):\n");
        for (Account account : Account.values()) {
            sb.append(String.format("  %-8s %s\n", Config.shortNames(account), Config.envVars(account)));
        }
        sb.append("Endpoint: --endpoint or ").append(Config.env(Config.ENDPOINT)).append(" (default ")
                .append(UploadClient.DEFAULT_ENDPOINT).append(").\n")
                .append("\nExit status: 0 delivered, 2 usage or configuration error, 3 refused by 360 (fix, then resend),\n")
                .append("4 no usable answer (network, timeout, 5xx: try again later, within the same day),\n")
                .append("5 the platform says the credentials are wrong (send --platform baidu|tencent).\n")
                .append("Baidu: QHTRACK_BAIDU_TOKEN; Tencent: QHTRACK_TENCENT_ACCESS_TOKEN, QHTRACK_TENCENT_ACCOUNT_ID,\n")
                .append("QHTRACK_TENCENT_USER_ACTION_SET_ID (send --platform P; qhtrack help send).");
        return sb.toString();
    }
}
