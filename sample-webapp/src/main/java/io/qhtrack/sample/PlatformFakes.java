package io.qhtrack.sample;

import io.qhtrack.testkit.FakeBaidu;
import io.qhtrack.testkit.FakeTencent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the built-in FakeBaidu and FakeTencent received, one row per conversion (a request refused before its items
 * were read is one row, with the reason): for {@code /demo/status.json} and the dashboard. No token: the fakes never
 * record one.
 */
final class PlatformFakes {

    private PlatformFakes() {
    }

    /** One conversion as a fake received it, in qhtrack's words. */
    record Row(Instant receivedAt, boolean accepted, String clickId, String event, String url, Long time,
            Long valueFen, String key, String reason) {

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("receivedAt", receivedAt.toString());
            m.put("accepted", accepted);
            m.put("clickId", clickId);
            m.put("event", event);
            m.put("url", url);
            m.put("time", time);
            m.put("valueFen", valueFen);
            m.put("key", key);
            m.put("reason", reason);
            return m;
        }
    }

    /** FakeBaidu's items: {@code bd_vid}, {@code newType}, {@code logidUrl}, {@code convertTime} … */
    static List<Row> baidu(List<FakeBaidu.Received> received) {
        List<Row> rows = new ArrayList<>();
        for (FakeBaidu.Received r : received) {
            if (r.items().isEmpty()) {
                rows.add(new Row(r.receivedAt(), false, null, null, null, null, null, null, r.reason()));
            }
            for (FakeBaidu.Item i : r.items()) {
                rows.add(new Row(r.receivedAt(), i.accepted(), i.bdVid(),
                        i.newType() == null ? null : Integer.toString(i.newType()), i.logidUrl(), i.convertTime(),
                        i.convertValue(), i.outerEventId(), i.accepted() ? null : reason(i.reason(), r.reason())));
            }
        }
        return rows;
    }

    /** FakeTencent's actions: {@code trace.click_id}, {@code action_type}, {@code url}, {@code action_time} … */
    static List<Row> tencent(List<FakeTencent.Received> received) {
        List<Row> rows = new ArrayList<>();
        for (FakeTencent.Received r : received) {
            if (r.actions().isEmpty()) {
                rows.add(new Row(r.receivedAt(), false, null, null, null, null, null, null, r.reason()));
            }
            for (FakeTencent.Action a : r.actions()) {
                rows.add(new Row(r.receivedAt(), a.accepted(), a.clickId(), a.actionType(), a.url(), a.actionTime(),
                        a.valueFen(), a.outerActionId(), a.accepted() ? null : reason(a.reason(), r.reason())));
            }
        }
        return rows;
    }

    private static String reason(String item, String request) {
        return item != null && !item.isEmpty() ? item : request;
    }

    /** {@code /demo/status.json}'s {@code fakeBaidu} or {@code fakeTencent}: the endpoint and the rows. */
    static Map<String, Object> json(BuiltInFake<?> fake, List<Row> rows) {
        List<Map<String, Object>> uploads = new ArrayList<>();
        for (Row row : rows) {
            uploads.add(row.json());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("endpoint", Safe.url(fake.endpoint()));
        m.put("uploads", uploads);
        return m;
    }

    /** The dashboard's section: what each built-in fake received, newest first. */
    static String section(DemoRuntime runtime) {
        Optional<BuiltInFake<FakeBaidu.Received>> baidu = runtime.fakeBaidu();
        Optional<BuiltInFake<FakeTencent.Received>> tencent = runtime.fakeTencent();
        StringBuilder s = new StringBuilder("<section class=\"card\" id=\"received-platforms\"><h2>百度、腾讯收到的回传 "
                + "<span>What Baidu and Tencent received</span></h2>");
        if (baidu.isEmpty() && tencent.isEmpty()) {
            return s.append("<p class=\"muted\">Baidu and Tencent are configured: their answers show in the outbox "
                    + "above.</p></section>").toString();
        }
        s.append("<p class=\"muted\">The built-in <b>FakeBaidu</b> and <b>FakeTencent</b> check each request as "
                + "strictly as their specifications say (token, fields, units, limits; Tencent's timestamp and "
                + "nonce) and answer as the platforms do.</p>");
        baidu.ifPresent(f -> s.append(table("baidu", "百度 Baidu · logidUrl · newType", baidu(f.received()))));
        tencent.ifPresent(f -> s.append(table("tencent", "腾讯 Tencent · url · action_type",
                tencent(f.received()))));
        return s.append("</section>").toString();
    }

    private static String table(String platform, String title, List<Row> rows) {
        StringBuilder s = new StringBuilder("<h3>").append(Html.esc(title)).append("</h3>");
        if (rows.isEmpty()) {
            return s.append("<p class=\"empty\">还没有收到 · Nothing received yet.</p>").toString();
        }
        s.append("<div class=\"table-wrap\"><table class=\"data\" data-platform=\"").append(platform)
                .append("\"><thead><tr><th>时间 Time</th><th>结果 Verdict</th><th>事件 Type</th><th>点击 Click id</th>"
                        + "<th>落地页 URL</th><th>金额 Value</th><th>去重 Key</th></tr></thead><tbody>");
        List<Row> newestFirst = new ArrayList<>(rows);
        Collections.reverse(newestFirst);
        for (Row r : newestFirst.subList(0, Math.min(DashboardPage.LIMIT, newestFirst.size()))) {
            s.append("<tr class=\"upload\" data-platform=\"").append(platform).append("\" data-verdict=\"")
                    .append(r.accepted() ? "accepted" : "rejected").append("\">")
                    .append("<td>").append(Html.esc(Lines.time(r.receivedAt()))).append("</td>")
                    .append("<td>").append(r.accepted() ? "<span class=\"badge ok\">accepted</span>"
                            : "<span class=\"badge bad\">rejected</span> " + Html.esc(r.reason() == null ? ""
                                    : r.reason())).append("</td>")
                    .append("<td><code>").append(Html.esc(orDash(r.event()))).append("</code></td>")
                    .append("<td><code>").append(Html.esc(orDash(r.clickId()))).append("</code></td>")
                    .append("<td><code class=\"short\">").append(Html.esc(orDash(r.url()))).append("</code></td>")
                    .append("<td class=\"value\">").append(r.valueFen() == null ? "—" : r.valueFen() + " 分 fen")
                    .append("</td><td><code class=\"short\">").append(Html.esc(orDash(r.key()))).append("</code></td>")
                    .append("</tr>");
        }
        return s.append("</tbody></table></div>").toString();
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "—" : s;
    }
}
