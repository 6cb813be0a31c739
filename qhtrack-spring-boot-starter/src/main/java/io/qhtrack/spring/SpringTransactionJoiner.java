package io.qhtrack.spring;

import io.qhtrack.core.jdbc.TransactionJoiner;
import java.sql.Connection;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The transactional outbox under Spring: a conversion reported inside a Spring-managed transaction on the outbox's
 * {@code DataSource} ({@code @Transactional}, a {@code TransactionTemplate}) joins it, so the lead and its conversion
 * commit or roll back together. The starter sets it on the JDBC outbox it builds on the application's
 * {@code DataSource}; an application that builds its own outbox can pass one to
 * {@link io.qhtrack.core.jdbc.JdbcOutbox.Builder#transactions}.
 *
 * <p>It joins only an actual transaction (not a mere synchronization scope, and not a read-only one) to which Spring
 * has bound a connection of that very {@code DataSource} (with {@code DataSourceTransactionManager},
 * {@code JdbcTransactionManager} or {@code JpaTransactionManager}); it never opens a connection itself. Once the
 * transaction commits it wakes the dispatcher, so the conversion is sent at once.
 */
public final class SpringTransactionJoiner implements TransactionJoiner {

    private final DataSource dataSource;

    /** Joins the transactions Spring runs on {@code dataSource}, the outbox's. */
    public SpringTransactionJoiner(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** Whether Spring's JDBC transaction support is on the class path (spring-jdbc and spring-tx). */
    static boolean isAvailable(ClassLoader loader) {
        return present("org.springframework.jdbc.datasource.ConnectionHolder", loader)
                && present("org.springframework.transaction.support.TransactionSynchronizationManager", loader);
    }

    private static boolean present(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public Connection currentTransaction() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()
                || TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
            return null;
        }
        Object bound = TransactionSynchronizationManager.getResource(dataSource);
        return bound instanceof ConnectionHolder ? ((ConnectionHolder) bound).getConnection() : null;
    }

    @Override
    public void afterCommit(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        }
    }

    @Override
    public String toString() {
        return "SpringTransactionJoiner[" + dataSource.getClass().getName() + "]";
    }
}
