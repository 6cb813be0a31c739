package io.qhtrack.filter;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Setting;
import io.qhtrack.core.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CaptureSettingsTest {

    private static CaptureSettings settings(String... pairs) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return CaptureSettings.from(Settings.of(map));
    }

    @Test
    void defaults() {
        CaptureSettings s = settings();

        assertThat(s.stores).containsExactly(CaptureSettings.StoreKind.COOKIE);
        assertThat(s.cookieName).isEqualTo("qhtrack_click");
        assertThat(s.cookieDomain).isNull();
        assertThat(s.cookiePath).isEqualTo("/");
        assertThat(s.maxAge).isEqualTo(Duration.ofDays(30));
        assertThat(s.httpOnly).isTrue();
        assertThat(s.secure).isEqualTo(CaptureSettings.SecureMode.AUTO);
        assertThat(s.sameSite).isEqualTo("Lax");
        assertThat(s.proxies.isEmpty()).isTrue();
        assertThat(s.browserEventsBudget).hasToString("30/PT1H");
        assertThat(s.scriptPath).isEqualTo("/qhtrack.js");
        assertThat(s.capturePath).isEqualTo("/qhtrack/capture");
        assertThat(s.refererCapture).isTrue();
        assertThat(s.browserEvents).isEmpty();
        assertThat(s.eventPath).isEqualTo("/qhtrack/event");
        assertThat(s.browseTime).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.browseDepth).isEqualTo(75);
        assertThat(s.attribution).isEqualTo(CaptureSettings.Attribution.LAST_CLICK);
        assertThat(s.landingUrlDropParams).isEmpty();
        assertThat(CaptureSettings.autoRegister(Settings.of(Map.of()))).isTrue();
    }

    @Test
    void validValuesAreNormalised() {
        CaptureSettings s = settings("qhtrack.store", " Session , COOKIE ", "qhtrack.cookie.domain", ".WWW.Example.com.cn",
                "qhtrack.cookie.max-age", "PT12H", "qhtrack.cookie.same-site", "strict", "qhtrack.cookie.secure", "TRUE", "qhtrack.script.path", "OFF");

        assertThat(s.stores).containsExactly(CaptureSettings.StoreKind.SESSION, CaptureSettings.StoreKind.COOKIE);
        assertThat(s.cookieDomain).isEqualTo("www.example.com.cn");
        assertThat(s.maxAge).isEqualTo(Duration.ofHours(12));
        assertThat(s.sameSite).isEqualTo("Strict");
        assertThat(s.secure).isEqualTo(CaptureSettings.SecureMode.ALWAYS);
        assertThat(s.scriptPath).isNull();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "qhtrack.store              | memory         | is not cookie, session, or both",
        "qhtrack.store              | cookie,cookie  | is not cookie, session, or both",
        "qhtrack.store              | cookie,        | is not cookie, session, or both",
        "qhtrack.cookie.name        | qh click       | is not a valid cookie name",
        "qhtrack.cookie.name        | qh;click       | is not a valid cookie name",
        "qhtrack.cookie.name        | $qh            | is not a valid cookie name",
        "qhtrack.cookie.name        | 点击           | is not a valid cookie name",
        "qhtrack.cookie.name        | __Secure-qh    | has a prefix that requires qhtrack.cookie.secure=true",
        "qhtrack.cookie.domain      | com            | is not a domain name with at least two labels",
        "qhtrack.cookie.domain      | example..cn    | is not a domain name with at least two labels",
        "qhtrack.cookie.domain      | -a.example.cn  | is not a domain name with at least two labels",
        "qhtrack.cookie.domain      | 127.0.0.1      | is not a domain name with at least two labels",
        "qhtrack.cookie.domain      | example.com;x  | is not a domain name with at least two labels",
        "qhtrack.cookie.domain      | 例子.中国      | is not a domain name with at least two labels",
        "qhtrack.cookie.path        | shop           | is not a cookie path",
        "qhtrack.cookie.path        | /a;b           | is not a cookie path",
        "qhtrack.cookie.path        | /a b           | is not a cookie path",
        "qhtrack.cookie.max-age     | forever        | is neither a number of seconds nor an ISO-8601 duration",
        "qhtrack.cookie.max-age     | 30d            | is neither a number of seconds nor an ISO-8601 duration",
        "qhtrack.cookie.max-age     | P1M            | is neither a number of seconds nor an ISO-8601 duration",
        "qhtrack.cookie.max-age     | -5             | is neither a number of seconds nor an ISO-8601 duration",
        "qhtrack.cookie.max-age     | 0              | is outside 1 second to 400 days",
        "qhtrack.cookie.max-age     | P401D          | is outside 1 second to 400 days",
        "qhtrack.cookie.max-age     | 99999999999999999999 | is neither a number of seconds",
        "qhtrack.cookie.http-only   | yes            | is not true or false",
        "qhtrack.cookie.secure      | always         | is not auto, true or false",
        "qhtrack.cookie.same-site   | Loose          | is not Lax, Strict or None",
        "qhtrack.cookie.same-site   | None           | 'None' requires qhtrack.cookie.secure=true",
        "qhtrack.trust-forwarded-proto | 1           | is not true or false",
        "qhtrack.script.path        | qhtrack.js     | is not a path such as /qhtrack.js",
        "qhtrack.script.path        | /a/../b.js     | is not a path such as /qhtrack.js",
        "qhtrack.script.path        | /q\"h.js       | is not a path such as /qhtrack.js",
        "qhtrack.capture.path       | /              | is not a path such as /qhtrack/capture",
        "qhtrack.capture.path       | /qhtrack.js    | is also qhtrack.script.path",
        "qhtrack.capture.path       | off            | is served but qhtrack.capture.path is off",
        "qhtrack.capture.referer    | any            | is not same-origin or off",
        "qhtrack.event.path         | /qhtrack.js    | is also qhtrack.script.path",
        "qhtrack.event.path         | /qhtrack/capture | is also qhtrack.capture.path",
        "qhtrack.event.path         | event          | is not a path such as /qhtrack/event",
        "qhtrack.browser-events     | ORDER          | is not an event the browser may report",
        "qhtrack.browser-events     | SUBMIT         | report SUBMIT from the server",
        "qhtrack.browser-events     | FREE_MONEY     | is not an event the browser may report",
        "qhtrack.browser-events     | CALL_BUTTON,   | has an empty entry",
        "qhtrack.browse-time        | PT0.5S         | is outside 1 second to 1 hour",
        "qhtrack.browse-time        | PT2H           | is outside 1 second to 1 hour",
        "qhtrack.browse-time        | soon           | qhtrack.browse-time",
        "qhtrack.browse-depth       | 0              | is not a percentage from 1 to 100",
        "qhtrack.browse-depth       | 101            | is not a percentage from 1 to 100",
        "qhtrack.browse-depth       | most           | is not a whole number",
        "qhtrack.attribution        | first-click    | is not last-click or all-platforms",
        "qhtrack.attribution        | all            | is not last-click or all-platforms",
        "qhtrack.landing-url.drop-params | phone,,email | is not a list of query parameter names",
        "qhtrack.landing-url.drop-params | phone,    | is not a list of query parameter names",
    })
    void invalidValueFailsNamingTheSettingAndTheValue(String setting, String value, String problem) {
        assertThatThrownBy(() -> settings(setting, value))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(((ConfigurationException) e).setting()).isIn(setting,
                        "qhtrack.cookie.same-site", "qhtrack.script.path", "qhtrack.capture.path"))
                .hasMessageContaining(problem)
                .hasMessageContaining(value.equals("off") ? "qhtrack.capture.path" : "'" + value);
    }

    /** 360's {@code qhtrack.search.device} is 360's own setting now: the filter's platforms check it, at init. */
    @Test
    void aBadSearchDeviceFailsTheFiltersPlatformsNamingTheSettingAndTheValue() {
        assertThatThrownBy(() -> CapturePlatforms.load(null, Settings.of(Map.of("qhtrack.search.device", "tablet"))))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(((ConfigurationException) e).setting()).isEqualTo("qhtrack.search.device"))
                .hasMessageContaining("is not auto, pc or mobile")
                .hasMessageContaining("'tablet");
    }

    @Test
    void theDocumentedDefaultAttributionIsTheCodes() {
        assertThat(settings("qhtrack.attribution", Setting.ATTRIBUTION.defaultValue()).attribution)
                .isEqualTo(settings().attribution);
        assertThat(Setting.ATTRIBUTION.allowedValues()).containsExactly("last-click", "all-platforms");
        assertThat(Setting.LANDING_URL_DROP_PARAMS.defaultValue()).as("none").isNull();
    }

    @Test
    void attributionAndDropParamsAreReadIgnoringCaseAndSpaces() {
        CaptureSettings s = settings("qhtrack.attribution", "ALL-PLATFORMS", "qhtrack.landing-url.drop-params",
                " Phone , e-mail,openid ");

        assertThat(s.attribution).isEqualTo(CaptureSettings.Attribution.ALL_PLATFORMS);
        assertThat(s.landingUrlDropParams).containsExactly("phone", "e-mail", "openid");
        assertThat(settings("qhtrack.attribution", "last-click").attribution)
                .isEqualTo(CaptureSettings.Attribution.LAST_CLICK);
        assertThat(s.describe()).contains("attribution=all-platforms", "landing URLs without fragments and [phone, "
                + "e-mail, openid]");
    }

    @Test
    void browserEventsAreReadByWireOrJavaNameIgnoringSpaces() {
        CaptureSettings s = settings("qhtrack.browser-events", " CALL_BUTTON , wx_button_c,BROWSETIME ,SITE_VISIT_DEPTH",
                "qhtrack.browse-time", "PT5S", "qhtrack.browse-depth", "50", "qhtrack.capture.referer", "OFF");

        assertThat(s.browserEvents).containsExactlyInAnyOrder(io.qhtrack.core.Event.CALL_BUTTON,
                io.qhtrack.core.Event.WX_BUTTON_C, io.qhtrack.core.Event.BROWSETIME,
                io.qhtrack.core.Event.SITE_VISIT_DEPTH);
        assertThat(s.browseTime).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.browseDepth).isEqualTo(50);
        assertThat(s.refererCapture).isFalse();
    }

    @Test
    void browserEventsWithTheirEndpointOrTheScriptOffAreAMistake() {
        assertThatThrownBy(() -> settings("qhtrack.browser-events", "CALL_BUTTON", "qhtrack.event.path", "off"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("qhtrack.browser-events: lists CALL_BUTTON but qhtrack.event.path is off, so nothing could "
                        + "report them; leave qhtrack.browser-events unset");
        assertThatThrownBy(() -> settings("qhtrack.browser-events", "CALL_BUTTON", "qhtrack.script.path", "off"))
                .hasMessageContaining("qhtrack.script.path is off");
        assertThat(settings("qhtrack.event.path", "off").eventPath).isNull();
    }

    @Test
    void hostPrefixRequiresRootPathAndNoDomain() {
        for (List<String> extra : List.of(List.of("qhtrack.cookie.path", "/shop"),
                List.of("qhtrack.cookie.domain", "example.com.cn"))) {
            assertThatThrownBy(() -> settings("qhtrack.cookie.name", "__Host-qh", "qhtrack.cookie.secure", "true",
                    extra.get(0), extra.get(1)))
                    .hasMessage("qhtrack.cookie.name: '__Host-qh' has the __Host- prefix, which requires "
                            + "qhtrack.cookie.path=/ and no qhtrack.cookie.domain");
        }
    }

    @Test
    void environmentVariablesFollowTheContractNaming() {
        Settings env = Settings.environment(Map.of("QHTRACK_COOKIE_MAX_AGE", "P7D", "QHTRACK_STORE", "session"));

        CaptureSettings s = CaptureSettings.from(env);

        assertThat(s.maxAge).isEqualTo(Duration.ofDays(7));
        assertThat(s.stores).containsExactly(CaptureSettings.StoreKind.SESSION);
    }

    @Test
    void autoRegisterAcceptsOnlyBooleans() {
        assertThat(CaptureSettings.autoRegister(Settings.of(Map.of("qhtrack.auto-register", "FALSE")))).isFalse();
        assertThatThrownBy(() -> CaptureSettings.autoRegister(Settings.of(Map.of("qhtrack.auto-register", "no"))))
                .hasMessage("qhtrack.auto-register: 'no' is not true or false");
    }
}
