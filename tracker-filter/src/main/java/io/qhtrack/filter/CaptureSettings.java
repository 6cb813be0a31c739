package io.qhtrack.filter;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Setting;
import io.qhtrack.core.Event;
import io.qhtrack.core.Settings;
import io.qhtrack.core.internal.Printable;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The filter's settings, read once from a {@link Settings} source and checked: any value the filter cannot work
 * with is a {@link ConfigurationException} naming the setting and the value. See {@link ClickIdCaptureFilter} for
 * the reference.
 */
final class CaptureSettings {


    static final String DEFAULT_COOKIE_NAME = "qhtrack_click";
    static final Duration DEFAULT_MAX_AGE = Duration.ofDays(30);
    /** Browsers cap cookie lifetimes at 400 days (RFC 6265bis); a longer window would be a silent lie. */
    static final Duration LONGEST_MAX_AGE = Duration.ofDays(400);
    static final String DEFAULT_SCRIPT_PATH = "/qhtrack.js";
    static final String DEFAULT_CAPTURE_PATH = "/qhtrack/capture";
    static final String DEFAULT_EVENT_PATH = "/qhtrack/event";
    static final Duration DEFAULT_BROWSE_TIME = Duration.ofSeconds(30);
    static final Duration SHORTEST_BROWSE_TIME = Duration.ofSeconds(1);
    static final Duration LONGEST_BROWSE_TIME = Duration.ofHours(1);
    static final int DEFAULT_BROWSE_DEPTH = 75;
    /** The events {@code qhtrack.browser-events} may list: clicks on page elements and browsing, nothing else. */
    static final Set<Event> BROWSER_EVENTS = Collections.unmodifiableSet(EnumSet.of(Event.CALL_BUTTON,
            Event.WX_BUTTON_C, Event.ADVISORY_BUTTON, Event.SUBMIT_BUTTON, Event.SHOP_BUTTON, Event.CART_BUTTON,
            Event.REGISTER_BUTTON, Event.SCAN_BUTTON, Event.SITEDOWNLOAD, Event.BROWSETIME, Event.BROWSE_DEPTH,
            Event.SITE_VISIT_DEPTH));
    /** The longest name {@code qhtrack.landing-url.drop-params} may list. */
    static final int MAX_DROP_PARAM_LENGTH = 128;
    /** The value of {@link Setting#SCRIPT_PATH} or {@link Setting#CAPTURE_PATH} that switches the endpoint off. */
    static final String OFF = "off";

    /** Where clicks are kept. */
    enum StoreKind {
        COOKIE, SESSION
    }

    /** When the cookie carries {@code Secure}. */
    enum SecureMode {
        AUTO("auto"), ALWAYS("true"), NEVER("false");

        private final String settingValue;

        SecureMode(String settingValue) {
            this.settingValue = settingValue;
        }

        /** How the setting spells it. */
        String settingValue() {
            return settingValue;
        }
    }

    /** {@code qhtrack.capture.referer}. */
    enum RefererMode {
        SAME_ORIGIN, OFF
    }

    /** {@code qhtrack.attribution}: which of a visitor's clicks the store keeps and conversions are reported for. */
    enum Attribution {
        /** The latest ad click only, whatever its platform. */
        LAST_CLICK,
        /** The newest click of each platform. */
        ALL_PLATFORMS
    }

