package io.qhtrack.filter;

import io.qhtrack.core.Click;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Event;
import io.qhtrack.core.Settings;
import io.qhtrack.core.spi.Classifier;
import io.qhtrack.core.spi.Codec;
import io.qhtrack.core.spi.CredentialSet;
import io.qhtrack.core.spi.DeliveryWindow;
import io.qhtrack.core.spi.EventCatalog;
import io.qhtrack.core.spi.HttpCall;
import io.qhtrack.core.spi.LandingParameter;
import io.qhtrack.core.spi.Line;
import io.qhtrack.core.spi.Platform;
import io.qhtrack.core.spi.PlatformEvent;
import io.qhtrack.core.spi.PlatformSetting;
import io.qhtrack.core.spi.PlatformUpload;
import io.qhtrack.core.spi.Prepared;
import io.qhtrack.core.spi.RequestContext;
import io.qhtrack.core.spi.Verdict;
import io.qhtrack.core.spi.Verdicts;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A throwaway ad platform (a copy of the Spring Boot starter's test platform, for the plain-WAR proof in
 * {@link ThrowawayPlatformThroughWarTest}), written against the seam only, to prove that a platform is a plug-in: one landing
 * parameter ({@code acme_cid}), a JSON body, one success code ({@code "code":0}), 401 for a wrong key (park), its
 * endpoint and secret key from the settings ({@code qhtrack.acme.endpoint}, {@code qhtrack.acme.key}).
 */
final class AcmePlatform implements Platform {

    static final String ID = "acme";
    static final String PARAMETER = "acme_cid";
    static final String ENDPOINT = "qhtrack.acme.endpoint";
    static final String KEY = "qhtrack.acme.key";
    static final String KEY_HEADER = "X-Acme-Key";

    private static final EventCatalog EVENTS = EventCatalog.of(Map.of(Event.SUBMIT, PlatformEvent.of("lead", "表单")));

    private final URI endpoint;
    private final boolean enabled;

    AcmePlatform() {
        this(URI.create("https://api.acme.invalid/conversions"), false);
    }

    private AcmePlatform(URI endpoint, boolean enabled) {
        this.endpoint = endpoint;
        this.enabled = enabled;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Acme Ads";
    }

    @Override
    public AcmePlatform configure(Settings settings) {
        return new AcmePlatform(settings.get(ENDPOINT).map(URI::create).orElse(endpoint),
                settings.get(KEY).isPresent());
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public List<PlatformSetting> settings() {
        return List.of(PlatformSetting.of(ENDPOINT, String.class, endpoint.toString(), "Acme's upload URL"),
                PlatformSetting.secret(KEY, "Acme's API key, sent in a header"));
    }

    @Override
    public List<LandingParameter> landingParameters() {
        return List.of(LandingParameter.builder(PARAMETER).build());
    }

    @Override
    public EventCatalog events() {
        return EVENTS;
    }

    @Override
    public Codec codec() {
        return new Codec() {
            @Override
            public Prepared prepare(Click click, Conversion conversion, PlatformEvent event, CredentialSet credentials,
                    Instant now) {
                String key = conversion.transId().orElse("");
                Instant at = conversion.eventTime().orElse(now);
                return Prepared.ready(PlatformUpload.builder(ID, click.id()).tenant(click.tenant())
                        .line(click.lineId()).event(event.wireName()).conversionKey(key).eventTime(at)
                        .origin(conversion.origin())
                        .payload("{\"click_id\":" + quote(click.id()) + ",\"event\":" + quote(event.wireName())
                                + ",\"key\":" + quote(key) + ",\"time\":" + at.getEpochSecond() + "}")
                        .build());
            }

            @Override
            public HttpCall encode(List<PlatformUpload> batch, CredentialSet credentials, RequestContext context) {
                String body = batch.stream().map(PlatformUpload::payload)
                        .collect(Collectors.joining(",", "{\"conversions\":[", "]}"));
                return HttpCall.post(endpoint, body.getBytes(StandardCharsets.UTF_8))
                        .header("Content-Type", "application/json")
                        .secretHeader(KEY_HEADER, credentials.secret("key").orElseThrow())
                        .build();
            }
        };
    }

    @Override
    public Classifier classifier() {
        return (answer, batch) -> {
            if (answer.status() == 401) {
                return Verdicts.all(Verdict.park("Acme refuses the key", "401"), batch.size());
            }
            return answer.bodyText().contains("\"code\":0")
                    ? Verdicts.all(Verdict.delivered("ok", "0"), batch.size())
                    : Verdicts.all(Verdict.refused("Acme refused: " + answer.bodyText(), "refused"), batch.size());
        };
    }

    @Override
    public DeliveryWindow window() {
        return DeliveryWindow.after(Duration.ofDays(1));
    }

    @Override
    public Optional<CredentialSet> credentials(Settings settings, Line line) {
        return settings.get(KEY).map(k -> CredentialSet.builder().secret("key", k).build());
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
