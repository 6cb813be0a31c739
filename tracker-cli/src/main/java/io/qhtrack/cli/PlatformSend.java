package io.qhtrack.cli;

import io.qhtrack.core.Click;
import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Event;
import io.qhtrack.core.Settings;
import io.qhtrack.core.internal.Answers;
import io.qhtrack.core.internal.Exchange;
import io.qhtrack.core.internal.HttpTransport;
import io.qhtrack.core.internal.Md5;
import io.qhtrack.core.internal.Printable;
import io.qhtrack.core.spi.CredentialSet;
import io.qhtrack.core.spi.HttpCall;
import io.qhtrack.core.spi.LandingParameter;
import io.qhtrack.core.spi.Line;
import io.qhtrack.core.spi.Platform;
import io.qhtrack.core.spi.PlatformEvent;
import io.qhtrack.core.spi.PlatformSetting;
import io.qhtrack.core.spi.PlatformUpload;
import io.qhtrack.core.spi.Prepared;
import io.qhtrack.core.spi.RequestContext;
import io.qhtrack.core.spi.Verdict;
import java.io.UnsupportedEncodingException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code qhtrack send --platform P} for every platform but 360: the platform comes from the registry, configured with
 * the environment; the request is the platform's codec's, sent through the engine's transport and read by the
 * platform's classifier, exactly as the library's dispatcher does it (one conversion, one attempt, no retry).
 */
final class PlatformSend {

    /** The most characters of a URL or value quoted in a message. */
    private static final int QUOTED = 80;

    private final Platform platform;
    private final Options options;
    private final Context context;

    private PlatformSend(Platform platform, Options options, Context context) {
        this.platform = platform;
        this.options = options;
        this.context = context;
    }

    /**
     * Sends (or, with {@code --dry-run}, shows) one conversion to the platform {@code id}.
     *
     * @return the exit status
     */
    static int run(String id, Options options, Context context) throws UsageException {
        for (String own360 : new String[] {"line", "score"}) {
            if (options.has(own360)) {
                throw new UsageException("--" + own360 + " is 360's (--platform qihoo360); " + id
                        + " does not take it");
            }
        }
        Settings settings = withEndpoint(id, options, context.settings());
        Platform platform = EventsCommand.platform(id, settings);
        return new PlatformSend(platform, options, context).send(settings);
    }

    /** The settings, with {@code --endpoint} in front as the platform's endpoint setting. */
    private static Settings withEndpoint(String id, Options options, Settings settings) {
        Optional<String> endpoint = options.get("endpoint");
        if (!endpoint.isPresent()) {
            return settings;
        }
        return Settings.firstOf(Settings.of(Collections.singletonMap("qhtrack." + id + ".endpoint",
                endpoint.get())), settings);
    }

