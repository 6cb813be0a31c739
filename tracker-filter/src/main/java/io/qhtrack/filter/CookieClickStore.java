package io.qhtrack.filter;

import io.qhtrack.core.Setting;
import io.qhtrack.core.Click;
import io.qhtrack.core.internal.Printable;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.logging.Level;
import java.util.logging.Logger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Optional;

/**
 * Keeps the clicks in a first-party cookie whose value is {@link ClickCodec} ({@code q1:ps:1735689600:<id>}, or
 * {@code q2:…} with the fingerprints of the clicks it superseded, or {@code q3:…} for any platform's clicks), under
 * 4 KB.
 *
 * <p>The {@code Set-Cookie} header is written by this class, attribute by attribute, so that it is the same on every
 * container: {@code Max-Age} and {@code Expires} (the end of the attribution window), {@code Domain} only when
 * configured and the request host lies within it (never a guessed parent domain), {@code Path}, {@code Secure},
 * {@code HttpOnly}, {@code SameSite}. The value holds only cookie-octets; cookie values are never logged.
 */
final class CookieClickStore implements ClickStore {

    private static final Logger LOG = Logger.getLogger(ClickIdCaptureFilter.class.getName());

    /** RFC 6265 sane-cookie-date, e.g. {@code Wed, 01 Jan 2025 00:00:00 GMT}. */
    private static final DateTimeFormatter EXPIRES =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    /** The last {@code Expires} value written: formatting a date costs more than the rest of the header. */
    private static final class FormattedExpiry {
        final long epochSecond;
        final String text;

        FormattedExpiry(long epochSecond, String text) {
            this.epochSecond = epochSecond;
            this.text = text;
        }
    }

    private final CaptureSettings settings;
    private final Clock clock;
    private volatile FormattedExpiry lastExpiry = new FormattedExpiry(Long.MIN_VALUE, "");

    CookieClickStore(CaptureSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public Optional<StoredClick> loadStored(HttpServletRequest request) {
        Enumeration<String> headers = request.getHeaders("Cookie");
        if (headers == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        StoredClick latest = null;
        while (headers.hasMoreElements()) {
            latest = latestIn(headers.nextElement(), now, latest);
        }
        return Optional.ofNullable(latest);
    }

    /**
     * The most recently captured valid click among the cookies of our name in one {@code Cookie} header (several may
     * be sent, e.g. host-only and domain-wide after a configuration change), or {@code latest} if none is newer.
     */
    private StoredClick latestIn(String header, Instant now, StoredClick latest) {
        String name = settings.cookieName;
        int n = header.length();
        int i = 0;
        while (i < n) {
            while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == '\t')) {
                i++;
            }
            int end = header.indexOf(';', i);
            if (end < 0) {
                end = n;
            }
            int valueStart = i + name.length() + 1;
            if (valueStart <= end && header.startsWith(name, i) && header.charAt(i + name.length()) == '=') {
                int valueEnd = end;
                while (valueEnd > valueStart && (header.charAt(valueEnd - 1) == ' ' || header.charAt(valueEnd - 1) == '\t')) {
                    valueEnd--;
                }
                if (valueEnd - valueStart >= 2 && header.charAt(valueStart) == '"' && header.charAt(valueEnd - 1) == '"') {
                    valueStart++;
                    valueEnd--;
                }
                Optional<StoredClick> click = ClickCodec.decodeStored(header.substring(valueStart, valueEnd), now,
                        settings.maxAge);
                if (click.isPresent()) {
                    if (latest == null || click.get().click.capturedAt().isAfter(latest.click.capturedAt())) {
                        latest = ClickStore.kept(click.get(), settings.attribution);
                    }
                } else {
                    LOG.log(Level.FINE, "qhtrack: ignoring a {0} cookie that is malformed, foreign or expired",
                            name);
                }
            }
            i = end + 1;
        }
        return latest;
    }

    @Override
    public CaptureSettings.Attribution attribution() {
        return settings.attribution;
    }

