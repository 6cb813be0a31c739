package io.qhtrack.sample;

import io.qhtrack.core.Click;
import io.qhtrack.platform.qihoo360.EventParam;
import io.qhtrack.core.spi.OutboxEntry;
import io.qhtrack.core.spi.PlatformUpload;
import io.qhtrack.core.OutboxState;
import io.qhtrack.core.Tracker;
import io.qhtrack.platform.qihoo360.Upload;
import io.qhtrack.filter.QhClick;
import io.qhtrack.testkit.Fake360;
import jakarta.servlet.http.HttpServletRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /demo/status.json}: the dashboard's facts as JSON (the visitor's click, the outbox, what each built-in fake received: {@code fake360}, {@code fakeBaidu}, {@code fakeTencent}),
 * for the single-page app's badge and for tests. No secret: the same facts the dashboard shows, and as bounded: the
 * latest {@value DashboardPage#LIMIT} outbox entries of each state and uploads received.
 */
@SuppressWarnings("deprecation") // a 360 demo: it shows 360's names
final class StatusJson {

    private StatusJson() {
    }

    static Map<String, Object> of(HttpServletRequest request, DemoRuntime runtime) {
        Map<String, Object> status = new LinkedHashMap<>();
        Optional<Click> click = QhClick.current(request);
        status.put("click", click.map(StatusJson::click).orElse(null));
        Tracker tracker = runtime.tracker();
        Map<String, Object> outbox = new LinkedHashMap<>();
        outbox.put("durable", tracker.outbox().isDurable());
        Map<String, Long> counts = new LinkedHashMap<>();
        List<Map<String, Object>> entries = new ArrayList<>();
        Map<OutboxState, Long> byState = tracker.outbox().counts();
        for (OutboxState state : OutboxState.values()) {
            counts.put(state.name(), byState.getOrDefault(state, 0L));
            for (OutboxEntry e : tracker.outbox().list(state, DashboardPage.LIMIT)) {
                entries.add(entry(e));
            }
        }
        outbox.put("counts", counts);
        outbox.put("entries", entries);
        status.put("outbox", outbox);
        status.put("fake360", runtime.fake360().map(fake -> fake360(fake, runtime.received())).orElse(null));
        status.put("fakeBaidu", runtime.fakeBaidu()
                .map(fake -> PlatformFakes.json(fake, PlatformFakes.baidu(fake.received()))).orElse(null));
        status.put("fakeTencent", runtime.fakeTencent()
                .map(fake -> PlatformFakes.json(fake, PlatformFakes.tencent(fake.received()))).orElse(null));
        return status;
    }

    private static Map<String, Object> click(Click c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("platform", c.platform());
        m.put("line", Lines.clickLine(c));
        m.put("lineName", Lines.clickName(c));
        m.put("id", c.id());
        m.put("landingUrl", c.landingUrl().orElse(null));
        m.put("capturedAt", c.capturedAt().toString());
        return m;
    }

    private static Map<String, Object> entry(OutboxEntry e) {
        if (!Lines.QIHOO360.equals(e.upload().platform())) {
            return otherPlatformEntry(e);
        }
        Upload u = Upload.fromStorageJson(e.upload().payload());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("platform", e.upload().platform());
        m.put("state", e.state().name());
        m.put("line", u.line().wireName());
        m.put("event", u.event().wireName());
        m.put("clickId", u.clickId());
        m.put("transId", u.transId().orElse(null));
        m.put("valueFen", u.eventParams().get(EventParam.VALUE));
        m.put("attempts", e.attempts());
        m.put("acceptedAt", e.acceptedAt().toString());
        m.put("nextAttemptAt", e.nextAttemptAt().toString());
        m.put("lastError", e.lastError());
        return m;
    }

    /** Another platform's row: its own event name and conversion key, as stored. */
    private static Map<String, Object> otherPlatformEntry(OutboxEntry e) {
        PlatformUpload u = e.upload();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("platform", u.platform());
        m.put("state", e.state().name());
        m.put("line", u.line());
        m.put("event", u.event());
        m.put("clickId", u.clickId());
        m.put("transId", u.conversionKey().isEmpty() ? null : u.conversionKey());
        m.put("attempts", e.attempts());
        m.put("acceptedAt", e.acceptedAt().toString());
        m.put("nextAttemptAt", e.nextAttemptAt().toString());
        m.put("lastError", e.lastError());
        return m;
    }

    private static Map<String, Object> fake360(Fake360 fake, List<Fake360.Received> received) {
        List<Map<String, Object>> uploads = new ArrayList<>();
        for (Fake360.Received u : received) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("receivedAt", u.receivedAt().toString());
            m.put("dataIndustry", u.dataIndustry());
            m.put("event", u.event());
            m.put("clickId", u.clickId());
            m.put("transId", u.transId());
            m.put("accepted", u.accepted());
            m.put("duplicate", u.duplicate());
            m.put("errno", u.errno());
            m.put("reason", u.reason());
            uploads.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("endpoint", Safe.url(fake.endpoint()));
        m.put("uploads", uploads);
        return m;
    }
}
