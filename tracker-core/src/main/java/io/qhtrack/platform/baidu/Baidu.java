package io.qhtrack.platform.baidu;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Event;
import io.qhtrack.core.Settings;
import io.qhtrack.core.spi.Classifier;
import io.qhtrack.core.spi.Codec;
import io.qhtrack.core.spi.CredentialSet;
import io.qhtrack.core.spi.DeliveryWindow;
import io.qhtrack.core.spi.EventMapping;
import io.qhtrack.core.spi.LandingParameter;
import io.qhtrack.core.spi.Line;
import io.qhtrack.core.spi.Platform;
import io.qhtrack.core.spi.PlatformSetting;
import io.qhtrack.core.internal.Printable;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Baidu oCPC's web conversion upload (百度营销, 线索 API): the click id {@code bd_vid} with the landing URL it arrived
 * on, Baidu's conversion types ({@code newType}), batches of up to {@code qhtrack.baidu.batch-size} conversions per
 * request, and Baidu's answers (status 0 to 4). Immutable; the instance the {@code ServiceLoader} makes carries the
 * defaults and is off until {@link #configure(Settings)} finds a token (or {@code qhtrack.baidu.enabled=true}).
 *
 * <p>Its settings ({@code qhtrack.baidu.token}, {@code .endpoint}, {@code .events}, {@code .batch-size},
 * {@code .window}, {@code .enabled}) are declared by {@link #settings()}; the {@linkplain io.qhtrack.platform.baidu
 * package documentation} has their table, the setup in Baidu's console and the troubleshooting.
 */
public final class Baidu implements Platform {

    /** The platform's id: stored in outbox rows and cookies, used in {@code --platform baidu}. */
    public static final String ID = "baidu";

    /** {@code bd_vid}: {@code [A-Za-z0-9._-]}, at most 128 characters, not a macro; the click keeps its landing URL. */
    private static final LandingParameter BD_VID = LandingParameter.builder(BaiduItem.BD_VID).keepsLandingUrl().build();
    private static final Classifier CLASSIFIER = new BaiduClassifier();

    private final BaiduCodec codec;
    private final EventMapping events;
    private final DeliveryWindow window;
    private final boolean enabled;

    /** Baidu with its defaults, not enabled: what the {@code ServiceLoader} makes. */
    public Baidu() {
        this(new BaiduCodec(BaiduSettings.DEFAULT_ENDPOINT, BaiduSettings.DEFAULT_BATCH_SIZE),
                BaiduEvents.CATALOGUE, DeliveryWindow.naturalDay(BaiduSettings.DEFAULT_ZONE), false);
    }

    private Baidu(BaiduCodec codec, EventMapping events, DeliveryWindow window, boolean enabled) {
        this.codec = codec;
        this.events = events;
        this.window = window;
        this.enabled = enabled;
    }

    @Override
    public String id() {
        return ID;
    }

    /** {@code 百度营销}. */
    @Override
    public String displayName() {
        return "百度营销";
    }

    /**
     * Baidu with {@code settings} applied: endpoint, batch size, window, event overrides, and whether it is on. An
     * override to the disputed {@code newType} 4 is refused.
     *
     * @throws io.qhtrack.core.ConfigurationException naming the first setting whose value cannot be used
     */
    @Override
    public Baidu configure(Settings settings) {
        URI endpoint = settings.get(BaiduSettings.ENDPOINT).map(BaiduSettings::endpoint)
                .orElse(BaiduSettings.DEFAULT_ENDPOINT);
        int batchSize = settings.get(BaiduSettings.BATCH_SIZE).map(BaiduSettings::batchSize)
                .orElse(BaiduSettings.DEFAULT_BATCH_SIZE);
        DeliveryWindow window = DeliveryWindow.parse(BaiduSettings.WINDOW,
                settings.get(BaiduSettings.WINDOW).orElse(DeliveryWindow.NATURAL_DAY), BaiduSettings.zone(settings));
        refuseDisputedType(settings);
        EventMapping events = BaiduEvents.CATALOGUE.configure(settings, BaiduSettings.EVENTS);
        boolean enabled = settings.get(BaiduSettings.ENABLED)
                .map(v -> BaiduSettings.bool(BaiduSettings.ENABLED, v))
                .orElse(settings.get(BaiduSettings.TOKEN).isPresent());
        return new Baidu(new BaiduCodec(endpoint, batchSize), events, window, enabled);
    }

    /**
     * Refuses a mapping to {@code newType} 4, whose meaning is disputed (APP激活 in Baidu's SDK, 购买成功 in a blog
     * post): qhtrack never sends it, so a deployment that asks for it learns at start-up, not from Baidu's reports.
     */
    private static void refuseDisputedType(Settings settings) {
        List<String> entries = new ArrayList<>();
        settings.get(BaiduSettings.EVENTS).ifPresent(list -> entries.addAll(Arrays.asList(list.split(",", -1))));
        for (Event e : Event.values()) {
            String raw = settings.raw(BaiduSettings.EVENTS + "." + e.name());
            if (raw != null) {
                entries.add(e.name() + "=" + raw);
            }
        }
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq > 0 && entry.substring(eq + 1).trim().equals(Integer.toString(NewType.DISPUTED))) {
                throw new ConfigurationException(BaiduSettings.EVENTS, Printable.of(entry.trim(), 60) + ": newType "
                        + NewType.DISPUTED + "'s meaning is disputed (APP激活 in Baidu's SDK, 购买成功 in a blog post) "
                        + "and qhtrack never sends it; a purchase is 10 (购买成功), a payment 26 (付费)");
            }
        }
    }

    /** On when {@code qhtrack.baidu.token} is set, or as {@code qhtrack.baidu.enabled} says. */
    @Override
    public boolean enabled() {
        return enabled;
    }

    /** Baidu's settings, the token declared secret. */
    @Override
    public List<PlatformSetting> settings() {
        return BaiduSettings.ALL;
    }

    /** {@code bd_vid}, keeping the landing URL (Baidu's {@code logidUrl}). */
    @Override
    public List<LandingParameter> landingParameters() {
        return Collections.singletonList(BD_VID);
    }

    /** Baidu's {@code newType}s, with DESIGN.md's default mapping and the deployment's overrides. */
    @Override
    public EventMapping events() {
        return events;
    }

    @Override
    public Codec codec() {
        return codec;
    }

    @Override
    public Classifier classifier() {
        return CLASSIFIER;
    }

    /** {@code qhtrack.baidu.window}: by default the conversion's natural day in {@code qhtrack.zone}. */
    @Override
    public DeliveryWindow window() {
        return window;
    }

    /** The token of {@code qhtrack.baidu.token}, as the secret {@code token}; empty when it is not set. */
    @Override
    public Optional<CredentialSet> credentials(Settings settings, Line line) {
        if (!Line.DEFAULT_ID.equals(line.id())) {
            return Optional.empty();
        }
        return settings.get(BaiduSettings.TOKEN)
                .map(token -> CredentialSet.builder().secret(BaiduCodec.TOKEN, token).build());
    }

    @Override
    public String toString() {
        return "Baidu[" + (enabled ? "enabled" : "off") + ", " + codec.endpoint() + ", batches of up to "
                + codec.maxBatch() + ", window " + window + ", " + events + "]";
    }
}
