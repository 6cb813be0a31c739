package io.qhtrack.platform.baidu;

import io.qhtrack.core.Click;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Event;
import io.qhtrack.core.Settings;
import io.qhtrack.core.spi.CredentialSet;
import io.qhtrack.core.spi.HttpCall;
import io.qhtrack.core.spi.Line;
import io.qhtrack.core.spi.PlatformEvent;
import io.qhtrack.core.spi.PlatformUpload;
import io.qhtrack.core.spi.Prepared;
import io.qhtrack.core.spi.RequestContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Clicks, conversions, settings and credentials shared by the Baidu tests. */
final class BaiduFixtures {

    static final String TOKEN = "bd-token-3f9a1c2e7b5d4a6f8e0c1b2a3d4e5f60";
    static final String CLICK_ID = "nHRzPjb1rj0dnHTkPHDYPHfvrHnvnH0d";
    static final String LANDING_URL = "https://shop.example.cn/landing?utm_source=baidu&bd_vid=" + CLICK_ID;
    static final Instant CAPTURED = Instant.parse("2026-03-04T02:00:00Z");
    static final Instant EVENT_TIME = Instant.parse("2026-03-04T04:00:00Z");
    static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");
    static final RequestContext CONTEXT = new RequestContext() {
        @Override
        public Instant now() {
            return NOW;
        }

        @Override
        public String nonce() {
            return "0123456789abcdef0123456789abcdef";
        }
    };

    private BaiduFixtures() {
    }

    static Click click() {
        return click(CLICK_ID, LANDING_URL);
    }

    static Click click(String id, String landingUrl) {
        return Click.builder(Baidu.ID, id).landingUrl(landingUrl).capturedAt(CAPTURED).build();
    }

    static CredentialSet credentials() {
        return CredentialSet.builder().secret(BaiduCodec.TOKEN, TOKEN).build();
    }

    /** Key-value pairs as {@link Settings}. */
    static Settings settings(String... pairs) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return Settings.of(m);
    }

    /** Baidu configured with the token and {@code pairs}. */
    static Baidu baidu(String... pairs) {
        String[] all = new String[pairs.length + 2];
        all[0] = BaiduSettings.TOKEN;
        all[1] = TOKEN;
        System.arraycopy(pairs, 0, all, 2, pairs.length);
        return new Baidu().configure(settings(all));
    }

    /** A lead form: keyed by the form's md5, at {@link #EVENT_TIME}. */
    static Conversion lead() {
        return Conversion.builder(Event.SUBMIT).transIdFromOrderId("form-1").eventTime(EVENT_TIME).build();
    }

    /** The platform event {@code event} maps to by default. */
    static PlatformEvent mapped(Event event) {
        return new Baidu().events().map(event, Line.single())
                .orElseThrow(() -> new AssertionError(event + " is not mapped"));
    }

    /** {@code conversion} prepared for {@link #click()}, which must succeed. */
    static PlatformUpload upload(Conversion conversion) {
        return upload(click(), conversion);
    }

    /** {@code conversion} prepared for {@code click}, which must succeed. */
    static PlatformUpload upload(Click click, Conversion conversion) {
        Prepared p = new Baidu().codec().prepare(click, conversion, mapped(conversion.event()), credentials(), NOW);
        if (!p.isReady()) {
            throw new AssertionError("not ready: " + p);
        }
        return p.upload();
    }

    /** {@code n} leads of {@link #click()}, keyed {@code form-0} … */
    static List<PlatformUpload> leads(int n) {
        List<PlatformUpload> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(upload(Conversion.builder(Event.SUBMIT).transIdFromOrderId("form-" + i).eventTime(EVENT_TIME)
                    .build()));
        }
        return batch;
    }

    /** The request that sends {@code batch} with the default settings and the test token. */
    static HttpCall encode(List<PlatformUpload> batch) {
        return baidu(BaiduSettings.BATCH_SIZE, "99").codec().encode(batch, credentials(), CONTEXT);
    }
}
