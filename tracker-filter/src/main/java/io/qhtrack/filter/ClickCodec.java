package io.qhtrack.filter;

import io.qhtrack.core.Click;
import io.qhtrack.core.ProductLine;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The stored form of a click, used as the cookie value and as the session attribute:
 * {@code q1:<line>:<epoch seconds>:<id>}, e.g. {@code q1:ps:1735689600:8817632001234567890}.
 *
 * <p>{@code q1} is the format version; {@code line} is the {@link ProductLine#shortName() short name}
 * ({@code web}, {@code ps}, {@code ms}, {@code zs}), so PC versus mobile search, decided at capture, is kept. Every
 * character is a cookie-octet (RFC 6265), so the value is never quoted or escaped. Anything else, from an older
 * format to a value another application wrote under the same name, decodes to empty.
 */
final class ClickCodec {

    static final String VERSION = "q1";

    /** A capture time this far in the future (clock skew between nodes) is still believed. */
    static final Duration FUTURE_TOLERANCE = Duration.ofHours(1);

    /** Longest value that can decode: q1, a short name, 12 digits of seconds, an id, three colons. */
    private static final int MAX_LENGTH = VERSION.length() + 3 + 12 + Click.MAX_ID_LENGTH + 3;

    private ClickCodec() {
    }

    static String encode(Click click) {
        return VERSION + ':' + click.line().shortName() + ':' + click.capturedAt().getEpochSecond() + ':'
                + click.id();
    }

    /** The click a stored value holds, if it is well-formed. */
    static Optional<Click> decode(String value) {
        if (value == null || value.length() > MAX_LENGTH || !value.startsWith(VERSION + ':')) {
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
        String id = value.substring(timeEnd + 1);
        if (line == null || seconds < 0 || Click.problemWithId(id).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(Click.of(line, id, Instant.ofEpochSecond(seconds)));
    }

    /** The click a stored value holds, if it is well-formed and was captured within {@code window} of {@code now}. */
    static Optional<Click> decode(String value, Instant now, Duration window) {
        return decode(value).filter(click -> isWithin(click, now, window));
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
