package io.qhtrack.sample;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qhtrack.core.Click;
import io.qhtrack.core.Event;
import io.qhtrack.platform.qihoo360.EventParam;
import io.qhtrack.core.spi.OutboxEntry;
import io.qhtrack.core.spi.PlatformUpload;
import io.qhtrack.core.OutboxState;
import io.qhtrack.core.ProductLine;
import io.qhtrack.core.Setting;
import io.qhtrack.core.Tracker;
import io.qhtrack.platform.qihoo360.Upload;
import io.qhtrack.filter.QhClick;
import io.qhtrack.testkit.Fake360;
import jakarta.servlet.http.HttpServletRequest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The demo dashboard: the visitor's click, links that arrive from each 360 line, the outbox, and what the built-in
 * Fake360 received with its verdict, in the order a conversion travels. It shows no secret: keys and secrets are
 * reduced to "configured", URLs to scheme, host, port and path.
 */
@SuppressWarnings("deprecation") // a 360 demo: it shows 360's names, lines and Chinese names
final class DashboardPage {

    /** How many outbox entries and Fake360 uploads are listed. */
    static final int LIMIT = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    private DashboardPage() {
    }

    static Page render(HttpServletRequest request, DemoRuntime runtime) {
        Tracker tracker = runtime.tracker();
        Map<OutboxState, Long> counts = tracker.outbox().counts();
        long pending = counts.getOrDefault(OutboxState.PENDING, 0L);
        long delivered = counts.getOrDefault(OutboxState.DELIVERED, 0L);
        long dead = counts.getOrDefault(OutboxState.DEAD, 0L) + counts.getOrDefault(OutboxState.EXPIRED, 0L);
        Optional<Click> click = QhClick.current(request);
        Optional<Fake360> fake = runtime.fake360();
        List<Fake360.Received> received = runtime.received();
        long accepted = received.stream().filter(Fake360.Received::accepted).count();

        Page page = new Page(request, "演示面板 Demo dashboard").bodyClass("dashboard").autoRefresh(pending > 0)
                .tracked(false);
        page.add("<section class=\"dash-head\"><h1>qhtrack 演示面板 <span>Demo dashboard</span></h1>"
                + "<p class=\"lead-text\">Follow a visitor from a 360 ad click to a conversion 360 accepts. "
                + "Pick an ad below, fill in the lead form or place an order, and watch it travel. "
                + (pending > 0 ? "This page refreshes itself while uploads are pending." : "")
                + "</p></section>");
        List<OutboxEntry> entries = entries(tracker);
        page.add(flow(click, entries, counts, pending, delivered, dead, fake.isPresent(), accepted,
                received.size() - accepted));
        page.add("<div class=\"grid two\">" + yourClick(click) + howItWorks() + "</div>");
        page.add(arrivals(request, page.context()));
        page.add(browserEvents(runtime, entries));
        page.add(outbox(tracker, entries, counts));
        page.add(receivedSection(runtime, received));
        page.add(PlatformFakes.section(runtime));
        page.add(configuration(runtime, request.getServletContext().getInitParameter("qhtrack.triggers")));
        return page;
    }

