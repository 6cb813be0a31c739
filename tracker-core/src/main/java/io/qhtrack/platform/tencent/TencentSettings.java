package io.qhtrack.platform.tencent;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Setting;
import io.qhtrack.core.Settings;
import io.qhtrack.core.spi.CredentialSet;
import io.qhtrack.core.spi.DeliveryWindow;
import io.qhtrack.core.spi.EventMapping;
import io.qhtrack.core.spi.PlatformSetting;
import io.qhtrack.core.spi.RateLimit;
import io.qhtrack.core.internal.Printable;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Tencent's settings: what each one is ({@link #ALL}, for the documentation and the Spring Boot metadata), and the
 * deployment's values, read and checked once ({@link #read(Settings)}); a value qhtrack cannot use throws a
 * {@link ConfigurationException} naming the setting, and never shows the access token. Immutable.
 */
final class TencentSettings {

    /** Tencent's endpoint for conversions (v3.0 {@code user_actions/add}). */
    static final String DEFAULT_ENDPOINT = "https://api.e.qq.com/v3.0/user_actions/add";
    /** The most actions one request may carry ("数组最小长度 1,最大长度 50"). */
    static final int MAX_BATCH = 50;
    /** Tencent's default limit per key: 4000 calls a minute. */
    static final String DEFAULT_RATE = "4000/PT1M";

    /** The name of the access token in a {@link CredentialSet} (secret), as on the wire. */
    static final String ACCESS_TOKEN_CREDENTIAL = "access_token";
    /** The name of the account id in a {@link CredentialSet}, as on the wire. */
    static final String ACCOUNT_ID_CREDENTIAL = "account_id";
    /** The name of the action set id in a {@link CredentialSet}, as on the wire. */
    static final String ACTION_SET_CREDENTIAL = "user_action_set_id";

    static final PlatformSetting ENABLED = PlatformSetting.of("qhtrack.tencent.enabled", Boolean.class,
            "on when configured", "capture gdt_vid/qz_gdt and report to Tencent; on when the access token, account id "
                    + "and action set id are set; true for credentials from a custom CredentialResolver",
            "true", "false");
    static final PlatformSetting ENDPOINT = PlatformSetting.of("qhtrack.tencent.endpoint", String.class,
            DEFAULT_ENDPOINT, "Tencent's upload URL; https only, except to a loopback address (tests)");
    static final PlatformSetting ACCESS_TOKEN = PlatformSetting.secret("qhtrack.tencent.access-token",
            "the DataNexus key (数据源 → 查看密钥) or an OAuth access token of a developer app");
    static final PlatformSetting ACCOUNT_ID = PlatformSetting.of("qhtrack.tencent.account-id", Long.class, null,
            "the advertiser account id (广告主账号 ID), sent as account_id");
    static final PlatformSetting USER_ACTION_SET_ID = PlatformSetting.of("qhtrack.tencent.user-action-set-id",
            Long.class, null, "the data source id of the web conversions (数据源 ID), sent as user_action_set_id");
    static final PlatformSetting AUTH = PlatformSetting.of("qhtrack.tencent.auth", String.class, Auth.QUERY.value(),
            "where the access token goes: query (access_token parameter, Tencent's guide and SDK), header "
                    + "(access_token header) or header-hyphen (access-token header); timestamp and nonce stay in the "
                    + "query",
            Auth.QUERY.value(), Auth.HEADER.value(), Auth.HEADER_HYPHEN.value());
    static final PlatformSetting VALUE_UNIT = PlatformSetting.of("qhtrack.tencent.value-unit", String.class,
            ValueUnit.FEN.value(), "the unit of action_param.value: fen (2345 for ¥23.45) or yuan (23.45; whole "
                    + "amounts as integers)", ValueUnit.FEN.value(), ValueUnit.YUAN.value());
    static final PlatformSetting EVENTS = PlatformSetting.of("qhtrack.tencent.events", String.class,
            "DESIGN.md's table", "overrides of the event mapping, e.g. SUBMIT=LEAVE_INFORMATION,CALL= (empty: not "
                    + "offered); Spring Boot also binds qhtrack.tencent.events.<EVENT>");
    static final PlatformSetting BATCH_SIZE = PlatformSetting.of("qhtrack.tencent.batch-size", Integer.class,
            Integer.toString(MAX_BATCH), "the most conversions in one request, 1 to " + MAX_BATCH);
    static final PlatformSetting RATE = PlatformSetting.of("qhtrack.tencent.rate", String.class, DEFAULT_RATE,
            "requests per access token on this node, N/PERIOD; with N nodes sharing a token, set 1/N of Tencent's "
                    + "limit on each");
    static final PlatformSetting WINDOW = PlatformSetting.of("qhtrack.tencent.window", String.class,
            DeliveryWindow.NATURAL_DAY, "how long a failed conversion may still be sent: natural-day (its day in "
                    + "qhtrack.zone, as 360) or an ISO-8601 duration such as P7D; Tencent states none");

