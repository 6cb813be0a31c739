package io.qhtrack.core.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One of a platform's own conversion types: its wire name ({@code SUBMIT}, Baidu's {@code newType} {@code 3},
 * Tencent's {@code RESERVATION}), what it means, and the name the platform's console shows for it on each line that
 * offers it. Immutable.
 */
public final class PlatformEvent {

    private final String wireName;
    private final String description;
    private final Map<String, String> consoleNames;

    private PlatformEvent(String wireName, String description, Map<String, String> consoleNames) {
        this.wireName = wireName;
        this.description = description;
        this.consoleNames = consoleNames;
    }

    /**
     * An event offered on the lines named in {@code consoleNames} (line id → the console's name for the event there).
     *
     * @param wireName what is sent, 1 to 64 printable ASCII characters
     */
    public static PlatformEvent of(String wireName, String description, Map<String, String> consoleNames) {
        if (wireName == null || !wireName.matches("[\\x21-\\x7e]{1,64}")) {
            throw new IllegalArgumentException("event wire name: '" + wireName + "' is not 1-64 printable ASCII");
        }
        if (consoleNames.isEmpty()) {
            throw new IllegalArgumentException("event " + wireName + ": offered on no line");
        }
        return new PlatformEvent(wireName, Objects.requireNonNull(description, "description"),
                Collections.unmodifiableMap(new LinkedHashMap<>(consoleNames)));
    }

    /** An event of a platform with a single line ({@link Line#single()}), shown as {@code consoleName}. */
    public static PlatformEvent of(String wireName, String consoleName) {
        return of(wireName, consoleName, Collections.singletonMap(Line.DEFAULT_ID, consoleName));
    }

    /** What is sent. */
    public String wireName() {
        return wireName;
    }

    /** What it means, in the platform's words. */
    public String description() {
        return description;
    }

    /** Whether {@code line} offers it. */
    public boolean isOfferedOn(Line line) {
        return consoleNames.containsKey(line.id());
    }

    /** The ids of the lines that offer it. */
    public Set<String> lines() {
        return consoleNames.keySet();
    }

    /** The console's name for it on {@code line}, if the line offers it. */
    public Optional<String> consoleName(Line line) {
        return Optional.ofNullable(consoleNames.get(line.id()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PlatformEvent && wireName.equals(((PlatformEvent) o).wireName)
                && consoleNames.equals(((PlatformEvent) o).consoleNames);
    }

    @Override
    public int hashCode() {
        return wireName.hashCode();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
