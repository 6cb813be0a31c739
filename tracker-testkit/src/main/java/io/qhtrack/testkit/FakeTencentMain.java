package io.qhtrack.testkit;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Runs a {@link FakeTencent} from the command line until the process is killed, printing its endpoint, where
 * its HTTP view is, and one line per request with the verdict, the reason and the body (the token masked):
 *
 * <pre>
 * java -jar tracker-testkit-0.1.0-SNAPSHOT-standalone.jar tencent --port 8362 --tls --access-token TOKEN \
 *     --account-id 12345 --user-action-set-id 67890 --domain example.com [--auth header]
 * </pre>
 */
public final class FakeTencentMain {
    /** The port used when {@code --port} is not given. */
    public static final int DEFAULT_PORT = 8362;

    static final String USAGE = String.join("\n",
            "usage: Fake360Main tencent [--port N] [--tls] [--latency-ms N] --access-token TOKEN ... --account-id N",
            "                           --user-action-set-id N --domain DOMAIN [options]",
            "       Fake360Main tencent --print-certificate",
            "  --port N                     port on 127.0.0.1 (default " + DEFAULT_PORT + "; 0 for any free port)",
            "  --access-token TOKEN         an access token to accept; repeatable, at least one",
            "  --expired-access-token TOKEN a token answered 11000 (expired); repeatable",
            "  --account-id N               the account_id uploads must name",
            "  --user-action-set-id N       the user_action_set_id uploads must name",
            "  --domain DOMAIN              the registered domain each action's url must be on (or under)",
            "  --auth query|header|header-hyphen   where access_token goes (default query; open question 1)",
            "  --value-unit fen|yuan        the unit of action_param.value (default fen; open question 3)",
            "  --rate-limit N               requests per token per minute (default "
                    + FakeTencent.DEFAULT_RATE_LIMIT_PER_MINUTE + "), then code 11017",
            "  --action-types A,B,...       the action_type values accepted (default: the spec page's 12)",
            "  --max-action-age PT24H       refuse actions older than this (default none; open question 4)",
            String.format(Standalone.COMMON_USAGE, "code:N"));

    private FakeTencentMain() {}

    /** Starts FakeTencent as the arguments say and serves until killed; exit status 2 on bad arguments. */
    public static void main(String[] args) throws InterruptedException {
        Standalone.main("FakeTencent", USAGE, args, (arguments, out) -> {
            FakeTencent fake = start(arguments, out);
            return new Standalone.Started(fake.view(), fake::close);
        });
    }

    /**
     * Parses the arguments, starts FakeTencent and prints {@code FakeTencent listening on URL} to {@code out},
     * then one line per request.
     */
    static FakeTencent start(String[] args, PrintStream out) {
        Standalone.FaultOptions faults = new Standalone.FaultOptions(Platform.TENCENT);
        FakeTencent fake = parse(args, faults).listener(Standalone.<FakeTencent.Received>printer(out)).start();
        faults.applyTo(fake::failAlways, fake::failRandomly);
        Standalone.listening(out, "FakeTencent", fake.endpoint());
        return fake;
    }

    static FakeTencent.Builder parse(String[] args, Standalone.FaultOptions faults) {
        FakeTencent.Builder builder = FakeTencent.builder();
        boolean portSet = false;
        Standalone.Options options = new Standalone.Options(args, "--tls");
        while (options.next()) {
            portSet |= options.option().equals("--port");
            if (options.common(builder, faults)) {
                continue;
            }
            switch (options.option()) {
                case "--access-token":
                    builder.accessToken(options.value());
                    break;
                case "--expired-access-token":
                    builder.expiredAccessToken(options.value());
                    break;
                case "--account-id":
                    builder.accountId(options.number());
                    break;
                case "--user-action-set-id":
                    builder.userActionSetId(options.number());
                    break;
                case "--domain":
                    builder.domain(options.value());
                    break;
                case "--auth":
                    builder.auth(FakeTencent.AuthMode.of(options.value()));
                    break;
                case "--value-unit":
                    builder.valueUnit(FakeTencent.ValueUnit.valueOf(options.choice("fen", "yuan")
                            .toUpperCase(Locale.ROOT)));
                    break;
                case "--rate-limit":
                    builder.rateLimitPerMinute((int) Math.min(Integer.MAX_VALUE, options.number()));
                    break;
                case "--action-types":
                    builder.actionTypes(options.list().toArray(new String[0]));
                    break;
                case "--max-action-age":
                    builder.maxActionAge(options.duration());
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
}
