package io.qhtrack.core.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.OutboxState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In a servlet container {@link DriverManager} only knows the drivers it found when it was first used; a web
 * application's own driver (in its {@code WEB-INF/lib}) is found through the context class loader instead.
 */
class JdbcDriverLookupTest {

    @TempDir
    Path dir;

    @Test
    void aDriverUnknownToDriverManagerIsFoundThroughTheContextClassLoader() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("lookup") + ";DB_CLOSE_ON_EXIT=FALSE";
        List<Driver> h2 = Collections.list(DriverManager.getDrivers()).stream()
                .filter(d -> d.getClass().getName().startsWith("org.h2.")).toList();
        assertThat(h2).isNotEmpty();
        for (Driver d : h2) {
            DriverManager.deregisterDriver(d);
        }
        try {
            assertThat(DriverManager.drivers().anyMatch(d -> d.getClass().getName().startsWith("org.h2."))).isFalse();

            try (JdbcOutbox outbox = JdbcOutbox.builder().url(url).build();
                    Connection c = JdbcConnections.driverFor(url).orElseThrow().connect(url, new java.util.Properties())) {
                assertThat(c.isValid(1)).isTrue();
                assertThat(outbox.counts().get(OutboxState.PENDING)).isZero();
            }
        } finally {
            for (Driver d : h2) {
                DriverManager.registerDriver(d);
            }
        }
    }
}
