package io.qhtrack.testkit;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * What the command-line runners of the fakes ({@link Fake360Main}, {@link FakeBaiduMain}, {@link
 * FakeTencentMain}) share: the main loop (usage, certificate, exit statuses, serving until killed), reading
 * options, and the {@code --fault} specifications.
 */
final class Standalone {
    /** The options every runner takes, whatever the fake. */
    static final String COMMON_USAGE = String.join("\n",
            "  --tls                serve HTTPS with the testkit's public test certificate (see --print-certificate)",
            "  --latency-ms N       hold every answer N milliseconds, like a slow server (default 0)",
            "  --fault SPEC         answer with this fault (repeatable with --fault-probability): http:503[:RETRY_AFTER_S],",
            "                       stall:MILLIS, drop, empty, garbage:TEXT, huge:BYTES, huge-chunked:BYTES, %s",
            "  --fault-probability P  apply one of the --fault specs (drawn at random) to each request with probability P",
            "  --fault-seed N       the seed of those draws (default 1), for a reproducible run",
            "  --print-certificate  print the test certificate (PEM) that --tls presents, and exit");

    private Standalone() {}

    /** A started fake, as the main loop needs it. */
    static final class Started {
        final URI view;
        final Runnable close;

        Started(URI view, Runnable close) {
            this.view = view;
            this.close = close;
        }
    }

    /** Parses the arguments, starts the fake, prints where it listens and one line per request to {@code out}. */
    interface Starter {
        Started start(String[] args, PrintStream out);
    }

