package io.qhtrack.core;

import io.qhtrack.core.internal.InMemoryOutbox;
import io.qhtrack.core.internal.Printable;
import io.qhtrack.core.jdbc.JdbcOutbox;
import io.qhtrack.core.jdbc.TransactionJoiner;
import io.qhtrack.core.spi.Outbox;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Chooses the {@link Outbox} where accepted conversions wait: in memory (the default; lost on a crash) or the JDBC
 * outbox ({@code io.qhtrack.core.jdbc.JdbcOutbox}: durable, shared by every node of a cluster), as
 * {@link Setting#OUTBOX qhtrack.outbox} says. {@link #create(Settings, Optional, TransactionJoiner)} is the one place
 * qhtrack chooses an outbox: the tracker's builder, the servlet filter's web application and the Spring Boot starter
 * all ask it.
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
     * The outbox the configuration asks for, without an application data source: {@link #create(Settings, Optional)}
     * with none.
     *
     * @throws ConfigurationException naming the setting at fault
     */
    public static Outbox fromSettings(Settings settings) {
        return create(settings, Optional.<DataSource>empty());
    }

    /**
     * The one place an outbox is chosen: {@link #create(Settings, Optional, TransactionJoiner)} without a
     * transaction joiner.
     *
     * @throws ConfigurationException naming the setting at fault
     */
    public static Outbox create(Settings settings, Optional<DataSource> applicationDataSource) {
        return create(settings, applicationDataSource, null);
    }

    /**
     * The one place an outbox is chosen, as the configuration asks: {@code qhtrack.outbox=memory} (the default), an
     * in-memory outbox of {@code qhtrack.outbox.capacity} entries ({@code qhtrack.outbox.browser-share} of them at most
     * from the browser) that keeps dead letters {@code qhtrack.outbox.dead-retention}; {@code qhtrack.outbox=jdbc},
     * the JDBC outbox its {@code qhtrack.outbox.*} settings describe, in the database of
     * {@code qhtrack.outbox.jdbc-url} or {@code qhtrack.outbox.jndi}, else in {@code applicationDataSource} (an
     * adapter's, e.g. the Spring Boot application's pool: no second one), where a report made inside the
     * application's transaction joins it through {@code joiner} when one is given.
     *
     * @param applicationDataSource the application's own database, if the adapter knows one
     * @param joiner how a report joins the application's transaction on {@code applicationDataSource}, or
     *     {@code null}
     * @throws ConfigurationException naming the setting at fault: a kind that is neither {@value #MEMORY} nor
     *     {@value #JDBC}, {@code jdbc} with no database ({@code qhtrack.outbox.jdbc-url} is then named), or a value an
     *     outbox cannot use
     */
    public static Outbox create(Settings settings, Optional<DataSource> applicationDataSource,
            TransactionJoiner joiner) {
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
        if (!JDBC.equalsIgnoreCase(kind)) {
            throw new ConfigurationException(Setting.OUTBOX.key(), "'" + Printable.of(kind, 40) + "' is neither "
                    + MEMORY + " nor " + JDBC);
        }
        JdbcOutbox.Builder jdbc = JdbcOutbox.builder().settings(settings);
        boolean ownDatabase = settings.get(Setting.OUTBOX_JDBC_URL).isPresent()
                || settings.get(Setting.OUTBOX_JNDI).isPresent();
        if (!ownDatabase && applicationDataSource.isPresent()) {
            jdbc.dataSource(applicationDataSource.get()); // every outbox setting (table, timeout …) on its pool
            if (joiner != null) {
                jdbc.transactions(joiner);
            }
        }
        return jdbc.build();
    }
}
