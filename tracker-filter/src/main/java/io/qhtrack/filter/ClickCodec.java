package io.qhtrack.filter;

import io.qhtrack.core.Click;
import io.qhtrack.core.ProductLine;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The stored form of a click, used as the cookie value and as the session attribute:
 * {@code q1:<line>:<epoch seconds>:<id>}, e.g. {@code q1:ps:1735689600:8817632001234567890}, or, for a click that
 * superseded others ({@link StoredClick}), {@code q2:<line>:<epoch seconds>:<id>:<fingerprints>}, e.g.
 * {@code q2:ps:1735689600:8817632001234567890:Xk3_a9Qe.0bR-t7Zm}.
 *
 * <p>{@code q1} and {@code q2} are the format versions; a click that superseded nothing is still written as
 * {@code q1}, which every release reads. {@code line} is the {@link ProductLine#shortName() short name}
 * ({@code web}, {@code ps}, {@code ms}, {@code zs}), so PC versus mobile search, decided at capture, is kept. Every
 * character is a cookie-octet (RFC 6265), so the value is never quoted or escaped. Anything else, from an older
 * format to a value another application wrote under the same name, decodes to empty.
 */
final class ClickCodec {

    static final String VERSION = "q1";
    /** The version of a value that also carries the fingerprints of superseded clicks. */
    static final String VERSION_WITH_SUPERSEDED = "q2";

    /** A capture time this far in the future (clock skew between nodes) is still believed. */
    static final Duration FUTURE_TOLERANCE = Duration.ofHours(1);

    /** Longest value that can decode: the version, a short name, 12 digits of seconds, an id, four colons, a list. */
    private static final int MAX_LENGTH = VERSION.length() + 3 + 12 + Click.MAX_ID_LENGTH + 4
            + StoredClick.MAX_SUPERSEDED * (StoredClick.FINGERPRINT_LENGTH + 1);

    private ClickCodec() {
    }

    static String encode(Click click) {
        return VERSION + ':' + click.line().shortName() + ':' + click.capturedAt().getEpochSecond() + ':'
                + click.id();
    }

    static String encode(StoredClick stored) {
        Click click = stored.click;
        return stored.superseded.isEmpty() ? encode(click) : VERSION_WITH_SUPERSEDED + ':' + click.line().shortName()
                + ':' + click.capturedAt().getEpochSecond() + ':' + click.id() + ':' + stored.superseded;
    }

    /** The click a stored value holds, if it is well-formed. */
    static Optional<Click> decode(String value) {
        return decodeStored(value).map(stored -> stored.click);
    }

    /** The click and the superseded clicks a stored value holds, if it is well-formed. */
    static Optional<StoredClick> decodeStored(String value) {
        boolean withSuperseded = value != null && value.startsWith(VERSION_WITH_SUPERSEDED + ':');
        if (value == null || value.length() > MAX_LENGTH || !value.startsWith(VERSION + ':') && !withSuperseded) {
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

    /** The click a stored value holds, if it is well-formed and was captured within {@code window} of {@code now}. */
    static Optional<Click> decode(String value, Instant now, Duration window) {
        return decodeStored(value, now, window).map(stored -> stored.click);
    }

    /** {@link #decodeStored(String)}, if the click was captured within {@code window} of {@code now}. */
    static Optional<StoredClick> decodeStored(String value, Instant now, Duration window) {
        return decodeStored(value).filter(stored -> isWithin(stored.click, now, window));
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
