package io.qhtrack.core;

import io.qhtrack.core.internal.Printable;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The ad click a visitor arrived from: the platform ({@code qihoo360}, {@code baidu}, {@code tencent} …), the line
 * (360's product line; {@code default} for platforms with one), the click id as the landing URL carried it, when it
 * was captured, the landing URL for the platforms that need it (Baidu's {@code logidUrl}, Tencent's {@code url}), and
 * the tenant (the advertiser it belongs to: {@value #DEFAULT_TENANT} unless the application serves several).
 * Immutable.
 *
 * <p>360 clicks are made with {@link #of(ProductLine, String, Instant)} as before; any platform's with
 * {@link #builder(String, String)}:
 * <pre>{@code
 * Click baidu = Click.builder("baidu", "1234567890abcdef")
 *         .landingUrl("https://shop.example/landing?bd_vid=1234567890abcdef")
 *         .capturedAt(capturedAt)
 *         .build();
 * }</pre>
 *
 * <p>Ids are checked with {@link #problemWithId(CharSequence)}: non-empty, at most {@value #MAX_ID_LENGTH}
 * characters from {@code [A-Za-z0-9._-]}, and not an unreplaced macro such as {@code __impression_id__}. A platform may
 * be stricter when it captures (its {@code LandingParameter}) and when it reports.
 */
public final class Click {

    /** The longest click id accepted; 360's ids are 12 to 19 characters. */
    public static final int MAX_ID_LENGTH = 128;
    /** The tenant of an application that serves one advertiser. */
    public static final String DEFAULT_TENANT = "default";
    /** The longest landing URL a click keeps (Baidu's {@code logidUrl} limit). */
    public static final int MAX_LANDING_URL_LENGTH = 1024;
    /** The platform id of 360 Dianjing, whose clicks {@link #of(ProductLine, String, Instant)} makes. */
    static final String QIHOO360 = "qihoo360";
    /** The line of a platform that has one. */
    static final String DEFAULT_LINE = "default";

    private final String platform;
    private final String line;
    private final String id;
    private final Instant capturedAt;
    private final String landingUrl;
    private final String tenant;

    private Click(Builder b) {
        this.platform = b.platform;
        this.line = b.line;
        this.id = b.id;
        this.capturedAt = b.capturedAt;
        this.landingUrl = b.landingUrl;
        this.tenant = b.tenant;
    }

    /**
     * A 360 click on {@code line} with {@code id}, captured at {@code capturedAt}.
     *
     * @throws IllegalArgumentException if the id is not acceptable (see {@link #problemWithId(CharSequence)})
     */
    public static Click of(ProductLine line, String id, Instant capturedAt) {
        Objects.requireNonNull(line, "line");
        return builder(QIHOO360, id).line(line.shortName()).capturedAt(capturedAt).build();
    }

    /**
     * Starts a click of {@code platform} (its id, e.g. {@code baidu}) with the click id {@code id}.
     *
     * @throws IllegalArgumentException if the id is not acceptable (see {@link #problemWithId(CharSequence)})
     */
    public static Builder builder(String platform, String id) {
        return new Builder(platform, id);
    }

    /**
     * What is wrong with a candidate click id, or empty when it is acceptable. The message quotes at most the
     * first 40 characters of the id, with control characters escaped, so it is safe to log.
     */
    public static Optional<String> problemWithId(CharSequence id) {
        if (id == null || id.length() == 0) {
            return Optional.of("is empty");
        }
        if (id.length() > MAX_ID_LENGTH) {
            return Optional.of("is " + id.length() + " characters long, more than " + MAX_ID_LENGTH);
        }
        for (int i = 0; i < id.length(); i++) {
            if (!isIdChar(id.charAt(i))) {
                return Optional.of(Printable.quoted(id, 40) + " has a character outside [A-Za-z0-9._-] at index " + i);
            }
        }
        if (isMacro(id)) {
            return Optional.of(Printable.quoted(id, 40) + " is an unreplaced 360 macro, not a click id");
        }
        return Optional.empty();
    }

    /** Whether {@code c} may appear in a click id: {@code [A-Za-z0-9._-]}. */
    public static boolean isIdChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '-' || c == '.';
    }

    private static boolean isMacro(CharSequence id) {
        int n = id.length();
        return n >= 4 && id.charAt(0) == '_' && id.charAt(1) == '_' && id.charAt(n - 1) == '_'
                && id.charAt(n - 2) == '_';
    }


    /** The platform's id: {@code qihoo360}, {@code baidu}, {@code tencent} … */
    public String platform() {
        return platform;
    }

    /** The line's id within the platform: 360's {@code web}, {@code ps}, {@code ms}, {@code zs}; else {@code default}. */
    public String lineId() {
        return line;
    }

    /**
     * The 360 product line the click came from.
     *
     * @throws IllegalStateException when this is not a 360 click (see {@link #platform()}, {@link #lineId()})
     */
    // TODO(issue 20): @Deprecated once the engine no longer calls it: a click may come from any platform
    public ProductLine line() {
        if (!QIHOO360.equals(platform)) {
            throw new IllegalStateException("a " + platform + " click has no 360 product line");
        }
        return ProductLine.find(line).orElseThrow(() -> new IllegalStateException("no 360 line " + line));
    }

    /** The click id as the platform put it on the landing URL. */
    public String id() {
        return id;
    }

    /** When the click was first captured. */
    public Instant capturedAt() {
        return capturedAt;
    }

    /** The URL the visitor landed on (scheme, host, path and query, never the fragment), for the platforms that keep it. */
    public Optional<String> landingUrl() {
        return Optional.ofNullable(landingUrl);
    }

    /** The advertiser the click belongs to: {@value #DEFAULT_TENANT} unless the application serves several. */
    public String tenant() {
        return tenant;
    }

    /** Whether this is the same click (platform, tenant, line and id), whenever it was captured. */
    public boolean isSameClickAs(Click other) {
        return other != null && platform.equals(other.platform) && tenant.equals(other.tenant)
                && line.equals(other.line) && id.equals(other.id);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Click && isSameClickAs((Click) o) && capturedAt.equals(((Click) o).capturedAt)
                && Objects.equals(landingUrl, ((Click) o).landingUrl);
    }

    @Override
    public int hashCode() {
        return Objects.hash(platform, line, id, capturedAt);
    }

    @Override
    public String toString() {
        return "Click[" + (QIHOO360.equals(platform) ? line : platform + (DEFAULT_LINE.equals(line) ? "" : " " + line)) + " "
                + id + " at " + capturedAt + (DEFAULT_TENANT.equals(tenant) ? "" : ", tenant " + tenant) + "]";
    }

    /** Builds a {@link Click}; {@link #build()} checks it. */
    public static final class Builder {
        private final String platform;
        private final String id;
        private String line = DEFAULT_LINE;
        private Instant capturedAt;
        private String landingUrl;
        private String tenant = DEFAULT_TENANT;

        private Builder(String platform, String id) {
            if (platform == null || !platform.matches("[a-z0-9]{2,16}")) {
                throw new IllegalArgumentException("platform: '" + platform + "' is not 2-16 of [a-z0-9]");
            }
            Optional<String> problem = problemWithId(id);
            if (problem.isPresent()) {
                throw new IllegalArgumentException("click id: " + problem.get());
            }
            this.platform = platform;
            this.id = id;
        }

        /** The line's id within the platform; default {@code default}. */
        public Builder line(String lineId) {
            if (lineId == null || !lineId.matches("[a-z0-9]{1,8}")) {
                throw new IllegalArgumentException("line: '" + lineId + "' is not 1-8 of [a-z0-9]");
            }
            this.line = lineId;
            return this;
        }

        /** When it was captured. */
        public Builder capturedAt(Instant at) {
            this.capturedAt = Objects.requireNonNull(at, "capturedAt");
            return this;
        }

        /**
         * The URL the visitor landed on: absolute http(s), no fragment, at most {@value #MAX_LANDING_URL_LENGTH}
         * characters of printable ASCII (percent-encoded as it arrived).
         */
        public Builder landingUrl(String url) {
            Objects.requireNonNull(url, "landingUrl");
            if (url.length() > MAX_LANDING_URL_LENGTH) {
                throw new IllegalArgumentException("landingUrl: " + url.length() + " characters, more than "
                        + MAX_LANDING_URL_LENGTH);
            }
            if (!url.matches("https?://[\\x21-\\x7e]+") || url.indexOf('#') >= 0) {
                throw new IllegalArgumentException("landingUrl: " + Printable.quoted(url, 60)
                        + " is not an absolute http(s) URL of printable ASCII without a fragment");
            }
            this.landingUrl = url;
            return this;
        }

        /** The tenant; default {@value #DEFAULT_TENANT}. 1 to 64 of {@code [A-Za-z0-9._-]}. */
        public Builder tenant(String tenant) {
            if (tenant == null || !tenant.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException("tenant: '" + tenant + "' is not 1-64 of [A-Za-z0-9._-]");
            }
            this.tenant = tenant;
            return this;
        }

        /**
         * The click.
         *
         * @throws IllegalStateException when the capture time is missing
         */
        public Click build() {
            if (capturedAt == null) {
                throw new IllegalStateException("a click needs its capture time");
            }
            return new Click(this);
        }
    }
}
