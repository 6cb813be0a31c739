package io.qhtrack.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class TrackerOptionsTest {

    private static TrackerOptions fromSettings(Map<String, String> values) {
        return TrackerOptions.fromSettings(Settings.of(values));
    }

    /** Each tracker setting, a value other than its default, the getter that shows it, and what the getter gives. */
    static Stream<Arguments> eachSetting() {
        return Stream.of(
                row("qhtrack.http.connect-timeout", "PT3S", TrackerOptions::connectTimeout, Duration.ofSeconds(3)),
                row("qhtrack.http.request-timeout", "2500", TrackerOptions::requestTimeout, Duration.ofMillis(2500)),
                row("qhtrack.http.max-response-bytes", "2048", TrackerOptions::maxResponseBytes, 2048),
                row("qhtrack.drain-timeout", "PT0S", TrackerOptions::drainTimeout, Duration.ZERO),
                row("qhtrack.outbox.lease", "PT5M", TrackerOptions::lease, Duration.ofMinutes(5)),
                row("qhtrack.poll-interval", "250", TrackerOptions::pollInterval, Duration.ofMillis(250)),
                row("qhtrack.max-concurrency", "7", TrackerOptions::maxConcurrency, 7),
                row("qhtrack.dedup.cache-size", "50", TrackerOptions::deduplicationCacheSize, 50L),
                row("qhtrack.limit.per-click", "9", TrackerOptions::limitPerClick, 9),
                row("qhtrack.attribution", "all-platforms", TrackerOptions::attribution,
                        Tracker.Attribution.ALL_PLATFORMS),
                row("qhtrack.zone", "Asia/Tokyo", o -> o.retryPolicy().zone(), ZoneId.of("Asia/Tokyo")),
                row("qhtrack.retry.initial-backoff", "PT2S", TrackerOptions::retryPolicy,
                        RetryPolicy.builder().initialBackoff(Duration.ofSeconds(2)).build()),
                row("qhtrack.retry.max-backoff", "PT10M", TrackerOptions::retryPolicy,
                        RetryPolicy.builder().maxBackoff(Duration.ofMinutes(10)).build()),
                row("qhtrack.retry.multiplier", "1.5", TrackerOptions::retryPolicy,
                        RetryPolicy.builder().multiplier(1.5).build()),
                row("qhtrack.retry.jitter", "0", TrackerOptions::retryPolicy, RetryPolicy.builder().jitter(0).build()));
    }

    private static Arguments row(String key, String value, Function<TrackerOptions, Object> getter, Object expected) {
        return Arguments.of(key, value, getter, expected);
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("eachSetting")
    void eachSettingIsParsedToItsOption(String key, String value, Function<TrackerOptions, Object> getter,
            Object expected) {
        assertThat(getter.apply(TrackerOptions.defaults())).as("the value is not the default").isNotEqualTo(expected);

        assertThat(getter.apply(fromSettings(Map.of(key, value)))).isEqualTo(expected);
    }

    @Test
    void everyTrackerSettingOfTheCatalogueIsParsed() {
        Set<String> parsed = new TreeSet<>();
        eachSetting().forEach(a -> parsed.add((String) a.get()[0]));
        Set<String> trackers = new TreeSet<>();
        for (Setting s : Setting.values()) {
            // the outbox's settings are Outboxes' (all but the lease); attribution is the filter's and the tracker's
            boolean outbox = s.key().startsWith("qhtrack.outbox") && s != Setting.OUTBOX_LEASE;
            if (s.scope() == Setting.Scope.CORE && !outbox || s == Setting.ATTRIBUTION) {
                trackers.add(s.key());
            }
        }

        assertThat(parsed).isEqualTo(trackers);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "qhtrack.http.connect-timeout    | soon          | is not a duration",
        "qhtrack.http.connect-timeout    | P30000D       | is longer than the longest socket timeout",
        "qhtrack.http.request-timeout    | PT0S          | is not a positive duration",
        "qhtrack.http.max-response-bytes | 10            | is not between",
        "qhtrack.drain-timeout           | -5s           | is not a duration",
        "qhtrack.drain-timeout           | PT-5S         | is negative",
        "qhtrack.outbox.lease            | PT-1S         | is not a positive duration",
        "qhtrack.poll-interval           | 0             | is not a positive duration",
        "qhtrack.max-concurrency         | 1000          | is not between 1 and 256",
        "qhtrack.max-concurrency         | 99999999999   | 2147483647 is not between 1 and 256",
        "qhtrack.max-concurrency         | many          | is not a whole number",
        "qhtrack.dedup.cache-size        | 0             | is not positive",
        "qhtrack.limit.per-click         | 0             | is not between 1 and 1000",
        "qhtrack.attribution             | first-click   | 'first-click' is not last-click or all-platforms",
        "qhtrack.zone                    | Mars/Olympus  | is not a time zone id such as Asia/Shanghai",
        "qhtrack.retry.initial-backoff   | PT0S          | is not a positive duration",
        "qhtrack.retry.max-backoff       | PT0.5S        | is shorter than qhtrack.retry.initial-backoff",
        "qhtrack.retry.multiplier        | 0.5           | is not a number ≥ 1",
        "qhtrack.retry.multiplier        | fast          | is not a number",
        "qhtrack.retry.jitter            | 2             | is not between 0 and 1",
    })
    void aBadValueFailsNamingItsSetting(String key, String value, String problem) {
        assertThatThrownBy(() -> fromSettings(Map.of(key, value)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(key + ": ")
                .hasMessageContaining(problem);
    }

    @Test
    void aLeaseNoLongerThanAnAttemptIsRefusedWhenBuilt() {
        TrackerOptions.Builder b = TrackerOptions.builder().lease(Duration.ofSeconds(10))
                .connectTimeout(Duration.ofSeconds(5)).requestTimeout(Duration.ofSeconds(3));

        assertThatThrownBy(b::build).isInstanceOf(ConfigurationException.class)
                .hasMessage("qhtrack.outbox.lease: PT10S must be longer than qhtrack.http.connect-timeout + 2 × "
                        + "qhtrack.http.request-timeout (PT11S), or an entry still in flight could be claimed and sent "
                        + "again");
    }

    @Test
    void noSettingsGiveTheDefaults() {
        assertThat(fromSettings(Map.of())).isEqualTo(TrackerOptions.defaults())
                .hasSameHashCodeAs(TrackerOptions.defaults());
    }

    @Test
    void settingsThatAreNotTheTrackersAreIgnored() {
        assertThat(fromSettings(Map.of("qhtrack.search.key", "k", "qhtrack.outbox.capacity", "lots",
                "qhtrack.cookie.name", "c"))).isEqualTo(TrackerOptions.defaults());
    }

    @Test
    void aBuilderSettingIsReplacedByASettingGivenAfterIt() {
        TrackerOptions o = TrackerOptions.builder().maxConcurrency(3).limitPerClick(2)
                .settings(Settings.of(Map.of("qhtrack.max-concurrency", "8"))).build();

        assertThat(o.maxConcurrency()).isEqualTo(8);
        assertThat(o.limitPerClick()).as("not in the settings: kept").isEqualTo(2);
    }

    @Test
    void theNameAndJmxAreNotSettingsAndSurviveSettings() {
        TrackerOptions o = TrackerOptions.builder().name("shop").jmx(false)
                .settings(Settings.of(Map.of("qhtrack.max-concurrency", "8"))).build();

        assertThat(o.name()).contains("shop");
        assertThat(o.jmx()).isFalse();
    }

    @Test
    void theSettingsReplaceTheRetryPolicyAsAWhole() {
        RetryPolicy slow = RetryPolicy.builder().initialBackoff(Duration.ofSeconds(30)).maxBackoff(Duration.ofHours(1))
                .build();

        TrackerOptions o = TrackerOptions.builder().retryPolicy(slow)
                .settings(Settings.of(Map.of("qhtrack.retry.jitter", "0"))).build();

        assertThat(o.retryPolicy()).isEqualTo(RetryPolicy.builder().jitter(0).build());
    }

    @Test
    void toBuilderRoundTripsEveryOption() {
        TrackerOptions o = everyOptionChanged();

        assertThat(o.toBuilder().build()).isEqualTo(o).hasSameHashCodeAs(o).isNotEqualTo(TrackerOptions.defaults());
        assertThat(o.toBuilder().build().toString()).isEqualTo(o.toString());
    }

    @Test
    void eachOptionTakesPartInEquality() {
        TrackerOptions o = everyOptionChanged();
        Map<String, TrackerOptions> oneChanged = new HashMap<>();
        oneChanged.put("name", o.toBuilder().name("other").build());
        oneChanged.put("connect", o.toBuilder().connectTimeout(Duration.ofSeconds(4)).build());
        oneChanged.put("request", o.toBuilder().requestTimeout(Duration.ofSeconds(4)).build());
        oneChanged.put("bytes", o.toBuilder().maxResponseBytes(4096).build());
        oneChanged.put("concurrency", o.toBuilder().maxConcurrency(4).build());
        oneChanged.put("dedup", o.toBuilder().deduplicationCacheSize(4).build());
        oneChanged.put("limit", o.toBuilder().limitPerClick(4).build());
        oneChanged.put("lease", o.toBuilder().lease(Duration.ofMinutes(4)).build());
        oneChanged.put("poll", o.toBuilder().pollInterval(Duration.ofSeconds(4)).build());
        oneChanged.put("drain", o.toBuilder().drainTimeout(Duration.ofSeconds(4)).build());
        oneChanged.put("attribution", o.toBuilder().attribution(Tracker.Attribution.LAST_CLICK).build());
        oneChanged.put("retry", o.toBuilder().retryPolicy(RetryPolicy.defaults()).build());
        oneChanged.put("jmx", o.toBuilder().jmx(true).build());

        oneChanged.forEach((what, changed) -> assertThat(changed).as(what).isNotEqualTo(o));
    }

    @Test
    void changingABuilderDoesNotChangeWhatItBuilt() {
        TrackerOptions.Builder b = TrackerOptions.builder().maxConcurrency(3);
        TrackerOptions built = b.build();

        b.maxConcurrency(9);
        TrackerOptions changed = built.toBuilder().limitPerClick(7).build();

        assertThat(built.maxConcurrency()).isEqualTo(3);
        assertThat(built.limitPerClick()).isEqualTo(TrackerOptions.DEFAULT_LIMIT_PER_CLICK);
        assertThat(changed.limitPerClick()).isEqualTo(7);
    }

    @Test
    void toStringShowsTheValuesAndNoSecret() {
        TrackerOptions o = TrackerOptions.fromSettings(Settings.of(Map.of("qhtrack.max-concurrency", "7",
                "qhtrack.search.secret", "s3cr3t-value", "qhtrack.outbox.password", "pw-s3cr3t",
                "qhtrack.attribution", "all-platforms")));

        assertThat(o.toString()).contains("max concurrency 7", "attribution all-platforms", "Asia/Shanghai")
                .doesNotContain("s3cr3t");
    }

    @Test
    void builderSettersCheckTheirValueAtOnceNamingTheSetting() {
        TrackerOptions.Builder b = TrackerOptions.builder();

        assertThatThrownBy(() -> b.maxConcurrency(0)).hasMessageStartingWith("qhtrack.max-concurrency: ");
        assertThatThrownBy(() -> b.lease(Duration.ZERO)).hasMessageStartingWith("qhtrack.outbox.lease: ");
        assertThatThrownBy(() -> b.attribution(null)).hasMessageContaining("qhtrack.attribution");
        assertThatThrownBy(() -> b.name("no spaces")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("name: ");
    }

    // ---- through Tracker.Builder

    @Test
    void theTrackerIsBuiltWithTheOptionsGiven() {
        TrackerOptions o = TrackerOptions.builder().name("options-test").jmx(false).maxConcurrency(3).limitPerClick(2)
                .drainTimeout(Duration.ZERO).build();

        try (Tracker tracker = Tracker.builder().options(o).build()) {
            assertThat(tracker.options()).isEqualTo(o);
            assertThat(tracker.name()).isEqualTo("options-test");
        }
    }

    @Test
    void aTrackerSetterAfterTheSettingsWins() {
        try (Tracker tracker = Tracker.builder().jmx(false)
                .settings(Settings.of(Map.of("qhtrack.max-concurrency", "2", "qhtrack.limit.per-click", "3")))
                .maxConcurrency(9).drainTimeout(Duration.ZERO).build()) {
            assertThat(tracker.options().maxConcurrency()).isEqualTo(9);
            assertThat(tracker.options().limitPerClick()).isEqualTo(3);
            assertThat(tracker.options().jmx()).as("jmx(false) before settings is kept").isFalse();
        }
    }

    @Test
    void aTrackerSettingGivenAfterASetterWinsAndOneNotGivenLeavesTheSetter() {
        try (Tracker tracker = Tracker.builder().jmx(false).name("before-settings").maxConcurrency(9)
                .limitPerClick(7).settings(Settings.of(Map.of("qhtrack.max-concurrency", "2")))
                .drainTimeout(Duration.ZERO).build()) {
            assertThat(tracker.options().maxConcurrency()).isEqualTo(2);
            assertThat(tracker.options().limitPerClick()).isEqualTo(7);
            assertThat(tracker.name()).isEqualTo("before-settings");
        }
    }

    @Test
    void optionsReplaceWhatTheSettersSetAndASetterAfterChangesOne() {
        TrackerOptions o = TrackerOptions.builder().jmx(false).drainTimeout(Duration.ZERO).build();

        try (Tracker tracker = Tracker.builder().maxConcurrency(3).limitPerClick(2).options(o).limitPerClick(4)
                .build()) {
            assertThat(tracker.options().maxConcurrency()).isEqualTo(TrackerOptions.DEFAULT_MAX_CONCURRENCY);
            assertThat(tracker.options().limitPerClick()).isEqualTo(4);
        }
    }

    private static TrackerOptions everyOptionChanged() {
        return TrackerOptions.builder().name("n").connectTimeout(Duration.ofSeconds(1))
                .requestTimeout(Duration.ofSeconds(2)).maxResponseBytes(2048).maxConcurrency(3)
                .deduplicationCacheSize(10).limitPerClick(2).lease(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(100)).drainTimeout(Duration.ofSeconds(1))
                .attribution(Tracker.Attribution.ALL_PLATFORMS)
                .retryPolicy(RetryPolicy.builder().jitter(0).build()).jmx(false).build();
    }
}
