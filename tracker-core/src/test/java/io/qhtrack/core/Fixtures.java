package io.qhtrack.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/**
 * Shared test data: one set of credentials per account, one click per line, a fixed time. Public for the tests of
 * {@code io.qhtrack.core.jdbc}.
 */
public final class Fixtures {

    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant CAPTURED = Instant.parse("2025-12-31T23:50:00Z");

    static final String SEARCH_KEY = "search-key-0001";
    public static final String SEARCH_SECRET = "search-secret-0001";
    static final String DISPLAY_KEY = "display-key-0001";
    static final String DISPLAY_SECRET = "display-secret-0001";
    static final String DISPLAY_JZQS = "7788";
    static final String MOBILE_KEY = "mobile-key-0001";
    static final String MOBILE_SECRET = "mobile-secret-0001";

    /** A search click id in the shape of the document's example (19 digits). */
    static final String SEARCH_CLICK_ID = "9356596331006111412";
    /** A display sourceid (12 characters, FAQ 5.2). */
    static final String DISPLAY_SOURCE_ID = "abcdefghijkl";
    /** A mobile promotion impression_id. */
    static final String IMPRESSION_ID = "imp1234567890";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Fixtures() {
    }

    static Credentials search() {
        return Credentials.of(Account.SEARCH, SEARCH_KEY, SEARCH_SECRET, null);
    }

    static Credentials display() {
        return Credentials.of(Account.DISPLAY, DISPLAY_KEY, DISPLAY_SECRET, DISPLAY_JZQS);
    }

    static Credentials mobile() {
        return Credentials.of(Account.MOBILE, MOBILE_KEY, MOBILE_SECRET, null);
    }

    static Map<Account, Credentials> allCredentials() {
        return Map.of(Account.SEARCH, search(), Account.DISPLAY, display(), Account.MOBILE, mobile());
    }

    static Credentials credentialsFor(ProductLine line) {
        return allCredentials().get(line.account());
    }

    /** A line by its short name: web, ps, ms, zs. */
    static ProductLine line(String shortName) {
        switch (shortName) {
            case "web":
                return ProductLine.MOBILE_PROMOTION;
            case "ps":
                return ProductLine.PC_SEARCH;
            case "ms":
                return ProductLine.MOBILE_SEARCH;
            case "zs":
                return ProductLine.DISPLAY;
            default:
                throw new IllegalArgumentException(shortName);
        }
    }

    static String clickIdFor(ProductLine line) {
        switch (line) {
            case MOBILE_PROMOTION:
                return IMPRESSION_ID;
            case DISPLAY:
                return DISPLAY_SOURCE_ID;
            default:
                return SEARCH_CLICK_ID;
        }
    }

    static Click click(ProductLine line) {
        return Click.of(line, clickIdFor(line), CAPTURED);
    }

    static Preparation prepare(ProductLine line, Conversion conversion) {
        return Upload.prepare(click(line), conversion, allCredentials(), NOW);
    }

    static Preparation ready(Preparation p) {
        assertThat(p.isReady()).as("ready: %s", p).isTrue();
        return p;
    }

    static Preparation rejected(Preparation p) {
        assertThat(p.isReady()).as("rejected: %s", p).isFalse();
        return p;
    }

    public static Upload upload(ProductLine line, Conversion conversion) {
        return ready(prepare(line, conversion)).upload();
    }

    static JsonNode json(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code data.data_detail} of the body sent at {@link #NOW}. */
    static JsonNode detail(Upload upload) {
        return json(upload.body(NOW)).path("data").path("data_detail");
    }
}
