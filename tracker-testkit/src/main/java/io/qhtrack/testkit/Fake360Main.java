package io.qhtrack.testkit;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

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
 */
public final class Fake360Main {
    /** The port used when {@code --port} is not given. */
    public static final int DEFAULT_PORT = 8360;

    static final String USAGE = String.join("\n",
            "usage: Fake360Main [--port N] [--tls] [--latency-ms N] --credentials key:secret[:industry,industry] ... [--jzqs key:value ...]",
            "       Fake360Main --print-certificate",
            "  --port N          port on 127.0.0.1 (default " + DEFAULT_PORT + "; 0 for any free port)",
            "  --tls             serve HTTPS with Fake360's public test certificate (see --print-certificate)",
            "  --latency-ms N    hold every answer N milliseconds, like a slow server (default 0)",
            "  --credentials     an App-Key and its secret, optionally restricted to data_industry values",
            "                    (ocpc_web_convert, ocpc_ps_convert, ocpc_ms_convert, ocpc_zs_convert); repeatable",
            "  --jzqs key:value  the jzqs that key must send on ocpc_zs_convert; repeatable",
            "  --print-certificate  print the test certificate (PEM) that --tls presents, and exit");

    private Fake360Main() {}

    /** Starts Fake360 as the arguments say and serves until killed; exit status 2 on bad arguments. */
    public static void main(String[] args) throws InterruptedException {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.println(USAGE);
            return;
        }
        if (Arrays.asList(args).equals(Arrays.asList("--print-certificate"))) {
            System.out.print(Fake360.certificatePem());
            return;
        }
        Fake360 fake;
        try {
            fake = start(args, System.out);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("Fake360: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        } catch (UncheckedIOException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println("What it received: " + fake.view() + " (as JSON: " + fake.view().resolve("received.json") + ")");
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(fake::close, "fake360-shutdown"));
        new CountDownLatch(1).await();
    }

    /**
     * Parses the arguments, starts Fake360 and prints {@code Fake360 listening on URL} to {@code out}, then
     * one line per upload.
     */
    static Fake360 start(String[] args, PrintStream out) {
        Fake360.Builder builder = parse(args).listener(upload -> {
            synchronized (out) {
                out.println(upload);
                out.flush();
            }
        });
        Fake360 fake = builder.start();
        synchronized (out) {
            out.println("Fake360 listening on " + fake.endpoint());
            out.flush();
        }
        return fake;
    }

    static Fake360.Builder parse(String[] args) {
        Fake360.Builder builder = Fake360.builder();
        boolean portSet = false;
        List<String> jzqs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--tls")) {
                builder.tls();
                continue;
            }
            String value;
            int equals = option.indexOf('=');
            if (option.startsWith("--") && equals > 0) {
                value = option.substring(equals + 1);
                option = option.substring(0, equals);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException(option + " needs a value");
            }
            switch (option) {
                case "--port":
                    builder.port(parsePort(value));
                    portSet = true;
                    break;
                case "--credentials":
                    credentials(builder, value);
                    break;
                case "--jzqs":
                    jzqs.add(value);
                    break;
                case "--latency-ms":
                    builder.latency(Duration.ofMillis(parseMillis(value)));
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + option);
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
        return builder;
    }

    private static long parseMillis(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--latency-ms must be a number of milliseconds but was " + value, e);
        }
    }

    private static int parsePort(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port must be a number but was " + value, e);
        }
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
