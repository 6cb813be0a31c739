package io.qhtrack.core;

import io.qhtrack.core.internal.PlatformRegistry;
import io.qhtrack.core.spi.Platform;

/**
 * 360's platform of qhtrack's class path, with its defaults, for the compatibility code that needs the whole platform:
 * {@link Credentials#fromSettings(Settings)} (360's reading of the account settings) and {@link Tracker#endpoint()}
 * (360's default endpoint). Kept apart from {@link Qihoo360Compat}, which {@link Event} and {@link ProductLine} use:
 * the SPI names those, so they must not reach {@link Platform} (a class-level cycle across packages). Looked up once.
 */
final class Qihoo360Platform {

    private Qihoo360Platform() {
    }

    /** 360's platform, with its defaults. */
    static Platform builtIn() {
        return Holder.PLATFORM;
    }

    /** Loaded on first use. */
    private static final class Holder {
        static final Platform PLATFORM = PlatformRegistry.builtIn(Qihoo360Compat.ID)
                .orElseThrow(() -> new IllegalStateException(Qihoo360Compat.NOT_ON_CLASS_PATH));

        private Holder() {
        }
    }
}