    final List<StoreKind> stores;
    final String cookieName;
    /** {@code null}: host-only cookie. */
    final String cookieDomain;
    final String cookiePath;
    final Duration maxAge;
    final boolean httpOnly;
    final SecureMode secure;
    final String sameSite;
    /** {@code qhtrack.trusted-proxies}, with {@code qhtrack.trust-forwarded-proto}. */
    final TrustedProxies proxies;
    /** {@code null} when off. */
    final String scriptPath;
    /** {@code null} when off. */
    final String capturePath;
    /** What a form's {@code trans_id} is derived from. */
    final FormFields form;
    /** Whether a same-origin Referer's click parameters are captured. */
    final boolean refererCapture;
    /** What the browser may report; empty: nothing. */
    final Set<Event> browserEvents;
    /** {@code null} when off. */
    final String eventPath;
    final Duration browseTime;
    final int browseDepth;
    /** Browser events per client address per window. */
    final ClientBudgets.Limit browserEventsBudget;
    /** {@code qhtrack.attribution}. */
    final Attribution attribution;
    /** {@code qhtrack.landing-url.drop-params}, lower-cased; empty: none. */
    final Set<String> landingUrlDropParams;

    private CaptureSettings(Settings s) {
        stores = stores(s);
        cookieName = cookieName(s);
        cookieDomain = cookieDomain(s);
        cookiePath = cookiePath(s);
        maxAge = maxAge(s);
        httpOnly = s.bool(Setting.COOKIE_HTTP_ONLY).orElse(true);
        secure = secure(s);
        sameSite = sameSite(s);
        proxies = TrustedProxies.of(s.get(Setting.TRUSTED_PROXIES).orElse(null),
                s.bool(Setting.TRUST_FORWARDED_PROTO).orElse(false));
        scriptPath = endpointPath(s, Setting.SCRIPT_PATH, DEFAULT_SCRIPT_PATH);
        capturePath = endpointPath(s, Setting.CAPTURE_PATH, DEFAULT_CAPTURE_PATH);
        form = FormFields.from(s);
        refererCapture = choice(s, Setting.CAPTURE_REFERER, RefererMode.class, RefererMode.SAME_ORIGIN,
                "same-origin or off") == RefererMode.SAME_ORIGIN;
        browserEvents = browserEvents(s);
        eventPath = endpointPath(s, Setting.EVENT_PATH, DEFAULT_EVENT_PATH);
        browseTime = browseTime(s);
        browseDepth = browseDepth(s);
        browserEventsBudget = ClientBudgets.parse(s.get(Setting.BROWSER_EVENTS_BUDGET).orElse(ClientBudgets.DEFAULT));
        attribution = choice(s, Setting.ATTRIBUTION, Attribution.class, Attribution.LAST_CLICK,
                "last-click or all-platforms");
        landingUrlDropParams = dropParams(s);
        checkCombinations();
    }

    /** Reads and checks every setting. */
    static CaptureSettings from(Settings settings) {
        return new CaptureSettings(settings);
    }

    /** {@code qhtrack.auto-register}: whether the jar registers the filter by itself (default true). */
    static boolean autoRegister(Settings settings) {
        return settings.bool(Setting.AUTO_REGISTER).orElse(true);
    }

    private void checkCombinations() {
        if ("None".equals(sameSite) && secure != SecureMode.ALWAYS) {
            throw new ConfigurationException(Setting.COOKIE_SAME_SITE, "'None' requires " + Setting.COOKIE_SECURE
                    + "=true (browsers drop SameSite=None cookies without Secure), but " + Setting.COOKIE_SECURE + " is '"
                    + secure.settingValue() + "'");
        }
        if (cookieName.startsWith("__Secure-") || cookieName.startsWith("__Host-")) {
            if (secure != SecureMode.ALWAYS) {
                throw new ConfigurationException(Setting.COOKIE_NAME, "'" + cookieName + "' has a prefix that requires "
                        + Setting.COOKIE_SECURE + "=true");
            }
        }
        if (cookieName.startsWith("__Host-") && (cookieDomain != null || !"/".equals(cookiePath))) {
            throw new ConfigurationException(Setting.COOKIE_NAME, "'" + cookieName + "' has the __Host- prefix, which "
                    + "requires " + Setting.COOKIE_PATH + "=/ and no " + Setting.COOKIE_DOMAIN);
        }
        if (scriptPath != null && capturePath == null) {
            throw new ConfigurationException(Setting.SCRIPT_PATH, "'" + scriptPath + "' is served but " + Setting.CAPTURE_PATH
                    + " is off, and the script has nowhere to send click ids; set " + Setting.SCRIPT_PATH + "=off too");
        }
        if (scriptPath != null && scriptPath.equals(capturePath)) {
            throw new ConfigurationException(Setting.CAPTURE_PATH, "'" + capturePath + "' is also " + Setting.SCRIPT_PATH);
        }
        if (eventPath != null && (eventPath.equals(scriptPath) || eventPath.equals(capturePath))) {
            throw new ConfigurationException(Setting.EVENT_PATH, "'" + eventPath + "' is also "
                    + (eventPath.equals(scriptPath) ? Setting.SCRIPT_PATH : Setting.CAPTURE_PATH));
        }
        if (!browserEvents.isEmpty() && (eventPath == null || scriptPath == null)) {
            throw new ConfigurationException(Setting.BROWSER_EVENTS, "lists " + wireNames(browserEvents) + " but "
                    + (eventPath == null ? Setting.EVENT_PATH : Setting.SCRIPT_PATH) + " is off, so nothing could "
                    + "report them; leave " + Setting.BROWSER_EVENTS + " unset");
        }
    }

