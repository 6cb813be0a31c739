package io.qhtrack.platform.qihoo360;

import io.qhtrack.core.Settings;
import io.qhtrack.core.spi.Classifier;
import io.qhtrack.core.spi.Codec;
import io.qhtrack.core.spi.CredentialSet;
import io.qhtrack.core.spi.DeliveryWindow;
import io.qhtrack.core.spi.EventCatalog;
import io.qhtrack.core.spi.LandingParameter;
import io.qhtrack.core.spi.LandingRequest;
import io.qhtrack.core.spi.Line;
import io.qhtrack.core.spi.Platform;
import io.qhtrack.core.spi.PlatformSetting;
import java.net.URI;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * 360 Dianjing (360 点睛), qhtrack's first platform: its four product lines ({@code web}, {@code ps}, {@code ms},
 * {@code zs}, which must never be mixed), the click ids on the landing URL ({@code qhclickid} for search, PC or mobile
 * by the User-Agent and {@code qhtrack.search.device}; {@code sourceid} for display; {@code impression_id} for mobile
 * promotion), the 53 events with their Chinese names per line, the upload with {@code App-Key} and {@code App-Sign},
 * one conversion per request, 360's answers ({@code errno}), and the window: the conversion's natural day in
 * {@code qhtrack.zone} (FAQ 5.5). Immutable; always enabled (a line without credentials is not reported, as ever).
 *
 * <p>Its settings keep the names qhtrack has always used: {@code qhtrack.endpoint}, {@code qhtrack.search.key} and
 * {@code .secret}, {@code qhtrack.display.key}, {@code .secret} and {@code .jzqs}, {@code qhtrack.mobile.key} and
 * {@code .secret}, {@code qhtrack.search.device} ({@link #settings()}).
 */
public final class Qihoo360 implements Platform {

    /** The platform's id: stored in outbox rows and cookies, used in {@code --platform qihoo360}. */
    public static final String ID = "qihoo360";

    private static final List<Line> LINES;

    static {
        List<Line> lines = new ArrayList<>();
        for (Qihoo360Line l : Qihoo360Line.values()) {
            lines.add(l.line());
        }
        LINES = Collections.unmodifiableList(lines);
    }

    private static final LandingParameter SOURCEID = LandingParameter.builder("sourceid")
            .line(Qihoo360Line.ZS.line()).build();
    private static final LandingParameter IMPRESSION_ID = LandingParameter.builder("impression_id")
            .line(Qihoo360Line.WEB.line()).build();
    private static final Classifier CLASSIFIER = new Qihoo360Classifier();

    /** 360 with its defaults, for {@code Upload.prepare} and {@code UploadClient} (declared after what it uses). */
    static final Qihoo360 DEFAULTS = new Qihoo360();

    private final Qihoo360Codec codec;
    private final DeliveryWindow window;
    private final Qihoo360Settings.SearchDevice searchDevice;
    private final List<LandingParameter> landingParameters;

    /** 360 with its defaults: 360's endpoint, natural days in China time, PC or mobile search by the User-Agent. */
    public Qihoo360() {
        this(Qihoo360Settings.DEFAULT_ENDPOINT, Qihoo360Settings.DEFAULT_ZONE, Qihoo360Settings.SearchDevice.AUTO);
    }

    private Qihoo360(URI endpoint, ZoneId zone, Qihoo360Settings.SearchDevice searchDevice) {
        this.codec = new Qihoo360Codec(endpoint);
        this.window = DeliveryWindow.naturalDay(zone);
        this.searchDevice = searchDevice;
        LandingParameter qhclickid = LandingParameter.builder("qhclickid").line(this::searchLine).build();
        this.landingParameters = Collections.unmodifiableList(Arrays.asList(qhclickid, SOURCEID, IMPRESSION_ID));
    }

    @Override
    public String id() {
        return ID;
    }

    /** {@code 360 点睛}. */
    @Override
    public String displayName() {
        return "360 点睛";
    }

    /**
     * 360 with {@code settings} applied: {@code qhtrack.endpoint}, {@code qhtrack.zone}, {@code qhtrack.search.device};
     * and the credentials checked now, so that a half-configured account fails at start-up.
     *
     * @throws io.qhtrack.core.ConfigurationException naming the first setting whose value cannot be used
     */
    @Override
    public Qihoo360 configure(Settings settings) {
        Qihoo360 configured = new Qihoo360(Qihoo360Settings.endpoint(settings), Qihoo360Settings.zone(settings),
                Qihoo360Settings.searchDevice(settings));
        for (Line l : LINES) {
            configured.credentials(settings, l);
        }
        return configured;
    }

    /** 360's settings, the secrets declared. */
    @Override
    public List<PlatformSetting> settings() {
        return Qihoo360Settings.ALL;
    }

    /**
     * {@code qhclickid} (PC or mobile search), {@code sourceid} (display), {@code impression_id} (mobile promotion); no
     * click keeps its landing URL.
     */
    @Override
    public List<LandingParameter> landingParameters() {
        return landingParameters;
    }

    private Line searchLine(LandingRequest request) {
        switch (searchDevice) {
            case PC:
                return Qihoo360Line.PS.line();
            case MOBILE:
                return Qihoo360Line.MS.line();
            default:
                return Qihoo360Devices.isMobile(request.userAgent()) ? Qihoo360Line.MS.line()
                        : Qihoo360Line.PS.line();
        }
    }

    /** {@code web} (移动推广), {@code ps} (PC 搜索推广), {@code ms} (移动搜索), {@code zs} (展示广告). */
    @Override
    public List<Line> lines() {
        return LINES;
    }

    /** The 53 events of section 4.5, offered line by line; qhtrack's events are 360's, one for one. */
    @Override
    public EventCatalog events() {
        return Qihoo360Events.CATALOGUE;
    }

    @Override
    public Codec codec() {
        return codec;
    }

    @Override
    public Classifier classifier() {
        return CLASSIFIER;
    }

    /** The conversion's natural day in {@code qhtrack.zone} (360: a failed upload may be sent again that day). */
    @Override
    public DeliveryWindow window() {
        return window;
    }

    /**
     * The line's account ({@code qhtrack.search.*} for {@code ps} and {@code ms}, {@code qhtrack.display.*} for
     * {@code zs}, {@code qhtrack.mobile.*} for {@code web}): {@code key}, the secret {@code secret}, and for display
     * {@code jzqs}; empty when the account has neither key nor secret.
     *
     * @throws io.qhtrack.core.ConfigurationException when the account is half configured or a value cannot be right
     */
    @Override
    public Optional<CredentialSet> credentials(Settings settings, Line line) {
        Optional<Qihoo360Line> l = Qihoo360Line.find(line.id());
        return l.isPresent() ? Qihoo360Settings.credentials(settings, l.get().settingPrefix())
                : Optional.<CredentialSet>empty();
    }

    /** {@code set qhtrack.search.key and .secret}: the line's account. */
    @Override
    public String howToConfigure(Line line) {
        Optional<Qihoo360Line> l = Qihoo360Line.find(line.id());
        return l.isPresent() ? "set " + l.get().settingPrefix() + ".key and .secret" : "no such line";
    }

    /** The endpoint, the zone of natural days and how search clicks are told apart; never a credential. */
    @Override
    public String toString() {
        return "Qihoo360[" + codec.endpoint() + ", window " + window + ", search device "
                + searchDevice.name().toLowerCase(java.util.Locale.ROOT) + "]";
    }
}
