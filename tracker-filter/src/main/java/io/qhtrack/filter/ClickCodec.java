package io.qhtrack.filter;

import io.qhtrack.core.Click;
import io.qhtrack.core.ProductLine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The stored form of a visitor's clicks, used as the cookie value and as the session attribute. Three versions, all
 * read; every character is a cookie-octet (RFC 6265), so the value is never quoted or escaped:
 * <ul>
 *   <li>{@code q1:<line>:<epoch seconds>:<id>}, e.g. {@code q1:ps:1735689600:8817632001234567890}: one 360 click;</li>
 *   <li>{@code q2:<line>:<epoch seconds>:<id>:<fingerprints>}: one 360 click that superseded others
 *       ({@link StoredClick}), e.g. {@code q2:ps:1735689600:8817632001234567890:Xk3_a9Qe.0bR-t7Zm};</li>
 *   <li>{@code q3:<fingerprints>|<click>|<click>…}, each click
 *       {@code <platform>:<line>:<tenant>:<epoch seconds>:<id>:<landing URL>}, e.g.
 *       {@code q3:|baidu:default:default:1735689600:AbC123:https://shop.example/?bd_vid=AbC123}: any platform's
 *       clicks, the one in force first ({@code qhtrack.attribution=all-platforms} keeps one per platform). The landing
 *       URL (empty when the platform keeps none) is percent-encoded where it holds {@code %}, {@code |} or a character
 *       that is not a cookie-octet.</li>
 * </ul>
 * A value that {@code q1} or {@code q2} can hold (one 360 click of the default tenant) is still written in them, so
 * that nodes of the previous release read what this one writes during a rolling upgrade. {@code line} of a 360 click
 * is the {@link ProductLine#shortName() short name} ({@code web}, {@code ps}, {@code ms}, {@code zs}), so PC versus
 * mobile search, decided at capture, is kept. Anything else, from an older format to a value another application
 * wrote under the same name, decodes to empty.
 *
 * <p>A value stays within {@value #MAX_LENGTH} characters, so that the cookie (with its name, at most 128, and its
 * attributes) stays under 4 KB: {@link #fit} first cuts landing URLs to their click parameter, the oldest click's
 * first, then drops the oldest clicks; the click in force is never dropped, and alone it always fits.
 */
final class ClickCodec {

    static final String VERSION = "q1";
    /** The version of a value that also carries the fingerprints of superseded clicks. */
    static final String VERSION_WITH_SUPERSEDED = "q2";
    /** The version of a value of any platform's clicks. */
    static final String VERSION_ANY_PLATFORM = "q3";

    /** A capture time this far in the future (clock skew between nodes) is still believed. */
    static final Duration FUTURE_TOLERANCE = Duration.ofHours(1);

    /** The longest value written or read. */
    static final int MAX_LENGTH = 3800;
    /** The most clicks one value holds. */
    static final int MAX_CLICKS = 16;

    /** Between the clicks of a {@code q3} value; percent-encoded in landing URLs. */
    private static final char CLICK_SEPARATOR = '|';
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** Longest {@code q1}/{@code q2} value: the version, a short name, 12 digits of seconds, an id, four colons, a list. */
    private static final int MAX_LEGACY_LENGTH = VERSION.length() + 3 + 12 + Click.MAX_ID_LENGTH + 4
            + StoredClick.MAX_SUPERSEDED * (StoredClick.FINGERPRINT_LENGTH + 1);

    private ClickCodec() {
    }

    static String encode(Click click) {
        return encode(StoredClick.of(click));
    }

    static String encode(StoredClick stored) {
        Click click = stored.click;
        if (stored.clicks.size() == 1 && isLegacy(click)) {
            String q1 = VERSION + ':' + click.lineId() + ':' + click.capturedAt().getEpochSecond() + ':' + click.id();
            return stored.superseded.isEmpty() ? q1 : VERSION_WITH_SUPERSEDED + q1.substring(VERSION.length()) + ':'
                    + stored.superseded;
        }
        StringBuilder sb = new StringBuilder(256).append(VERSION_ANY_PLATFORM).append(':').append(stored.superseded);
        for (Click c : stored.clicks) {
            sb.append(CLICK_SEPARATOR).append(c.platform()).append(':').append(c.lineId()).append(':')
                    .append(c.tenant()).append(':').append(c.capturedAt().getEpochSecond()).append(':').append(c.id())
                    .append(':');
            if (c.landingUrl().isPresent()) {
                escape(c.landingUrl().get(), sb);
            }
        }
        return sb.toString();
    }

    /** Whether {@code q1}/{@code q2} can hold {@code click}: a 360 click of the default tenant without landing URL. */
    private static boolean isLegacy(Click click) {
        return CapturePlatforms.QIHOO360.equals(click.platform()) && Click.DEFAULT_TENANT.equals(click.tenant())
                && !click.landingUrl().isPresent() && ProductLine.find(click.lineId()).filter(
                        line -> line.shortName().equals(click.lineId())).isPresent();
    }

    /**
     * {@code stored}, or what is left of it once its value fits in {@value #MAX_LENGTH} characters: landing URLs cut
     * to their click parameter, the oldest click's first and the click in force's last, then the oldest clicks
     * dropped.
     */
    static StoredClick fit(StoredClick stored) {
        if (stored.clicks.size() == 1 || encode(stored).length() <= MAX_LENGTH) { // one click always fits
            return stored;
        }
        List<Click> clicks = new ArrayList<>(stored.clicks);
        StoredClick fitted = stored;
        for (int i = clicks.size() - 1; i >= 0 && encode(fitted).length() > MAX_LENGTH; i--) {
            Click c = clicks.get(i);
            if (c.landingUrl().isPresent()) {
                clicks.set(i, rebuild(c, LandingUrl.minimal(c.landingUrl().get(), c.id())));
                fitted = new StoredClick(clicks, stored.superseded);
            }
        }
        while (clicks.size() > 1 && encode(fitted).length() > MAX_LENGTH) {
            clicks.remove(clicks.size() - 1);
            fitted = new StoredClick(clicks, stored.superseded);
        }
        return fitted;
    }

    private static Click rebuild(Click c, String landingUrl) {
        return Click.builder(c.platform(), c.id()).line(c.lineId()).tenant(c.tenant()).capturedAt(c.capturedAt())
                .landingUrl(landingUrl).build();
    }

    /** The click in force a stored value holds, if it is well-formed. */
    static Optional<Click> decode(String value) {
        return decodeStored(value).map(stored -> stored.click);
    }

    /** The clicks and the superseded clicks a stored value holds, if it is well-formed. */
    static Optional<StoredClick> decodeStored(String value) {
        if (value == null || value.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        if (value.startsWith(VERSION_ANY_PLATFORM + ':')) {
            return decodeAnyPlatform(value);
        }
        boolean withSuperseded = value.startsWith(VERSION_WITH_SUPERSEDED + ':');
        if (value.length() > MAX_LEGACY_LENGTH || !value.startsWith(VERSION + ':') && !withSuperseded) {
            return Optional.empty();
        }
        int lineStart = VERSION.length() + 1;
        int lineEnd = value.indexOf(':', lineStart);
        if (lineEnd < 0) {
            return Optional.empty();
        }
        int timeEnd = value.indexOf(':', lineEnd + 1);
        if (timeEnd < 0) {
            return Optional.empty();
        }
        ProductLine line = lineNamed(value.substring(lineStart, lineEnd));
        long seconds = seconds(value, lineEnd + 1, timeEnd);
        int idEnd = withSuperseded ? value.indexOf(':', timeEnd + 1) : value.length();
        if (idEnd < 0) {
            return Optional.empty();
        }
        String id = value.substring(timeEnd + 1, idEnd);
        String superseded = withSuperseded ? value.substring(idEnd + 1) : "";
        if (line == null || seconds < 0 || Click.problemWithId(id).isPresent()
                || withSuperseded && !StoredClick.isFingerprintList(superseded)) {
            return Optional.empty();
        }
        return Optional.of(new StoredClick(Click.of(line, id, Instant.ofEpochSecond(seconds)), superseded));
    }

    private static Optional<StoredClick> decodeAnyPlatform(String value) {
        int first = value.indexOf(CLICK_SEPARATOR);
        if (first < 0) {
            return Optional.empty();
        }
        String superseded = value.substring(VERSION_ANY_PLATFORM.length() + 1, first);
        if (!superseded.isEmpty() && !StoredClick.isFingerprintList(superseded)) {
            return Optional.empty();
        }
        List<Click> clicks = new ArrayList<>(2);
        int start = first + 1;
        while (start <= value.length()) {
            int end = value.indexOf(CLICK_SEPARATOR, start);
            if (end < 0) {
                end = value.length();
            }
            Click click = clickOf(value, start, end);
            if (click == null || clicks.size() == MAX_CLICKS) {
                return Optional.empty();
            }
            clicks.add(click);
            start = end + 1;
        }
        return Optional.of(new StoredClick(clicks, superseded));
    }

    /** The click {@code platform:line:tenant:seconds:id:url} in {@code s[from, to)}, or {@code null}. */
    private static Click clickOf(String s, int from, int to) {
        int[] colons = new int[5];
        int at = from - 1;
        for (int i = 0; i < colons.length; i++) {
            at = s.indexOf(':', at + 1);
            if (at < 0 || at >= to) {
                return null;
            }
            colons[i] = at;
        }
        long seconds = seconds(s, colons[2] + 1, colons[3]);
        String url = unescape(s, colons[4] + 1, to);
        if (seconds < 0 || url == null) {
            return null;
        }
        try {
            Click.Builder click = Click.builder(s.substring(from, colons[0]), s.substring(colons[3] + 1, colons[4]))
                    .line(s.substring(colons[0] + 1, colons[1])).tenant(s.substring(colons[1] + 1, colons[2]))
                    .capturedAt(Instant.ofEpochSecond(seconds));
            return (url.isEmpty() ? click : click.landingUrl(url)).build();
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    /** Percent-encodes {@code %}, {@code |} and what is not a cookie-octet. */
    private static void escape(String url, StringBuilder out) {
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '%' || c == CLICK_SEPARATOR || c == '"' || c == ',' || c == ';'
                    || c == '\\') {
                out.append('%').append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
            } else {
                out.append(c);
            }
        }
    }

    /** The text {@link #escape} wrote in {@code s[from, to)}, or {@code null} when it is not such a text. */
    private static String unescape(String s, int from, int to) {
        StringBuilder out = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            int hi = i + 2 < to ? ClickParameters.hex(s.charAt(i + 1)) : -1;
            int lo = i + 2 < to ? ClickParameters.hex(s.charAt(i + 2)) : -1;
            if (hi < 0 || lo < 0 || hi > 7) {
                return null;
            }
            out.append((char) (hi << 4 | lo));
            i += 2;
        }
        return out.toString();
    }

    /** The clicks within {@code window} of {@code now} a stored value holds, if it is well-formed and holds one. */
    static Optional<StoredClick> decodeStored(String value, Instant now, Duration window) {
        Optional<StoredClick> stored = decodeStored(value);
        if (!stored.isPresent() || stored.get().clicks.size() == 1) {
            return stored.filter(one -> isWithin(one.click, now, window));
        }
        List<Click> within = new ArrayList<>(stored.get().clicks.size());
        for (Click click : stored.get().clicks) {
            if (isWithin(click, now, window)) {
                within.add(click);
            }
        }
        return within.isEmpty() ? Optional.<StoredClick>empty() : Optional.of(within.size()
                == stored.get().clicks.size() ? stored.get() : new StoredClick(within, stored.get().superseded));
    }

    /** The click in force a stored value holds, if it is well-formed and was captured within {@code window}. */
    static Optional<Click> decode(String value, Instant now, Duration window) {
        return decodeStored(value, now, window).map(stored -> stored.click);
    }

    static boolean isWithin(Click click, Instant now, Duration window) {
        Instant captured = click.capturedAt();
        return now.isBefore(captured.plus(window)) && !captured.isAfter(now.plus(FUTURE_TOLERANCE));
    }

    private static ProductLine lineNamed(String shortName) {
        for (ProductLine line : ProductLine.values()) {
            if (line.shortName().equals(shortName)) {
                return line;
            }
        }
        return null;
    }

    /** Decimal seconds in {@code s[from, to)}, 1 to 12 ASCII digits; -1 otherwise. */
    private static long seconds(String s, int from, int to) {
        if (to <= from || to - from > 12) {
            return -1;
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