    /** Every setting, in the order of the documentation. */
    static final List<PlatformSetting> ALL = Collections.unmodifiableList(Arrays.asList(ENABLED, ENDPOINT,
            ACCESS_TOKEN, ACCOUNT_ID, USER_ACTION_SET_ID, AUTH, VALUE_UNIT, EVENTS, BATCH_SIZE, RATE, WINDOW));

    private final URI endpoint;
    private final Auth auth;
    private final ValueUnit valueUnit;
    private final int batchSize;
    private final RateLimit rate;
    private final DeliveryWindow window;
    private final EventMapping events;
    private final boolean enabled;

    private TencentSettings(URI endpoint, Auth auth, ValueUnit valueUnit, int batchSize, RateLimit rate,
            DeliveryWindow window, EventMapping events, boolean enabled) {
        this.endpoint = endpoint;
        this.auth = auth;
        this.valueUnit = valueUnit;
        this.batchSize = batchSize;
        this.rate = rate;
        this.window = window;
        this.events = events;
        this.enabled = enabled;
    }

    /** Every default: what the {@code ServiceLoader}'s instance holds before it is configured (and not enabled). */
    static TencentSettings defaults() {
        return read(property -> null);
    }

    /**
     * The deployment's values, checked.
     *
     * @throws ConfigurationException naming the first setting whose value cannot be used
     */
    static TencentSettings read(Settings settings) {
        Optional<CredentialSet> credentials = credentials(settings);
        Optional<String> enabled = settings.get(ENABLED.key());
        boolean on = credentials.isPresent();
        if (enabled.isPresent()) {
            on = choice(ENABLED, enabled.get(), new Boolean[] {Boolean.TRUE, Boolean.FALSE}, String::valueOf);
        }
        String zone = settings.get(Setting.ZONE).orElse(Setting.ZONE.defaultValue());
        ZoneId zoneId;
        try {
            zoneId = ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new ConfigurationException(Setting.ZONE, "'" + zone + "' is not a time zone such as Asia/Shanghai");
        }
        return new TencentSettings(
                endpoint(settings.get(ENDPOINT.key()).orElse(DEFAULT_ENDPOINT)),
                choice(AUTH, settings.get(AUTH.key()).orElse(AUTH.defaultValue()), Auth.values(), Auth::value),
                choice(VALUE_UNIT, settings.get(VALUE_UNIT.key()).orElse(VALUE_UNIT.defaultValue()), ValueUnit.values(),
                        ValueUnit::value),
                batchSize(settings.get(BATCH_SIZE.key()).orElse(BATCH_SIZE.defaultValue())),
                rate(settings.get(RATE.key()).orElse(DEFAULT_RATE)),
                DeliveryWindow.parse(WINDOW.key(), settings.get(WINDOW.key()).orElse(WINDOW.defaultValue()), zoneId),
                EventMapping.of(ActionType.events(), ActionType.defaultMapping()).configure(settings, EVENTS.key()),
                on);
    }

    /**
     * The credentials the settings give, or empty when none of the three is set.
     *
     * @throws ConfigurationException when only some are set, or an id is not a positive integer, or the token has a
     *     character that cannot be sent (the token itself is never shown)
     */
    static Optional<CredentialSet> credentials(Settings settings) {
        Optional<String> token = settings.get(ACCESS_TOKEN.key());
        Optional<String> account = settings.get(ACCOUNT_ID.key());
        Optional<String> actionSet = settings.get(USER_ACTION_SET_ID.key());
        if (!token.isPresent() && !account.isPresent() && !actionSet.isPresent()) {
            return Optional.empty();
        }
        for (PlatformSetting s : Arrays.asList(ACCESS_TOKEN, ACCOUNT_ID, USER_ACTION_SET_ID)) {
            if (!settings.get(s.key()).isPresent()) {
                throw new ConfigurationException(s.key(), "is not set, while another of " + ACCESS_TOKEN.key() + ", "
                        + ACCOUNT_ID.key() + " and " + USER_ACTION_SET_ID.key() + " is: Tencent needs all three");
            }
        }
        int bad = firstUnsendable(token.get());
        if (bad >= 0) {
            throw new ConfigurationException(ACCESS_TOKEN.key(), "has a character outside printable ASCII (or a "
                    + "space) at index " + bad + "; the token is secret and not shown");
        }
        return Optional.of(CredentialSet.builder()
                .value(ACCOUNT_ID_CREDENTIAL, Long.toString(positiveId(ACCOUNT_ID.key(), account.get())))
                .value(ACTION_SET_CREDENTIAL, Long.toString(positiveId(USER_ACTION_SET_ID.key(), actionSet.get())))
                .secret(ACCESS_TOKEN_CREDENTIAL, token.get())
                .build());
    }

