package io.qhtrack.core;

import io.qhtrack.core.internal.InMemoryOutbox;
import io.qhtrack.core.jdbc.JdbcOutbox;
import io.qhtrack.core.spi.Outbox;
import java.time.Duration;

/**
 * Chooses the {@link Outbox} where accepted conversions wait: in memory (the default; lost on a crash) or the JDBC
 * outbox ({@code io.qhtrack.core.jdbc.JdbcOutbox}: durable, shared by every node of a cluster), as
 * {@link Setting#OUTBOX qhtrack.outbox} says.
 */
public final class Outboxes {

    /** {@link Setting#OUTBOX qhtrack.outbox} for the in-memory outbox (the default). */
    public static final String MEMORY = "memory";
    /** {@link Setting#OUTBOX qhtrack.outbox} for the JDBC outbox. */
    public static final String JDBC = "jdbc";

    private Outboxes() {
    }

    /**
     * An outbox in this JVM's memory, holding at most {@code capacity} pending entries: fast, but what it holds is
     * lost if the JVM dies (graceful shutdown drains it).
     *
     * @throws ConfigurationException naming {@code qhtrack.outbox.capacity} when the capacity is not positive
     */
    public static Outbox inMemory(int capacity) {
        return new InMemoryOutbox(capacity);
    }

    /**
     * The outbox the configuration asks for: {@code qhtrack.outbox=memory} (the default), an in-memory outbox of
     * {@code qhtrack.outbox.capacity} entries ({@code qhtrack.outbox.browser-share} of them at most from the browser)
     * that keeps dead letters {@code qhtrack.outbox.dead-retention}; {@code qhtrack.outbox=jdbc}, the JDBC outbox its
     * {@code qhtrack.outbox.*} settings describe.
     *
     * @throws ConfigurationException naming the setting at fault
     */
    public static Outbox fromSettings(Settings settings) {
        String kind = settings.get(Setting.OUTBOX).orElse(MEMORY);
        if (MEMORY.equalsIgnoreCase(kind)) {
            long capacity = settings.integer(Setting.OUTBOX_CAPACITY).orElse((long) InMemoryOutbox.DEFAULT_CAPACITY);
            Duration deadRetention = settings.duration(Setting.OUTBOX_DEAD_RETENTION)
                    .orElse(InMemoryOutbox.DEFAULT_DEAD_RETENTION);
            double browserShare = settings.decimal(Setting.OUTBOX_BROWSER_SHARE)
                    .orElse(InMemoryOutbox.DEFAULT_BROWSER_SHARE);
            return new InMemoryOutbox((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, capacity)),
                    browserShare, deadRetention);
        }
        if (JDBC.equalsIgnoreCase(kind)) {
            return JdbcOutbox.fromSettings(settings);
        }
        throw new ConfigurationException(Setting.OUTBOX.key(), "'" + kind + "' is neither " + MEMORY + " nor " + JDBC);
    }
}
