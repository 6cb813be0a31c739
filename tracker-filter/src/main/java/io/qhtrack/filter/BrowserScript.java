package io.qhtrack.filter;

import io.qhtrack.core.Event;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The browser script, rendered once at start-up with what the server allows it: the capture endpoint's URL, and for
 * browser events the event endpoint's URL, the allowed events and the thresholds. Nothing secret: everything in it
 * is public by nature. Dependency-free ES5, one file, no inline script needed, no request to another site.
 * <ul>
 *   <li><b>Capture</b> (single-page apps): it reads the landing parameters of every platform the filter captures
 *       ({@code qhclickid}, {@code sourceid}, {@code impression_id}, and {@code bd_vid}, {@code gdt_vid},
 *       {@code qz_gdt} … when those platforms are on; the list is written into the script when the filter starts)
 *       from {@code location.search} and {@code location.hash}, and POSTs them (still percent-encoded, so the server
 *       decodes them exactly once) to the capture endpoint with the {@value #CAPTURE_HEADER} header, once per id
 *       and page, and the page's URL without its fragment in the {@value #PAGE_HEADER} header, from which the server
 *       builds the landing URL of the platforms that keep one.</li>
 *   <li><b>Browser events</b> (when {@code qhtrack.browser-events} allows some): a click on an element marked
 *       {@code data-qhtrack-event="CALL_BUTTON"} (or on anything inside it), at most once per element and event per
 *       page view; {@code BROWSETIME} after {@code qhtrack.browse-time} of visible time (paused while the tab is
 *       hidden); {@code BROWSE_DEPTH} once the visitor has scrolled past {@code qhtrack.browse-depth} percent of the
 *       page; {@code SITE_VISIT_DEPTH} on the third page view of a visit (the tab's session storage). Each is sent
 *       with {@code navigator.sendBeacon} ({@code fetch} with {@code keepalive} as a fallback) as an empty POST of
 *       type {@value BrowserEventEndpoint#CONTENT_TYPE} with the event and a random page-view id: it never delays
 *       the navigation a click starts.</li>
 * </ul>
 */
final class BrowserScript {

    /**
     * The header the capture endpoint requires. A page of another site cannot make a browser send it without a CORS
     * preflight, which the endpoint never grants, so such a page cannot call the capture endpoint through a visitor's
     * browser. It can still plant a click id by sending the visitor to a landing URL that carries one, as 360 itself
     * does: see "What a foreign site can and cannot do" in {@link ClickIdCaptureFilter}.
     */
    static final String CAPTURE_HEADER = "X-Qhtrack-Capture";
    /** The header in which the script sends the page's URL (without its fragment) to the capture endpoint. */
    static final String PAGE_HEADER = "X-Qhtrack-Page";
    /** The longest page URL the script sends, and the capture endpoint reads. */
    static final int MAX_PAGE_URL_LENGTH = 4096;

    private static final String TEMPLATE = "qhtrack.js";

    private final byte[] body;
    private final String etag;

    private BrowserScript(byte[] body, String etag) {
        this.body = body;
        this.etag = etag;
    }

    /**
     * The script for these endpoints (context path included; {@code eventUrl} {@code null} when off), looking for the
     * landing parameters {@code names}, allowing {@code events} with these thresholds.
     */
    static BrowserScript of(String captureUrl, String eventUrl, List<String> names, Set<Event> events,
            Duration browseTime, int browseDepth) {
        String template;
        try (InputStream in = BrowserScript.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("qhtrack: " + TEMPLATE + " is missing from the tracker-filter jar");
            }
            template = new String(readAll(in), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder allowed = new StringBuilder("{");
        if (eventUrl != null) {
            for (Event event : events) {
                allowed.append(allowed.length() == 1 ? "" : ", ").append('"').append(jsString(event.name()))
                        .append("\": 1");
            }
        }
        StringBuilder parameters = new StringBuilder("{");
        for (String name : names) {
            parameters.append(parameters.length() == 1 ? "" : ", ").append('"').append(jsString(name)).append("\": 1");
        }
        String script = template.replace("@CAPTURE_URL@", jsString(captureUrl))
                .replace("@NAMES@", parameters.append('}').toString())
                .replace("@PAGE_HEADER@", PAGE_HEADER)
                .replace("@MAX_PAGE_URL_LENGTH@", Integer.toString(MAX_PAGE_URL_LENGTH))
                .replace("@EVENT_URL@", eventUrl == null ? "" : jsString(eventUrl))
                .replace("@EVENTS@", allowed.append('}').toString())
                .replace("@BROWSE_TIME_MS@", Long.toString(browseTime.toMillis()))
                .replace("@BROWSE_DEPTH@", Integer.toString(browseDepth));
        byte[] body = script.getBytes(StandardCharsets.UTF_8);
        return new BrowserScript(body, etagOf(body));
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        byte[] buffer = new byte[8192];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    int length() {
        return body.length;
    }

    /** A strong validator: quoted hex of the body's SHA-256 prefix. */
    String etag() {
        return etag;
    }

    /** The script, UTF-8. Not copied: callers only write it out. */
    byte[] bytes() {
        return body;
    }

    /** Escapes {@code s} for the inside of a double-quoted JavaScript string in a script file. */
    private static String jsString(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '\'') {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String etagOf(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            StringBuilder sb = new StringBuilder("\"");
            for (int i = 0; i < 8; i++) {
                sb.append(String.format("%02x", digest[i]));
            }
            return sb.append('"').toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
