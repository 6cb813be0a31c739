package io.qhtrack.core;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Every setting of qhtrack's engine, filter and starters, in one table: its property name, default, type and meaning
 * (each platform declares its own, such as 360's {@code qhtrack.endpoint} and {@code qhtrack.search.key}: see
 * {@code io.qhtrack.core.spi.Platform#settings()}). Code reads settings through
 * these constants ({@code settings.duration(Setting.DRAIN_TIMEOUT)}); the README's configuration table, the
 * filter's init-param table and the Spring Boot configuration metadata are checked against this enum by tests, so
 * a setting cannot exist in one place and be missing from another.
 *
 * <p>Each property can also be given as an environment variable: {@link #environmentName()} upper-cases it and
 * turns {@code .} and {@code -} into {@code _} ({@code qhtrack.outbox.jdbc-url} → {@code QHTRACK_OUTBOX_JDBC_URL}).
 * Durations are ISO-8601 ({@code PT10S}, {@code P7D}) or a whole number of milliseconds, except
 * {@link #COOKIE_MAX_AGE}, whose bare numbers are seconds as in a cookie's {@code Max-Age}.
 */
public enum Setting {
    // ---- outbox
    /** Which outbox keeps accepted conversions. */
    OUTBOX("qhtrack.outbox", Scope.CORE, String.class, "memory",
            "memory (lost on a crash; said at start-up) or jdbc (durable, shared by every node)", "memory", "jdbc"),
    /** Pending entries an outbox holds. */
    OUTBOX_CAPACITY("qhtrack.outbox.capacity", Scope.CORE, Integer.class, "10000 (memory), 1000000 (jdbc)",
            "pending entries the outbox holds: 10000 in memory, 1000000 rows for jdbc; beyond: OUTBOX_FULL"),
    /** The most of the outbox's capacity that what the browser can cause may hold. */
    OUTBOX_BROWSER_SHARE("qhtrack.outbox.browser-share", Scope.CORE, Double.class, "0.2",
            "the most of the outbox's capacity that browser events may hold (0 to 1; in the JDBC outbox also the "
                    + "per-click locks they create); beyond: OUTBOX_FULL for browser events, while forms, orders and "
                    + "payments keep the rest"),
    /** The JDBC outbox's database URL. */
    OUTBOX_JDBC_URL("qhtrack.outbox.jdbc-url", Scope.CORE, String.class, null,
            "the JDBC outbox's database (PostgreSQL, MySQL 8/MariaDB, H2)"),
    /** Its user. */
    OUTBOX_USER("qhtrack.outbox.user", Scope.CORE, String.class, null, "database user of the JDBC outbox"),
    /** Its password. */
    OUTBOX_PASSWORD("qhtrack.outbox.password", Scope.CORE, String.class, null,
            "database password of the JDBC outbox; never logged"),
    /** A container DataSource by JNDI name, instead of a URL. */
    OUTBOX_JNDI("qhtrack.outbox.jndi", Scope.CORE, String.class, null,
            "or a container DataSource by JNDI name, e.g. java:comp/env/jdbc/shop"),
    /** The JDBC outbox's table. */
    OUTBOX_TABLE("qhtrack.outbox.table", Scope.CORE, String.class, "qhtrack_outbox", "table name"),
    /** Whether the JDBC outbox creates its table. */
    OUTBOX_CREATE_SCHEMA("qhtrack.outbox.create-schema", Scope.CORE, Boolean.class, "true",
            "create the table on start-up when it is absent"),
    /** The SQL dialect, when the driver's product name is not enough. */
    OUTBOX_DIALECT("qhtrack.outbox.dialect", Scope.CORE, String.class, "from the database",
            "SQL dialect of the JDBC outbox: postgresql, mysql or h2", "postgresql", "mysql", "h2"),
    /** How long settled rows are kept. */
    OUTBOX_RETENTION("qhtrack.outbox.retention", Scope.CORE, Duration.class, "P7D",
            "delivered rows are pruned after this (at least one day)"),
    /** How long dead and expired entries are kept. */
    OUTBOX_DEAD_RETENTION("qhtrack.outbox.dead-retention", Scope.CORE, Duration.class, "P30D",
            "dead and expired entries stay visible and replayable this long after they were settled, then are "
                    + "pruned (at least one day; the in-memory outbox also keeps at most qhtrack.outbox.capacity of "
                    + "them)"),
    /** The longest a visitor's request waits on the JDBC outbox's database. */
    OUTBOX_TIMEOUT("qhtrack.outbox.timeout", Scope.CORE, Duration.class, "PT2S",
            "the longest a visitor's request waits on the outbox's database; then HELD (kept in memory until it "
                    + "answers); also each statement's timeout, and the login, connect and (twice it) socket timeouts "
                    + "of the connections it opens"),
    /** Connections the JDBC outbox opens from its URL, at most. */
    OUTBOX_POOL_SIZE("qhtrack.outbox.pool-size", Scope.CORE, Integer.class, "10",
            "connections the JDBC outbox opens from qhtrack.outbox.jdbc-url, at most (2 to 1000)"),
    /** Conversions held in memory while the database does not answer. */
    OUTBOX_SPILL_CAPACITY("qhtrack.outbox.spill-capacity", Scope.CORE, Integer.class, "10000",
            "conversions held in memory (HELD) while the outbox's database does not answer, written when it answers "
                    + "again and lost only if the JVM stops first; beyond: OUTBOX_FULL"),
    /** How long a node holds a claimed entry. */
    OUTBOX_LEASE("qhtrack.outbox.lease", Scope.CORE, Duration.class, "PT2M",
            "how long a node holds a claimed entry; must exceed connect + request timeout"),

    // ---- what may be reported
    /** Which clicks a conversion is reported for when a visitor clicked ads of several platforms. */
    ATTRIBUTION("qhtrack.attribution", Scope.FILTER, String.class, "last-click",
            "last-click: a conversion is reported for the visitor's latest ad click, whatever its platform (a visitor "
                    + "from Baidu who later arrives from 360 converts for 360); all-platforms: the store keeps the newest "
                    + "click of each platform, and a conversion is reported to every platform clicked within the "
                    + "attribution window", "last-click", "all-platforms"),
    /** Conversions of one event per click per natural day. */
    LIMIT_PER_CLICK("qhtrack.limit.per-click", Scope.CORE, Integer.class, "5",
            "conversions of one event per click per natural day; beyond: LIMITED (a leaked real click id cannot be "
                    + "turned into unlimited conversions)"),

    // ---- delivery
    /** Time to establish a connection to 360. */
    HTTP_CONNECT_TIMEOUT("qhtrack.http.connect-timeout", Scope.CORE, Duration.class, "PT5S",
            "time to connect to 360, per attempt"),
    /** Time for an exchange once sent. */
    HTTP_REQUEST_TIMEOUT("qhtrack.http.request-timeout", Scope.CORE, Duration.class, "PT10S",
            "time for 360's answer once the request is sent, per attempt"),
    /** The most bytes of 360's answer read. */
    HTTP_MAX_RESPONSE_BYTES("qhtrack.http.max-response-bytes", Scope.CORE, Integer.class, "65536",
            "the most of an answer read (1 KiB to 16 MiB); more is a transient failure and the connection is dropped"),
    /** Uploads in flight at once. */
    MAX_CONCURRENCY("qhtrack.max-concurrency", Scope.CORE, Integer.class, "32",
            "the most uploads in flight at once (1 to 256); delivery adapts below it: up while 360 is healthy but slow, "
                    + "down on timeouts, 5xx and 429"),
    /** First backoff of a transient failure. */
    RETRY_INITIAL_BACKOFF("qhtrack.retry.initial-backoff", Scope.CORE, Duration.class, "PT1S",
            "first delay after a transient failure (Retry-After is honoured)"),
    /** Longest backoff. */
    RETRY_MAX_BACKOFF("qhtrack.retry.max-backoff", Scope.CORE, Duration.class, "PT5M", "longest delay between attempts"),
    /** Backoff growth per attempt. */
    RETRY_MULTIPLIER("qhtrack.retry.multiplier", Scope.CORE, Double.class, "2", "growth of the delay per attempt (≥ 1)"),
    /** Random variation of each delay. */
    RETRY_JITTER("qhtrack.retry.jitter", Scope.CORE, Double.class, "0.2",
            "random variation of each delay, 0 (none) to 1 (±100%)"),
    /** The zone of natural days. */
    ZONE("qhtrack.zone", Scope.CORE, String.class, "Asia/Shanghai",
            "natural days: retries stop at the end of the conversion's day (FAQ 5.5)"),
    /** Keys remembered in memory to refuse duplicates. */
    DEDUP_CACHE_SIZE("qhtrack.dedup.cache-size", Scope.CORE, Long.class, "100000",
            "(line, click, event, trans_id) keys remembered in memory, in front of the outbox's own unique key; "
                    + "a repeat the same natural day is DUPLICATE"),
    /** How often an idle dispatcher looks at the outbox. */
    POLL_INTERVAL("qhtrack.poll-interval", Scope.CORE, Duration.class, "PT1S",
            "how often an idle dispatcher looks at the outbox (new work wakes it at once)"),
    /** Time given on shutdown to deliver what is pending. */
    DRAIN_TIMEOUT("qhtrack.drain-timeout", Scope.CORE, Duration.class, "PT10S",
            "on shutdown, time given to deliver what is pending"),

    // ---- servlet filter: capture and storage
    /** Where the click is kept. */
    STORE("qhtrack.store", Scope.FILTER, String.class, "cookie",
            "where the click is kept: cookie, session, or cookie,session", "cookie", "session", "cookie,session"),
    /** The click cookie's name. */
    COOKIE_NAME("qhtrack.cookie.name", Scope.FILTER, String.class, "qhtrack_click",
            "the click cookie's name (__Secure- and __Host- prefixes are checked)"),
    /** The click cookie's domain. */
    COOKIE_DOMAIN("qhtrack.cookie.domain", Scope.FILTER, String.class, "host only",
            "shares the cookie between sub-domains, e.g. example.com.cn; never guessed"),
    /** The click cookie's path. */
    COOKIE_PATH("qhtrack.cookie.path", Scope.FILTER, String.class, "/", "the click cookie's path"),
    /** The attribution window. */
    COOKIE_MAX_AGE("qhtrack.cookie.max-age", Scope.FILTER, Duration.class, "P30D",
            "the attribution window: cookie lifetime and the age beyond which a stored click is ignored "
                    + "(seconds or ISO-8601, 1 s to 400 days)"),
    /** The cookie's HttpOnly attribute. */
    COOKIE_HTTP_ONLY("qhtrack.cookie.http-only", Scope.FILTER, Boolean.class, "true", "HttpOnly attribute"),
    /** The cookie's Secure attribute. */
    COOKIE_SECURE("qhtrack.cookie.secure", Scope.FILTER, String.class, "auto",
            "Secure attribute: auto (when the request is HTTPS), true or false", "auto", "true", "false"),
    /** The cookie's SameSite attribute. */
    COOKIE_SAME_SITE("qhtrack.cookie.same-site", Scope.FILTER, String.class, "Lax",
            "SameSite attribute: Lax, Strict or None (None requires qhtrack.cookie.secure=true)",
            "Lax", "Strict", "None"),
    /** Whether X-Forwarded-Proto is believed from any peer; deprecated in favour of {@link #TRUSTED_PROXIES}. */
    TRUST_FORWARDED_PROTO("qhtrack.trust-forwarded-proto", Scope.FILTER, Boolean.class, "false",
            "deprecated, use qhtrack.trusted-proxies: true believes X-Forwarded-Proto from any peer (for "
                    + "qhtrack.cookie.secure=auto)"),
    /** The reverse proxies whose forwarding headers are believed. */
    TRUSTED_PROXIES("qhtrack.trusted-proxies", Scope.FILTER, String.class, "none",
            "comma-separated addresses or CIDR blocks (IPv4, IPv6) of the reverse proxies in front of the "
                    + "application: only from these are X-Forwarded-For, Forwarded, X-Forwarded-Host and "
                    + "X-Forwarded-Proto believed (the client address of browser-event budgets, the site's host for "
                    + "same-origin checks, https for the cookie); a request the container or Spring Boot already "
                    + "rewrote (server.forward-headers-strategy) is taken as it is"),
    /** Where the browser capture script is served. */
    SCRIPT_PATH("qhtrack.script.path", Scope.FILTER, String.class, "/qhtrack.js",
            "path of the browser capture script for hash-routed single-page apps (off disables)"),
    /** Where the script posts click ids. */
    CAPTURE_PATH("qhtrack.capture.path", Scope.FILTER, String.class, "/qhtrack/capture",
            "path of the capture endpoint the script posts to (off disables)"),
    /** Also capture from a same-origin Referer. */
    CAPTURE_REFERER("qhtrack.capture.referer", Scope.FILTER, String.class, "same-origin",
            "a request without click parameters whose same-origin Referer carries one captures from it (a landing "
                    + "page served by a CDN or static server of the same site); never from a foreign Referer; off "
                    + "disables", "same-origin", "off"),
    /** Query parameters a stored landing URL leaves out. */
    LANDING_URL_DROP_PARAMS("qhtrack.landing-url.drop-params", Scope.FILTER, String.class, null,
            "comma-separated query parameters left out of the landing URL a click keeps (Baidu's logidUrl, Tencent's "
                    + "url), e.g. those the site treats as personal; compared ignoring case; never the click parameter"),

    // ---- servlet filter: forms
    /** The only form fields a form's trans_id is derived from. */
    FORM_FIELDS("qhtrack.form.fields", Scope.FILTER, String.class, "all body fields",
            "comma-separated names of the only body fields a form's trans_id is derived from (compared ignoring "
                    + "case); never the query string"),
    /** Form fields a form's trans_id is never derived from. */
    FORM_IGNORE_FIELDS("qhtrack.form.ignore-fields", Scope.FILTER, String.class,
            "_csrf,csrf_token,csrfmiddlewaretoken,authenticity_token,__RequestVerificationToken,_token,_t,timestamp,"
                    + "nonce",
            "comma-separated body fields left out of a form's trans_id (compared ignoring case), so that a fresh "
                    + "per-render token does not make a resubmitted form new; replaces the default list"),

    // ---- servlet filter: browser events
    /** The events the browser script may report. */
    BROWSER_EVENTS("qhtrack.browser-events", Scope.FILTER, String.class, null,
            "comma-separated events the browser script may report for marked elements and browsing; none by "
                    + "default (the endpoint refuses everything)",
            "CALL_BUTTON", "WX_BUTTON_C", "ADVISORY_BUTTON", "SUBMIT_BUTTON", "SHOP_BUTTON", "CART_BUTTON",
            "REGISTER_BUTTON", "SCAN_BUTTON", "SITEDOWNLOAD", "BROWSETIME", "BROWSE_DEPTH", "SITE_VISIT_DEPTH"),
    /** Browser events per client address per window. */
    BROWSER_EVENTS_BUDGET("qhtrack.browser-events.budget", Scope.FILTER, String.class, "30/PT1H",
            "browser events reported per client address (IPv6: per /64) per window, as COUNT/DURATION; beyond: "
                    + "THROTTLED, nothing sent; only events put in the outbox count; server-side conversions are "
                    + "never budgeted"),
    /** Where the browser script sends events. */
    EVENT_PATH("qhtrack.event.path", Scope.FILTER, String.class, "/qhtrack/event",
            "path of the browser-event endpoint the script sends beacons to (off disables)"),
    /** Visible time before BROWSETIME. */
    BROWSE_TIME("qhtrack.browse-time", Scope.FILTER, Duration.class, "PT30S",
            "visible time on a page (paused while the tab is hidden) after which the script reports BROWSETIME; "
                    + "1 s to 1 h"),
    /** Scrolled percent before BROWSE_DEPTH. */
    BROWSE_DEPTH("qhtrack.browse-depth", Scope.FILTER, Integer.class, "75",
            "percent of the page the visitor has scrolled past when the script reports BROWSE_DEPTH; 1 to 100"),

    // ---- servlet filter: conversions by configuration, registration
    /** Conversions reported by configuration. */
    TRIGGERS("qhtrack.triggers", Scope.FILTER, String.class, null,
            "METHOD PATH=EVENT, … reported after a successful request, e.g. POST /lead=SUBMIT"),
    /** Zero-code registration. */
    AUTO_REGISTER("qhtrack.auto-register", Scope.FILTER, Boolean.class, "true",
            "the jar registers the capture filter, trigger filter and tracker listener by itself"),

    // ---- Spring Boot starter
    /** The Spring Boot auto-configuration as a whole. */
    ENABLED("qhtrack.enabled", Scope.SPRING, Boolean.class, "true",
            "Spring Boot: false switches the whole auto-configuration off (filters, tracker, health, meters, endpoint)"),
    /** The health component's bound on the oldest pending conversion. */
    HEALTH_MAX_PENDING_AGE("qhtrack.health.max-pending-age", Scope.SPRING, Duration.class, "PT1H",
            "Spring Boot Actuator: a pending conversion older than this is delivery trouble, shown in the qhtrack "
                    + "health component's details"),
    /** Whether delivery trouble turns the health component DOWN. */
    HEALTH_DOWN_ON_DELIVERY_TROUBLE("qhtrack.health.down-on-delivery-trouble", Scope.SPRING, Boolean.class, "false",
            "Spring Boot Actuator: true turns the qhtrack health component, and so /actuator/health, DOWN on delivery "
                    + "trouble; by default it stays UP and shows the trouble in its details");

    /** Which module reads a setting. */
    public enum Scope {
        /** The tracker, its outbox and delivery ({@code tracker-core}). */
        CORE,
        /** The servlet filter ({@code tracker-filter}): capture, storage, triggers, browser script. */
        FILTER,
        /** The Spring Boot starters ({@code qhtrack-spring-boot-starter}, {@code qhtrack-spring-boot2-starter}). */
        SPRING
    }

    private final String key;
    private final Scope scope;
    private final Class<?> type;
    private final String defaultValue;
    /** {@link #defaultValue} as a value of {@link #type}, or {@code null} when the default is not a value. */
    private final Object typedDefault;
    private final String description;
    private final List<String> allowedValues;

    Setting(String key, Scope scope, Class<?> type, String defaultValue, String description,
            String... allowedValues) {
        this.key = key;
        this.scope = scope;
        this.type = type;
        this.defaultValue = defaultValue;
        this.description = description;
        this.allowedValues = Collections.unmodifiableList(Arrays.asList(allowedValues));
        this.typedDefault = typed(type, defaultValue, this.allowedValues);
    }

    /**
     * The documented default read as a value of {@code type} ({@code PT10S} → {@code Duration.ofSeconds(10)}), so that
     * the catalogue is the one place a default is written; {@code null} when the documentation describes the default
     * instead ({@code host only}, {@code from the database}, {@code 10000 (memory), 1000000 (jdbc)}).
     */
    private static Object typed(Class<?> type, String value, List<String> allowed) {
        if (value == null) {
            return null;
        }
        try {
            if (type == Boolean.class) {
                return "true".equals(value) ? Boolean.TRUE : "false".equals(value) ? Boolean.FALSE : null;
            }
            if (type == Integer.class) {
                return Integer.valueOf(value);
            }
            if (type == Long.class) {
                return Long.valueOf(value);
            }
            if (type == Double.class) {
                return Double.valueOf(value);
            }
            if (type == Duration.class) {
                return Duration.parse(value);
            }
        } catch (RuntimeException description) {
            return null;
        }
        boolean valueShaped = allowed.isEmpty() ? value.indexOf(' ') < 0 : allowed.contains(value);
        return type == String.class && valueShaped ? value : null;
    }

    /** The property name, e.g. {@code qhtrack.search.key}. */
    public String key() {
        return key;
    }

    /** The environment variable name: {@code QHTRACK_SEARCH_KEY}. */
    public String environmentName() {
        return Settings.environmentName(key);
    }

    /** Which module reads it. */
    public Scope scope() {
        return scope;
    }

    /** The type of its value: {@link String}, {@link Boolean}, {@link Integer}, {@link Long}, {@link Double} or
     * {@link Duration}. */
    public Class<?> type() {
        return type;
    }

    /** The default as the documentation states it, or {@code null} when there is none. */
    public String defaultValue() {
        return defaultValue;
    }

    /**
     * The default as a value of {@link #type()} (a {@link Duration}, an {@link Integer} …): what the code uses when the
     * setting is not given; empty when the default is not one value (it depends on other settings, or the
     * documentation describes it: {@link #defaultValue()}).
     */
    public Optional<Object> typedDefault() {
        return Optional.ofNullable(typedDefault);
    }

    /**
     * The default as a {@code type}, for code whose setting always has one.
     *
     * @throws IllegalStateException when the setting has no typed default of that type (a programming error)
     */
    public <T> T defaultAs(Class<T> type) {
        if (!type.isInstance(typedDefault)) {
            throw new IllegalStateException(key + " has no default of type " + type.getSimpleName());
        }
        return type.cast(typedDefault);
    }

    /** What it means, in one sentence. */
    public String description() {
        return description;
    }

    /** The values it accepts when it is a choice, else empty. */
    public List<String> allowedValues() {
        return allowedValues;
    }

    /** Whether its value is secret: never logged, shown or put in a message. */
    public boolean isSecret() {
        return key.endsWith(".secret") || key.endsWith(".password");
    }

    /** The setting with this property name. */
    public static Optional<Setting> find(String key) {
        for (Setting s : values()) {
            if (s.key.equals(key)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return key;
    }
}
