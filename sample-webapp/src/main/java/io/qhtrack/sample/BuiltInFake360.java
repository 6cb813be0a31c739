package io.qhtrack.sample;

import io.qhtrack.core.Settings;
import io.qhtrack.testkit.Fake360;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * The Fake360 the demo reports to when nothing is configured: on a free loopback port, with demo accounts whose
 * secrets are drawn at random at each start, so that no secret is written in the source or shown anywhere.
 */
final class BuiltInFake360 {

    /** App-Key of the demo search account (PC and mobile search). */
    static final String SEARCH_KEY = "demo-search-key";
    /** App-Key of the demo display account. */
    static final String DISPLAY_KEY = "demo-display-key";
    /** The demo display advertiser id. */
    static final String DISPLAY_JZQS = "360100";
    /** App-Key of the demo mobile-promotion account. */
    static final String MOBILE_KEY = "demo-mobile-key";

    private final Fake360 fake;
    private final Map<String, String> settings;

    private BuiltInFake360(Fake360 fake, Map<String, String> settings) {
        this.fake = fake;
        this.settings = settings;
    }

    /** Starts a Fake360 that knows the demo accounts, each for its own lines only, as 360 does. */
    static BuiltInFake360 start() {
        SecureRandom random = new SecureRandom();
        String searchSecret = secret(random);
        String displaySecret = secret(random);
        String mobileSecret = secret(random);
        Fake360 fake = Fake360.builder()
                .port(0)
                .credentials(SEARCH_KEY, searchSecret, "ocpc_ps_convert", "ocpc_ms_convert")
                .credentials(DISPLAY_KEY, displaySecret, "ocpc_zs_convert")
                .jzqs(DISPLAY_KEY, DISPLAY_JZQS)
                .credentials(MOBILE_KEY, mobileSecret, "ocpc_web_convert")
                .start();
        return new BuiltInFake360(fake, Map.of(
                "qhtrack.endpoint", fake.endpoint().toString(),
                "qhtrack.search.key", SEARCH_KEY,
                "qhtrack.search.secret", searchSecret,
                "qhtrack.display.key", DISPLAY_KEY,
                "qhtrack.display.secret", displaySecret,
                "qhtrack.display.jzqs", DISPLAY_JZQS,
                "qhtrack.mobile.key", MOBILE_KEY,
                "qhtrack.mobile.secret", mobileSecret));
    }

    private static String secret(SecureRandom random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The running Fake360. */
    Fake360 fake() {
        return fake;
    }

    /** Its endpoint and the demo accounts, as qhtrack settings (holds the secrets: never show or log it). */
    Settings settings() {
        return Settings.of(settings);
    }

    /** Stops the Fake360. */
    void close() {
        fake.close();
    }

    @Override
    public String toString() {
        return "built-in Fake360 at " + fake.endpoint();
    }
}
