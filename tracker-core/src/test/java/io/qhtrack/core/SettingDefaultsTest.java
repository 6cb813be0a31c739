package io.qhtrack.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.internal.InMemoryOutbox;
import io.qhtrack.core.jdbc.JdbcOutbox;
import io.qhtrack.core.spi.Outbox;
import io.qhtrack.platform.qihoo360.UploadClient;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The defaults {@link Setting} documents are the defaults the code uses. */
class SettingDefaultsTest {

    /** Each core setting's default as the code defines it (a named constant), written as the catalogue writes it. */
    private static Map<Setting, String> codeDefaults() {
        Map<Setting, String> d = new EnumMap<>(Setting.class);
        d.put(Setting.ATTRIBUTION, Tracker.Attribution.LAST_CLICK.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        d.put(Setting.OUTBOX, Outboxes.MEMORY);
        d.put(Setting.OUTBOX_CAPACITY, InMemoryOutbox.DEFAULT_CAPACITY + " (memory), " + JdbcOutbox.DEFAULT_CAPACITY
                + " (jdbc)");
        d.put(Setting.OUTBOX_TABLE, JdbcOutbox.DEFAULT_TABLE);
        d.put(Setting.OUTBOX_BROWSER_SHARE, Double.toString(JdbcOutbox.DEFAULT_BROWSER_SHARE));
        assertThat(InMemoryOutbox.DEFAULT_BROWSER_SHARE).as("both outboxes").isEqualTo(JdbcOutbox.DEFAULT_BROWSER_SHARE);
        d.put(Setting.OUTBOX_CREATE_SCHEMA, Boolean.toString(JdbcOutbox.DEFAULT_CREATE_SCHEMA));
        d.put(Setting.OUTBOX_RETENTION, "P" + JdbcOutbox.DEFAULT_RETENTION.toDays() + "D");
        d.put(Setting.OUTBOX_DEAD_RETENTION, "P" + JdbcOutbox.DEFAULT_DEAD_RETENTION.toDays() + "D");
        assertThat(InMemoryOutbox.DEFAULT_DEAD_RETENTION).as("both outboxes").isEqualTo(
                JdbcOutbox.DEFAULT_DEAD_RETENTION);
        d.put(Setting.OUTBOX_TIMEOUT, JdbcOutbox.DEFAULT_TIMEOUT.toString());
        d.put(Setting.OUTBOX_POOL_SIZE, Integer.toString(JdbcOutbox.DEFAULT_POOL_SIZE));
        d.put(Setting.OUTBOX_SPILL_CAPACITY, Integer.toString(JdbcOutbox.DEFAULT_SPILL_CAPACITY));
        d.put(Setting.OUTBOX_LEASE, Tracker.DEFAULT_LEASE.toString());
        d.put(Setting.HTTP_CONNECT_TIMEOUT, Duration.ofSeconds(UploadClient.DEFAULT_CONNECT_TIMEOUT_SECONDS).toString());
        d.put(Setting.HTTP_REQUEST_TIMEOUT, Duration.ofSeconds(UploadClient.DEFAULT_REQUEST_TIMEOUT_SECONDS).toString());
        d.put(Setting.HTTP_MAX_RESPONSE_BYTES, Integer.toString(UploadClient.DEFAULT_MAX_RESPONSE_BYTES));
        d.put(Setting.MAX_CONCURRENCY, Integer.toString(Tracker.DEFAULT_MAX_CONCURRENCY));
        d.put(Setting.LIMIT_PER_CLICK, Integer.toString(Tracker.DEFAULT_LIMIT_PER_CLICK));
        d.put(Setting.RETRY_INITIAL_BACKOFF, RetryPolicy.DEFAULT_INITIAL_BACKOFF.toString());
        d.put(Setting.RETRY_MAX_BACKOFF, RetryPolicy.DEFAULT_MAX_BACKOFF.toString());
        d.put(Setting.RETRY_MULTIPLIER, trimmed(RetryPolicy.DEFAULT_MULTIPLIER));
        d.put(Setting.RETRY_JITTER, trimmed(RetryPolicy.DEFAULT_JITTER));
        d.put(Setting.ZONE, RetryPolicy.DEFAULT_ZONE);
        d.put(Setting.DEDUP_CACHE_SIZE, Long.toString(Tracker.DEFAULT_DEDUPLICATION_CACHE_SIZE));
        d.put(Setting.POLL_INTERVAL, Tracker.DEFAULT_POLL_INTERVAL.toString());
        d.put(Setting.DRAIN_TIMEOUT, Tracker.DEFAULT_DRAIN_TIMEOUT.toString());
        return d;
    }

    private static String trimmed(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    @Test
    void everyCoreDefaultInTheCatalogueIsTheCodesDefault() {
        codeDefaults().forEach((setting, code) -> assertThat(setting.defaultValue()).as(setting.key()).isEqualTo(code));
    }

    @Test
    void everyCoreSettingWithADefaultIsChecked() {
        for (Setting s : Setting.values()) {
            boolean notAValue = s == Setting.OUTBOX_DIALECT; // "from the database"
            if (s.scope() == Setting.Scope.CORE && s.defaultValue() != null && !notAValue) {
                assertThat(codeDefaults()).as(s.key()).containsKey(s);
            }
        }
    }

    @Test
    void everyTrackerOptionsDefaultIsTheCataloguesTypedDefault() {
        TrackerOptions d = TrackerOptions.defaults();
        Map<Setting, Object> options = new EnumMap<>(Setting.class);
        options.put(Setting.HTTP_CONNECT_TIMEOUT, d.connectTimeout());
        options.put(Setting.HTTP_REQUEST_TIMEOUT, d.requestTimeout());
        options.put(Setting.HTTP_MAX_RESPONSE_BYTES, d.maxResponseBytes());
        options.put(Setting.MAX_CONCURRENCY, d.maxConcurrency());
        options.put(Setting.DEDUP_CACHE_SIZE, d.deduplicationCacheSize());
        options.put(Setting.LIMIT_PER_CLICK, d.limitPerClick());
        options.put(Setting.OUTBOX_LEASE, d.lease());
        options.put(Setting.POLL_INTERVAL, d.pollInterval());
        options.put(Setting.DRAIN_TIMEOUT, d.drainTimeout());
        options.put(Setting.ATTRIBUTION, d.attribution().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        options.put(Setting.ZONE, d.retryPolicy().zone().getId());

        options.forEach((setting, value) -> assertThat(setting.typedDefault()).as(setting.key()).contains(value));
        assertThat(d.retryPolicy()).isEqualTo(RetryPolicy.defaults());
        assertThat(d.name()).isEmpty();
        assertThat(d.jmx()).isTrue();
    }

    @Test
    void everyDefaultThatIsAValueIsTypedAsTheSettingsType() {
        for (Setting s : Setting.values()) {
            if (s.typedDefault().isPresent()) {
                Object typed = s.typedDefault().get();
                assertThat(typed).as(s.key()).isInstanceOf(s.type());
                if (typed instanceof Duration) { // read as a user's value is read, the default is the same
                    assertThat(typed).as(s.key()).isEqualTo(Settings.of(Collections.singletonMap(s.key(),
                            s.defaultValue())).duration(s).get());
                } else {
                    String written = typed instanceof Double ? trimmed((Double) typed) : typed.toString();
                    assertThat(written).as(s.key()).isEqualTo(s.defaultValue());
                }
            }
        }
        assertThat(Setting.DRAIN_TIMEOUT.defaultAs(Duration.class)).isEqualTo(Duration.ofSeconds(10));
        assertThat(Setting.LIMIT_PER_CLICK.defaultAs(Integer.class)).isEqualTo(5);
        assertThat(Setting.COOKIE_HTTP_ONLY.defaultAs(Boolean.class)).isTrue();
        assertThat(Setting.ZONE.defaultAs(String.class)).isEqualTo("Asia/Shanghai");
    }

    @Test
    void aDefaultThatIsADescriptionHasNoTypedDefault() {
        assertThat(Setting.COOKIE_DOMAIN.typedDefault()).isEmpty();             // "host only"
        assertThat(Setting.OUTBOX_DIALECT.typedDefault()).isEmpty();            // "from the database"
        assertThat(Setting.OUTBOX_CAPACITY.typedDefault()).isEmpty();           // depends on qhtrack.outbox
        assertThat(Setting.OUTBOX_JDBC_URL.typedDefault()).isEmpty();           // none
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Setting.COOKIE_DOMAIN.defaultAs(String.class))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("qhtrack.cookie.domain");
    }
}
