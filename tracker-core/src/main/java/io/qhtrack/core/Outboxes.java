package io.qhtrack.core;

import java.util.Locale;

/** Chooses the {@link Outbox} the configuration asks for. */
public final class Outboxes {

    /** The setting that chooses the outbox: {@value}. */
    public static final String SETTING = "qhtrack.outbox";
    /** {@value #SETTING} for the in-memory outbox (the default). */
    public static final String MEMORY = "memory";
    /** {@value #SETTING} for the {@link JdbcOutbox}. */
    public static final String JDBC = "jdbc";

    private Outboxes() {
    }

    /**
     * {@code qhtrack.outbox=memory} (the default): an {@link InMemoryOutbox} of {@code qhtrack.outbox.capacity}
     * entries; {@code qhtrack.outbox=jdbc}: {@link JdbcOutbox#fromSettings(Settings)}.
     *
     * @throws ConfigurationException naming {@code qhtrack.outbox} for another value, or the JDBC setting at fault
     */
    public static Outbox fromSettings(Settings settings) {
        String kind = settings.get(SETTING).orElse(MEMORY).toLowerCase(Locale.ROOT);
        switch (kind) {
            case MEMORY:
                return settings.get("qhtrack.outbox.capacity").map(v -> new InMemoryOutbox(capacity(v)))
                        .orElseGet(InMemoryOutbox::new);
            case JDBC:
                return JdbcOutbox.fromSettings(settings);
            default:
                throw new ConfigurationException(SETTING, "'" + settings.get(SETTING).orElse("") + "' is neither "
                        + MEMORY + " nor " + JDBC);
        }
    }

    private static int capacity(String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ConfigurationException("qhtrack.outbox.capacity", "'" + v + "' is not a whole number");
        }
    }
}