    /**
     * Runs a fake until the process is killed: {@code --help} prints the usage, {@code --print-certificate} the
     * certificate; bad arguments exit with status 2 and the usage, a port that cannot be bound with status 1.
     */
    static void main(String name, String usage, String[] args, Starter starter) throws InterruptedException {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.println(usage);
            return;
        }
        if (Arrays.asList(args).equals(Collections.singletonList("--print-certificate"))) {
            System.out.print(TlsIdentity.pem());
            return;
        }
        Started fake;
        try {
            fake = starter.start(args, System.out);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println(name + ": " + e.getMessage());
            System.err.println(usage);
            System.exit(2);
            return;
        } catch (UncheckedIOException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println("What it received: " + fake.view + " (as JSON: " + fake.view.resolve("received.json") + ")");
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(fake.close, name.toLowerCase(Locale.ROOT) + "-shutdown"));
        new CountDownLatch(1).await();
    }

    /** A listener printing each record on its own line. */
    static <R> Consumer<R> printer(PrintStream out) {
        return record -> {
            synchronized (out) {
                out.println(record);
                out.flush();
            }
        };
    }

    /** Prints {@code NAME listening on ENDPOINT}. */
    static void listening(PrintStream out, String name, URI endpoint) {
        synchronized (out) {
            out.println(name + " listening on " + endpoint);
            out.flush();
        }
    }

    // ---------------------------------------------------------------- options

    /**
     * The options of a command line, one by one: {@code --name value}, {@code --name=value}, or {@code --flag}
     * for the names declared as flags.
     */
    static final class Options {
        private final String[] args;
        private final Set<String> flags;
        private int next;
        private String option;
        private String value;

        Options(String[] args, String... flags) {
            this.args = args.clone();
            this.flags = new HashSet<>(Arrays.asList(flags));
        }

        /**
         * Moves to the next option.
         *
         * @throws IllegalArgumentException if an option that takes a value has none
         */
        boolean next() {
            if (next >= args.length) {
                return false;
            }
            option = args[next++];
            value = null;
            if (flags.contains(option)) {
                return true;
            }
            int equals = option.indexOf('=');
            if (option.startsWith("--") && equals > 0) {
                value = option.substring(equals + 1);
                option = option.substring(0, equals);
            } else if (next < args.length) {
                value = args[next++];
            } else {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return true;
        }

        String option() {
            return option;
        }

        String value() {
            return value;
        }

        /** The value as a port number. */
        int port() {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " must be a number but was " + value, e);
            }
        }

        /** The value as a whole number. */
        long number() {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " must be a whole number but was " + value, e);
            }
        }

        /** The value as milliseconds. */
        Duration millis() {
            try {
                return Duration.ofMillis(Long.parseLong(value));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " must be a number of milliseconds but was " + value, e);
            }
        }

        /** The value as an ISO-8601 duration, e.g. {@code PT24H}. */
        Duration duration() {
            try {
                return Duration.parse(value);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(option + " must be an ISO-8601 duration like PT24H but was " + value,
                        e);
            }
        }

        /** The value as a comma-separated list. */
        List<String> list() {
            return Arrays.asList(value.split(",", -1));
        }

        /** The value as one of {@code choices}, compared as written. */
        String choice(String... choices) {
            if (!Arrays.asList(choices).contains(value)) {
                throw new IllegalArgumentException(option + " must be one of " + String.join(", ", choices) + " but was "
                        + value);
            }
            return value;
        }

        /** Handles the options every runner takes; false when {@link #option()} is not one of them. */
        boolean common(FakeBuilder<?, ?> builder, FaultOptions faults) {
            switch (option) {
                case "--port":
                    builder.port(port());
                    return true;
                case "--tls":
                    builder.tls();
                    return true;
                case "--latency-ms":
                    builder.latency(millis());
                    return true;
                case "--fault":
                    faults.add(value);
                    return true;
                case "--fault-probability":
                    faults.probability(value);
                    return true;
                case "--fault-seed":
                    faults.seed(number());
                    return true;
                default:
                    return false;
            }
        }

        /** The error for an option nobody handled. */
        IllegalArgumentException unknown() {
            return new IllegalArgumentException("unknown option " + option);
        }
    }

    // ---------------------------------------------------------------- faults

    /** The {@code --fault}, {@code --fault-probability} and {@code --fault-seed} options of one runner. */
    static final class FaultOptions {
        private final Platform platform;
        private final List<Fault> faults = new ArrayList<>();
        private Double probability;
        private long seed = 1L;

        FaultOptions(Platform platform) {
            this.platform = platform;
        }

        void add(String spec) {
            faults.add(parse(spec, platform));
        }

        void probability(String value) {
            try {
                probability = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--fault-probability must be a number between 0 and 1 but was "
                        + value, e);
            }
            if (!(probability >= 0.0 && probability <= 1.0)) {
                throw new IllegalArgumentException("--fault-probability must be between 0 and 1 but was " + value);
            }
        }

        void seed(long seed) {
            this.seed = seed;
        }

        /** A fake's {@code failRandomly}. */
        interface RandomFaults {
            void failRandomly(double probability, long seed, Fault... choices);
        }

        /**
         * Checks the options before the fake starts: several {@code --fault} need {@code --fault-probability}, which
         * needs at least one.
         */
        void check() {
            if (probability == null && faults.size() > 1) {
                throw new IllegalArgumentException("several --fault need --fault-probability (else the first would "
                        + "always win)");
            }
            if (probability != null && faults.isEmpty()) {
                throw new IllegalArgumentException("--fault-probability needs at least one --fault");
            }
        }

        /** Gives the faults to the started fake: always the one, or at random among several. */
        void applyTo(Consumer<Fault> failAlways, RandomFaults failRandomly) {
            if (probability != null) {
                failRandomly.failRandomly(probability, seed, faults.toArray(new Fault[0]));
            } else if (!faults.isEmpty()) {
                failAlways.accept(faults.get(0));
            }
        }
    }

    /**
     * A fault from its command-line form: {@code http:503}, {@code http:503:30} (Retry-After 30 s), {@code
     * stall:5000} (ms), {@code drop}, {@code empty}, {@code garbage:TEXT}, {@code huge:BYTES}, {@code
     * huge-chunked:BYTES}, and the platform's own: {@code errno:N} (360), {@code status:N} and {@code
     * fail-items:0,2} (Baidu), {@code code:N} (Tencent).
     *
     * @throws IllegalArgumentException if the form is unknown, a number is malformed or the fault is another
     *     platform's
     */
    static Fault parse(String spec, Platform platform) {
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? spec : spec.substring(0, colon);
        String argument = colon < 0 ? null : spec.substring(colon + 1);
        try {
            return fault(kind, argument, spec).checkFor(platform);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--fault " + spec + ": a number is malformed", e);
        }
    }

    private static Fault fault(String kind, String argument, String spec) {
        if (argument == null) {
            switch (kind) {
                case "drop": return Fault.dropConnection();
                case "empty": return Fault.emptyBody();
                default: throw new IllegalArgumentException("unknown --fault " + spec);
            }
        }
        switch (kind) {
            case "http": {
                String[] parts = argument.split(":", -1);
                int status = Integer.parseInt(parts[0]);
                return parts.length == 1 ? Fault.httpStatus(status)
                        : Fault.httpStatus(status, Duration.ofSeconds(Long.parseLong(parts[1])));
            }
            case "stall": return Fault.stall(Duration.ofMillis(Long.parseLong(argument)));
            case "garbage": return Fault.garbage(argument);
            case "huge": return Fault.hugeBody(Long.parseLong(argument));
            case "huge-chunked": return Fault.hugeChunkedBody(Long.parseLong(argument));
            case "errno": return Fault.errno(Integer.parseInt(argument));
            case "status": return Fault.baiduStatus(Integer.parseInt(argument));
            case "fail-items": return Fault.baiduFailItems(Arrays.stream(argument.split(",", -1))
                    .mapToInt(Integer::parseInt).toArray());
            case "code": return Fault.tencentCode(Integer.parseInt(argument));
            default: throw new IllegalArgumentException("unknown --fault " + spec);
        }
    }
}
