package io.qhtrack.filter;

import io.qhtrack.core.Click;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Event;
import io.qhtrack.core.Origin;
import io.qhtrack.core.Setting;
import io.qhtrack.core.TrackOutcome;
import io.qhtrack.core.Tracker;
import io.qhtrack.core.internal.Printable;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.time.Clock;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The browser-event endpoint ({@code qhtrack.event.path}, default {@code /qhtrack/event}), served by
 * {@link ClickIdCaptureFilter}: the browser script reports a click on a marked element, or browsing, as
 * {@code POST /qhtrack/event?event=CALL_BUTTON&pv=<page view id>} with an empty body of type
 * {@value #CONTENT_TYPE}. Nothing else is accepted, and what is refused sends nothing to any platform:
 * <ul>
 *   <li>other methods than {@code POST}: 405;</li>
 *   <li>the same-origin guards: the {@value #CONTENT_TYPE} content type (a page of another site cannot make a browser
 *       send it, by {@code navigator.sendBeacon} or {@code fetch}, without a CORS preflight, which is never granted),
 *       one {@code Origin} header naming this site ({@link SameOrigin}), and {@code Sec-Fetch-Site: same-origin} when
 *       the browser sends it: 403;</li>
 *   <li>anything but exactly {@code event} and {@code pv} in the query (an amount, a score, a trans_id, any other
 *       parameter), a malformed value, or a body: 400;</li>
 *   <li>an event {@code qhtrack.browser-events} does not allow: 403.</li>
 * </ul>
 * Those are {@link TrackOutcome.Status#REFUSED}: counted in the tracker's metrics and logged at most once a minute
 * with a count. A well-formed, allowed event is reported for the click the visitor's store (cookie or session) held
 * when the request arrived: the endpoint never captures, neither from its query nor from its {@code Referer}, so a
 * script cannot invent a click and report for it in one request ({@code NOT_ATTRIBUTED} without one,
 * {@code EVENT_NOT_OFFERED} when the click's platform or line does not offer it, {@code LIMITED} beyond
 * {@code qhtrack.limit.per-click}). Each client address ({@link TrustedProxies}; IPv6 by its /64) may have at most
 * {@code qhtrack.browser-events.budget} events put in the outbox per window ({@link ClientBudgets}); beyond,
 * {@link TrackOutcome.Status#THROTTLED} and nothing is sent. Where a 360 line requires a {@code trans_id} (display
 * always), and for every other platform's click (its conversion key), it is the md5 of the click, the event and the
 * natural day ({@code qhtrack.zone}), so that every browser event counts once per click, event and day on every line:
 * a repeat is a {@code DUPLICATE}. With {@code qhtrack.attribution=all-platforms} the event is reported for each
 * platform's click ({@link QhClick#all}), each platform deciding whether it offers it; the budget counts it once. The
 * conversion is marked
 * {@link Origin#BROWSER}, which the outbox gives only a bounded share. The answer is then 204, whatever the outcome:
 * the page learns nothing it could not know.
 */
final class BrowserEventEndpoint {

    /** The content type the script sends, and the endpoint requires. */
    static final String CONTENT_TYPE = "application/x-qhtrack-event";
    /** The shortest page view id accepted; the script draws 32 hex digits. */
    static final int MIN_PAGE_VIEW_LENGTH = 16;
    /** The longest page view id accepted. */
    static final int MAX_PAGE_VIEW_LENGTH = 64;

    private static final Logger LOG = Logger.getLogger(ClickIdCaptureFilter.class.getName());

    private final ServletContext context;
    private final Set<Event> allowed;
    private final TrustedProxies proxies;
    private final ClientBudgets.Limit limit;
    private final ClientBudgets budgets;

    BrowserEventEndpoint(ServletContext context, CaptureSettings settings, Clock clock) {
        this.context = context;
        this.allowed = settings.browserEvents;
        this.proxies = settings.proxies;
        this.limit = settings.browserEventsBudget;
        this.budgets = new ClientBudgets(limit, ClientBudgets.MAX_ADDRESSES, clock);
    }

    /** Answers one request to the endpoint; never throws because of what it carries. */
    void handle(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        Optional<Tracker> tracker = QhTracker.tracker(context);
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            refuse(tracker, response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "a browser event sent with "
                    + Printable.of(request.getMethod(), 16) + ", not POST");
            return;
        }
        String unguarded = guardFailure(request, proxies);
        if (unguarded != null) {
            refuse(tracker, response, HttpServletResponse.SC_FORBIDDEN, "a browser event " + unguarded);
            return;
        }
        Map<String, String> parameters = new HashMap<>(4);
        String malformed = malformed(request, parameters);
        if (malformed != null) {
            refuse(tracker, response, HttpServletResponse.SC_BAD_REQUEST, "a browser event " + malformed);
            return;
        }
        Event event = Event.find(parameters.get("event")).orElse(null);
        if (event == null || !allowed.contains(event)) {
            refuse(tracker, response, HttpServletResponse.SC_FORBIDDEN, "browser event "
                    + Printable.quoted(parameters.get("event"), 40) + ": not in qhtrack.browser-events ("
                    + (allowed.isEmpty() ? "none" : CaptureSettings.wireNames(allowed)) + ")");
            return;
        }
        if (!tracker.isPresent()) {
            LOG.log(Level.FINE, "qhtrack: browser event {0} not reported: no qhtrack Tracker in this web application",
                    event.name());
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return;
        }
        report(tracker.get(), request, event, parameters.get("pv"));
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    private void report(Tracker tracker, HttpServletRequest request, Event event, String pageView) {
        List<Click> clicks = QhClick.all(request); // the store's: this endpoint never captures
        ClientBudgets.Charge charge = null;
        if (!clicks.isEmpty()) {
            charge = budgets.take(ClientBudgets.keyOf(proxies.clientAddress(request)));
            if (charge == null) {
                tracker.throttle("browser event " + event.name() + " beyond its client address's budget ("
                        + Setting.BROWSER_EVENTS_BUDGET + "=" + limit + ")");
                return;
            }
        }
        boolean accepted = false;
        try {
            if (clicks.isEmpty()) {
                log(event, pageView, tracker.report((Click) null, conversion(tracker, null, event).build()));
            }
            // with qhtrack.attribution=all-platforms, for each platform's click: its platform says what it offers
            for (Click click : clicks) {
                TrackOutcome outcome = tracker.report(click, conversion(tracker, click, event).build());
                accepted |= outcome.isAccepted();
                log(event, pageView, outcome);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "qhtrack: reporting a browser event failed unexpectedly; it is not queued", e);
        } finally {
            if (charge != null && !accepted) {
                charge.cancel(); // only what reaches the outbox counts against the budget
            }
        }
    }

    private static void log(Event event, String pageView, TrackOutcome outcome) {
        if (LOG.isLoggable(Level.FINE)) {
            LOG.log(Level.FINE, "qhtrack: browser event " + event.name() + " of page view " + pageView + ": "
                    + outcome.status() + " (" + Printable.of(outcome.message(), 300) + ")");
        }
    }

    /**
     * The conversion a browser event asks for: {@link Origin#BROWSER}, with a {@code trans_id} derived from the click,
     * the event and the natural day, so that it counts once per click, event and day, however many pages report it:
     * for a 360 click where its line requires one (360's rule, unchanged), for any other platform's always (it is
     * their conversion key: Baidu's {@code outerEventId}, Tencent's {@code outer_action_id}).
     */
    private static Conversion.Builder conversion(Tracker tracker, Click click, Event event) {
        Conversion.Builder conversion = Conversion.builder(event).origin(Origin.BROWSER);
        if (click != null && (!CapturePlatforms.QIHOO360.equals(click.platform())
                || click.line().requiresTransId(event))) {
            Map<String, List<String>> identity = new HashMap<>(4);
            identity.put("qhtrack.click", Collections.singletonList(click.id()));
            identity.put("qhtrack.event", Collections.singletonList(event.name()));
            identity.put("qhtrack.day", Collections.singletonList(tracker.naturalDay().toString()));
            conversion.transIdFromForm(identity);
        }
        return conversion;
    }

    private static void refuse(Optional<Tracker> tracker, HttpServletResponse response, int status, String why) {
        if (tracker.isPresent()) {
            tracker.get().refuse(why + "; nothing sent");
        } else {
            LOG.log(Level.FINE, () -> "qhtrack: refused " + Printable.of(why, 300) + "; nothing sent");
        }
        response.setStatus(status);
    }

    /** What is wrong with the request's same-origin guards, or {@code null}. */
    private static String guardFailure(HttpServletRequest request, TrustedProxies proxies) {
        String type = request.getContentType();
        int semicolon = type == null ? -1 : type.indexOf(';');
        String mediaType = type == null ? null : (semicolon < 0 ? type : type.substring(0, semicolon)).trim()
                .toLowerCase(Locale.ROOT);
        if (!CONTENT_TYPE.equals(mediaType)) {
            return "without the " + CONTENT_TYPE + " content type (" + Printable.quoted(type, 60) + ")";
        }
        String origin = request.getHeader("Origin");
        if (origin == null || !SameOrigin.matches(origin, request, proxies)) {
            return "from another origin (Origin " + Printable.quoted(origin, 100) + ")";
        }
        Enumeration<String> origins = request.getHeaders("Origin");
        if (origins != null && origins.hasMoreElements() && origins.nextElement() != null && origins.hasMoreElements()) {
            return "with several Origin headers, which no browser sends";
        }
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if (fetchSite != null && !"same-origin".equals(fetchSite)) {
            return "from another site (Sec-Fetch-Site " + Printable.quoted(fetchSite, 40) + ")";
        }
        return null;
    }

    /**
     * What is wrong with the request's query and body, or {@code null} with {@code event} and {@code pv} put in
     * {@code parameters}.
     */
    private static String malformed(HttpServletRequest request, Map<String, String> parameters) {
        long length = request.getContentLengthLong();
        if (length > 0 || length < 0 && request.getHeader("Transfer-Encoding") != null) {
            return "with a body";
        }
        String query = request.getQueryString();
        if (query == null || query.isEmpty()) {
            return "without event and pv";
        }
        for (String pair : query.split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            if (!"event".equals(name) && !"pv".equals(name)) {
                return "carrying other parameters than event and pv (" + Printable.quoted(name, 40) + ")";
            }
            if (parameters.put(name, value) != null) {
                return "carrying " + name + " twice";
            }
        }
        String event = parameters.get("event");
        String pageView = parameters.get("pv");
        if (event == null || pageView == null) {
            return "without " + (event == null ? "event" : "pv");
        }
        if (!isEventName(event)) {
            return "with a malformed event name " + Printable.quoted(event, 40);
        }
        if (!isPageView(pageView)) {
            return "with a malformed page view id " + Printable.quoted(pageView, 80);
        }
        return null;
    }

    private static boolean isEventName(String s) {
        if (s.isEmpty() || s.length() > 32) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPageView(String s) {
        if (s.length() < MIN_PAGE_VIEW_LENGTH || s.length() > MAX_PAGE_VIEW_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
