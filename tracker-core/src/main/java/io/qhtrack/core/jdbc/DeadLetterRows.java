package io.qhtrack.core.jdbc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.qhtrack.core.spi.PlatformUpload;
import java.io.IOException;
import java.util.Locale;

/**
 * How a dead letter the database refused is stored so that any table takes it, and read back whole. The payload is
 * the platform's and opaque to the outbox, so it is never rewritten in place: when it holds characters outside
 * printable ASCII, or when the row's click id and conversion key had to be replaced by digests, the {@code upload}
 * column holds an envelope instead, all printable ASCII:
 * <pre>{"qhtrack_dead_letter":{"click_id":"…","key":"…","payload":"…"}}</pre>
 * Reading a row gives back the original click id, key and payload, byte for byte.
 */
final class DeadLetterRows {

    static final String ENVELOPE = "qhtrack_dead_letter";
    private static final String PREFIX = "{\"" + ENVELOPE + "\":";
    private static final JsonFactory JSON = new JsonFactory();

    private DeadLetterRows() {
    }

    /** What a row read back holds. */
    static final class Restored {
        final String clickId;
        final String conversionKey;
        final String payload;

        Restored(String clickId, String conversionKey, String payload) {
            this.clickId = clickId;
            this.conversionKey = conversionKey;
            this.payload = payload;
        }
    }

    /** The {@code upload} column's value for a dead letter of {@code upload}. */
    static String stored(PlatformUpload upload, boolean keyReplaced) {
        if (!keyReplaced && isPrintableAscii(upload.payload()) && !upload.payload().startsWith(PREFIX)) {
            return upload.payload();
        }
        return PREFIX + "{\"click_id\":" + string(upload.clickId()) + ",\"key\":" + string(upload.conversionKey())
                + ",\"payload\":" + string(upload.payload()) + "}}";
    }

    /**
     * The click id, key and payload of a row whose columns hold {@code clickId}, {@code key} and {@code upload}.
     *
     * @throws IllegalArgumentException when the row holds an envelope that cannot be read (edited by hand?)
     */
    static Restored read(String upload, String clickId, String key) {
        if (!upload.startsWith(PREFIX)) {
            return new Restored(clickId, key, upload);
        }
        String c = null;
        String k = null;
        String p = null;
        try (JsonParser in = JSON.createParser(upload)) {
            expect(in.nextToken() == JsonToken.START_OBJECT && in.nextToken() == JsonToken.FIELD_NAME
                    && in.nextToken() == JsonToken.START_OBJECT);
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String name = in.currentName();
                expect(in.nextToken() == JsonToken.VALUE_STRING);
                if (name.equals("click_id")) {
                    c = in.getText();
                } else if (name.equals("key")) {
                    k = in.getText();
                } else if (name.equals("payload")) {
                    p = in.getText();
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the dead letter's envelope is not JSON: " + e.getMessage(), e);
        }
        expect(c != null && k != null && p != null);
        return new Restored(c, k, p);
    }

    private static void expect(boolean ok) {
        if (!ok) {
            throw new IllegalArgumentException("the dead letter's envelope lacks click_id, key or payload");
        }
    }

    private static boolean isPrintableAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < 0x20 || ch >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** {@code s} as a JSON string, every character outside printable ASCII escaped. */
    private static String string(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"' || ch == '\\') {
                out.append('\\').append(ch);
            } else if (ch >= 0x20 && ch < 0x7f) {
                out.append(ch);
            } else {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
            }
        }
        return out.append('"').toString();
    }
}
