package io.qhtrack.testkit;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a {@link Fake360} from the command line until the process is killed, printing its endpoint, where
 * its HTTP view is, and one line per upload with the verdict, the reason and the body. It is the Main-Class
 * of the self-contained {@code tracker-testkit-VERSION-standalone.jar}:
 *
 * <pre>
 * java -jar tracker-testkit-0.1.0-SNAPSHOT-standalone.jar --port 8360 [--tls] [--latency-ms 50] \
 *     --credentials search-key:search-secret \
 *     --credentials display-key:display-secret:ocpc_zs_convert \
 *     --jzqs display-key:123456
 * </pre>
 *
 * <p>With {@code baidu} or {@code tencent} as the first argument it runs {@link FakeBaiduMain} or {@link
 * FakeTencentMain} instead, with the arguments that follow.
 */
public final class Fake360Main {
    /** The port used when {@code --port} is not given. */
    public static final int DEFAULT_PORT = 8360;

    static final String USAGE = String.join("\n",
            "usage: Fake360Main [--port N] [--tls] [--latency-ms N] --credentials key:secret[:industry,industry] ... [--jzqs key:value ...]",
            "       Fake360Main --print-certificate",
            "       Fake360Main baidu ...    runs FakeBaidu (baidu --help)",
            "       Fake360Main tencent ...  runs FakeTencent (tencent --help)",
            "  --port N          port on 127.0.0.1 (default " + DEFAULT_PORT + "; 0 for any free port)",
            "  --credentials     an App-Key and its secret, optionally restricted to data_industry values",
            "                    (ocpc_web_convert, ocpc_ps_convert, ocpc_ms_convert, ocpc_zs_convert); repeatable",
            "  --jzqs key:value  the jzqs that key must send on ocpc_zs_convert; repeatable",
            String.format(Standalone.COMMON_USAGE, "errno:N"));

    private Fake360Main() {}

    /**
     * Starts Fake360 as the arguments say and serves until killed; exit status 2 on bad arguments. A first
     * argument {@code baidu} or {@code tencent} runs that fake instead.
     */
    public static void main(String[] args) throws InterruptedException {
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        if (args.length > 0 && args[0].equals("baidu")) {
            FakeBaiduMain.main(rest);
        } else if (args.length > 0 && args[0].equals("tencent")) {
            FakeTencentMain.main(rest);
        } else {
            Standalone.main("Fake360", USAGE, args.length > 0 && args[0].equals("360") ? rest : args,
                    (arguments, out) -> {
                        Fake360 fake = start(arguments, out);
                        return new Standalone.Started(fake.view(), fake::close);
                    });
        }
    }

    /**
     * Parses the arguments, starts Fake360 and prints {@code Fake360 listening on URL} to {@code out}, then
     * one line per upload.
     */
    static Fake360 start(String[] args, PrintStream out) {
        Standalone.FaultOptions faults = new Standalone.FaultOptions(Platform.QIHOO_360);
        Fake360 fake = parse(args, faults).listener(Standalone.<Fake360.Received>printer(out)).start();
        faults.applyTo(fake::failAlways, fake::failRandomly);
        Standalone.listening(out, "Fake360", fake.endpoint());
        return fake;
    }

    static Fake360.Builder parse(String[] args) {
        return parse(args, new Standalone.FaultOptions(Platform.QIHOO_360));
    }

    private static Fake360.Builder parse(String[] args, Standalone.FaultOptions faults) {
        Fake360.Builder builder = Fake360.builder();
        boolean portSet = false;
        List<String> jzqs = new ArrayList<>();
        Standalone.Options options = new Standalone.Options(args, "--tls");
        while (options.next()) {
            portSet |= options.option().equals("--port");
            if (options.common(builder, faults)) {
                continue;
            }
            switch (options.option()) {
                case "--credentials":
                    credentials(builder, options.value());
                    break;
                case "--jzqs":
                    jzqs.add(options.value());
                    break;
                default:
                    throw options.unknown();
            }
        }
        if (!portSet) {
            builder.port(DEFAULT_PORT);
        }
        for (String each : jzqs) {
            int colon = each.indexOf(':');
            if (colon <= 0 || colon == each.length() - 1) {
                throw new IllegalArgumentException("--jzqs must be key:value but was " + each);
            }
            builder.jzqs(each.substring(0, colon), each.substring(colon + 1));
        }
        faults.check();
        return builder;
    }

    /**
     * {@code key:secret} or {@code key:secret:industry,industry}. A secret may contain colons: the last
     * part is taken as industries only when every item in it is an {@code ocpc_..._convert} value.
     */
    private static void credentials(Fake360.Builder builder, String value) {
        int colon = value.indexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException(
                    "--credentials must be key:secret[:industry,industry] (secret not shown)");
        }
        String key = value.substring(0, colon);
        String rest = value.substring(colon + 1);
        int last = rest.lastIndexOf(':');
        if (last > 0) {
            String[] industries = rest.substring(last + 1).split(",", -1);
            boolean allIndustries = Arrays.stream(industries).allMatch(item -> item.matches("ocpc_[a-z]+_convert"));
            if (allIndustries) {
                builder.credentials(key, rest.substring(0, last), industries);
                return;
            }
        }
        builder.credentials(key, rest);
    }
}
