package io.qhtrack.core.jdbc;

import static io.qhtrack.core.Origin.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Outboxes;
import io.qhtrack.core.Setting;
import io.qhtrack.core.Settings;
import io.qhtrack.core.spi.Outbox;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.spi.InitialContextFactory;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** How a {@link JdbcOutbox} is configured: builder, settings, JNDI, and {@link Outbox#fromSettings}. */
class JdbcOutboxConfigTest {

    /** No per-click limit: these tests are about other rules. */
    static final int NO_LIMIT = Integer.MAX_VALUE;

    private static final String SECRET_PASSWORD = "pw-Do-Not-Show-42";

    @Test
    void settingsConfigureUrlTableRetentionAndCapacity() {
        String url = JdbcTestDatabases.h2FileUrl();
        try (JdbcOutbox o = JdbcOutbox.fromSettings(Settings.of(Map.of("qhtrack.outbox.jdbc-url", url,
                "qhtrack.outbox.user", "sa", "qhtrack.outbox.table", "conversions_out",
                "qhtrack.outbox.retention", "P3D", "qhtrack.outbox.create-schema", "true",
                "qhtrack.outbox.capacity", "1000", "qhtrack.outbox.dead-retention", "P10D")))) {
            assertThat(o.table()).isEqualTo("conversions_out");
            assertThat(o.retention()).isEqualTo(Duration.ofDays(3));
            assertThat(o.deadRetention()).isEqualTo(Duration.ofDays(10));
            assertThat(o.dialect()).isEqualTo(Dialect.H2);
            assertThat(o.isDurable()).isTrue();
        }
    }

    @Test
    void settingsConfigureTheTimeoutPoolSizeAndSpillCapacity() {
        String url = JdbcTestDatabases.h2FileUrl();
        try (JdbcOutbox o = JdbcOutbox.fromSettings(Settings.of(Map.of("qhtrack.outbox.jdbc-url", url,
                "qhtrack.outbox.timeout", "PT0.5S", "qhtrack.outbox.pool-size", "3",
                "qhtrack.outbox.spill-capacity", "50")))) {
            assertThat(o.timeout()).isEqualTo(Duration.ofMillis(500));
            assertThat(o.toString()).contains("timeout PT0.5S");
            assertThat(o.spilled()).isZero();
        }
        assertThat(JdbcOutbox.builder().url(url).poolSize(3).spillCapacity(50).timeout(Duration.ofMillis(500))
                .toString()).contains("timeout PT0.5S", "pool-size 3", "spill-capacity 50");
    }

    @Test
    void theJdbcOutboxWaitsTwoSecondsAndHoldsAMillionPendingRowsByDefault() {
        try (JdbcOutbox o = JdbcOutbox.builder().url(JdbcTestDatabases.h2FileUrl()).build()) {
            assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(2)).isEqualTo(JdbcOutbox.DEFAULT_TIMEOUT);
            assertThat(o.capacity()).isEqualTo(1_000_000L).isEqualTo(JdbcOutbox.DEFAULT_CAPACITY);
        }
        assertThat(Setting.OUTBOX_TIMEOUT.defaultValue()).isEqualTo("PT2S");
        assertThat(Setting.OUTBOX_CAPACITY.defaultValue()).contains("10000 (memory)", "1000000 (jdbc)");
        assertThat(Setting.OUTBOX_POOL_SIZE.defaultValue()).isEqualTo(Integer.toString(JdbcOutbox.DEFAULT_POOL_SIZE));
        assertThat(Setting.OUTBOX_SPILL_CAPACITY.defaultValue())
                .isEqualTo(Integer.toString(JdbcOutbox.DEFAULT_SPILL_CAPACITY));
    }

    @Test
    void malformedTimeoutPoolSizeAndSpillCapacityFailNamingTheSettingAndValue() {
        assertThatThrownBy(() -> JdbcOutbox.builder().timeout(Duration.ZERO))
                .hasMessageContaining("qhtrack.outbox.timeout").hasMessageContaining("PT0S");
        assertThatThrownBy(() -> JdbcOutbox.builder().timeout(Duration.ofSeconds(-1)))
                .hasMessageContaining("qhtrack.outbox.timeout").hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> JdbcOutbox.builder().timeout(Duration.ofMinutes(11)))
                .hasMessageContaining("qhtrack.outbox.timeout").hasMessageContaining("PT11M");
        assertThatThrownBy(() -> JdbcOutbox.builder().poolSize(1))
                .hasMessageContaining("qhtrack.outbox.pool-size").hasMessageContaining("1 is not between 2 and 1000");
        assertThatThrownBy(() -> JdbcOutbox.builder().poolSize(1001))
                .hasMessageContaining("qhtrack.outbox.pool-size").hasMessageContaining("1001");
        assertThatThrownBy(() -> JdbcOutbox.builder().spillCapacity(0))
                .hasMessageContaining("qhtrack.outbox.spill-capacity").hasMessageContaining("0 is not between");
        assertThatThrownBy(() -> JdbcOutbox.fromSettings(Settings.of(Map.of("qhtrack.outbox.jdbc-url", "jdbc:h2:mem:z",
                "qhtrack.outbox.timeout", "soon"))))
                .hasMessageContaining("qhtrack.outbox.timeout").hasMessageContaining("soon");
        assertThatThrownBy(() -> JdbcOutbox.fromSettings(Settings.of(Map.of("qhtrack.outbox.jdbc-url", "jdbc:h2:mem:z",
                "qhtrack.outbox.pool-size", "99999999999"))))
                .hasMessageContaining("qhtrack.outbox.pool-size");
    }

    @Test
    void poolSizeOnlyAppliesWithAUrl() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(JdbcTestDatabases.h2FileUrl());
        assertThatThrownBy(() -> JdbcOutbox.builder().dataSource(ds).poolSize(4).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("qhtrack.outbox.pool-size")
                .hasMessageContaining("only applies with qhtrack.outbox.jdbc-url");
    }

    @Test
    void outboxesChoosesMemoryByDefaultAndJdbcWhenAsked() {
        assertThat(Outboxes.fromSettings(Settings.of(Map.of()))).hasSameClassAs(Outboxes.inMemory(1));
        try (Outbox o = Outboxes.fromSettings(Settings.of(Map.of("qhtrack.outbox", "jdbc",
                "qhtrack.outbox.jdbc-url", JdbcTestDatabases.h2FileUrl())))) {
            assertThat(o).isInstanceOf(JdbcOutbox.class);
            assertThat(o.isDurable()).isTrue();
        }
    }

    @Test
    void outboxesRefusesAnUnknownKindNamingTheSetting() {
        assertThatThrownBy(() -> Outboxes.fromSettings(Settings.of(Map.of("qhtrack.outbox", "redis"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("qhtrack.outbox").hasMessageContaining("redis");
    }

    @Test
    void jdbcWithoutUrlOrJndiFailsNamingTheUrlSetting() {
        assertThatThrownBy(() -> Outboxes.fromSettings(Settings.of(Map.of("qhtrack.outbox", "jdbc"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("qhtrack.outbox.jdbc-url");
    }

    @Test
    void urlAndJndiTogetherAreRefused() {
        assertThatThrownBy(() -> JdbcOutbox.builder().url("jdbc:h2:mem:x").jndi("jdbc/outbox").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("only one of");
    }

    @Test
    void malformedSettingsFailNamingTheSettingAndValue() {
        assertThatThrownBy(() -> JdbcOutbox.builder().table("outbox; DROP TABLE x"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("qhtrack.outbox.table").hasMessageContaining("DROP TABLE");
        assertThatThrownBy(() -> JdbcOutbox.builder().url("postgresql://db/app"))
                .hasMessageContaining("qhtrack.outbox.jdbc-url").hasMessageContaining("postgresql://db/app");
        assertThatThrownBy(() -> JdbcOutbox.builder().retention(Duration.ofHours(2)))
                .hasMessageContaining("qhtrack.outbox.retention").hasMessageContaining("PT2H");
        assertThatThrownBy(() -> JdbcOutbox.builder().deadRetention(Duration.ofHours(20)))
                .hasMessageContaining("qhtrack.outbox.dead-retention").hasMessageContaining("PT20H");
        assertThatThrownBy(() -> JdbcOutbox.builder().capacity(0))
                .hasMessageContaining("qhtrack.outbox.capacity");
        assertThatThrownBy(() -> JdbcOutbox.fromSettings(Settings.of(Map.of("qhtrack.outbox.jdbc-url", "jdbc:h2:mem:y",
                "qhtrack.outbox.create-schema", "yes"))))
                .hasMessageContaining("qhtrack.outbox.create-schema").hasMessageContaining("yes");
    }

    @Test
    void urlWithoutADriverOnTheClasspathFailsNamingTheSetting() {
        assertThatThrownBy(() -> JdbcOutbox.builder().url("jdbc:nosuchdb://db/app").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("qhtrack.outbox.jdbc-url").hasMessageContaining("no JDBC driver");
    }

    @Test
    void wrongPasswordFailsWithoutShowingThePassword() {
        String url = JdbcTestDatabases.h2FileUrl();
        JdbcOutbox.builder().url(url).user("owner").password("right-one").build().close();

        assertThatThrownBy(() -> JdbcOutbox.builder().url(url).user("owner").password(SECRET_PASSWORD).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("qhtrack.outbox.jdbc-url")
                .hasMessageNotContaining(SECRET_PASSWORD)
                .satisfies(e -> assertThat(String.valueOf(e.getCause())).doesNotContain(SECRET_PASSWORD));
    }

    @Test
    void passwordInTheUrlIsRedactedFromMessagesAndToString() {
        String url = "jdbc:postgresql://127.0.0.1:1/app?user=app&password=" + SECRET_PASSWORD;
        JdbcOutbox.Builder b = JdbcOutbox.builder().url(url).password(SECRET_PASSWORD);
        assertThat(b.toString()).doesNotContain(SECRET_PASSWORD).contains("password=******");
        assertThatThrownBy(b::build).hasMessageNotContaining(SECRET_PASSWORD);
        assertThat(Redaction.redact("jdbc:mysql://app:" + SECRET_PASSWORD + "@db/app"))
                .isEqualTo("jdbc:mysql://******@db/app");
    }

    @Test
    void outboxToStringNamesDatabaseAndTableButNeverThePassword() {
        String url = JdbcTestDatabases.h2FileUrl();
        try (JdbcOutbox o = JdbcOutbox.builder().url(url).user("owner").password(SECRET_PASSWORD).build()) {
            assertThat(o.toString()).contains("h2", JdbcOutbox.DEFAULT_TABLE).doesNotContain(SECRET_PASSWORD);
        }
    }

    @Test
    void dataSourceFromJndiIsUsedTheServletContainerWay() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(JdbcTestDatabases.h2FileUrl() + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        FakeJndi.bound = ds;
        System.setProperty(Context.INITIAL_CONTEXT_FACTORY, FakeJndi.class.getName());
        try (JdbcOutbox o = JdbcOutbox.fromSettings(Settings.of(Map.of("qhtrack.outbox.jndi", "jdbc/outbox")))) {
            assertThat(o.toString()).contains("JNDI jdbc/outbox");
            assertThat(o.add(JdbcOutboxContract.upload(1), JdbcOutboxContract.T0,
                    JdbcOutboxContract.DEADLINE, NO_LIMIT))
                    .isEqualTo(Outbox.AddResult.ADDED);
        } finally {
            System.clearProperty(Context.INITIAL_CONTEXT_FACTORY);
            FakeJndi.bound = null;
        }
    }

    @Test
    void unknownJndiNameFailsNamingTheSetting() {
        System.setProperty(Context.INITIAL_CONTEXT_FACTORY, FakeJndi.class.getName());
        try {
            assertThatThrownBy(() -> JdbcOutbox.builder().jndi("java:comp/env/jdbc/missing").build())
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("qhtrack.outbox.jndi").hasMessageContaining("java:comp/env/jdbc/missing");
        } finally {
            System.clearProperty(Context.INITIAL_CONTEXT_FACTORY);
        }
    }

    /** A JNDI provider holding one data source at {@code java:comp/env/jdbc/outbox}, as a servlet container would. */
    public static final class FakeJndi implements InitialContextFactory {
        static volatile Object bound;

        @Override
        public Context getInitialContext(Hashtable<?, ?> environment) {
            return (Context) Proxy.newProxyInstance(FakeJndi.class.getClassLoader(), new Class<?>[] {Context.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("lookup") && "java:comp/env/jdbc/outbox".equals(String.valueOf(
                                args[0])) && bound != null) {
                            return bound;
                        }
                        if (method.getName().equals("lookup")) {
                            throw new NameNotFoundException(String.valueOf(args[0]));
                        }
                        if (method.getName().equals("close")) {
                            return null;
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
        }
    }
}
