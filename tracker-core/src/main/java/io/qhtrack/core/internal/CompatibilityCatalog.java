package io.qhtrack.core.internal;

import io.qhtrack.core.spi.Line;
import io.qhtrack.core.spi.PlatformEvent;
import java.util.List;
import java.util.Optional;

/**
 * What the compatibility types of {@code io.qhtrack.core} ({@code Event}'s 360 names, {@code ProductLine}) ask of
 * the platform they stand for, with its defaults: its lines, which of its events each common conversion is on a line,
 * and whether a line and event need a conversion key. The platform implements it and registers it with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.qhtrack.core.internal.CompatibilityCatalog}, next to
 * its {@code io.qhtrack.core.spi.Platform} entry); the core finds it by {@link #platformId()}, never naming a platform
 * class.
 *
 * <p>Why not ask the {@code Platform} itself: the SPI is written in the API's values ({@code EventCatalog} maps an
 * {@code Event}, {@code Codec} takes a {@code Click}), so an API type that called a {@code Platform} would close a
 * class-level cycle across packages ({@code Event} → {@code Platform} → {@code EventCatalog} → {@code Event}). This
 * interface names only {@link Line} and {@link PlatformEvent}, which name nothing of the API, and a common conversion
 * by its name ({@code Event.name()}).
 *
 * <p>Part of qhtrack's engine, not API: it may change in any release.
 */
public interface CompatibilityCatalog {

    /** The id of the platform this catalogue describes ({@code io.qhtrack.core.spi.Platform#id()}). */
    String platformId();

    /** The platform's lines, in its order ({@code Platform.lines()}). */
    List<Line> lines();

    /**
     * The platform event the common conversion named {@code eventName} ({@code Event.name()}, e.g. {@code SUBMIT}) is
     * reported as on {@code line} with the platform's default mapping ({@code Platform.events().map(event, line)}), or
     * empty when the line does not offer it or no common conversion has that name.
     */
    Optional<PlatformEvent> event(String eventName, Line line);

    /** Whether a conversion of {@code event} on {@code line} needs a conversion key ({@code Codec}'s answer). */
    boolean requiresConversionKey(Line line, PlatformEvent event);
}