    private static String flow(Optional<Click> click, List<OutboxEntry> entries, Map<OutboxState, Long> counts,
            long pending, long delivered, long dead, boolean fake, long accepted, long rejected) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        String events = entries.stream().map(e -> e.upload().event()).distinct().sorted()
                .collect(Collectors.joining(", "));
        return "<ol class=\"flow\">"
                + step(click.isPresent(), "1", "点击广告 Ad click", "360 appends a click id to your landing URL")
                + step(click.isPresent(), "2", "捕获 Captured", click.map(c -> Lines.clickName(c) + " · "
                        + c.id()).orElse("no click yet · 尚无点击"))
                + step(total > 0, "3", "转化 Conversion", total == 0 ? "send the lead form or place an order"
                        : total + " reported: " + events)
                + step(delivered > 0, "4", "发件箱 Outbox", pending + " pending · " + delivered + " delivered · "
                        + dead + " dead")
                + (fake ? step(accepted > 0, "5", "360 (Fake360)", accepted + " accepted · " + rejected + " rejected")
                        : step(delivered > 0, "5", "360", delivered + " accepted (errno 0)"))
                + "</ol>";
    }

    private static String step(boolean done, String number, String title, String detail) {
        return "<li class=\"step" + (done ? " done" : "") + "\"><span class=\"num\">" + number + "</span><div><b>"
                + Html.esc(title) + "</b><small>" + Html.esc(detail) + "</small></div></li>";
    }

    private static String yourClick(Optional<Click> click) {
        StringBuilder s = new StringBuilder("<section class=\"card\" id=\"your-click\"><h2>你的点击 "
                + "<span>Your 360 click</span></h2>");
        if (click.isEmpty()) {
            s.append("<p class=\"empty\">还没有 · None yet. This browser has not arrived from a 360 ad (or its "
                    + "click is older than the attribution window). Use one of the simulated ads below.</p>");
        } else if (!Lines.is360(click.get())) {
            Click c = click.get();
            s.append("<div class=\"click-card\" data-line=\"").append(Html.esc(c.platform())).append("\">")
                    .append("<div class=\"line-name\">").append(Html.esc(Lines.platformName(c.platform())))
                    .append("</div><dl class=\"facts\">")
                    .append(fact("click id", "<code id=\"click-id\">" + Html.esc(c.id()) + "</code>"))
                    .append(fact("landing URL", "<code>" + Html.esc(c.landingUrl().orElse("—")) + "</code>"))
                    .append(fact("captured", Html.esc(Lines.dateTime(c.capturedAt())) + " 北京时间"))
                    .append("</dl></div>")
                    .append("<p class=\"muted\">The last ad click wins, across platforms: conversions from this "
                            + "browser are reported to " + Html.esc(Lines.platformName(c.platform()))
                            + ", with the landing URL.</p>");
        } else {
            Click c = click.get();
            ProductLine line = c.line();
            s.append("<div class=\"click-card\" data-line=\"").append(Html.esc(line.wireName())).append("\">")
                    .append("<div class=\"line-name\">").append(Html.esc(line.chineseName())).append("<span>")
                    .append(Html.esc(Lines.english(line))).append("</span></div>")
                    .append("<dl class=\"facts\">")
                    .append(fact("click id", "<code id=\"click-id\">" + Html.esc(c.id()) + "</code>"))
                    .append(fact("data_industry", "<code>" + Html.esc(line.wireName()) + "</code>"))
                    .append(fact("arrived with", "<code>" + Html.esc(line.clickParameter()) + "=…</code>"))
                    .append(fact("uploaded as", "<code>" + Html.esc(line.clickField()) + "</code>"
                            + (line.requiresJzqs() ? " + <code>jzqs</code>" : "")))
                    .append(fact("captured", Html.esc(Lines.dateTime(c.capturedAt())) + " 北京时间"))
                    .append("</dl></div>")
                    .append("<p class=\"muted\">Kept in a first-party cookie for the attribution window; the next "
                            + "ad click replaces it. Conversions from this browser are reported on this line.</p>");
        }
        return s.append("</section>").toString();
    }

    private static String fact(String term, String html) {
        return "<dt>" + Html.esc(term) + "</dt><dd>" + html + "</dd>";
    }

    private static String howItWorks() {
        return "<section class=\"card\" id=\"how\"><h2>怎么运作 <span>How it works</span></h2><ol class=\"how\">"
                + "<li><b>Capture.</b> qhtrack's servlet filter (declared in <code>web.xml</code> after the site's "
                + "security headers) reads "
                + "<code>qhclickid</code>, <code>sourceid</code> or <code>impression_id</code> from the landing URL "
                + "and keeps the click in a cookie.</li>"
                + "<li><b>Browser events.</b> <code>/qhtrack.js</code> reports taps on the marked phone link and WeChat "
                + "button, browse time and depth (<code>qhtrack.browser-events</code>).</li>"
                + "<li><b>Report.</b> The lead form is reported by configuration "
                + "(<code>qhtrack.triggers=POST /lead=SUBMIT</code>); the order form by one call, "
                + "<code>QhTracker.report(request, Event.ORDER, o -&gt; o.transIdFromOrderId(orderId).amountFen(fen))"
                + "</code>, priced by the server.</li>"
                + "<li><b>Deliver.</b> Each conversion goes into the outbox first, then is signed "
                + "(<code>App-Sign</code> = md5 of secret + body) and sent in the background, retried until 360 "
                + "answers <code>errno 0</code>.</li>"
                + "</ol></section>";
    }

    private static String arrivals(HttpServletRequest request, String context) {
        String base = baseUrl(request);
        StringBuilder s = new StringBuilder("<section class=\"card\" id=\"arrive\"><h2>模拟从 360 广告进入 "
                + "<span>Arrive from a 360 ad</span></h2><p class=\"muted\">Each link is a landing URL of this site "
                + "with a fresh click id appended exactly as 360 appends it. Open one, then convert.</p>"
                + "<div class=\"arrivals\">");
        for (Arrival a : Arrival.all(base)) {
            String href = context + a.openedRelativeTo(base);
            s.append("<article class=\"arrival line-").append(Html.esc(a.line().shortName())).append("\">")
                    .append("<header><h3>").append(Html.esc(a.title())).append("</h3><code class=\"chip\">")
                    .append(Html.esc(a.line().wireName())).append("</code></header>")
                    .append("<div class=\"url\"><span class=\"url-label\">落地页 Landing URL</span><code>")
                    .append(landingUrl(a)).append("</code></div>")
                    .append("<div class=\"url\"><span class=\"url-label\">访客打开 Visitor opens</span><code>")
                    .append(Html.esc(a.before())).append("<mark>").append(Html.esc(a.inserted())).append("</mark>")
                    .append(Html.esc(a.after())).append("</code></div>")
                    .append("<p class=\"rule\">").append(Html.esc(a.rule())).append("</p>")
                    .append("<p class=\"note\">").append(Html.esc(a.note())).append("</p>")
                    .append("<a class=\"button small\" data-line=\"").append(Html.esc(a.line().wireName()))
                    .append("\" href=\"").append(Html.esc(href)).append("\">访问 Visit as this click →</a>")
                    .append("</article>");
        }
        return s.append(eventsCard()).append("</div>").append(PlatformArrivals.html(context))
                .append("</section>").toString();
    }

    /** The landing URL, its macro (if any) marked as what 360 replaces. */
    private static String landingUrl(Arrival a) {
        String url = a.landingUrl();
        int macro = url.indexOf("__impression_id__");
        if (macro < 0) {
            return Html.esc(url);
        }
        return Html.esc(url.substring(0, macro)) + "<mark class=\"macro\">__impression_id__</mark>"
                + Html.esc(url.substring(macro + "__impression_id__".length()));
    }

    private static String eventsCard() {
        return "<article class=\"arrival info\"><header><h3>哪条线收哪些事件 · Which line takes what</h3></header>"
                + "<p class=\"note\">360 offers 53 conversion events; this site reports SUBMIT and ORDER from the "
                + "server, and CALL_BUTTON, WX_BUTTON_C, BROWSETIME and BROWSE_DEPTH from the browser. Lines must "
                + "never be mixed: each click is reported on the line it came from.</p>"
                + "<dl class=\"facts\">"
                + fact("SUBMIT", Html.esc(Event.SUBMIT.consoleName(ProductLine.PC_SEARCH).orElse("")) + " · "
                        + Html.esc(names(Event.SUBMIT)))
                + fact("ORDER", Html.esc(Event.ORDER.consoleName(ProductLine.PC_SEARCH).orElse("")) + " · "
                        + Html.esc(names(Event.ORDER)) + " · <b>not</b> "
                        + Html.esc(ProductLine.MOBILE_PROMOTION.chineseName()))
                + fact("value", "order amount in fen: ¥23.45 → <code>2345</code>")
                + fact("trans_id", "md5 of the form or the order id: 360 counts a double submit once")
                + "</dl></article>";
    }

    private static String names(Event event) {
        return event.lines().stream().map(ProductLine::chineseName).collect(Collectors.joining(", "));
    }

    /** Scheme, host, port and context path of this site, as the visitor reached it. */
    static String baseUrl(HttpServletRequest request) {
        String scheme = request.getScheme();
        int port = request.getServerPort();
        boolean defaultPort = port <= 0 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme)
                && port == 443);
        String host = request.getServerName();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return scheme + "://" + host + (defaultPort ? "" : ":" + port) + request.getContextPath();
    }

    /** The latest entries in every state, newest first. */
    private static List<OutboxEntry> entries(Tracker tracker) {
        List<OutboxEntry> entries = new ArrayList<>();
        for (OutboxState state : OutboxState.values()) {
            entries.addAll(tracker.outbox().list(state, LIMIT));
        }
        entries.sort(Comparator.comparing(OutboxEntry::acceptedAt).reversed());
        return entries.subList(0, Math.min(LIMIT, entries.size()));
    }

    private static String outbox(Tracker tracker, List<OutboxEntry> entries, Map<OutboxState, Long> counts) {
        StringBuilder s = new StringBuilder("<section class=\"card\" id=\"outbox\"><h2>发件箱 <span>Outbox</span></h2>"
                + "<p class=\"muted\">Every accepted conversion is stored here before the visitor's page is answered "
                + "(" + Html.esc(tracker.outbox().isDurable() ? "in a database: it survives a crash"
                        : "in memory: a crash loses what is pending") + "), then delivered in the background. "
                + "Permanent failures become dead letters, kept with their reason.</p><div class=\"counts\">");
        for (OutboxState state : OutboxState.values()) {
            long n = counts.getOrDefault(state, 0L);
            s.append("<span class=\"count state-").append(state.name().toLowerCase(Locale.ROOT))
                    .append(n == 0 ? " zero" : "")
                    .append("\" data-state=\"").append(state.name()).append("\"><b>")
                    .append(n).append("</b>").append(Html.esc(stateLabel(state)))
                    .append("</span>");
        }
        s.append("</div>");
        if (entries.isEmpty()) {
            s.append("<p class=\"empty\">发件箱是空的 · Nothing reported yet.</p>");
        } else {
            s.append("<div class=\"table-wrap\"><table class=\"data\"><thead><tr><th>状态 State</th><th>时间 Accepted"
                    + "</th><th>产品线 Line</th><th>事件 Event</th><th>点击 Click id</th><th>trans_id</th>"
                    + "<th>金额 Value</th><th>尝试 Attempts</th><th>说明 Detail</th></tr></thead><tbody>");
            for (OutboxEntry e : entries) {
                if (!Lines.QIHOO360.equals(e.upload().platform())) {
                    s.append(otherPlatformEntry(e));
                    continue;
                }
                Upload u = Upload.fromStorageJson(e.upload().payload());
                Object value = u.eventParams().get(EventParam.VALUE);
                s.append("<tr class=\"outbox-entry\" data-state=\"").append(e.state().name()).append("\" data-event=\"")
                        .append(Html.esc(u.event().wireName())).append("\" data-line=\"")
                        .append(Html.esc(u.line().wireName())).append("\">")
                        .append("<td><span class=\"badge state-").append(e.state().name().toLowerCase(Locale.ROOT))
                        .append("\">").append(Html.esc(stateLabel(e.state()))).append("</span></td>")
                        .append("<td>").append(Html.esc(Lines.time(e.acceptedAt()))).append("</td>")
                        .append("<td>").append(Html.esc(u.line().chineseName())).append("<small>")
                        .append(Html.esc(u.line().wireName())).append("</small></td>")
                        .append("<td><code>").append(Html.esc(u.event().wireName())).append("</code></td>")
                        .append("<td><code>").append(Html.esc(u.clickId())).append("</code></td>")
                        .append("<td><code class=\"short\" title=\"").append(Html.esc(u.transId().orElse("")))
                        .append("\">").append(Html.esc(shortened(u.transId().orElse("—")))).append("</code></td>")
                        .append("<td class=\"value\">").append(value == null ? "—" : Html.esc(value) + " 分 fen")
                        .append("</td>")
                        .append("<td>").append(e.attempts()).append("</td>")
                        .append("<td class=\"detail\">").append(Html.text(detail(e))).append("</td></tr>");
            }
            s.append("</tbody></table></div>");
        }
        return s.append("</section>").toString();
    }

    /** An outbox row of another platform than 360: its own event name and conversion key, as stored. */
    private static String otherPlatformEntry(OutboxEntry e) {
        PlatformUpload u = e.upload();
        return "<tr class=\"outbox-entry\" data-state=\"" + e.state().name() + "\" data-event=\""
                + Html.esc(u.event()) + "\" data-line=\"" + Html.esc(u.platform()) + "\">"
                + "<td><span class=\"badge state-" + e.state().name().toLowerCase(Locale.ROOT) + "\">"
                + Html.esc(stateLabel(e.state())) + "</span></td>"
                + "<td>" + Html.esc(Lines.time(e.acceptedAt())) + "</td>"
                + "<td>" + Html.esc(Lines.platformName(u.platform())) + "<small>" + Html.esc(u.platform()) + "</small></td>"
                + "<td><code>" + Html.esc(u.event()) + "</code></td>"
                + "<td><code>" + Html.esc(u.clickId()) + "</code></td>"
                + "<td><code class=\"short\" title=\"" + Html.esc(u.conversionKey()) + "\">"
                + Html.esc(shortened(u.conversionKey().isEmpty() ? "—" : u.conversionKey())) + "</code></td>"
                + "<td class=\"value\">—</td>"
                + "<td>" + e.attempts() + "</td>"
                + "<td class=\"detail\">" + Html.text(detail(e)) + "</td></tr>";
    }

    /** The events the browser may report here, and how many of each this outbox holds of the latest entries. */
    private static String browserEvents(DemoRuntime runtime, List<OutboxEntry> entries) {
        String allowed = runtime.config().settings().get(Setting.BROWSER_EVENTS).orElse("");
        StringBuilder s = new StringBuilder("<section class=\"card\" id=\"browser-events\"><h2>浏览器事件 "
                + "<span>Browser events</span></h2><p class=\"muted\">The landing page's phone link and WeChat "
                + "button are marked <code>data-qhtrack-event</code>; <code>/qhtrack.js</code> reports a click on "
                + "them, the time spent on the page and how far it was scrolled, as the server allows "
                + "(<code>qhtrack.browser-events</code>). No code, no secret in the browser.</p><div class=\"counts\">");
        if (allowed.isEmpty()) {
            s.append("<p class=\"empty\">qhtrack.browser-events is not set: the browser reports nothing.</p>");
        }
        for (String name : allowed.split(",")) {
            String event = name.trim();
            if (event.isEmpty()) {
                continue;
            }
            long n = entries.stream().filter(e -> e.upload().event().equals(event)).count();
            s.append("<span class=\"count").append(n == 0 ? " zero" : "").append("\" data-browser-event=\"")
                    .append(Html.esc(event)).append("\"><b>").append(n).append("</b>").append(Html.esc(event))
                    .append("</span>");
        }
        return s.append("</div><p class=\"muted\">Refused so far (forged or not allowed, nothing sent): <b "
                + "id=\"refused\">").append(runtime.tracker().metrics().getRefused()).append("</b></p></section>")
                .toString();
    }

    private static String stateLabel(OutboxState state) {
        switch (state) {
            case PENDING:
                return "待发送 pending";
            case DELIVERED:
                return "已送达 delivered";
            case DEAD:
                return "失败 dead";
            default:
                return "过期 expired";
        }
    }

    private static String detail(OutboxEntry e) {
        switch (e.state()) {
            case PENDING:
                return (e.lastError() == null ? "" : e.lastError() + " · ") + "next attempt "
                        + Lines.time(e.nextAttemptAt());
            case DELIVERED:
                return "360 answered errno 0 at " + Lines.time(e.nextAttemptAt());
            default:
                return e.lastErrorMessage().orElse("");
        }
    }

    private static String shortened(String s) {
        return s.length() <= 12 ? s : s.substring(0, 10) + "…";
    }

    private static String receivedSection(DemoRuntime runtime, List<Fake360.Received> received) {
        StringBuilder s = new StringBuilder("<section class=\"card\" id=\"received\"><h2>360 收到的回传 "
                + "<span>What 360 received</span></h2>");
        if (runtime.fake360().isEmpty()) {
            return s.append("<p class=\"muted\">Uploads go to <code>").append(Html.esc(Safe.url(runtime.endpoint())))
                    .append("</code>. Its answers show in the outbox above: <i>delivered</i> means errno 0.</p>")
                    .append("</section>").toString();
        }
        s.append("<p class=\"muted\">The built-in <b>Fake360</b> checks each upload as strictly as 360 does "
                + "(signature, fields per line, event per line) and answers like 360: <code>errno 0</code> "
                + "success, 1 wrong key, 2 wrong signature, 3 bad data.</p>");
        if (received.isEmpty()) {
            return s.append("<p class=\"empty\">还没有收到 · Nothing received yet.</p></section>").toString();
        }
        s.append("<div class=\"table-wrap\"><table class=\"data\"><thead><tr><th>时间 Time</th><th>结果 Verdict</th>"
                + "<th>data_industry</th><th>事件 Event</th><th>点击 Click id</th><th>trans_id</th>"
                + "<th>请求体 Body</th></tr></thead><tbody>");
        List<Fake360.Received> newestFirst = new ArrayList<>(received);
        Collections.reverse(newestFirst);
        for (Fake360.Received u : newestFirst.subList(0, Math.min(LIMIT, newestFirst.size()))) {
            ProductLine line = Lines.byWireName(u.dataIndustry());
            s.append("<tr class=\"upload\" data-verdict=\"").append(u.accepted() ? "accepted" : "rejected")
                    .append("\" data-event=\"").append(Html.esc(u.event())).append("\" data-line=\"")
                    .append(Html.esc(u.dataIndustry())).append("\">")
                    .append("<td>").append(Html.esc(Lines.time(u.receivedAt()))).append("</td>")
                    .append("<td>").append(verdict(u)).append("</td>")
                    .append("<td>").append(line == null ? "" : Html.esc(line.chineseName()) + "<small>")
                    .append("<code>").append(Html.esc(u.dataIndustry())).append("</code>")
                    .append(line == null ? "" : "</small>").append("</td>")
                    .append("<td><code>").append(Html.esc(u.event())).append("</code></td>")
                    .append("<td><code>").append(Html.esc(u.clickId())).append("</code></td>")
                    .append("<td><code class=\"short\" title=\"").append(Html.esc(u.transId())).append("\">")
                    .append(Html.esc(u.transId() == null ? "—" : shortened(u.transId()))).append("</code></td>")
                    .append("<td><details><summary>JSON</summary><pre>").append(Html.esc(pretty(u)))
                    .append("</pre></details></td></tr>");
        }
        return s.append("</tbody></table></div></section>").toString();
    }

    private static String verdict(Fake360.Received u) {
        if (u.accepted()) {
            return "<span class=\"badge ok\">✓ errno 0 Success</span>"
                    + (u.duplicate() ? "<small>duplicate: 360 counts it once</small>" : "");
        }
        String head = u.errno() != null ? "✗ errno " + u.errno() : u.httpStatus() != null ? "✗ HTTP "
                + u.httpStatus() : "✗ no answer";
        return "<span class=\"badge bad\">" + Html.esc(head) + "</span><small>" + Html.text(u.reason()) + "</small>";
    }

    private static String pretty(Fake360.Received u) {
        JsonNode json = u.json();
        if (json == null) {
            return u.bodyText();
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json);
        } catch (JsonProcessingException e) {
            return u.bodyText();
        }
    }

    private static String configuration(DemoRuntime runtime, String triggers) {
        Tracker tracker = runtime.tracker();
        DemoConfig config = runtime.config();
        String lines = tracker.configuredLines().stream().map(l -> l.chineseName() + " (" + l.wireName() + ")")
                .collect(Collectors.joining(", "));
        return "<section class=\"card config\" id=\"config\"><h2>配置 <span>Configuration</span></h2>"
                + "<dl class=\"facts\">"
                + fact("endpoint", "<code>" + Html.esc(runtime.fake360().isPresent()
                        ? "built-in Fake360 · " + Safe.url(runtime.endpoint()) : Safe.url(runtime.endpoint()))
                        + "</code>")
                + fact("reported lines", lines.isEmpty() ? "none: set QHTRACK_SEARCH_KEY / _SECRET …"
                        : Html.esc(lines))
                + fact("accounts", runtime.fake360().isPresent() ? "demo accounts with random secrets"
                        : "from the environment (secrets are never shown)")
                + fact("outbox", "<code>" + Html.esc(tracker.outbox()) + "</code>")
                + (config.defaultH2Outbox() ? fact("data", "<code>" + Html.esc(config.dataDirectory()) + "</code>")
                        : "")
                + fact("triggers", triggers == null ? "none" : "<code>" + Html.esc(triggers)
                        + "</code> (context-param qhtrack.triggers in web.xml)")
                + "</dl></section>";
    }
}