    @Override
    public void save(HttpServletRequest request, HttpServletResponse response, StoredClick click) {
        if (response.isCommitted()) {
            LOG.log(Level.WARNING, "qhtrack: the response is already committed; the {0} cookie cannot be set",
                    settings.cookieName);
            return;
        }
        keepPrivate(response);
        response.addHeader("Set-Cookie", setCookie(request, click));
    }

    /**
     * Marks a response that sets the visitor's click (cookie or session) {@code Cache-Control: private}, so that no
     * shared cache (a CDN, a proxy) stores it and hands the visitor's click, with its {@code Set-Cookie}, to others;
     * unless the application or an earlier filter already chose a {@code Cache-Control}, which is left as it is. An
     * application that sets one later, for instance {@code public} on landing pages served through a CDN, replaces
     * this one: see the filter's documentation for that case.
     */
    static void keepPrivate(HttpServletResponse response) {
        if (!response.containsHeader("Cache-Control")) {
            response.setHeader("Cache-Control", "private");
        }
    }

    /** The {@code Set-Cookie} header value for {@code stored}: it lasts as long as its newest click. */
    String setCookie(HttpServletRequest request, StoredClick stored) {
        Instant now = clock.instant();
        Instant newest = stored.click.capturedAt();
        for (Click click : stored.clicks) {
            newest = click.capturedAt().isAfter(newest) ? click.capturedAt() : newest;
        }
        Instant end = newest.plus(settings.maxAge);
        long maxAge = Math.max(1, Math.min(settings.maxAge.getSeconds(), Duration.between(now, end).getSeconds()));
        StringBuilder sb = new StringBuilder(160);
        sb.append(settings.cookieName).append('=').append(ClickCodec.encode(stored));
        sb.append("; Max-Age=").append(maxAge);
        sb.append("; Expires=").append(expires(now.getEpochSecond() + maxAge));
        String domain = domainFor(request);
        if (domain != null) {
            sb.append("; Domain=").append(domain);
        }
        sb.append("; Path=").append(settings.cookiePath);
        if (isSecure(request)) {
            sb.append("; Secure");
        }
        if (settings.httpOnly) {
            sb.append("; HttpOnly");
        }
        sb.append("; SameSite=").append(settings.sameSite);
        return sb.toString();
    }

    private String expires(long epochSecond) {
        FormattedExpiry last = lastExpiry;
        if (last.epochSecond != epochSecond) {
            last = new FormattedExpiry(epochSecond, EXPIRES.format(Instant.ofEpochSecond(epochSecond)));
            lastExpiry = last;
        }
        return last.text;
    }

    /**
     * The configured domain when the request host (the one a trusted proxy forwarded, else the server name) is that
     * domain or one of its subdomains; otherwise {@code null} (a host-only cookie: a Domain the host is outside of
     * would be refused by the browser).
     */
    private String domainFor(HttpServletRequest request) {
        String domain = settings.cookieDomain;
        if (domain == null) {
            return null;
        }
        String host = hostName(settings.proxies.forwardedHost(request));
        if (host == null) {
            host = request.getServerName();
        }
        if (host != null) {
            host = host.toLowerCase(Locale.ROOT);
            if (host.equals(domain) || (host.endsWith(domain) && host.charAt(host.length() - domain.length() - 1) == '.')) {
                return domain;
            }
        }
        if (LOG.isLoggable(Level.FINE)) {
            LOG.log(Level.FINE, "qhtrack: request host {0} is outside {1}={2}; writing a host-only cookie",
                    new Object[] {Printable.of(String.valueOf(host), 256), Setting.COOKIE_DOMAIN, domain});
        }
        return null;
    }

    private boolean isSecure(HttpServletRequest request) {
        switch (settings.secure) {
            case ALWAYS:
                return true;
            case NEVER:
                return false;
            default:
                return request.isSecure() || settings.proxies.forwardedHttps(request);
        }
    }

    /** The host name of a {@code Host}-like value ({@code host[:port]}, {@code [v6][:port]}), or {@code null}. */
    private static String hostName(String hostAndPort) {
        if (hostAndPort == null) {
            return null;
        }
        int close = hostAndPort.lastIndexOf(']');
        int colon = hostAndPort.lastIndexOf(':');
        return colon > close ? hostAndPort.substring(0, colon) : hostAndPort;
    }
}
