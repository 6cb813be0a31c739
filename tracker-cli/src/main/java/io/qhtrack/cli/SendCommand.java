package io.qhtrack.cli;

import io.qhtrack.core.Account;
import io.qhtrack.core.Click;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Credentials;
import io.qhtrack.core.Event;
import io.qhtrack.platform.qihoo360.EventParam;
import io.qhtrack.platform.qihoo360.Preparation;
import io.qhtrack.core.ProductLine;
import io.qhtrack.core.Setting;
import io.qhtrack.platform.qihoo360.SignedUpload;
import io.qhtrack.platform.qihoo360.Upload;
import io.qhtrack.platform.qihoo360.UploadClient;
import io.qhtrack.platform.qihoo360.UploadResult;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code qhtrack send}: one conversion to 360, signed with the line's credentials, sent (or shown with --dry-run).
 * It speaks 360's vocabulary (lines, wire names, console names) through 360's "send by hand" API and the compatibility
 * types, hence the deprecation warnings it silences.
 */
@SuppressWarnings("deprecation")
final class SendCommand implements Command {

    private static final Set<String> VALUED = new HashSet<>(Arrays.asList("platform", "line", "click-id", "landing-url", "event",
            "trans-id", "order-id", "amount", "score", "endpoint", "timeout"));
    private static final String QIHOO360 = "qihoo360";
    private static final Set<String> FLAGS = new HashSet<>(Arrays.asList("dry-run", "help"));

    @Override
    public String name() {
        return "send";
    }

