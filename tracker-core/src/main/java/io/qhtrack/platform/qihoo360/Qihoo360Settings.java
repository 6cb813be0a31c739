package io.qhtrack.platform.qihoo360;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Setting;
import io.qhtrack.core.Settings;
import io.qhtrack.core.internal.Endpoints;
import io.qhtrack.core.internal.Printable;
import io.qhtrack.core.internal.Text;
import io.qhtrack.core.spi.CredentialSet;
import io.qhtrack.core.spi.PlatformSetting;
import java.net.URI;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * 360's settings — the names qhtrack has always used ({@code qhtrack.endpoint}, {@code qhtrack.search.key} …) — their
 * declarations ({@link #ALL}, secrets marked), and how each value is read and checked. Every refusal is a
 * {@link ConfigurationException} naming the setting, never quoting a secret.
 */
final class Qihoo360Settings {

    static final String ENDPOINT = "qhtrack.endpoint";
    static final String SEARCH_KEY = "qhtrack.search.key";
    static final String SEARCH_SECRET = "qhtrack.search.secret";
    static final String DISPLAY_KEY = "qhtrack.display.key";
    static final String DISPLAY_SECRET = "qhtrack.display.secret";
    static final String DISPLAY_JZQS = "qhtrack.display.jzqs";
    static final String MOBILE_KEY = "qhtrack.mobile.key";
    static final String MOBILE_SECRET = "qhtrack.mobile.secret";
    static final String SEARCH_DEVICE = "qhtrack.search.device";

    /** The names in a 360 {@link CredentialSet}: the App-Key, the secret, and display's advertiser id. */
    static final String KEY = "key";
    static final String SECRET = "secret";
    static final String JZQS = "jzqs";

    /** 360's endpoint (section 4.2). */
    static final URI DEFAULT_ENDPOINT = URI.create("https://convert.dop.360.cn/uploadWebConvert");
    /** Natural days are counted in China time unless {@code qhtrack.zone} says otherwise (FAQ 5.5). */
    static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

    /** PC or mobile search for a {@code qhclickid}, as {@value #SEARCH_DEVICE} says. */
    enum SearchDevice {
        /** From the User-Agent: phones and tablets are mobile search. */
        AUTO,
        /** Always PC search. */
        PC,
        /** Always mobile search. */
        MOBILE
    }

    /** Every setting 360 reads, in the order the documentation lists them. */
    static final List<PlatformSetting> ALL = Collections.unmodifiableList(Arrays.asList(
            PlatformSetting.of(ENDPOINT, String.class, DEFAULT_ENDPOINT.toString(),
                    "upload URL; plain http is refused unless the host is loopback"),
            PlatformSetting.of(SEARCH_KEY, String.class, null,
                    "App-Key of the search account: PC and mobile search (ocpc_ps_convert, ocpc_ms_convert)"),
            PlatformSetting.secret(SEARCH_SECRET, "secret of the search account; only ever used to sign"),
            PlatformSetting.of(DISPLAY_KEY, String.class, null, "App-Key of the display account (ocpc_zs_convert)"),
            PlatformSetting.secret(DISPLAY_SECRET, "secret of the display account; only ever used to sign"),
            PlatformSetting.of(DISPLAY_JZQS, String.class, null,
                    "display advertiser id (jzqs), required with the display credentials"),
            PlatformSetting.of(MOBILE_KEY, String.class, null,
                    "App-Key of the mobile promotion account (ocpc_web_convert)"),
            PlatformSetting.secret(MOBILE_SECRET, "secret of the mobile promotion account; only ever used to sign"),
            PlatformSetting.of(SEARCH_DEVICE, String.class, "auto",
                    "PC vs mobile search for qhclickid: auto (from the User-Agent), pc or mobile", "auto", "pc",
                    "mobile")));

    private Qihoo360Settings() {
    }

    /** The endpoint: {@value #ENDPOINT}, or 360's. */
    static URI endpoint(Settings settings) {
        Optional<String> value = settings.get(ENDPOINT);
        return value.isPresent() ? Endpoints.parse(ENDPOINT, value.get()) : DEFAULT_ENDPOINT;
    }

    /** PC or mobile search: {@value #SEARCH_DEVICE}, default {@code auto}. */
    static SearchDevice searchDevice(Settings settings) {
        Optional<String> value = settings.get(SEARCH_DEVICE);
        if (!value.isPresent()) {
            return SearchDevice.AUTO;
        }
        for (SearchDevice d : SearchDevice.values()) {
            if (d.name().equalsIgnoreCase(value.get().trim())) {
                return d;
            }
        }
        throw new ConfigurationException(SEARCH_DEVICE, "'" + Printable.of(value.get(), 40) + "' is not auto, pc or "
                + "mobile");
    }

    /** The zone of natural days: {@code qhtrack.zone}, default {@code Asia/Shanghai}. */
    static ZoneId zone(Settings settings) {
        Optional<String> value = settings.get(Setting.ZONE);
        if (!value.isPresent()) {
            return DEFAULT_ZONE;
        }
        try {
            return ZoneId.of(value.get());
        } catch (DateTimeException e) {
            throw new ConfigurationException(Setting.ZONE.key(), "'" + value.get()
                    + "' is not a time zone id such as " + DEFAULT_ZONE);
        }
    }

    /**
     * The credentials of the account whose settings begin with {@code prefix} ({@code qhtrack.search},
     * {@code qhtrack.display}, {@code qhtrack.mobile}): absent with neither key nor secret; a
     * {@link ConfigurationException} with only part of what the account needs, or a value that cannot be right.
     */
    static Optional<CredentialSet> credentials(Settings settings, String prefix) {
        String keySetting = prefix + ".key";
        String secretSetting = prefix + ".secret";
        Optional<String> key = settings.get(keySetting);
        String secret = settings.raw(secretSetting);
        boolean hasSecret = secret != null && !Text.isBlank(secret);
        if (!key.isPresent() && !hasSecret) {
            return Optional.empty();
        }
        if (!key.isPresent()) {
            throw new ConfigurationException(keySetting, "is required when " + secretSetting + " is set");
        }
        boolean display = prefix.equals("qhtrack.display");
        String jzqs = display ? settings.get(DISPLAY_JZQS).orElse(null) : null;
        return Optional.of(credentials(prefix, key.get(), hasSecret ? secret : null, jzqs));
    }

    /**
     * The credentials of one account, checked: the key and jzqs printable ASCII without white space (FAQ 5.8), the
     * secret present and used exactly as given (FAQ 5.7).
     */
    static CredentialSet credentials(String prefix, String key, String secret, String jzqs) {
        String keySetting = prefix + ".key";
        String secretSetting = prefix + ".secret";
        requireToken(keySetting, key, true);
        if (secret == null || secret.isEmpty()) {
            throw new ConfigurationException(secretSetting, "is required when " + keySetting + " is set");
        }
        if (!secret.equals(Text.strip(secret))) {
            throw new ConfigurationException(secretSetting,
                    "has leading or trailing white space (FAQ 5.7: the secret is used exactly as given)");
        }
        CredentialSet.Builder b = CredentialSet.builder().value(KEY, key).secret(SECRET, secret);
        if (prefix.equals("qhtrack.display")) {
            requireToken(DISPLAY_JZQS, jzqs, false);
            b.value(JZQS, jzqs);
        } else if (jzqs != null) {
            throw new ConfigurationException(prefix + ".jzqs", "only display uploads carry jzqs");
        }
        return b.build();
    }

    private static void requireToken(String setting, String value, boolean quote) {
        if (value == null || value.isEmpty()) {
            throw new ConfigurationException(setting, "is required");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new ConfigurationException(setting, (quote ? Printable.quoted(value, 80) + " " : "")
                        + "contains white space or a non-printable or non-ASCII character at index " + i
                        + " (FAQ 5.8: copy it again from 360's console)");
            }
        }
    }
}
