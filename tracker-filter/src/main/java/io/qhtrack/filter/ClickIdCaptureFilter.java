package io.qhtrack.filter;

import io.qhtrack.core.Click;
import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Settings;
import io.qhtrack.core.spi.LandingRequest;
import io.qhtrack.core.spi.Platform;
import io.qhtrack.core.internal.Printable;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Captures the ad platforms' click ids from landing URLs (360 Dianjing's, and Baidu's and Tencent's once configured)
 * and remembers them for the attribution window, so that a later conversion can be reported to the right platform on
 * the right product line.
 *
 * <h2>What it does</h2>
 * <ul>
 *   <li><b>Capture.</b> On a {@code REQUEST} dispatch whose raw query string carries a click parameter of an enabled
 *       platform, it stores a {@link Click}: platform, line, id and capture time. The platforms are those of the
 *       application's {@code Tracker} (configured with its settings; without one, those the {@code ServiceLoader}
 *       finds, configured with these settings); a platform is enabled once its credentials are
 *       set (or {@code qhtrack.<platform>.enabled=true}), and a platform that is not enabled is not captured: its
 *       parameter is ignored and the current click kept. 360 is always captured: {@code qhclickid} (search; PC or
 *       mobile search, decided now from the User-Agent or fixed by {@code qhtrack.search.device}), {@code sourceid}
 *       (display) and {@code impression_id} (mobile promotion). Baidu: {@code bd_vid}; Tencent: {@code gdt_vid}
 *       (WeChat traffic), else {@code qz_gdt}. The query string is parsed by the filter itself, never with
 *       {@code getParameter*}, so the body of a form POST is left for the application. Values are percent-decoded
 *       once; the last acceptable occurrence wins, whichever platform it is (except that within one platform and line
 *       the parameter the platform lists first wins: {@code gdt_vid} over {@code qz_gdt}); empty values, unreplaced
 *       macros ({@code __impression_id__}, {@code {bd_vid}}, {@code %%GDT_VID%%}), ids over
 *       {@value Click#MAX_ID_LENGTH} characters or outside {@code [A-Za-z0-9._-]} are ignored with a debug log, and
 *       the previous click is kept.</li>
 *   <li><b>Landing URL.</b> A Baidu or Tencent click keeps the URL it landed on (Baidu's {@code logidUrl},
 *       Tencent's {@code url}): scheme, host, port, path and query as the browser had them (behind a trusted proxy
 *       the host and https it forwarded), never the fragment and never a {@code ;jsessionid}; without the query
 *       parameters {@code qhtrack.landing-url.drop-params} lists; at most {@value Click#MAX_LANDING_URL_LENGTH}
 *       characters, a longer one losing its other query parameters, the last first, never the click parameter. An
 *       id found in a URL's fragment (by the browser script) is put in the query of the URL kept.</li>
 *   <li><b>Last click wins, across platforms.</b> A new click replaces the stored one before the application runs, so
 *       the cookie is set even when the application redirects or streams: a visitor from Baidu who later arrives from
 *       360 converts for 360. The same click seen again keeps its original capture time and writes nothing. With
 *       {@code qhtrack.attribution=all-platforms} the store keeps the newest click of each platform instead, and
 *       {@link QhTracker} reports a conversion to each of them ({@link QhClick#all}); a click of the same platform
 *       still replaces that platform's older one. The cookie stays under 4 KB: when several clicks' landing URLs do
 *       not fit, they are cut to their click parameter, the oldest click's first, and then the oldest clicks are
 *       dropped; the latest click is always kept.</li>
 *   <li><b>Referer fallback.</b> A page navigation without click parameters whose {@code Referer} is of this site
 *       (same host and port, or the host a trusted proxy forwarded) and carries one captures it, with the same
 *       validation ({@code qhtrack.capture.referer}): the landing page was served by a CDN or a static server of the
 *       same site, and this is the first page request from it that reaches the application (a link followed, a form
 *       posted). A navigation is {@code Sec-Fetch-Dest: document} (any method), or, from a browser that sends no
 *       {@code Sec-Fetch-*} headers, an {@code Accept} that includes {@code text/html}: never an image, a script, a
 *       style sheet or a beacon fetched from the landing page. A {@code Referer} click never replaces a newer one:
 *       the store remembers, with the click in force, short fingerprints of the clicks it superseded, and a
 *       {@code Referer} carrying one of those (a stale tab) is ignored, while a click never seen still wins. The
 *       landing URL of a {@code Referer} click is the {@code Referer}'s. Never
 *       from another site's {@code Referer}, never on the event endpoint, and never on the script's own (publicly
 *       cached) response.</li>
 *   <li><b>Hot path.</b> A request without click parameters costs a scan of the query string (one search for
 *       {@code =}, and a look at the character before each: only a name ending like an enabled parameter's is looked
 *       at further) and a look at the {@code Referer} header: no parameter map, no session, no cookie parsing, no
 *       allocation unless the {@code Referer}'s query may hold a click parameter. Other dispatches (forward, include, error, async) pass
 *       straight through.</li>
 *   <li><b>Browser events.</b> With {@code qhtrack.browser-events} set, the script also reports clicks on elements
 *       marked {@code data-qhtrack-event="CALL_BUTTON"} and browsing ({@code BROWSETIME}, {@code BROWSE_DEPTH},
 *       {@code SITE_VISIT_DEPTH}) to the event endpoint, which this filter serves: see
 *       {@link BrowserEventEndpoint} for what it accepts and refuses. The endpoint never captures: an event counts
 *       only for a click captured on an earlier request. Each client address may have
 *       {@code qhtrack.browser-events.budget} events reported per window; beyond, {@code THROTTLED}. Server-side
 *       conversions and click capture are never budgeted by address.</li>
 *   <li><b>Behind a reverse proxy.</b> The client address (for the budgets), the site's host (for the same-origin
 *       checks of beacons and {@code Referer}s, and the cookie's domain) and https (for {@code Secure}) come from
 *       {@code X-Forwarded-For}, {@code Forwarded}, {@code X-Forwarded-Host} and {@code X-Forwarded-Proto} only when
 *       the request comes from a proxy listed in {@code qhtrack.trusted-proxies} ({@link TrustedProxies}); a request
 *       the container or Spring Boot already rewrote ({@code server.forward-headers-strategy}) is taken as it is.
 *       Behind an undeclared proxy, every visitor has the proxy's address and so shares one budget.</li>
 *   <li><b>Single-page apps.</b> When a platform's append rules put the id in the URL fragment
 *       ({@code /app#/form?x=1}), the server never sees it: include {@code <script src="/qhtrack.js"></script>}
 *       (context path first) in the page's {@code <head>}. The script reads every enabled platform's parameters (the
 *       list is written into it when the filter starts) from {@code location.search} and {@code location.hash} and
 *       POSTs them to the capture endpoint with the page's URL without its fragment (header
 *       {@code X-Qhtrack-Page}; the landing URL of a Baidu or Tencent click is built from it when it is of this site,
 *       else from the request's {@code Referer}, else this site's root, with the id in its query). The endpoint
 *       validates them exactly like URL capture, sets the same cookie and answers {@code 204}. It accepts click ids
 *       only, requires the
 *       {@code X-Qhtrack-Capture} header (which a page of another site cannot make a browser send without a CORS
 *       preflight, which is never granted) and refuses requests whose {@code Sec-Fetch-Site} is not
 *       {@code same-origin}.</li>
 *   <li><b>Caches.</b> The response that sets the click (its cookie, or the session's) is marked
 *       {@code Cache-Control: private} unless the application or an earlier filter already chose a
 *       {@code Cache-Control}, so that no shared cache stores one visitor's click and hands it to others. A
 *       {@code Cache-Control} the application sets later replaces it: if landing pages are cached by a CDN, keep
 *       responses that carry {@code Set-Cookie} (or landing URLs with {@code qhclickid}, {@code sourceid},
 *       {@code impression_id}, {@code bd_vid}, {@code gdt_vid}, {@code qz_gdt}) out of its cache, or let the CDN serve them without the Java application and rely on
 *       the browser script or on the Referer of the next request that does reach it.</li>
 *   <li><b>Access.</b> Application code asks {@link QhClick#current(HttpServletRequest)} (and
 *       {@link QhClick#all(HttpServletRequest)}).</li>
 * </ul>
 *
 * <h2>What a foreign site can and cannot do</h2>
 * A click id is whatever a landing URL carries, and 360's own redirect to the landing page is a navigation from
 * another site, so URL capture cannot tell a real ad click from a planted one. Any site can send a visitor to
 * {@code https://your.site/?qhclickid=…} (or {@code ?bd_vid=…}: a link, a redirect, a pop-up) with an id of its
 * choosing, and that id
 * replaces the visitor's click (last click wins); with {@code SameSite=Lax}, the default, browsers set the cookie
 * only on such top-level navigations, not on images or frames of the other site. Anyone can also send requests with
 * any id from their own browser or a script. What follows: the visitor's later conversions are reported for the
 * planted click (a platform ignores ids it did not issue, and credits a real one to the ad it came from), and a forger's
 * own conversions are bounded by {@code qhtrack.limit.per-click}, a stable {@code trans_id} and amounts the server
 * computes. What a foreign site cannot do: read the click cookie ({@code HttpOnly}) or learn a visitor's click id,
 * make the visitor's browser call the capture endpoint (the header above), report a conversion itself, choose an
 * amount, or see a secret: the filter and the browser script hold none. What a script (no browser) can do, and what
 * bounds it, is in the README's security section: per-click limits, the budget per client address, the event
 * endpoint's refusal to capture, and the outbox's bounded share for what the browser causes.
 *
 * <h2>Init-parameters</h2>
 * Each setting is read, first found wins, from the filter's init-param, the web application's context-param, a
 * system property, or an environment variable (upper-cased, {@code .} and {@code -} become {@code _}:
 * {@code qhtrack.cookie.max-age} is {@code QHTRACK_COOKIE_MAX_AGE}). Values are checked once, in {@link #init}: a
 * value the filter cannot use fails {@code init} with a message naming the setting and the value.
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>name</th><th>default</th><th>meaning</th><th>example</th></tr>
 *   <tr><td>{@code qhtrack.store}</td><td>{@code cookie}</td><td>where the click is kept: {@code cookie},
 *       {@code session}, or {@code cookie,session} (read in that order, written to both)</td>
 *       <td>{@code session}</td></tr>
 *   <tr><td>{@code qhtrack.cookie.name}</td><td>{@code qhtrack_click}</td><td>cookie name (an RFC 6265 token;
 *       {@code __Secure-} and {@code __Host-} prefixes are checked)</td><td>{@code __Host-qhclick}</td></tr>
 *   <tr><td>{@code qhtrack.cookie.domain}</td><td>none: a host-only cookie of the request host</td><td>shares the
 *       cookie between sub-domains; written only on requests whose host is that domain or below it. Never
 *       guessed</td><td>{@code example.com.cn}</td></tr>
 *   <tr><td>{@code qhtrack.cookie.path}</td><td>{@code /}</td><td>cookie path</td><td>{@code /shop}</td></tr>
 *   <tr><td>{@code qhtrack.cookie.max-age}</td><td>{@code P30D} (2592000)</td><td>the attribution window: cookie
 *       lifetime, and the age beyond which a stored click (cookie or session) is ignored. Seconds or ISO-8601, 1 s
 *       to 400 days</td><td>{@code P7D}, {@code 604800}</td></tr>
 *   <tr><td>{@code qhtrack.cookie.http-only}</td><td>{@code true}</td><td>{@code HttpOnly}</td>
 *       <td>{@code false}</td></tr>
 *   <tr><td>{@code qhtrack.cookie.secure}</td><td>{@code auto}</td><td>{@code Secure}: {@code auto} when the
 *       request is secure (or a trusted proxy forwarded https), {@code true}, {@code false}</td>
 *       <td>{@code true}</td></tr>
 *   <tr><td>{@code qhtrack.cookie.same-site}</td><td>{@code Lax}</td><td>{@code Lax}, {@code Strict} or
 *       {@code None} ({@code None} requires {@code qhtrack.cookie.secure=true})</td><td>{@code Strict}</td></tr>
 *   <tr><td>{@code qhtrack.trusted-proxies}</td><td>none</td><td>addresses and CIDR blocks (IPv4, IPv6) of the
 *       reverse proxies in front of the application, comma-separated: only from these are {@code X-Forwarded-For},
 *       {@code Forwarded}, {@code X-Forwarded-Host} and {@code X-Forwarded-Proto} believed. Host names are refused
 *       (never looked up)</td><td>{@code 10.0.0.0/8, ::1}</td></tr>
 *   <tr><td>{@code qhtrack.trust-forwarded-proto}</td><td>{@code false}</td><td>deprecated: use
 *       {@code qhtrack.trusted-proxies}. {@code true} believes the first {@code X-Forwarded-Proto} value from any
 *       peer</td><td>{@code true}</td></tr>
 *   <tr><td>{@code qhtrack.search.device}</td><td>{@code auto}</td><td>360's platform setting: how a
 *       {@code qhclickid} click is told PC search from mobile search: {@code auto} (User-Agent), {@code pc},
 *       {@code mobile}; read where the tracker's settings are read</td><td>{@code mobile}</td></tr>
 *   <tr><td>{@code qhtrack.script.path}</td><td>{@code /qhtrack.js}</td><td>where the browser script is served
 *       (below the context path), or {@code off}</td><td>{@code /static/qhtrack.js}</td></tr>
 *   <tr><td>{@code qhtrack.capture.path}</td><td>{@code /qhtrack/capture}</td><td>the script's capture endpoint
 *       (POST only), or {@code off} (then the script must be off too)</td><td>{@code /api/qhtrack}</td></tr>
 *   <tr><td>{@code qhtrack.attribution}</td><td>{@code last-click}</td><td>which clicks a conversion is reported
 *       for: {@code last-click}, the visitor's latest ad click whatever its platform; {@code all-platforms}, the
 *       newest click of each platform the visitor came from within the window (the cookie then holds one per
 *       platform)</td><td>{@code all-platforms}</td></tr>
 *   <tr><td>{@code qhtrack.landing-url.drop-params}</td><td>none</td><td>query parameters left out of the landing
 *       URL a Baidu or Tencent click keeps, comma-separated, compared ignoring case (never the click parameter):
 *       those the site treats as personal</td><td>{@code phone,email}</td></tr>
 *   <tr><td>{@code qhtrack.capture.referer}</td><td>{@code same-origin}</td><td>capture from a same-origin
 *       {@code Referer} when the request itself has no click parameters; {@code off}</td><td>{@code off}</td></tr>
 *   <tr><td>{@code qhtrack.browser-events}</td><td>none: the event endpoint refuses everything</td><td>the events the
 *       script may report, comma-separated: {@code CALL_BUTTON}, {@code WX_BUTTON_C}, {@code ADVISORY_BUTTON},
 *       {@code SUBMIT_BUTTON}, {@code SHOP_BUTTON}, {@code CART_BUTTON}, {@code REGISTER_BUTTON},
 *       {@code SCAN_BUTTON}, {@code SITEDOWNLOAD}, {@code BROWSETIME}, {@code BROWSE_DEPTH},
 *       {@code SITE_VISIT_DEPTH}</td><td>{@code CALL_BUTTON,WX_BUTTON_C,BROWSETIME}</td></tr>
 *   <tr><td>{@code qhtrack.browser-events.budget}</td><td>{@code 30/PT1H}</td><td>browser events reported per client
 *       address (an IPv6 address by its /64) per window, {@code COUNT/DURATION}: count 1 to 1000000, an ISO-8601
 *       window of 1 second to 7 days starting with the address's first event. Only events put in the outbox count;
 *       beyond, {@code THROTTLED} and nothing sent. At most 100000 addresses are tracked, in memory only</td>
 *       <td>{@code 100/PT1H}</td></tr>
 *   <tr><td>{@code qhtrack.event.path}</td><td>{@code /qhtrack/event}</td><td>the browser-event endpoint (POST
 *       only), or {@code off} (then {@code qhtrack.browser-events} must be unset)</td><td>{@code /api/qh-event}</td>
 *       </tr>
 *   <tr><td>{@code qhtrack.browse-time}</td><td>{@code PT30S}</td><td>visible time after which the script reports
 *       {@code BROWSETIME}, 1 s to 1 h (ISO-8601 or milliseconds)</td><td>{@code PT1M}</td></tr>
 *   <tr><td>{@code qhtrack.browse-depth}</td><td>{@code 75}</td><td>percent of the page scrolled past before the
 *       script reports {@code BROWSE_DEPTH}, 1 to 100</td><td>{@code 90}</td></tr>
 *   <tr><td>{@code qhtrack.form.fields}</td><td>all body fields</td><td>the only body fields a form's
 *       {@code trans_id} is derived from ({@link QhTracker}); comma-separated, compared ignoring case; never the
 *       query string</td><td>{@code name,phone}</td></tr>
 *   <tr><td>{@code qhtrack.form.ignore-fields}</td><td>{@code _csrf, csrf_token, csrfmiddlewaretoken,
 *       authenticity_token, __RequestVerificationToken, _token, _t, timestamp, nonce}</td><td>body fields left out
 *       of a form's {@code trans_id}, compared ignoring case, so that a resubmitted form with a fresh per-render
 *       token is one conversion; a value replaces the whole list</td><td>{@code _csrf,form_nonce}</td></tr>
 *   <tr><td>{@code qhtrack.auto-register}</td><td>{@code true}</td><td>read by
 *       {@link ClickIdCaptureInitializer} (context-param, system property or environment only): {@code false}
 *       stops the jar from registering this filter by itself</td><td>{@code false}</td></tr>
 * </table>
 *
 * <h2>Registration</h2>
 * With the jar in {@code WEB-INF/lib} nothing else is needed: {@link ClickIdCaptureInitializer} registers the filter
 * on {@code /*}, first in the chain. To register it yourself (and set init-params), in {@code web.xml}:
 * <pre>{@code
 * <filter>
 *   <filter-name>qhtrack</filter-name>
 *   <filter-class>io.qhtrack.filter.ClickIdCaptureFilter</filter-class>
 *   <async-supported>true</async-supported>
 *   <init-param>
 *     <param-name>qhtrack.cookie.domain</param-name>
 *     <param-value>example.com.cn</param-value>
 *   </init-param>
 * </filter>
 * <filter-mapping>
 *   <filter-name>qhtrack</filter-name>
 *   <url-pattern>/*</url-pattern>
 *   <dispatcher>REQUEST</dispatcher>
 * </filter-mapping>
 * }</pre>
 * or in code ({@code ServletContext.addFilter("qhtrack", ClickIdCaptureFilter.class)}, then
 * {@code addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*")}), or in Spring Boot with a
 * {@code FilterRegistrationBean<ClickIdCaptureFilter>} on {@code /*}. Either way the automatic registration stands
 * aside, so the filter never runs twice.
 */
public final class ClickIdCaptureFilter implements Filter {

    /** Init-param set by {@link ClickIdCaptureInitializer} on its own registration. */
    static final String AUTO_REGISTERED = "io.qhtrack.filter.auto-registered";

    private static final Logger LOG = Logger.getLogger(ClickIdCaptureFilter.class.getName());
    /** What an {@code Accept} header of a page navigation includes. */
    private static final String HTML = "text/html";

    private final Clock clock;
    /** The platforms given by a test, or {@code null}: those {@link CapturePlatforms#load} finds. */
    private final List<Platform> givenPlatforms;

    private boolean active;
    /** The options it was constructed with, or {@code null}: then {@link #init} reads the init-params. */
    private final CaptureOptions options;
    private CaptureSettings settings;
    /** The enabled platforms' click parameters. */
    private ClickParameters parameters;
    private ClickStore store;
    private ServletContext context;
    /** Request URIs of the script and the capture endpoint, context path included; {@code null} when off. */
    private String scriptUri;
    private String captureUri;
    private String eventUri;
    private BrowserScript script;
    private BrowserEventEndpoint events;

    /** A filter on the system clock, configured by its init-params ({@link #init(FilterConfig)}). */
    public ClickIdCaptureFilter() {
        this(Clock.systemUTC());
    }

    /**
     * A filter on the system clock configured with {@code options}, read once by whoever constructs it (the Spring
     * Boot starter); its init-params are not read.
     */
    public ClickIdCaptureFilter(CaptureOptions options) {
        this(Clock.systemUTC(), null, Objects.requireNonNull(options, "options"));
    }

    /** A filter reading time from {@code clock} (tests move it instead of sleeping). */
    ClickIdCaptureFilter(Clock clock) {
        this(clock, null);
    }

    /**
     * A filter reading time from {@code clock} that captures the clicks of {@code platforms} (configured already; the
     * enabled ones are captured, 360 always), instead of those the {@code ServiceLoader} finds.
     */
    ClickIdCaptureFilter(Clock clock, List<Platform> platforms) {
        this(clock, platforms, null);
    }

    private ClickIdCaptureFilter(Clock clock, List<Platform> platforms, CaptureOptions options) {
        this.clock = clock;
        this.givenPlatforms = platforms == null ? null : Collections.unmodifiableList(new ArrayList<>(platforms));
        this.options = options;
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        ServletContext servletContext = config.getServletContext();
        Settings source = options != null ? options.source : Settings.firstOf(config::getInitParameter,
                servletContext::getInitParameter, Settings.system());
        List<Platform> platforms;
        try {
            settings = options != null ? options.capture : CaptureSettings.from(source);
            platforms = givenPlatforms != null ? givenPlatforms
                    : CapturePlatforms.load(QhTracker.tracker(servletContext).orElse(null), source);
            parameters = CapturePlatforms.parameters(platforms);
        } catch (ConfigurationException e) {
            throw new ServletException("qhtrack: filter " + config.getFilterName() + " cannot start, "
                    + e.getMessage(), e);
        }
        if (Boolean.parseBoolean(config.getInitParameter(AUTO_REGISTERED))) {
            String other = registrationOtherThan(servletContext, config.getFilterName());
            if (other != null) {
                LOG.log(Level.INFO, "qhtrack: ClickIdCaptureFilter is registered as {0} too; the automatic "
                        + "registration {1} stands aside", new Object[] {other, config.getFilterName()});
                return;
            }
        }
        context = servletContext;
        store = storeFor(settings, clock);
        String contextPath = servletContext.getContextPath() == null ? "" : servletContext.getContextPath();
        captureUri = settings.capturePath == null ? null : contextPath + settings.capturePath;
        scriptUri = settings.scriptPath == null ? null : contextPath + settings.scriptPath;
        eventUri = settings.eventPath == null ? null : contextPath + settings.eventPath;
        script = scriptUri == null ? null : BrowserScript.of(captureUri, eventUri, parameters.names(),
                settings.browserEvents, settings.browseTime, settings.browseDepth);
        events = eventUri == null ? null : new BrowserEventEndpoint(servletContext, settings, clock);
        ClickStore published = store;
        QhtrackRuntime.update(servletContext, r -> r.withCapture(platforms, settings, published));
        active = true;
        LOG.log(Level.INFO, "qhtrack: capturing the clicks of {0} as {1}: {2}",
                new Object[] {parameters.describe(), config.getFilterName(), settings.describe()});
    }

    /**
     * The name of a registration of this filter class in {@code context} other than {@code name}, or {@code null}.
     */
    static String registrationOtherThan(ServletContext context, String name) {
        Map<String, ? extends FilterRegistration> registrations;
        try {
            registrations = context.getFilterRegistrations();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "qhtrack: this container does not list filter registrations here", e);
            return null;
        }
        for (FilterRegistration registration : registrations.values()) {
            if (ClickIdCaptureFilter.class.getName().equals(registration.getClassName())
                    && !registration.getName().equals(name)) {
                return registration.getName();
            }
        }
        return null;
    }

    private static ClickStore storeFor(CaptureSettings settings, Clock clock) {
        List<ClickStore> stores = new ArrayList<>();
        for (CaptureSettings.StoreKind kind : settings.stores) {
            stores.add(kind == CaptureSettings.StoreKind.COOKIE ? new CookieClickStore(settings, clock)
                    : new SessionClickStore(settings, clock));
        }
        return stores.size() == 1 ? stores.get(0) : new CompositeClickStore(stores);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (active && req.getDispatcherType() == DispatcherType.REQUEST && req instanceof HttpServletRequest
                && res instanceof HttpServletResponse) {
            HttpServletRequest request = (HttpServletRequest) req;
            HttpServletResponse response = (HttpServletResponse) res;
            // the script is served only with the capture endpoint (CaptureSettings refuses it alone)
            String uri = captureUri == null && eventUri == null ? null : request.getRequestURI();
            if (captureUri != null && captureUri.equals(uri)) {
                handleCapture(request, response);
                return;
            }
            if (scriptUri != null && scriptUri.equals(uri)) {
                serveScript(request, response); // never captures: the script is cached by every shared cache
                return;
            }
            if (eventUri != null && eventUri.equals(uri)) {
                // never captures: a browser event counts only for a click the store held before this request
                events.handle(request, response);
                return;
            }
            String query = request.getQueryString();
            ClickParameters.Seen seen = query == null ? null : parameters.scan(query);
            if (seen != null) {
                capture(request, response, seen, null, false);
            } else if (settings.refererCapture) {
                captureFromReferer(request, response);
            }
        }
        chain.doFilter(req, res);
    }

    /**
     * Captures the click parameters of the request's {@code Referer} when the request is a page navigation
     * ({@link #isNavigation}) and the {@code Referer} is of this site ({@link SameOrigin}): the landing page was served
     * by a CDN or a static server of the same site, and this is the first page request from it that reaches the
     * application. Never from another site's {@code Referer}, and never on a fetch of an image, a script, a style sheet
     * or a beacon. Costs a header look-up and, when there is a {@code Referer} with a query, a scan of it; allocates
     * only when it may hold a click parameter.
     */
    private void captureFromReferer(HttpServletRequest request, HttpServletResponse response) {
        String referer = request.getHeader("Referer");
        int question = referer == null ? -1 : referer.indexOf('?');
        if (question < 0 || !parameters.mayHoldOne(referer, question + 1) || !isNavigation(request)) {
            return;
        }
        if (!SameOrigin.matches(referer, request, settings.proxies)) {
            if (LOG.isLoggable(Level.FINE) && parameters.scan(queryOf(referer, question)) != null) {
                LOG.log(Level.FINE, "qhtrack: ignoring the click id on a Referer of another site: {0}",
                        Printable.of(referer, 300));
            }
            return;
        }
        ClickParameters.Seen seen = parameters.scan(queryOf(referer, question));
        if (seen != null) {
            capture(request, response, seen, referer, true);
        }
    }

    /**
     * Whether the request is a page navigation: {@code Sec-Fetch-Dest: document} (any method: a form posted from a
     * static landing page counts), or, from a browser that sends no fetch metadata ({@code Sec-Fetch-*}), an
     * {@code Accept} that includes {@code text/html}. Allocation-free.
     */
    static boolean isNavigation(HttpServletRequest request) {
        String destination = request.getHeader("Sec-Fetch-Dest");
        if (destination != null) {
            return "document".equalsIgnoreCase(destination.trim());
        }
        if (request.getHeader("Sec-Fetch-Mode") != null || request.getHeader("Sec-Fetch-Site") != null
                || request.getHeader("Sec-Fetch-User") != null) {
            return false;
        }
        String accept = request.getHeader("Accept");
        if (accept == null) {
            return false;
        }
        for (int i = accept.length() - HTML.length(); i >= 0; i--) {
            if (accept.regionMatches(true, i, HTML, 0, HTML.length())) {
                return true;
            }
        }
        return false;
    }

    private static String queryOf(String url, int question) {
        int hash = url.indexOf('#', question);
        return url.substring(question + 1, hash < 0 ? url.length() : hash);
    }

    /**
     * Remembers the click {@code seen} on this request's URL ({@code page} {@code null}) or on the page {@code page}
     * names (its {@code Referer}, {@code fromReferer}; the page the browser script ran on), with its landing URL when
     * the platform keeps one; never throws into the application.
     */
    private void capture(HttpServletRequest request, HttpServletResponse response, ClickParameters.Seen seen,
            String page, boolean fromReferer) {
        if (request.getAttribute(QhClick.ATTRIBUTE) instanceof Click) {
            return; // this request was handled already (the filter is registered twice)
        }
        try {
            ClickParameters.Found found = seen.winner(new Landing(request));
            Click.Builder click = Click.builder(found.platform(), found.id()).line(found.line().id())
                    .capturedAt(Instant.ofEpochSecond(clock.instant().getEpochSecond()));
            if (found.keepsLandingUrl()) {
                String url = page == null
                        ? LandingUrl.ofRequest(request, settings.proxies, found, settings.landingUrlDropParams)
                        : LandingUrl.ofPage(page, found, settings.landingUrlDropParams);
                if (url != null) {
                    click.landingUrl(url);
                } else {
                    LOG.log(Level.FINE, "qhtrack: the {0} click has no landing URL: the request''s host is not one a "
                            + "URL can carry", found.platform());
                }
            }
            Click captured = click.build();
            StoredClick effective = store.remember(request, response, captured, fromReferer);
            QhClick.remember(request, effective);
            if (LOG.isLoggable(Level.FINE)) {
                LOG.log(Level.FINE, "qhtrack: {0} click {1} ({2})", new Object[] {found.platform() + " "
                        + found.line().id(), Printable.of(captured.id()), effective.click.equals(captured) ? "new"
                                : effective.click.isSameClickAs(captured) ? "seen before, kept from "
                                        + effective.click.capturedAt()
                                : "on the Referer of a stale page: the visitor moved on to a newer click, kept"});
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "qhtrack: could not remember the ad click; the request goes on without it", e);
        }
    }

    /** What a platform's landing parameter may look at to decide a click's line. */
    private static final class Landing implements LandingRequest {
        private final HttpServletRequest request;

        Landing(HttpServletRequest request) {
            this.request = request;
        }

        @Override
        public String userAgent() {
            return request.getHeader("User-Agent");
        }

        @Override
        public String path() {
            String uri = request.getRequestURI();
            String contextPath = request.getContextPath();
            return uri != null && contextPath != null && uri.startsWith(contextPath) ? uri.substring(
                    contextPath.length()) : uri;
        }
    }

    private void serveScript(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        boolean head = "HEAD".equals(method);
        if (!head && !"GET".equals(method)) {
            response.setHeader("Allow", "GET, HEAD");
            response.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        response.setHeader("ETag", script.etag());
        response.setHeader("Cache-Control", "public, max-age=86400");
        response.setHeader("X-Content-Type-Options", "nosniff");
        String ifNoneMatch = request.getHeader("If-None-Match");
        if (ifNoneMatch != null && (ifNoneMatch.contains(script.etag()) || "*".equals(ifNoneMatch.trim()))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setContentType("text/javascript;charset=utf-8");
        response.setContentLength(script.length());
        if (!head) {
            response.getOutputStream().write(script.bytes());
        }
    }

    private void handleCapture(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            response.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if (request.getHeader(BrowserScript.CAPTURE_HEADER) == null
                || (fetchSite != null && !"same-origin".equals(fetchSite))) {
            LOG.log(Level.FINE, "qhtrack: refused a capture request without {0} or from another site",
                    BrowserScript.CAPTURE_HEADER);
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        ClickParameters.Seen seen = parameters.scan(request.getQueryString());
        if (seen != null) {
            capture(request, response, seen, pageOf(request), false);
        }
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    /**
     * The page the browser script ran on, for the landing URL: its {@value BrowserScript#PAGE_HEADER} header, else its
     * {@code Referer}, when of this site ({@link SameOrigin}); else this site's root.
     */
    private String pageOf(HttpServletRequest request) {
        for (String page : new String[] {request.getHeader(BrowserScript.PAGE_HEADER), request.getHeader("Referer")}) {
            if (page != null && page.length() <= BrowserScript.MAX_PAGE_URL_LENGTH
                    && SameOrigin.matches(page, request, settings.proxies)) {
                return page;
            }
        }
        String origin = LandingUrl.origin(request, settings.proxies);
        return origin == null ? null : origin + "/";
    }

    @Override
    public void destroy() {
        if (context != null && store != null) {
            ClickStore own = store;
            QhtrackRuntime.update(context, r -> r.store == own ? r.withoutCapture() : r);
        }
        active = false;
    }
}
