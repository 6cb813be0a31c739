package io.qhtrack.platform.baidu;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Setting;
import io.qhtrack.core.Settings;
import io.qhtrack.core.spi.DeliveryWindow;
import io.qhtrack.core.spi.PlatformSetting;
import io.qhtrack.core.internal.Printable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Baidu's settings: their names, defaults and declarations ({@link #ALL}, the token declared secret), and how each
 * value is read and checked. Every refusal is a {@link ConfigurationException} naming the setting; the token's value
 * is never read here, only whether it is present.
 */
final class BaiduSettings {

    static final String TOKEN = "qhtrack.baidu.token";
    static final String ENDPOINT = "qhtrack.baidu.endpoint";
    static final String EVENTS = "qhtrack.baidu.events";
    static final String BATCH_SIZE = "qhtrack.baidu.batch-size";
    static final String WINDOW = "qhtrack.baidu.window";
    static final String ENABLED = "qhtrack.baidu.enabled";

    /** Baidu's endpoint for web conversions (the api-interface page). */
    static final URI DEFAULT_ENDPOINT = URI.create("https://ocpc.baidu.com/ocpcapi/api/uploadConvertData");
    /** Conversions per request unless {@value #BATCH_SIZE} says otherwise. */
    static final int DEFAULT_BATCH_SIZE = 50;
    /** Baidu takes fewer than 100 conversions per request. */
    static final int MAX_BATCH_SIZE = 99;
    /** The zone of natural days unless {@code qhtrack.zone} says otherwise. */
    static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

    /** Every setting Baidu reads, in the order the documentation lists them. */
    static final List<PlatformSetting> ALL = Collections.unmodifiableList(Arrays.asList(
            PlatformSetting.secret(TOKEN, "the API token of the Baidu account (百度营销 → 转化追踪, access method API): "
                    + "sent in the body of each upload, never logged or stored; Baidu is on when it is set"),
            PlatformSetting.of(ENDPOINT, String.class, DEFAULT_ENDPOINT.toString(),
                    "Baidu's upload URL; plain http is refused unless the host is loopback (a local FakeBaidu)"),
            PlatformSetting.of(EVENTS, String.class, null, "overrides of the default mapping of qhtrack's events to "
                    + "Baidu's newType, e.g. PAY=10, WX_BUTTON_C= (empty: not offered); also qhtrack.baidu.events.PAY=10. "
                    + "Mapping to the disputed type 4 is refused"),
            PlatformSetting.of(BATCH_SIZE, Integer.class, Integer.toString(DEFAULT_BATCH_SIZE),
                    "the most conversions in one request, 1 to " + MAX_BATCH_SIZE + " (Baidu takes fewer than 100); "
                    + "a conversion is never held back to fill a batch"),
            PlatformSetting.of(WINDOW, String.class, DeliveryWindow.NATURAL_DAY, "how long a failed conversion may still "
                    + "be sent: natural-day (the conversion's day in qhtrack.zone) or an ISO-8601 duration such as P1D; "
                    + "Baidu states no window"),
            PlatformSetting.of(ENABLED, Boolean.class, "on when qhtrack.baidu.token is set",
                    "capture bd_vid and report to Baidu; true also without a token in the settings (a "
                    + "CredentialResolver gives it), false turns Baidu off", "true", "false")));

    private BaiduSettings() {
    }

    /** The endpoint: absolute https, or http to a loopback address; no user info, no fragment. */
    static URI endpoint(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new ConfigurationException(ENDPOINT, Printable.quoted(value, 80) + " is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new ConfigurationException(ENDPOINT, Printable.quoted(value, 80) + " is not an absolute https URL");
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new ConfigurationException(ENDPOINT, "'" + scheme + "://" + uri.getHost()
                    + "…' must not carry user info or a fragment");
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            throw new ConfigurationException(ENDPOINT, "'" + uri + "' uses plain http; only https is allowed, except to "
                    + "a loopback address (127.0.0.1, ::1, localhost) for tests");
        }
        return uri;
    }

    /** A loopback host written as such: {@code localhost}, {@code 127.x.y.z} or {@code ::1}; never asks DNS. */
    static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return h.equalsIgnoreCase("localhost") || h.matches("127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}")
                || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }

    /** The batch size: a whole number from 1 to {@value #MAX_BATCH_SIZE}. */
    static int batchSize(String value) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ConfigurationException(BATCH_SIZE, Printable.quoted(value, 40) + " is not a whole number");
        }
        if (n < 1 || n > MAX_BATCH_SIZE) {
            throw new ConfigurationException(BATCH_SIZE, n + " is not between 1 and " + MAX_BATCH_SIZE
                    + " (Baidu takes fewer than 100 conversions per request)");
        }
        return n;
    }

    /** {@code true} or {@code false}, ignoring case. */
    static boolean bool(String setting, String value) {
        if ("true".equalsIgnoreCase(value)) {
            return true;
        }
        if ("false".equalsIgnoreCase(value)) {
            return false;
        }
        throw new ConfigurationException(setting, Printable.quoted(value, 40) + " is not true or false");
    }

    /** The zone of natural days: {@code qhtrack.zone}, default {@code Asia/Shanghai}. */
    static ZoneId zone(Settings settings) {
        String key = Setting.ZONE.key();
        String value = settings.get(key).orElse(null);
        if (value == null) {
            return DEFAULT_ZONE;
        }
        try {
            return ZoneId.of(value);
        } catch (DateTimeException e) {
            throw new ConfigurationException(key, Printable.quoted(value, 40) + " is not a time zone such as "
                    + "Asia/Shanghai");
        }
    }
}
