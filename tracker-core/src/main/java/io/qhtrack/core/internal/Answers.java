package io.qhtrack.core.internal;

import io.qhtrack.core.spi.Classifier;
import io.qhtrack.core.spi.HttpAnswer;
import io.qhtrack.core.spi.Platform;
import io.qhtrack.core.spi.PlatformSetting;
import io.qhtrack.core.spi.PlatformUpload;
import io.qhtrack.core.spi.Verdict;
import io.qhtrack.core.spi.Verdicts;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * What an exchange means for the conversions it carried, the same for every platform: the engine settles what never
 * reached an answer the platform wrote, and asks the platform's {@link Classifier} about the rest.
 *
 * <ul>
 *   <li>no answer (not connected, timed out, connection lost) and an answer too large: retry;</li>
 *   <li>not sent (an endpoint qhtrack refuses) and a redirect (3xx): refused, naming the platform's endpoint
 *       setting;</li>
 *   <li>5xx, 408, 425 and 429: retry, no sooner than the answer's {@code Retry-After};</li>
 *   <li>anything else: the classifier's verdicts. A classifier that throws, or answers for another number of
 *       conversions, is read as a retry (and logged by the caller), never as a delivery.</li>
 * </ul>
 *
 * <p>Part of qhtrack's engine, not API: it may change in any release.
 */
public final class Answers {

    /** The most of an answer's body quoted in a message. */
    public static final int MAX_BODY_QUOTED = 300;

    private Answers() {
    }

    /** The verdicts on {@code batch}, sent to {@code platform}, whose exchange ended as {@code exchange}. */
    public static Verdicts settle(Exchange exchange, Platform platform, List<PlatformUpload> batch, Clock clock) {
        int n = batch.size();
        switch (exchange.kind()) {
            case NO_ANSWER:
                return Verdicts.all(Verdict.retry(exchange.problem() + "; will retry", null, null), n);
            case NOT_SENT:
                return Verdicts.all(Verdict.refused("not sent: " + endpointSetting(platform) + ": "
                        + exchange.problem(), null), n);
            case TOO_LARGE:
                return Verdicts.all(Verdict.retry("HTTP " + exchange.status() + ": the answer exceeded "
                        + exchange.maxBytes() + " bytes (qhtrack.http.max-response-bytes), which is not "
                        + platform.displayName() + "'s answer (a proxy or gateway in between?); will retry", null,
                        null), n);
            default:
                break;
        }
        HttpAnswer answer = exchange.answer().get();
        int status = answer.status();
        if (status >= 500 || status == 408 || status == 425 || status == 429) {
            Duration after = answer.header("Retry-After").flatMap(h -> parseRetryAfter(h, clock)).orElse(null);
            return Verdicts.all(Verdict.retry(platform.displayName() + " answered HTTP " + status + "; will retry",
                    null, after), n);
        }
        if (status >= 300 && status < 400) {
            String setting = endpointSetting(platform);
            String usual = defaultEndpoint(platform).map(d -> " (" + platform.displayName() + "'s is " + d + ")")
                    .orElse("");
            return Verdicts.all(Verdict.refused("HTTP " + status + " redirect: check " + setting + usual, null), n);
        }
        Verdicts verdicts;
        try {
            verdicts = platform.classifier().classify(answer, batch);
        } catch (RuntimeException e) {
            return Verdicts.all(Verdict.retry("HTTP " + status + ": " + platform.id() + "'s classifier failed ("
                    + e.getClass().getSimpleName() + "); will retry", null, null), n);
        }
        if (verdicts == null || verdicts.perItem().size() != n) {
            return Verdicts.all(Verdict.retry("HTTP " + status + ": " + platform.id() + "'s classifier answered for "
                    + (verdicts == null ? "no" : Integer.toString(verdicts.perItem().size())) + " of " + n
                    + " conversions; will retry", null, null), n);
        }
        return verdicts;
    }

    /** Whether an exchange says the platform (or the way to it) is overloaded: no answer, 5xx or 429. */
    public static boolean overloaded(Exchange exchange) {
        if (exchange.kind() == Exchange.Kind.NO_ANSWER) {
            return true;
        }
        int status = exchange.status();
        return exchange.kind() == Exchange.Kind.ANSWER && (status == 429 || status >= 500);
    }

    /** The platform's endpoint setting ({@code qhtrack.endpoint}, {@code qhtrack.baidu.endpoint} …) for messages. */
    public static String endpointSetting(Platform platform) {
        for (PlatformSetting s : platform.settings()) {
            if (s.key().endsWith("endpoint")) {
                return s.key();
            }
        }
        return platform.id() + "'s endpoint";
    }

    private static Optional<String> defaultEndpoint(Platform platform) {
        for (PlatformSetting s : platform.settings()) {
            if (s.key().endsWith("endpoint") && s.defaultValue() != null) {
                return Optional.of(s.defaultValue());
            }
        }
        return Optional.empty();
    }

    /** A {@code Retry-After} value: seconds, or an HTTP date (as a delay from now, never negative). */
    public static Optional<Duration> parseRetryAfter(String value, Clock clock) {
        String v = value.trim();
        try {
            if (v.matches("[0-9]{1,9}")) {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            }
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration d = Duration.between(clock.instant(), at.toInstant());
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The start of an answer's body, for diagnosis: line breaks as spaces, anything that could forge a line escaped. */
    public static String quote(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String s = new String(body, 0, Math.min(body.length, MAX_BODY_QUOTED * 4), StandardCharsets.UTF_8);
        return Printable.of(s.replaceAll("[\\r\\n\\t]+", " "), MAX_BODY_QUOTED);
    }
}
