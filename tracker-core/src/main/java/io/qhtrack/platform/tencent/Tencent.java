package io.qhtrack.platform.tencent;

import io.qhtrack.core.Settings;
import io.qhtrack.core.spi.Classifier;
import io.qhtrack.core.spi.Codec;
import io.qhtrack.core.spi.CredentialSet;
import io.qhtrack.core.spi.DeliveryWindow;
import io.qhtrack.core.spi.EventCatalog;
import io.qhtrack.core.spi.LandingParameter;
import io.qhtrack.core.spi.Line;
import io.qhtrack.core.spi.Platform;
import io.qhtrack.core.spi.PlatformSetting;
import io.qhtrack.core.spi.RateLimit;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Tencent Ads (腾讯广告), web conversions in click_id mode: clicks arrive with {@code gdt_vid} (WeChat traffic) or
 * {@code qz_gdt} (other traffic) and keep their landing URL; conversions go, up to 50 at a time, to v3.0
 * {@code user_actions/add}, authenticated with {@code access_token}, {@code timestamp} and {@code nonce}. The package
 * description is the set-up and troubleshooting guide. Immutable; the public constructor gives the defaults (not
 * enabled), {@link #configure(Settings)} the deployment's.
 */
public final class Tencent implements Platform {

    /** The platform's id, stored with clicks and rows. */
    public static final String ID = "tencent";

    private static final List<LandingParameter> LANDING_PARAMETERS = Collections.unmodifiableList(Arrays.asList(
            LandingParameter.builder("gdt_vid").keepsLandingUrl().build(),
            LandingParameter.builder("qz_gdt").keepsLandingUrl().build()));
    private static final Classifier CLASSIFIER = new TencentClassifier();

    private final TencentSettings settings;
    private final TencentCodec codec;

    /** Tencent with every default, not enabled: what the {@code ServiceLoader} makes before {@code configure}. */
    public Tencent() {
        this(TencentSettings.defaults());
    }

    private Tencent(TencentSettings settings) {
        this.settings = settings;
        this.codec = new TencentCodec(settings);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "腾讯广告";
    }

    /**
     * Tencent with the deployment's {@code qhtrack.tencent.*} settings (and {@code qhtrack.zone}), checked at once.
     *
     * @throws io.qhtrack.core.ConfigurationException naming the first setting whose value cannot be used (never
     *     showing the access token)
     */
    @Override
    public Tencent configure(Settings settings) {
        return new Tencent(TencentSettings.read(settings));
    }

    /** On when the access token, account id and action set id are set, or as {@code qhtrack.tencent.enabled} says. */
    @Override
    public boolean enabled() {
        return settings.enabled();
    }

    @Override
    public List<PlatformSetting> settings() {
        return TencentSettings.ALL;
    }

    /** {@code gdt_vid}, then {@code qz_gdt}; both keep the landing URL (the upload's {@code url}). */
    @Override
    public List<LandingParameter> landingParameters() {
        return LANDING_PARAMETERS;
    }

    @Override
    public EventCatalog events() {
        return settings.events();
    }

    @Override
    public Codec codec() {
        return codec;
    }

    @Override
    public Classifier classifier() {
        return CLASSIFIER;
    }

    /** {@code qhtrack.tencent.window}: by default the conversion's natural day in {@code qhtrack.zone}. */
    @Override
    public DeliveryWindow window() {
        return settings.window();
    }

    /** {@code qhtrack.tencent.rate}: by default 4000 requests a minute per access token. */
    @Override
    public Optional<RateLimit> rateLimit() {
        return Optional.of(settings.rate());
    }

    /**
     * The access token (secret), account id and action set id that the settings give, for Tencent's one line; empty
     * when none is set.
     *
     * @throws io.qhtrack.core.ConfigurationException when only some are set or an id is not a positive integer
     */
    @Override
    public Optional<CredentialSet> credentials(Settings settings, Line line) {
        return Line.DEFAULT_ID.equals(line.id()) ? TencentSettings.credentials(settings)
                : Optional.<CredentialSet>empty();
    }

    /** The settings in force, never a credential. */
    @Override
    public String toString() {
        return "Tencent[" + (enabled() ? "enabled" : "not enabled") + ", " + settings + "]";
    }
}