    @Override
    public String summary() {
        return "report one conversion to 360, Baidu or Tencent (--dry-run: show the exact request, send nothing)";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: qhtrack send --line ps|ms|zs|web --click-id ID --event EVENT [--trans-id T | --order-id O]",
                "                    [--amount YUAN] [--score N] [--endpoint URL] [--timeout SECONDS] [--dry-run]",
                "",
                "  --line       the click's product line: ps (PC 搜索推广), ms (移动搜索), zs (展示广告), web (移动推广)",
                "  --click-id   the click id from the landing URL: qhclickid (ps, ms), sourceid (zs), impression_id (web)",
                "  --event      the conversion type, wire or Java name (SUBMIT, ORDER, COUSTOMIZE…); qhtrack events lists them",
                "  --trans-id   the form's or order's unique value; required on zs and for SUBMIT and ORDER",
                "  --order-id   instead of --trans-id: trans_id = md5 of this order id",
                "  --amount     the order amount in yuan, e.g. 23.45 (sent in fen: 2345); ORDER, LOW_PAY, APP_PAY, PAY_SUCCESS, PAY",
                "  --score      the value score, a positive integer (ps, ms, zs)",
                "  --endpoint   where to send; default QHTRACK_ENDPOINT, else " + UploadClient.DEFAULT_ENDPOINT,
                "  --timeout    seconds to wait for 360's answer (default " + UploadClient.DEFAULT_REQUEST_TIMEOUT_SECONDS + ")",
                "  --dry-run    print the exact request (URL, headers, body) and send nothing",
                "",
                "Credentials come from the environment only, never from arguments:",
                "  ps, ms  " + Config.envVars(Account.SEARCH),
                "  zs      " + Config.envVars(Account.DISPLAY),
                "  web     " + Config.envVars(Account.MOBILE),
                "",
                "Exit status: 0 delivered (or dry run), 2 usage or configuration error, 3 refused by 360 (errno 1/2/3:",
                "fix the cause, then send again), 4 no usable answer (network, timeout, 5xx: try again later the same day).",
                "",
                "Other platforms (qhtrack events --platform P lists their events):",
                "usage: qhtrack send --platform baidu|tencent --landing-url URL [--click-id ID] --event EVENT",
                "                    [--trans-id T | --order-id O] [--amount YUAN] [--endpoint URL] [--timeout S] [--dry-run]",
                "",
                "  --platform     baidu (百度营销) or tencent (腾讯广告); default qihoo360 (the options above)",
                "  --landing-url  the URL the visitor landed on, with its bd_vid (baidu), gdt_vid or qz_gdt (tencent);",
                "                 it is sent with the conversion (logidUrl, url)",
                "  --click-id     optional: the click id; it must match the landing URL's",
                "  --event        qhtrack's name of the conversion (SUBMIT, ORDER, PAY …), mapped to the platform's type",
                "                 as configured (QHTRACK_BAIDU_EVENTS, QHTRACK_TENCENT_EVENTS)",
                "  --trans-id     the conversion's unique value (outerEventId, outer_action_id); --order-id: md5 of it",
                "  --amount       in yuan, sent in the platform's unit (fen; Tencent as QHTRACK_TENCENT_VALUE_UNIT says)",
                "  --endpoint     default QHTRACK_BAIDU_ENDPOINT / QHTRACK_TENCENT_ENDPOINT, else the platform's",
                "Credentials from the environment only: baidu QHTRACK_BAIDU_TOKEN; tencent QHTRACK_TENCENT_ACCESS_TOKEN,",
                "QHTRACK_TENCENT_ACCOUNT_ID, QHTRACK_TENCENT_USER_ACTION_SET_ID.",
                "Exit status: 0 delivered (or dry run), 2 usage or configuration error, 3 refused, 4 no usable answer",
                "(try again later), 5 the credentials or the account are wrong (Baidu status 3, Tencent 11000-11005,",
                "12000: fix them; the library parks the platform's conversions until then).");
    }

    @Override
    public int run(List<String> args, Context context) throws UsageException {
        Options o = Options.parse(args, VALUED, FLAGS);
        String platform = o.get("platform").map(p -> p.trim().toLowerCase(Locale.ROOT)).orElse(QIHOO360);
        if (!platform.equals(QIHOO360)) {
            return PlatformSend.run(platform, o, context);
        }
        if (o.has("landing-url")) {
            throw new UsageException("--landing-url is for the platforms that send it (--platform baidu, tencent); "
                    + "360 takes the click id alone");
        }
        Instant now = context.clock().instant();

        String lineName = o.require("line");
        ProductLine line = ProductLine.find(lineName).orElseThrow(() -> new UsageException("--line: '" + lineName
                + "' is not a product line; use ps, ms, zs or web"));
        String eventName = o.require("event");
        Event event = Event.find(eventName).orElseThrow(() -> new UsageException("--event: '" + eventName
                + "' is not one of the 53 events; qhtrack events lists them"));
        if (!event.isOfferedOn(line)) {
            throw new UsageException("--event: " + event.wireName() + " is not offered on " + Config.describe(line)
                    + "; it is offered on " + event.lines().stream().map(ProductLine::shortName)
                            .collect(Collectors.joining(", "))
                    + " (qhtrack events --line " + line.shortName() + " lists the events of this line)");
        }
        Click click;
        try {
            click = Click.of(line, o.require("click-id"), now);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--click-id: " + e.getMessage());
        }
        Conversion conversion = conversion(event, o);
        URI endpoint = Config.endpoint(o.get("endpoint"), context.settings());
        Duration timeout = timeout(o);

        Credentials credentials = credentials(line, context);
        if (!conversion.transId().isPresent() && line.requiresTransId(event)) {
            throw new UsageException(line.wireName() + " requires trans_id for " + event.wireName()
                    + ": pass --trans-id T (the form's or order's unique value) or --order-id O (trans_id = md5 "
                    + "of the order id)");
        }
        Preparation preparation = Upload.prepare(click, conversion,
                Collections.singletonMap(line.account(), credentials), now);
        if (!preparation.isReady()) {
            throw new UsageException(preparation.message());
        }
        for (EventParam p : preparation.leftOut()) {
            context.err("note: " + p.key() + " is not accepted on " + line.wireName() + " for " + event.wireName()
                    + " (section 4.4), so it is left out");
        }

        try (UploadClient client = UploadClient.builder().endpoint(endpoint).requestTimeout(timeout)
                .clock(context.clock()).build()) {
            return sign(client, preparation.upload(), credentials, line, click, endpoint, o, context);
        }
    }

    private static int sign(UploadClient client, Upload upload, Credentials credentials, ProductLine line,
            Click click, URI endpoint, Options o, Context context) {
        Event event = upload.event();
        SignedUpload signed = client.sign(upload, credentials);
        context.out("qhtrack send: " + event.wireName() + " (" + event.consoleName(line).orElse("") + ") on "
                + Config.describe(line) + ", click " + click.id());
        context.out(signed.describe());
        context.out("");
        if (o.has("dry-run")) {
            context.out("dry run: nothing was sent");
            return Main.EXIT_OK;
        }
        return report(client.send(signed), line, endpoint, context);
    }

    static Conversion conversion(Event event, Options o) throws UsageException {
        Conversion.Builder b = Conversion.builder(event);
        Optional<String> transId = o.get("trans-id");
        Optional<String> orderId = o.get("order-id");
        if (transId.isPresent() && orderId.isPresent()) {
            throw new UsageException("give --trans-id or --order-id, not both");
        }
        try {
            if (transId.isPresent()) {
                b.transId(transId.get());
            }
            if (orderId.isPresent()) {
                b.transIdFromOrderId(orderId.get());
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException((transId.isPresent() ? "--trans-id: " : "--order-id: ") + e.getMessage());
        }
        if (o.get("amount").isPresent()) {
            try {
                b.amountYuan(o.get("amount").get());
            } catch (IllegalArgumentException e) {
                throw new UsageException("--amount: " + e.getMessage());
            }
        }
        if (o.get("score").isPresent()) {
            String s = o.get("score").get();
            try {
                b.score(Integer.parseInt(s.trim()));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--score: '" + s + "' is not a positive integer");
            }
        }
        return b.build();
    }

    static Duration timeout(Options o) throws UsageException {
        if (!o.get("timeout").isPresent()) {
            return Duration.ofSeconds(UploadClient.DEFAULT_REQUEST_TIMEOUT_SECONDS);
        }
        String s = o.get("timeout").get();
        try {
            long seconds = Long.parseLong(s.trim());
            if (seconds > 0 && seconds <= 3600) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--timeout: '" + s + "' is not a number of seconds between 1 and 3600");
    }

    /** The line's credentials from the environment, or a message naming the variables and the configured lines. */
    private static Credentials credentials(ProductLine line, Context context) throws UsageException {
        Map<Account, Config.Result> all = Config.credentials(context.settings());
        Config.Result mine = all.get(line.account());
        if (mine != null && mine.problem().isPresent()) {
            throw new UsageException("the credentials of " + Config.describe(line) + " are not usable: "
                    + Config.explain(mine.problem().get()));
        }
        if (mine == null) {
            String configured = all.entrySet().stream().filter(e -> e.getValue().credentials().isPresent())
                    .flatMap(e -> e.getKey().lines().stream()).map(Config::describe)
                    .collect(Collectors.joining(", "));
            throw new UsageException("no credentials for " + Config.describe(line) + ": set "
                    + Config.envVarsSentence(line.account()) + " in the environment (never on the command line). "
                    + "Lines configured now: " + (configured.isEmpty() ? "none" : configured) + ".");
        }
        return mine.credentials().get();
    }

    private static int report(UploadResult result, ProductLine line, URI endpoint, Context context) {
        if (result.httpStatus() == 0) {
            context.out("360's answer: none");
        } else {
            context.out("360's answer: HTTP " + result.httpStatus());
            context.out(result.responseBody().isEmpty() ? "(empty body)" : result.responseBody());
        }
        context.out("");
        switch (result.outcome()) {
            case DELIVERED:
                context.out("delivered: 360 accepted the conversion (errno 0)");
                return Main.EXIT_OK;
            case PERMANENT_FAILURE:
                context.err("not delivered, refused: " + result.message());
                context.err("what to fix: " + permanentFix(result, line, endpoint));
                return Main.EXIT_PERMANENT;
            default:
                // the library's dispatcher retries; this command does not, so drop that promise from the message
                context.err("not delivered, no usable answer: " + result.message().replaceFirst("; will retry$", ""));
                context.err("what to fix: " + transientFix(result, endpoint));
                return Main.EXIT_TRANSIENT;
        }
    }

    private static String permanentFix(UploadResult result, ProductLine line, URI endpoint) {
        String prefix = line.account().settingPrefix();
        int errno = result.errno().orElse(-1);
        switch (errno) {
            case 1:
                return "FAQ 5.8: 360 does not know the App-Key. Check " + Config.env(prefix + ".key")
                        + ": copy it again from 360's console, without spaces, and make sure it is the key of the "
                        + "account that runs " + Config.describe(line) + " (lines must not be mixed, FAQ 5.1).";
            case 2:
                return "FAQ 5.7: the App-Sign does not match. Check " + Config.env(prefix + ".secret")
                        + ": App-Sign is md5(secret + the exact body), so a wrong, truncated or padded secret gives "
                        + "errno 2; copy it again from 360's console.";
            case 3:
                return "FAQ 5.9: 360 refused the data. Check the body against section 4.4: a " + line.clickField()
                        + " of a " + line.shortName() + " click (not another line's), an event offered on "
                        + line.shortName() + ", trans_id where required"
                        + (line.requiresJzqs() ? ", and " + Config.env(prefix + ".jzqs") + " (the display "
                                + "advertiser id)" : "")
                        + ".";
            default:
                return "check the endpoint (--endpoint or " + Config.env(Config.ENDPOINT) + "): " + endpoint
                        + " answered HTTP " + result.httpStatus() + "; 360's endpoint is " + UploadClient.DEFAULT_ENDPOINT + ".";
        }
    }

    private static String transientFix(UploadResult result, URI endpoint) {
        String when = result.retryAfter().map(d -> " (the server asks to wait " + d.getSeconds() + " s)").orElse("");
        if (result.httpStatus() == 0) {
            return "is the endpoint reachable? " + endpoint + " (check the URL, DNS, firewall, proxy, or a longer "
                    + "--timeout). A failed upload may be sent again within the same natural day, China time "
                    + "(FAQ 5.5).";
        }
        return "the endpoint " + endpoint + " did not give 360's answer; try again later" + when
                + ", within the same natural day, China time (FAQ 5.5). If it persists, is --endpoint or "
                + Config.env(Config.ENDPOINT) + " really 360's endpoint (" + UploadClient.DEFAULT_ENDPOINT + ")?";
    }
}
