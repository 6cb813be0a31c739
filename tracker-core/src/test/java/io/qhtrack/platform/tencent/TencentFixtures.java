package io.qhtrack.platform.tencent;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.Click;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Event;
import io.qhtrack.core.Settings;
import io.qhtrack.core.spi.CredentialSet;
import io.qhtrack.core.spi.Line;
import io.qhtrack.core.spi.PlatformEvent;
import io.qhtrack.core.spi.PlatformUpload;
import io.qhtrack.core.spi.Prepared;
import io.qhtrack.core.spi.RequestContext;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** Shared test data for Tencent: settings, a click with its landing URL, credentials, a scripted request context. */
final class TencentFixtures {

    /** A token that looks like a DataNexus key, and that no test output may ever show. */
    static final String TOKEN = "dn-8f3a2c1b9e7d4f60a5b8c2d1e0f9a7b6";
    static final String ACCOUNT_ID = "12345678";
    static final String ACTION_SET_ID = "1110852345";
    /** An 18-character gdt_vid as WeChat traffic carries it. */
    static final String CLICK_ID = "wx0abcdefghij12345";
    static final String LANDING_URL = "https://shop.example.cn/landing?gdt_vid=" + CLICK_ID + "&utm_source=wx";
    static final Instant CAPTURED = Instant.parse("2026-03-04T03:00:00Z");
    static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");
    static final Instant EVENT_TIME = Instant.parse("2026-03-04T04:00:00Z");

    private TencentFixtures() {
    }

    /** Settings from name/value pairs. */
    static Settings settings(String... pairs) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return Settings.of(m);
    }

    /** The three credentials plus {@code more}. */
    static Settings configured(String... more) {
        String[] all = Arrays.copyOf(new String[] {"qhtrack.tencent.access-token", TOKEN, "qhtrack.tencent.account-id",
            ACCOUNT_ID, "qhtrack.tencent.user-action-set-id", ACTION_SET_ID}, 6 + more.length);
        System.arraycopy(more, 0, all, 6, more.length);
        return settings(all);
    }

    static Tencent tencent(String... more) {
        return new Tencent().configure(configured(more));
    }

    static CredentialSet credentials() {
        return new Tencent().credentials(configured(), Line.single()).get();
    }

    static Click click() {
        return click(CLICK_ID, LANDING_URL);
    }

    static Click click(String id, String landingUrl) {
        return Click.builder(Tencent.ID, id).landingUrl(landingUrl).capturedAt(CAPTURED).build();
    }

    /** The platform event {@code event} maps to by default. */
    static PlatformEvent mapped(Tencent tencent, Event event) {
        return tencent.events().map(event, Line.single()).orElseThrow(
                () -> new AssertionError(event + " is not mapped"));
    }

    /** The upload of {@code conversion} for {@link #click()}, which must be ready. */
    static PlatformUpload upload(Tencent tencent, Conversion conversion) {
        return upload(tencent, click(), conversion);
    }

    static PlatformUpload upload(Tencent tencent, Click click, Conversion conversion) {
        Prepared p = tencent.codec().prepare(click, conversion, mapped(tencent, conversion.event()), credentials(),
                NOW);
        assertThat(p.isReady()).as("%s", p).isTrue();
        return p.upload();
    }

    /** A context at {@link #NOW} handing out the given nonces in turn. */
    static ScriptedContext context(String... nonces) {
        return new ScriptedContext(NOW, nonces);
    }

    /** A request context at a fixed time with scripted nonces. */
    static final class ScriptedContext implements RequestContext {
        private final Instant now;
        private final Deque<String> nonces;

        ScriptedContext(Instant now, String... nonces) {
            this.now = now;
            this.nonces = new ArrayDeque<>(Arrays.asList(nonces));
        }

        @Override
        public Instant now() {
            return now;
        }

        @Override
        public String nonce() {
            String n = nonces.poll();
            if (n == null) {
                throw new AssertionError("no more nonces scripted");
            }
            return n;
        }
    }
}
