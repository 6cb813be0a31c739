package io.qhtrack.process;

import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * An attacker's script, from one client address: no browser, just the requests a browser would send, the same-origin
 * guards of the browser-event endpoint included (its content type, an {@code Origin} equal to the {@code Host}, a
 * same-origin {@code Referer}). Each forged click is a fresh click id: they cost nothing.
 */
final class BeaconScript {

    /** The event a marked phone link reports, offered on the search lines. */
    static final String EVENT = "CALL_BUTTON";

    private final RawHttp http;
    private final SecureRandom random = new SecureRandom();

    BeaconScript(String clientAddress, URI site) {
        this.http = RawHttp.from(clientAddress, site);
    }

    /**
     * The beacon alone: no landing before it, the click only in its {@code Referer}
     * ({@code <site>/?qhclickid=<clickId>}), and no cookie. Returns the HTTP status.
     */
    int beaconWithRefererOnly(String clickId) throws IOException {
        return beacon(clickId, Optional.empty());
    }

    /** A landing with {@code clickId} (a page navigation, as a browser makes it), then the beacon with its cookie. */
    int landThenBeacon(String clickId) throws IOException {
        RawHttp.Answer landing = http.send("GET", "/?qhclickid=" + clickId, "User-Agent", Visitor.DESKTOP,
                "Accept", "text/html,application/xhtml+xml,*/*;q=0.8", "Sec-Fetch-Dest", "document",
                "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Site", "none");
        if (landing.status() != 200) {
            throw new IOException("the landing answered " + landing.status());
        }
        return beacon(clickId, landing.cookie("qhtrack_click"));
    }

    private int beacon(String clickId, Optional<String> cookie) throws IOException {
        byte[] id = new byte[16];
        random.nextBytes(id);
        String pageView = HexFormat.of().formatHex(id);
        String[] headers = {"User-Agent", Visitor.DESKTOP, "Content-Type", "application/x-qhtrack-event",
            "Origin", http.origin(), "Referer", http.origin() + "/?qhclickid=" + clickId,
            "Sec-Fetch-Site", "same-origin", "Sec-Fetch-Mode", "no-cors", "Sec-Fetch-Dest", "empty",
            "Cookie", cookie.orElse("")};
        int n = cookie.isPresent() ? headers.length : headers.length - 2;
        return http.send("POST", "/qhtrack/event?event=" + EVENT + "&pv=" + pageView,
                Arrays.copyOf(headers, n)).status();
    }
}
