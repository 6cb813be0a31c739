package io.qhtrack.platform.qihoo360;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Settings;
import io.qhtrack.core.spi.LandingParameter;
import io.qhtrack.core.spi.LandingRequest;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code qhtrack.search.device}: how 360's platform tells a {@code qhclickid} click PC search from mobile search. */
class Qihoo360SearchDeviceTest {

    private static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148";
    private static final String DESKTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0";

    private static String searchLine(Map<String, String> settings, String userAgent) {
        LandingParameter qhclickid = new Qihoo360().configure(Settings.of(settings)).landingParameters().get(0);
        assertThat(qhclickid.name()).isEqualTo("qhclickid");
        return qhclickid.line(new LandingRequest() {
            @Override
            public String userAgent() {
                return userAgent;
            }

            @Override
            public String path() {
                return "/landing";
            }
        }).id();
    }

    @ParameterizedTest(name = "{0} from {1}: {2}")
    @CsvSource({"auto, mobile, ms", "auto, desktop, ps", " Mobile , desktop, ms", "PC, mobile, ps"})
    void theSettingOrTheUserAgentDecidesTheSearchLine(String device, String from, String line) {
        assertThat(searchLine(Map.of("qhtrack.search.device", device), from.equals("mobile") ? IPHONE : DESKTOP))
                .isEqualTo(line);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"tablet", "mobile-ish"})
    void anythingElseFailsAtStartUpNamingTheSetting(String device) {
        assertThatThrownBy(() -> new Qihoo360().configure(Settings.of(Map.of("qhtrack.search.device", device))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("qhtrack.search.device")
                .hasMessageContaining("is not auto, pc or mobile");
    }
}
