package io.qhtrack.sample;

import io.qhtrack.core.Settings;
import io.qhtrack.testkit.Fake360;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The Fake360 the demo reports to when nothing is configured: on a free loopback port, with demo accounts whose
 * secrets are drawn at random at each start, so that no secret is written in the source or shown anywhere. It keeps
 * only the latest {@value #KEEP} uploads it received (see {@link #trim()}), so that a demo left running, or flooded
 * with made-up click ids, holds a bounded number of records.
 */
final class BuiltInFake360 {

    /** How many received uploads the demo keeps: as many as the dashboard lists. */
    static final int KEEP = BuiltInFake.KEEP;
    /** How many Fake360 may record before {@link #trim()} moves the latest {@value #KEEP} here and clears it. */
    static final int TRIM_AT = BuiltInFake.TRIM_AT;

    /** App-Key of the demo search account (PC and mobile search). */
    static final String SEARCH_KEY = "demo-search-key";
    /** App-Key of the demo display account. */
    static final String DISPLAY_KEY = "demo-display-key";
    /** The demo display advertiser id. */
    static final String DISPLAY_JZQS = "360100";
    /** App-Key of the demo mobile-promotion account. */
    static final String MOBILE_KEY = "demo-mobile-key";

    private final Fake360 fake;
    /** The bounded record of what it received, and its settings. */
    private final BuiltInFake<Fake360.Received> records;

    private BuiltInFake360(Fake360 fake, Map<String, String> settings) {
        this.fake = fake;
        this.records = new BuiltInFake<>("Fake360", fake.endpoint(), settings, fake::received, fake::clear,
                fake::close);
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

    /** The latest uploads received, at most {@value #KEEP}, oldest first. */
    List<Fake360.Received> received() {
        return records.received();
    }

    /**
     * Bounds what is recorded: once Fake360 holds {@value #TRIM_AT} uploads, keeps the latest {@value #KEEP} here and
     * clears it. Called after every delivery attempt; an upload Fake360 records in the instant between the two may be
     * missing from the dashboard, never from 360's side of the demo (it was answered).
     */
    void trim() {
        records.trim();
    }

    /** Its endpoint and the demo accounts, as qhtrack settings (holds the secrets: never show or log it). */
    Settings settings() {
        return records.settings();
    }

    /** Stops the Fake360. */
    void close() {
        records.close();
    }

    @Override
    public String toString() {
        return "built-in Fake360 at " + fake.endpoint();
    }
}
