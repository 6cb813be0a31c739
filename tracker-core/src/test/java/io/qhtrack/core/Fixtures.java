package io.qhtrack.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qhtrack.core.internal.Reports;
import io.qhtrack.core.spi.CredentialResolver;
import io.qhtrack.core.spi.PlatformUpload;
import io.qhtrack.core.spi.Prepared;
import io.qhtrack.platform.qihoo360.Preparation;
import io.qhtrack.platform.qihoo360.Qihoo360;
import io.qhtrack.platform.qihoo360.Upload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Shared test data: one set of credentials per account, one click per line, a fixed time. Public for the tests of
 * the other packages ({@code io.qhtrack.core.jdbc}, {@code io.qhtrack.platform.qihoo360} …).
 */
public final class Fixtures {

    public static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    public static final Instant CAPTURED = Instant.parse("2025-12-31T23:50:00Z");

    public static final String SEARCH_KEY = "search-key-0001";
    public static final String SEARCH_SECRET = "search-secret-0001";
    public static final String DISPLAY_KEY = "display-key-0001";
    public static final String DISPLAY_SECRET = "display-secret-0001";
    public static final String DISPLAY_JZQS = "7788";
    public static final String MOBILE_KEY = "mobile-key-0001";
    public static final String MOBILE_SECRET = "mobile-secret-0001";

    /** A search click id in the shape of the document's example (19 digits). */
    public static final String SEARCH_CLICK_ID = "9356596331006111412";
    /** A display sourceid (12 characters, FAQ 5.2). */
    public static final String DISPLAY_SOURCE_ID = "abcdefghijkl";
    /** A mobile promotion impression_id. */
    public static final String IMPRESSION_ID = "imp1234567890";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Fixtures() {
    }

    public static Credentials search() {
        return Credentials.of(Account.SEARCH, SEARCH_KEY, SEARCH_SECRET, null);
    }

    public static Credentials display() {
        return Credentials.of(Account.DISPLAY, DISPLAY_KEY, DISPLAY_SECRET, DISPLAY_JZQS);
    }

    public static Credentials mobile() {
        return Credentials.of(Account.MOBILE, MOBILE_KEY, MOBILE_SECRET, null);
    }

    public static Map<Account, Credentials> allCredentials() {
        return Map.of(Account.SEARCH, search(), Account.DISPLAY, display(), Account.MOBILE, mobile());
    }

    public static Credentials credentialsFor(ProductLine line) {
        return allCredentials().get(line.account());
    }

    /** A line by its short name: web, ps, ms, zs. */
    public static ProductLine line(String shortName) {
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

    public static String clickIdFor(ProductLine line) {
        switch (line) {
            case MOBILE_PROMOTION:
                return IMPRESSION_ID;
            case DISPLAY:
                return DISPLAY_SOURCE_ID;
            default:
                return SEARCH_CLICK_ID;
        }
    }

    public static Click click(ProductLine line) {
        return Click.of(line, clickIdFor(line), CAPTURED);
    }

    public static Preparation prepare(ProductLine line, Conversion conversion) {
        return Upload.prepare(click(line), conversion, allCredentials(), NOW);
    }

    public static Preparation ready(Preparation p) {
        assertThat(p.isReady()).as("ready: %s", p).isTrue();
        return p;
    }

    public static Preparation rejected(Preparation p) {
        assertThat(p.isReady()).as("rejected: %s", p).isFalse();
        return p;
    }

    public static Upload upload(ProductLine line, Conversion conversion) {
        return ready(prepare(line, conversion)).upload();
    }

    /** The credentials of every account, as the engine asks for them. */
    public static final CredentialResolver RESOLVER = (tenant, platform, line) -> Optional.ofNullable(
            allCredentials().get(ProductLine.find(line.id()).orElseThrow().account())).map(Credentials::toCredentialSet);

    /** What the outbox stores for {@code conversion} on {@code line} (360's codec, the tracker's own path). */
    public static PlatformUpload stored(ProductLine line, Conversion conversion) {
        Prepared p = Reports.prepare(new Qihoo360(), click(line), conversion, RESOLVER, NOW);
        assertThat(p.isReady()).as("ready: %s", p).isTrue();
        return p.upload();
    }

    /** What the outbox stores for {@code conversion} for the PC search click {@code clickId}. */
    public static PlatformUpload stored(String clickId, Conversion conversion) {
        return stored(Click.of(ProductLine.PC_SEARCH, clickId, CAPTURED), conversion);
    }

    /** What the outbox stores for {@code conversion} for {@code click}, a 360 click. */
    public static PlatformUpload stored(Click click, Conversion conversion) {
        Prepared p = Reports.prepare(new Qihoo360(), click, conversion, RESOLVER, NOW);
        assertThat(p.isReady()).as("ready: %s", p).isTrue();
        return p.upload();
    }

    public static JsonNode json(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code data.data_detail} of the body sent at {@link #NOW}. */
    public static JsonNode detail(Upload upload) {
        return json(upload.body(NOW)).path("data").path("data_detail");
    }
}
