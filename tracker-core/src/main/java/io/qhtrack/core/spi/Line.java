package io.qhtrack.core.spi;

import java.util.Objects;

/**
 * A product line (or account) of a platform: 360 has four ({@code web}, {@code ps}, {@code ms}, {@code zs}), which
 * must never be mixed; most platforms have one ({@link #single()}). A click belongs to one line, and so does every
 * conversion reported for it. Immutable.
 */
public final class Line {

    /** The id of {@link #single()}. */
    public static final String DEFAULT_ID = "default";

    private static final Line SINGLE = new Line(DEFAULT_ID, DEFAULT_ID, "default");

    private final String id;
    private final String wireName;
    private final String displayName;

    private Line(String id, String wireName, String displayName) {
        this.id = id;
        this.wireName = wireName;
        this.displayName = displayName;
    }

    /**
     * A line.
     *
     * @param id stored with clicks and rows: 1 to 8 characters of {@code [a-z0-9]} (e.g. {@code ps})
     * @param wireName what the platform calls it on the wire, if anything (e.g. {@code ocpc_ps_convert})
     * @param displayName its name in the platform's console (e.g. {@code PC 搜索推广})
     */
    public static Line of(String id, String wireName, String displayName) {
        if (id == null || !id.matches("[a-z0-9]{1,8}")) {
            throw new IllegalArgumentException("line id: '" + id + "' is not 1-8 of [a-z0-9]");
        }
        return new Line(id, Objects.requireNonNull(wireName, "wireName"),
                Objects.requireNonNull(displayName, "displayName"));
    }

    /** The one line of a platform that has no lines: id {@value #DEFAULT_ID}. */
    public static Line single() {
        return SINGLE;
    }

    /** Stored with clicks and rows. */
    public String id() {
        return id;
    }

    /** The platform's name for it on the wire. */
    public String wireName() {
        return wireName;
    }

    /** Its name in the platform's console. */
    public String displayName() {
        return displayName;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Line && id.equals(((Line) o).id) && wireName.equals(((Line) o).wireName);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return id;
    }
}
