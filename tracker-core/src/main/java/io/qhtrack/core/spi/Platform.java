package io.qhtrack.core.spi;

import io.qhtrack.core.Settings;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * One ad platform's protocol, as the delivery engine sees it: a small, stateless, immutable description. The engine
 * never names a platform; it finds them through {@link java.util.ServiceLoader} (a
 * {@code META-INF/services/io.qhtrack.core.spi.Platform} entry) or an explicit {@code Tracker.Builder} call, and asks
 * each one, by its {@link #id()}, what to capture, how to adapt a conversion, how to build and sign a request, and what
 * an answer means.
 *
 * <p>A platform loaded by the {@code ServiceLoader} carries its defaults; {@link #configure(Settings)} returns the
 * same platform with the deployment's settings applied (endpoint, event overrides, batch size, window …), checked at
 * once: a bad value throws {@link io.qhtrack.core.ConfigurationException} naming the setting. Credentials are never
 * part of a platform: the engine resolves them when it sends, through a {@link CredentialResolver}.
 *
 * <p>The pieces, in the order data flows through them:
 * <ol>
 *   <li>{@link #landingParameters()}: what the capture filter looks for on a landing URL, how each value is
 *       validated, which {@link Line} it implies and whether the click keeps its landing URL;</li>
 *   <li>{@link #events()}: the platform's own events, and how qhtrack's common conversions
 *       ({@link io.qhtrack.core.Event}) map onto them, per line;</li>
 *   <li>{@link #codec()}: a conversion for a click → a {@link PlatformUpload} (what the outbox stores, no secret), and
 *       a batch of those plus credentials → the exact {@link HttpCall} (bytes, headers, URL, method, signature);</li>
 *   <li>{@link #classifier()}: an {@link HttpAnswer} → a {@link Verdict} for each conversion sent;</li>
 *   <li>{@link #window()}: until when a failed conversion may still be sent.</li>
 * </ol>
 */
public interface Platform {

    /**
     * The stable id stored in outbox rows and cookies, tagged on metrics and used in the CLI's {@code --platform}:
     * 2 to 16 characters of {@code [a-z0-9]}, e.g. {@code qihoo360}, {@code baidu}, {@code tencent}. Never changes.
     */
    String id();

    /** The platform's name for people, e.g. {@code 360 点睛}, {@code 百度营销}, {@code 腾讯广告}. */
    String displayName();

    /**
     * This platform with the deployment's settings applied, checked at once. The default returns {@code this}, for a
     * platform without settings.
     *
     * @throws io.qhtrack.core.ConfigurationException naming the first setting whose value cannot be used
     */
    default Platform configure(Settings settings) {
        return this;
    }

    /**
     * Whether the engine captures clicks for this platform and reports to it: in a deployment that has not configured
     * it (no credentials, not switched on), its landing parameters are not captured, so that they never displace
     * another platform's click. Decided by {@link #configure(Settings)}; the default is {@code true}.
     */
    default boolean enabled() {
        return true;
    }

    /**
     * Every setting this platform reads (the core's {@code Setting} catalogue does not list them), for the
     * documentation, the Spring Boot metadata and the start-up report. Each says whether it is secret.
     */
    default List<PlatformSetting> settings() {
        return Collections.emptyList();
    }

    /** The landing-URL parameters that carry this platform's click ids, in priority order (the first wins). */
    List<LandingParameter> landingParameters();

    /**
     * The product lines or accounts a click can belong to (360: four; most platforms: one, {@link Line#single()}).
     * Stored with each click and conversion.
     */
    default List<Line> lines() {
        return Collections.singletonList(Line.single());
    }

    /** The platform's events and the mapping of qhtrack's common conversions onto them. */
    EventCatalog events();

    /** Adapts conversions to this platform and builds its requests. */
    Codec codec();

    /** Reads this platform's answers. */
    Classifier classifier();

    /** Until when a conversion whose delivery failed may still be sent. */
    DeliveryWindow window();

    /**
     * A bound on requests per credential key on this node (Tencent: 4000 a minute by default), which the engine
     * enforces; empty when the platform states none.
     */
    default Optional<RateLimit> rateLimit() {
        return Optional.empty();
    }

    /**
     * The credentials of {@code line} as {@code settings} give them for the default tenant, or empty when that line
     * is not configured: what the default {@link CredentialResolver} answers. Credentials are read here and nowhere
     * else, and only the engine's sending code holds them.
     */
    Optional<CredentialSet> credentials(Settings settings, Line line);

    /**
     * What to configure so that {@code line} has credentials, for messages such as {@code LINE_NOT_CONFIGURED}'s: 360
     * says {@code set qhtrack.search.key and .secret}. The default names the platform's secret settings.
     */
    default String howToConfigure(Line line) {
        StringBuilder secrets = new StringBuilder();
        for (PlatformSetting s : settings()) {
            if (s.isSecret()) {
                secrets.append(secrets.length() == 0 ? "" : ", ").append(s.key());
            }
        }
        return secrets.length() == 0 ? "give them with a CredentialResolver" : "set " + secrets;
    }

    /** The line with this {@linkplain Line#id() id}, if the platform has one. */
    default Optional<Line> line(String id) {
        for (Line l : lines()) {
            if (l.id().equals(id)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }
}