    private int send(Settings settings) throws UsageException {
        Instant now = context.clock().instant();
        Line line = platform.lines().get(0);
        String eventName = options.require("event");
        Event event = Event.find(eventName).orElseThrow(() -> new UsageException("--event: '"
                + Printable.of(eventName, QUOTED) + "' is not one of qhtrack's events; qhtrack events --platform "
                + platform.id() + " lists those " + platform.id() + " offers"));
        PlatformEvent mapped = platform.events().map(event, line).orElseThrow(() -> new UsageException("--event: "
                + event.name() + " is not offered by " + platform.id() + " (" + platform.displayName()
                + ") as configured; qhtrack events --platform " + platform.id() + " lists what it offers, and "
                + env("qhtrack." + platform.id() + ".events") + " maps qhtrack's events to its own"));
        Click click = click(line, now);
        Conversion conversion = SendCommand.conversion(event, options);
        Duration timeout = SendCommand.timeout(options);
        CredentialSet credentials = credentials(settings, line);

        Prepared prepared = platform.codec().prepare(click, conversion, mapped, credentials, now);
        if (!prepared.isReady()) {
            throw new UsageException(prepared.rejection() + ": " + prepared.message());
        }
        for (String field : prepared.leftOut()) {
            context.err("note: " + field + " is not taken by " + platform.id() + " for " + event.name()
                    + ", so it is left out");
        }
        List<PlatformUpload> batch = Collections.singletonList(prepared.upload());
        HttpCall call;
        try {
            call = platform.codec().encode(batch, credentials, new Attempt(now));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        context.out("qhtrack send: " + event.name() + " as " + platform.id() + "'s " + mapped.wireName()
                + mapped.consoleName(line).map(n -> " (" + n + ")").orElse("") + ", click " + click.id());
        context.out(call.describe());
        context.out("");
        if (options.has("dry-run")) {
            context.out("dry run: nothing was sent");
            return Main.EXIT_OK;
        }
        Exchange exchange;
        try (HttpTransport transport = HttpTransport.builder().name("qhtrack-cli").requestTimeout(timeout).build()) {
            exchange = transport.send(call);
        }
        Verdict verdict = Answers.settle(exchange, platform, batch, context.clock()).perItem().get(0);
        return report(verdict);
    }

    /** The click: {@code --click-id} and {@code --landing-url}, which must agree, checked as capture checks them. */
    private Click click(Line line, Instant now) throws UsageException {
        Optional<String> given = options.get("click-id");
        Optional<String> landingUrl = options.get("landing-url");
        boolean keepsUrl = false;
        for (LandingParameter p : platform.landingParameters()) {
            keepsUrl |= p.keepsLandingUrl();
        }
        if (keepsUrl && !landingUrl.isPresent()) {
            throw new UsageException("--landing-url is required for " + platform.id() + ": the URL the visitor "
                    + "landed on, with its " + names() + " (it is sent with the conversion)");
        }
        Map<String, String> query = landingUrl.isPresent() ? query(landingUrl.get()) : Collections.emptyMap();
        LandingParameter parameter = null;
        String inUrl = null;
        for (LandingParameter p : platform.landingParameters()) {
            if (query.containsKey(p.name())) {
                parameter = p;
                inUrl = query.get(p.name());
                break;
            }
        }
        if (inUrl != null && given.isPresent() && !inUrl.equals(given.get())) {
            throw new UsageException("--click-id does not match the landing URL's " + parameter.name() + " ("
                    + Printable.quoted(inUrl, 40) + "): give one click, or leave --click-id out");
        }
        String id = given.isPresent() ? given.get() : inUrl;
        if (id == null) {
            throw new UsageException("--click-id is required (or a landing URL with its " + names() + ")");
        }
        LandingParameter rule = parameter != null ? parameter : platform.landingParameters().get(0);
        Optional<String> problem = rule.problemWith(id);
        if (problem.isPresent()) {
            throw new UsageException("--click-id: the " + rule.name() + " " + problem.get());
        }
        try {
            Click.Builder b = Click.builder(platform.id(), id).line(line.id()).capturedAt(now);
            if (landingUrl.isPresent()) {
                b.landingUrl(landingUrl.get().trim());
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException((e.getMessage().startsWith("landingUrl") ? "--landing-url: " : "--click-id: ")
                    + e.getMessage());
        }
    }

    /** {@code bd_vid}, or {@code gdt_vid or qz_gdt}. */
    private String names() {
        List<String> names = new ArrayList<>();
        for (LandingParameter p : platform.landingParameters()) {
            names.add(p.name());
        }
        return String.join(" or ", names);
    }

    /** The landing URL's query parameters, each decoded once (the first of a name wins). */
    private static Map<String, String> query(String url) throws UsageException {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new UsageException("--landing-url: " + Printable.quoted(url, QUOTED) + " is not a URL: "
                    + e.getReason());
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    parameters.putIfAbsent(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), "UTF-8"));
                } catch (IllegalArgumentException | UnsupportedEncodingException e) {
                    throw new UsageException("--landing-url: the parameter " + Printable.quoted(pair.substring(0, eq),
                            40) + " is not percent-encoded correctly");
                }
            }
        }
        return parameters;
    }

    private CredentialSet credentials(Settings settings, Line line) throws UsageException {
        Optional<CredentialSet> credentials;
        try {
            credentials = platform.credentials(settings, line);
        } catch (ConfigurationException e) {
            throw new UsageException(Config.explain(e));
        }
        return credentials.orElseThrow(() -> new UsageException(platform.id() + " has no credentials: set "
                + credentialVariables(platform) + " in the environment (never on the command line)"));
    }

    /** The environment variables of a platform's credentials: its secrets and the ids that go with them. */
    static String credentialVariables(Platform platform) {
        List<String> vars = new ArrayList<>();
        for (PlatformSetting s : platform.settings()) {
            if (s.isSecret() || s.key().endsWith("-id")) {
                vars.add(env(s.key()));
            }
        }
        return String.join(", ", vars);
    }

    private static String env(String property) {
        return Config.env(property);
    }

    private int report(Verdict verdict) {
        String code = verdict.code().map(c -> " (code " + c + ")").orElse("");
        switch (verdict.kind()) {
            case DELIVERED:
                context.out("delivered: " + platform.displayName() + " accepted the conversion" + code);
                return Main.EXIT_OK;
            case REFUSED:
                context.err("not delivered, refused" + code + ": " + verdict.message());
                return Main.EXIT_PERMANENT;
            case PARK:
                context.err("not delivered, the credentials or the account are wrong" + code + ": "
                        + verdict.message());
                context.err("what to fix: check " + credentialVariables(platform) + "; the library parks "
                        + platform.id() + "'s conversions on this answer until they are fixed");
                return Main.EXIT_CREDENTIALS;
            default:
                context.err("not delivered, no usable answer" + code + ": "
                        + verdict.message().replaceFirst("; will retry$", ""));
                context.err("what to fix: is the endpoint reachable (" + env("qhtrack." + platform.id()
                        + ".endpoint") + " or --endpoint)? A later attempt may succeed, within "
                        + platform.id() + "'s window (" + platform.window() + ").");
                return Main.EXIT_TRANSIENT;
        }
    }

    /** The attempt's time, and nonces from a secure random source. */
    private static final class Attempt implements RequestContext {
        private static final SecureRandom RANDOM = new SecureRandom();
        private final Instant now;

        Attempt(Instant now) {
            this.now = now;
        }

        @Override
        public Instant now() {
            return now;
        }

        @Override
        public String nonce() {
            byte[] bytes = new byte[16];
            RANDOM.nextBytes(bytes);
            return Md5.toHex(bytes);
        }
    }
}
