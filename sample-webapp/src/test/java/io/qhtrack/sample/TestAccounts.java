package io.qhtrack.sample;

import io.qhtrack.testkit.Fake360;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.fail;

/**
 * The 360 accounts the container tests configure, a Fake360 that knows them, and a way to wait for one upload
 * without polling.
 */
final class TestAccounts {

    static final String SEARCH_KEY = "it-search-key";
    static final String SEARCH_SECRET = "it-search-secret-7d1c";
    static final String DISPLAY_KEY = "it-display-key";
    static final String DISPLAY_SECRET = "it-display-secret-93fa";
    static final String DISPLAY_JZQS = "880088";
    static final String MOBILE_KEY = "it-mobile-key";
    static final String MOBILE_SECRET = "it-mobile-secret-51be";
    /** The secrets, which no page may show. */
    static final List<String> SECRETS = List.of(SEARCH_SECRET, DISPLAY_SECRET, MOBILE_SECRET);

    static final Duration DELIVERY = Duration.ofSeconds(20);

    private TestAccounts() {
    }

    /** A Fake360 that knows the three accounts, each for its own lines only. */
    static Fake360 fake360() {
        return Fake360.builder()
                .credentials(SEARCH_KEY, SEARCH_SECRET, "ocpc_ps_convert", "ocpc_ms_convert")
                .credentials(DISPLAY_KEY, DISPLAY_SECRET, "ocpc_zs_convert")
                .jzqs(DISPLAY_KEY, DISPLAY_JZQS)
                .credentials(MOBILE_KEY, MOBILE_SECRET, "ocpc_web_convert")
                .start();
    }

    /** qhtrack's settings for the accounts, reporting to {@code fake}, by their property names. */
    static Map<String, String> settings(Fake360 fake) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("qhtrack.endpoint", fake.endpoint().toString());
        s.put("qhtrack.search.key", SEARCH_KEY);
        s.put("qhtrack.search.secret", SEARCH_SECRET);
        s.put("qhtrack.display.key", DISPLAY_KEY);
        s.put("qhtrack.display.secret", DISPLAY_SECRET);
        s.put("qhtrack.display.jzqs", DISPLAY_JZQS);
        s.put("qhtrack.mobile.key", MOBILE_KEY);
        s.put("qhtrack.mobile.secret", MOBILE_SECRET);
        return s;
    }

    /** The same settings as environment variables. */
    static Map<String, String> environment(Fake360 fake) {
        Map<String, String> env = new LinkedHashMap<>();
        settings(fake).forEach((k, v) -> env.put(k.toUpperCase(java.util.Locale.ROOT).replace('.', '_')
                .replace('-', '_'), v));
        return env;
    }

    /** Context-params for the sample: the accounts, the dashboard on, its data in {@code dataDirectory}. */
    static Map<String, String> contextParams(Fake360 fake, Path dataDirectory) {
        Map<String, String> params = settings(fake);
        params.put("qhtrack.demo.dashboard", "true");
        params.put("qhtrack.demo.data", dataDirectory.toString());
        return params;
    }

    /**
     * Waits for the accepted upload of {@code event} for {@code clickId}: it blocks in Fake360 until one more upload
     * is accepted, as often as needed, within {@link #DELIVERY}.
     */
    static Fake360.Received awaitAccepted(Fake360 fake, String clickId, String event) {
        Instant deadline = Instant.now().plus(DELIVERY);
        while (true) {
            List<Fake360.Received> accepted = fake.accepted();
            Optional<Fake360.Received> found = accepted.stream()
                    .filter(u -> clickId.equals(u.clickId()) && event.equals(u.event())).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Duration left = Duration.between(Instant.now(), deadline);
            if (left.isNegative() || left.isZero()) {
                return fail("no accepted " + event + " for click " + clickId + " within " + DELIVERY
                        + "; received: " + fake.received());
            }
            fake.awaitAccepted(accepted.size() + 1, left);
        }
    }

    /** What Fake360 received for {@code clickId}, accepted or not. */
    static List<Fake360.Received> receivedFor(Fake360 fake, String clickId) {
        return fake.received().stream().filter(u -> clickId.equals(u.clickId())).toList();
    }
}