    private static List<StoreKind> stores(Settings s) {
        Optional<String> value = s.get(Setting.STORE);
        if (!value.isPresent()) {
            return Collections.singletonList(StoreKind.COOKIE);
        }
        List<StoreKind> kinds = new ArrayList<>();
        for (String part : value.get().split(",", -1)) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            StoreKind kind = "cookie".equals(name) ? StoreKind.COOKIE
                    : "session".equals(name) ? StoreKind.SESSION : null;
            if (kind == null || kinds.contains(kind)) {
                throw new ConfigurationException(Setting.STORE, "'" + value.get()
                        + "' is not cookie, session, or both separated by a comma (cookie,session)");
            }
            kinds.add(kind);
        }
        return Collections.unmodifiableList(kinds);
    }

    private static String cookieName(Settings s) {
        String name = s.get(Setting.COOKIE_NAME).orElse(DEFAULT_COOKIE_NAME);
        if (name.startsWith("$") || !isToken(name)) {
            throw new ConfigurationException(Setting.COOKIE_NAME, "'" + name + "' is not a valid cookie name (letters, "
                    + "digits and !#%&'*+-.^_`|~, not starting with $)");
        }
        return name;
    }

    private static boolean isToken(String s) {
        if (s.isEmpty() || s.length() > 128) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static String cookieDomain(Settings s) {
        Optional<String> value = s.get(Setting.COOKIE_DOMAIN);
        if (!value.isPresent()) {
            return null;
        }
        String domain = value.get().toLowerCase(Locale.ROOT);
        if (domain.startsWith(".")) {
            domain = domain.substring(1);
        }
        if (!isDomainName(domain)) {
            throw new ConfigurationException(Setting.COOKIE_DOMAIN, "'" + value.get() + "' is not a domain name with at "
                    + "least two labels, such as example.com.cn (leave it unset for a cookie of the request host)");
        }
        return domain;
    }

    private static boolean isDomainName(String domain) {
        if (domain.length() > 253) {
            return false;
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                    return false;
                }
            }
        }
        // an IP address cannot be a cookie domain shared between hosts
        return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
    }

    private static String cookiePath(Settings s) {
        String path = s.get(Setting.COOKIE_PATH).orElse("/");
        boolean ok = path.startsWith("/") && path.length() <= 1024;
        for (int i = 0; ok && i < path.length(); i++) {
            char c = path.charAt(i);
            ok = c > 0x20 && c < 0x7f && c != ';';
        }
        if (!ok) {
            throw new ConfigurationException(Setting.COOKIE_PATH, "'" + path + "' is not a cookie path: it must start with /"
                    + " and hold no spaces, control characters or ;");
        }
        return path;
    }

    private static Duration maxAge(Settings s) {
        Optional<String> value = s.get(Setting.COOKIE_MAX_AGE);
        if (!value.isPresent()) {
            return DEFAULT_MAX_AGE;
        }
        String v = value.get();
        Duration duration;
        try {
            if (!v.isEmpty() && v.chars().allMatch(c -> c >= '0' && c <= '9')) {
                duration = Duration.ofSeconds(Long.parseLong(v));
            } else {
                duration = Duration.parse(v);
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new ConfigurationException(Setting.COOKIE_MAX_AGE, "'" + v + "' is neither a number of seconds nor an "
                    + "ISO-8601 duration such as P30D or PT12H");
        }
        if (duration.getSeconds() < 1 || duration.compareTo(LONGEST_MAX_AGE) > 0) {
            throw new ConfigurationException(Setting.COOKIE_MAX_AGE, "'" + v + "' is outside 1 second to 400 days "
                    + "(browsers cap cookies at 400 days)");
        }
        return Duration.ofSeconds(duration.getSeconds());
    }

    private static SecureMode secure(Settings s) {
        Optional<String> value = s.get(Setting.COOKIE_SECURE);
        if (!value.isPresent()) {
            return SecureMode.AUTO;
        }
        for (SecureMode mode : SecureMode.values()) {
            if (mode.settingValue().equalsIgnoreCase(value.get())) {
                return mode;
            }
        }
        throw new ConfigurationException(Setting.COOKIE_SECURE, "'" + value.get() + "' is not auto, true or false");
    }

    private static String sameSite(Settings s) {
        Optional<String> value = s.get(Setting.COOKIE_SAME_SITE);
        if (!value.isPresent()) {
            return "Lax";
        }
        for (String known : new String[] {"Lax", "Strict", "None"}) {
            if (known.equalsIgnoreCase(value.get())) {
                return known;
            }
        }
        throw new ConfigurationException(Setting.COOKIE_SAME_SITE, "'" + value.get() + "' is not Lax, Strict or None");
    }

    private static <E extends Enum<E>> E choice(Settings s, Setting setting, Class<E> type, E byDefault,
            String expected) {
        Optional<String> value = s.get(setting);
        if (!value.isPresent()) {
            return byDefault;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value.get().replace('-', '_'))) {
                return e;
            }
        }
        throw new ConfigurationException(setting, "'" + value.get() + "' is not " + expected);
    }

    private static Set<Event> browserEvents(Settings s) {
        Optional<String> value = s.get(Setting.BROWSER_EVENTS);
        if (!value.isPresent()) {
            return Collections.emptySet();
        }
        Set<Event> events = EnumSet.noneOf(Event.class);
        for (String part : value.get().split(",", -1)) {
            String name = part.trim();
            if (name.isEmpty()) {
                throw new ConfigurationException(Setting.BROWSER_EVENTS, Printable.quoted(value.get(), 200)
                        + " has an empty entry: list events separated by commas, e.g. CALL_BUTTON,BROWSETIME");
            }
            Optional<Event> event = Event.find(name);
            if (!event.isPresent() || !BROWSER_EVENTS.contains(event.get())) {
                throw new ConfigurationException(Setting.BROWSER_EVENTS, Printable.quoted(name, 60) + " is not an "
                        + "event the browser may report: one of " + wireNames(BROWSER_EVENTS)
                        + (event.isPresent() ? " (report " + event.get().name() + " from the server, where "
                                + "its trans_id and amount come from)" : ""));
            }
            events.add(event.get());
        }
        return Collections.unmodifiableSet(events);
    }

    private static Set<String> dropParams(Settings s) {
        Optional<String> value = s.get(Setting.LANDING_URL_DROP_PARAMS);
        if (!value.isPresent()) {
            return Collections.emptySet();
        }
        Set<String> names = new LinkedHashSet<>();
        for (String part : value.get().split(",", -1)) {
            String name = part.trim();
            if (name.isEmpty() || name.length() > MAX_DROP_PARAM_LENGTH || !isPrintable(name)) {
                throw new ConfigurationException(Setting.LANDING_URL_DROP_PARAMS, Printable.quoted(value.get(), 200)
                        + " is not a list of query parameter names separated by commas, e.g. phone,email (each 1 to "
                        + MAX_DROP_PARAM_LENGTH + " printable characters)");
            }
            names.add(name.toLowerCase(Locale.ROOT));
        }
        return Collections.unmodifiableSet(names);
    }

    private static boolean isPrintable(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < 0x20 || s.charAt(i) == 0x7f) {
                return false;
            }
        }
        return true;
    }

    static String wireNames(Set<Event> events) {
        StringBuilder sb = new StringBuilder();
        for (Event e : events) {
            sb.append(sb.length() == 0 ? "" : ", ").append(e.name());
        }
        return sb.toString();
    }

    private static Duration browseTime(Settings s) {
        Duration time = s.duration(Setting.BROWSE_TIME).orElse(DEFAULT_BROWSE_TIME);
        if (time.compareTo(SHORTEST_BROWSE_TIME) < 0 || time.compareTo(LONGEST_BROWSE_TIME) > 0) {
            throw new ConfigurationException(Setting.BROWSE_TIME, "'" + s.get(Setting.BROWSE_TIME).orElse("")
                    + "' is outside 1 second to 1 hour");
        }
        return time;
    }

    private static int browseDepth(Settings s) {
        long depth = s.integer(Setting.BROWSE_DEPTH).orElse((long) DEFAULT_BROWSE_DEPTH);
        if (depth < 1 || depth > 100) {
            throw new ConfigurationException(Setting.BROWSE_DEPTH, "'" + depth + "' is not a percentage from 1 to 100");
        }
        return (int) depth;
    }

    private static String endpointPath(Settings s, Setting setting, String byDefault) {
        String path = s.get(setting).orElse(byDefault);
        if (OFF.equalsIgnoreCase(path)) {
            return null;
        }
        boolean ok = path.length() > 1 && path.length() <= 256 && path.startsWith("/") && !path.endsWith("/")
                && !path.contains("//") && !path.contains("/./") && !path.contains("/../");
        for (int i = 0; ok && i < path.length(); i++) {
            char c = path.charAt(i);
            ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "/._~-".indexOf(c) >= 0;
        }
        if (!ok) {
            throw new ConfigurationException(setting, "'" + path + "' is not a path such as " + byDefault
                    + " (letters, digits and /._~- only) or off");
        }
        return path;
    }

    /** One line for the start-up log. Holds no secret: the filter has none. */
    String describe() {
        return "store=" + stores.toString().toLowerCase(Locale.ROOT) + ", cookie " + cookieName
                + (cookieDomain == null ? " (host-only)" : " Domain=" + cookieDomain) + " Path=" + cookiePath
                + " Max-Age=" + maxAge.getSeconds() + "s HttpOnly=" + httpOnly + " Secure="
                + secure.settingValue() + " SameSite=" + sameSite + ", " + proxies.describe()
                + ", script=" + (scriptPath == null ? OFF : scriptPath) + ", capture endpoint="
                + (capturePath == null ? OFF : capturePath) + ", Referer capture=" + (refererCapture ? "same-origin"
                        : OFF) + ", browser events=" + (browserEvents.isEmpty() ? "none" : wireNames(browserEvents)
                        + " at " + eventPath + " (browse time " + browseTime.getSeconds() + "s, depth " + browseDepth
                        + "%, budget " + browserEventsBudget + " per client address)") + ", attribution="
                + attribution.name().toLowerCase(Locale.ROOT).replace('_', '-') + ", landing URLs without "
                + (landingUrlDropParams.isEmpty() ? "fragments" : "fragments and " + landingUrlDropParams) + ", "
                + form.describe();
    }
}