    /** The index of the first character of {@code token} that is not printable ASCII, or -1. */
    static int firstUnsendable(String token) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return i;
            }
        }
        return -1;
    }

    /**
     * An account or action set id: a positive integer (Tencent's type is integer).
     *
     * @throws ConfigurationException naming {@code setting} otherwise
     */
    static long positiveId(String setting, String value) {
        try {
            long id = Long.parseLong(value);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new ConfigurationException(setting, "'" + shown(value, 40) + "' is not a positive integer such as "
                + "12345678");
    }

    private static URI endpoint(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new ConfigurationException(ENDPOINT.key(), "'" + withoutQuery(value) + "' is not a URL: "
                    + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new ConfigurationException(ENDPOINT.key(), "'" + withoutQuery(value) + "' is not an absolute https "
                    + "URL");
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new ConfigurationException(ENDPOINT.key(), "'" + scheme + "://" + uri.getHost() + "…' must not carry "
                    + "user info or a fragment");
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            throw new ConfigurationException(ENDPOINT.key(), "'" + withoutQuery(value) + "' uses plain http; Tencent "
                    + "refuses conversions sent over http since 2025-03-31 (only a loopback address may use it, for "
                    + "tests)");
        }
        String query = uri.getRawQuery();
        if (query != null) {
            for (String pair : query.split("&", -1)) {
                String name = pair.indexOf('=') < 0 ? pair : pair.substring(0, pair.indexOf('='));
                if (name.equals("access_token") || name.equals("timestamp") || name.equals("nonce")) {
                    throw new ConfigurationException(ENDPOINT.key(), "'" + withoutQuery(value) + "?…' carries " + name
                            + " in its query; qhtrack adds access_token, timestamp and nonce to every request (put "
                            + "the token in " + ACCESS_TOKEN.key() + ")");
                }
            }
        }
        return uri;
    }

    /** The URL up to its query: what a message may show of an endpoint (its query could hold a token). */
    private static String withoutQuery(String url) {
        int q = url.indexOf('?');
        return shown(q < 0 ? url : url.substring(0, q), 200);
    }

    private static String shown(String value, int max) {
        return Printable.of(value, max);
    }

    private static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false; // a name other than localhost: DNS is not trusted to say it is loopback
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static int batchSize(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= MAX_BATCH) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new ConfigurationException(BATCH_SIZE.key(), "'" + shown(value, 40) + "' is not a whole number from 1 "
                + "to " + MAX_BATCH + " (Tencent takes at most " + MAX_BATCH + " actions a request)");
    }

    private static RateLimit rate(String value) {
        try {
            return RateLimit.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(RATE.key(), e.getMessage());
        }
    }

    /** The option whose {@code name} is {@code value}, ignoring case; the names are the setting's allowed values. */
    private static <T> T choice(PlatformSetting setting, String value, T[] options, Function<T, String> name) {
        for (T option : options) {
            if (name.apply(option).equalsIgnoreCase(value)) {
                return option;
            }
        }
        throw new ConfigurationException(setting.key(), "'" + shown(value, 40) + "' is not one of "
                + String.join(", ", setting.allowedValues()));
    }

    URI endpoint() {
        return endpoint;
    }

    Auth auth() {
        return auth;
    }

    ValueUnit valueUnit() {
        return valueUnit;
    }

    int batchSize() {
        return batchSize;
    }

    RateLimit rate() {
        return rate;
    }

    DeliveryWindow window() {
        return window;
    }

    EventMapping events() {
        return events;
    }

    boolean enabled() {
        return enabled;
    }

    /** The values in force, for the start-up report: never a credential. */
    @Override
    public String toString() {
        return "endpoint " + endpoint + ", auth " + auth.value() + ", value-unit " + valueUnit.value() + ", batch-size "
                + batchSize + ", rate " + rate + ", window " + window + ", events " + events.mapping().keySet().size()
                + " mapped";
    }
}
