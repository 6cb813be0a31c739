package io.qhtrack.filter;

import io.qhtrack.core.Settings;
import io.qhtrack.core.spi.LandingRequest;
import io.qhtrack.core.spi.Platform;
import io.qhtrack.platform.baidu.Baidu;
import io.qhtrack.platform.qihoo360.Qihoo360;
import io.qhtrack.platform.tencent.Tencent;

import java.util.List;
import java.util.Map;

/**
 * 360, with Baidu and Tencent configured as a deployment that set their credentials would have them, for filters that
 * capture every platform.
 */
final class TestPlatforms {

    /** Settings that turn Baidu and Tencent on (fake credentials: nothing is sent with them). */
    static final Map<String, String> CREDENTIALS = Map.of("qhtrack.baidu.token", "baidu-t0ken",
            "qhtrack.tencent.access-token", "tencent-t0ken", "qhtrack.tencent.account-id", "1001",
            "qhtrack.tencent.user-action-set-id", "2002");

    private TestPlatforms() {
    }

    /** Baidu, on. */
    static Platform baidu() {
        return new Baidu().configure(Settings.of(CREDENTIALS));
    }

    /** Tencent, on. */
    static Platform tencent() {
        return new Tencent().configure(Settings.of(CREDENTIALS));
    }

    /** 360, Baidu and Tencent, on. */
    static List<Platform> enabled() {
        return List.of(new Qihoo360(), baidu(), tencent());
    }

    /** Baidu and Tencent as the {@code ServiceLoader} makes them: not configured, so off. */
    static List<Platform> notConfigured() {
        return List.of(new Qihoo360(), new Baidu().configure(Settings.of(Map.of())),
                new Tencent().configure(Settings.of(Map.of())));
    }

    /** The click parameters of 360 (the filter's own), Baidu and Tencent, with default settings. */
    static ClickParameters parameters() {
        return CapturePlatforms.parameters(enabled());
    }

    /** A landing request from {@code userAgent} on {@code /landing}. */
    static LandingRequest landing(String userAgent) {
        return new LandingRequest() {
            @Override
            public String userAgent() {
                return userAgent;
            }

            @Override
            public String path() {
                return "/landing";
            }
        };
    }
}
