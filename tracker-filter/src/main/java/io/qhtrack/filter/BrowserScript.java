package io.qhtrack.filter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The browser-side capture script for single-page apps, rendered once at start-up with the capture endpoint's URL.
 * Dependency-free ES5: it reads {@code qhclickid}, {@code sourceid} and {@code impression_id} from
 * {@code location.search} and {@code location.hash}, and POSTs them (still percent-encoded, so the server decodes
 * them exactly once) to the capture endpoint with the {@value #CAPTURE_HEADER} header, once per id and page.
 */
final class BrowserScript {

    /**
     * The header the capture endpoint requires. A page of another site cannot make a browser send it without a CORS
     * preflight, which the endpoint never grants, so such a page cannot call the capture endpoint through a visitor's
     * browser. It can still plant a click id by sending the visitor to a landing URL that carries one, as 360 itself
     * does: see "What a foreign site can and cannot do" in {@link ClickIdCaptureFilter}.
     */
    static final String CAPTURE_HEADER = "X-Qhtrack-Capture";

    private static final String TEMPLATE = "qhtrack.js";
    private static final String PLACEHOLDER = "@CAPTURE_URL@";

    private final byte[] body;
    private final String etag;

    private BrowserScript(byte[] body, String etag) {
        this.body = body;
        this.etag = etag;
    }

    /** The script for a capture endpoint at {@code captureUrl} (context path included). */
    static BrowserScript forEndpoint(String captureUrl) {
        String template;
        try (InputStream in = BrowserScript.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("qhtrack: " + TEMPLATE + " is missing from the tracker-filter jar");
            }
            template = new String(readAll(in), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] body = template.replace(PLACEHOLDER, jsString(captureUrl)).getBytes(StandardCharsets.UTF_8);
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
