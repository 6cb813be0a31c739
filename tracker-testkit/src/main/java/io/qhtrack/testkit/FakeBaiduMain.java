package io.qhtrack.testkit;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Runs a {@link FakeBaidu} from the command line until the process is killed, printing its endpoint, where
 * its HTTP view is, and one line per request with the verdict, the reason and the body (the token masked):
 *
 * <pre>
 * java -jar tracker-testkit-0.1.0-SNAPSHOT-standalone.jar baidu --port 8361 --token BAIDU_TOKEN [--tls]
 * java -cp tracker-testkit-0.1.0-SNAPSHOT-standalone.jar io.qhtrack.testkit.FakeBaiduMain --token BAIDU_TOKEN
 * </pre>
 */
public final class FakeBaiduMain {
    /** The port used when {@code --port} is not given. */
    public static final int DEFAULT_PORT = 8361;

    static final String USAGE = String.join("\n",
            "usage: Fake360Main baidu [--port N] [--tls] [--latency-ms N] --token TOKEN ... [options]",
            "       Fake360Main baidu --print-certificate",
            "  --port N                  port on 127.0.0.1 (default " + DEFAULT_PORT + "; 0 for any free port)",
            "  --token TOKEN             an API token to accept; repeatable, at least one",
            "  --new-types 1,2,3,...     the newType values accepted (default: the spec page's "
                    + FakeBaidu.DEFAULT_NEW_TYPES + ")",
            "  --accept-type-4           accept the disputed newType 4 (open question 1)",
            "  --convert-time-required always|45-48|46   when convertTime is required (default always; open question 2)",
            "  --outer-event-id-ignored  count a repeated outerEventId again (open question 3)",
            "  --max-convert-age PT24H   refuse conversions older than this (default none; open question 4)",
            "  --error-position field-path|item-index|omitted   how errors name refused items (default field-path)",
            String.format(Standalone.COMMON_USAGE, "status:N, fail-items:0,2"));

    private FakeBaiduMain() {}

    /** Starts FakeBaidu as the arguments say and serves until killed; exit status 2 on bad arguments. */
    public static void main(String[] args) throws InterruptedException {
        Standalone.main("FakeBaidu", USAGE, args, (arguments, out) -> {
            FakeBaidu fake = start(arguments, out);
            return new Standalone.Started(fake.view(), fake::close);
        });
    }

    /**
     * Parses the arguments, starts FakeBaidu and prints {@code FakeBaidu listening on URL} to {@code out}, then
     * one line per request.
     */
    static FakeBaidu start(String[] args, PrintStream out) {
        Standalone.FaultOptions faults = new Standalone.FaultOptions(Platform.BAIDU);
        FakeBaidu fake = parse(args, faults).listener(Standalone.<FakeBaidu.Received>printer(out)).start();
        faults.applyTo(fake::failAlways, fake::failRandomly);
        Standalone.listening(out, "FakeBaidu", fake.endpoint());
        return fake;
    }

    static FakeBaidu.Builder parse(String[] args, Standalone.FaultOptions faults) {
        FakeBaidu.Builder builder = FakeBaidu.builder();
        boolean portSet = false;
        Standalone.Options options = new Standalone.Options(args, "--tls", "--accept-type-4",
                "--outer-event-id-ignored");
        while (options.next()) {
            portSet |= options.option().equals("--port");
            if (options.common(builder, faults)) {
                continue;
            }
            switch (options.option()) {
                case "--token":
                    builder.token(options.value());
                    break;
                case "--new-types":
                    builder.newTypes(options.list().stream().mapToInt(type -> parseType(type)).toArray());
                    break;
                case "--accept-type-4":
                    builder.acceptDisputedType4();
                    break;
                case "--convert-time-required":
                    String rule = options.choice("always", "45-48", "46");
                    builder.convertTimeRequired(rule.equals("always") ? FakeBaidu.ConvertTimeRule.ALWAYS
                            : rule.equals("46") ? FakeBaidu.ConvertTimeRule.TYPE_46
                                    : FakeBaidu.ConvertTimeRule.TYPES_45_TO_48);
                    break;
                case "--outer-event-id-ignored":
                    builder.outerEventIdIgnored();
                    break;
                case "--max-convert-age":
                    builder.maxConvertAge(options.duration());
                    break;
                case "--error-position":
                    builder.errorPosition(FakeBaidu.ErrorPosition.valueOf(options.choice("field-path", "item-index",
                            "omitted").replace('-', '_').toUpperCase(Locale.ROOT)));
                    break;
                default:
                    throw options.unknown();
            }
        }
        if (!portSet) {
            builder.port(DEFAULT_PORT);
        }
        faults.check();
        return builder;
    }

    private static int parseType(String type) {
        try {
            return Integer.parseInt(type.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--new-types must be numbers like 1,3,14 but had " + type, e);
        }
    }
}
