package io.qhtrack.cli;

import static io.qhtrack.core.Origin.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.qhtrack.core.Origin;
import io.qhtrack.core.spi.Outbox;
import io.qhtrack.core.spi.OutboxEntry;
import io.qhtrack.core.OutboxState;
import io.qhtrack.core.spi.PlatformUpload;
import io.qhtrack.core.jdbc.JdbcOutbox;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qhtrack outbox list|replay|purge} against an H2 database file holding one entry in each state. */
class OutboxCommandTest {

    /** No per-click limit: these tests are about other rules. */
    static final int NO_LIMIT = Integer.MAX_VALUE;

    private static final Instant NOW = Instant.now();
    private static final Instant TWO_DAYS_AGO = NOW.minus(Duration.ofDays(2));

    @TempDir
    Path dir;

    private String url;
    private JdbcOutbox outbox;
    private String deadId;
    private String deliveredId;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** A 360 PC-search upload as the outbox stores it (360's storage JSON is its payload). */
    private static PlatformUpload stored(String clickId, String event, String transId, Origin origin) {
        String json = "{\"data\":{\"data_industry\":\"ocpc_ps_convert\",\"data_detail\":{"
                + "\"qhclickid\":\"" + clickId + "\"," + (transId == null ? "" : "\"trans_id\":\"" + transId + "\",")
                + "\"event\":\"" + event + "\",\"event_time\":" + NOW.getEpochSecond() + "}}}";
        return PlatformUpload.builder("qihoo360", clickId).line("ps").event(event)
                .conversionKey(transId == null ? "" : transId).eventTime(NOW).origin(origin).payload(json).build();
    }

    private static PlatformUpload upload(String transId) {
        return stored("9356596331006111412", "SUBMIT", transId, SERVER);
    }

    @BeforeEach
    void seed() {
        url = "jdbc:h2:file:" + dir.resolve("outbox").toAbsolutePath();
        outbox = JdbcOutbox.builder().url(url).user("sa").build();
        Instant deadline = NOW.plus(Duration.ofDays(1));
        for (String t : List.of("dead-1", "delivered-1", "pending-1")) {
            assertThat(outbox.add(upload(t), TWO_DAYS_AGO, deadline, NO_LIMIT))
                    .isEqualTo(Outbox.AddResult.ADDED);
        }
        List<OutboxEntry> claimed = outbox.claimDue(3, TWO_DAYS_AGO, Duration.ofMinutes(1));
        outbox.markDead(claimed.get(0), TWO_DAYS_AGO, "errno 2: Parameter [app_sign] is unverified", true);
        outbox.markDelivered(claimed.get(1), TWO_DAYS_AGO);
        outbox.markRetry(claimed.get(2), NOW.plus(Duration.ofHours(1)), "HTTP 503");
        deadId = claimed.get(0).id();
        deliveredId = claimed.get(1).id();
    }

    @AfterEach
    void close() {
        outbox.close();
    }

    private int run(Map<String, String> env, String... args) {
        return OutboxCommand.run(List.of(args), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private int run(String... args) {
        return run(Map.of("QHTRACK_OUTBOX_JDBC_URL", url, "QHTRACK_OUTBOX_USER", "sa"), args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void listShowsCountsAndTheDeadLettersWithTheirLastError() {
        assertThat(run("list")).isEqualTo(Main.EXIT_OK);

        assertThat(out()).contains("pending 1, delivered 1, dead 1, expired 0")
                .contains("1 dead entry").contains("dead-1").contains("errno 2: Parameter [app_sign] is unverified")
                .doesNotContain("delivered-1");
    }

    @Test
    void listTakesTheStateAndLimitAndTheDatabaseFromArguments() {
        int status = run(Map.of(), "list", "--state", "pending", "--limit", "5", "--jdbc-url", url, "--user", "sa");

        assertThat(status).isEqualTo(Main.EXIT_OK);
        assertThat(out()).contains("1 pending entry").contains("pending-1").contains("HTTP 503");
    }

    @Test
    void listMarksWhatTheBrowserCaused() {
        PlatformUpload tap = stored("9356596331006111413", "CALL_BUTTON", null, Origin.BROWSER);
        outbox.add(tap, NOW, NOW.plus(Duration.ofDays(1)), NO_LIMIT);

        assertThat(run("list", "--state", "pending")).isEqualTo(Main.EXIT_OK);

        assertThat(out()).contains("CALL_BUTTON (browser)").containsPattern("SUBMIT +9356596331006111412");
    }

    @Test
    void listRefusesAnUnknownState() {
        assertThat(run("list", "--state", "lost")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err()).contains("--state").contains("lost");
    }

    @Test
    void replayByIdMakesTheDeadLetterPendingAndDueNow() {
        assertThat(run("replay", "--id", deadId, "--id", deliveredId)).isEqualTo(Main.EXIT_OK);

        assertThat(out()).contains("1 entry made pending again");
        OutboxEntry replayed = outbox.find(deadId).orElseThrow();
        assertThat(replayed.state()).isEqualTo(OutboxState.PENDING);
        assertThat(replayed.nextAttemptAt()).isAfterOrEqualTo(NOW.minusSeconds(1));
        assertThat(outbox.find(deliveredId).orElseThrow().state()).isEqualTo(OutboxState.DELIVERED);
    }

    @Test
    void replayAllDeadTakesEveryDeadLetter() {
        assertThat(run("replay", "--all-dead")).isEqualTo(Main.EXIT_OK);
        assertThat(outbox.counts()).containsEntry(OutboxState.DEAD, 0L).containsEntry(OutboxState.PENDING, 2L);
    }

    @Test
    void replayWithoutSayingWhichIsAUsageError() {
        assertThat(run("replay")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err()).contains("--id").contains("--all-dead");
    }

    @Test
    void purgeDeletesSettledEntriesOlderThanTheCutoffOnly() {
        assertThat(run("purge", "--state", "delivered", "--older-than", "PT72H")).isEqualTo(Main.EXIT_OK);
        assertThat(outbox.counts().get(OutboxState.DELIVERED)).isEqualTo(1);

        assertThat(run("purge", "--state", "delivered", "--older-than", "PT24H")).isEqualTo(Main.EXIT_OK);
        assertThat(out()).contains("purged 1 delivered entry");
        assertThat(outbox.counts()).containsEntry(OutboxState.DELIVERED, 0L).containsEntry(OutboxState.DEAD, 1L);
    }

    @Test
    void purgeNeverDeletesPendingConversions() {
        assertThat(run("purge", "--state", "pending")).isEqualTo(Main.EXIT_USAGE);
        assertThat(outbox.counts().get(OutboxState.PENDING)).isEqualTo(1);
    }

    @Test
    void passwordIsRefusedAsAnArgument() {
        assertThat(run("list", "--password", "hunter2-secret")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err()).contains("QHTRACK_OUTBOX_PASSWORD").doesNotContain("hunter2-secret");
    }

    @Test
    void wrongPasswordFromTheEnvironmentFailsWithoutShowingIt() {
        int status = run(Map.of("QHTRACK_OUTBOX_JDBC_URL", url, "QHTRACK_OUTBOX_USER", "sa",
                "QHTRACK_OUTBOX_PASSWORD", "hunter2-secret"), "list");

        assertThat(status).isEqualTo(Main.EXIT_USAGE);
        assertThat(err()).contains("QHTRACK_OUTBOX_JDBC_URL").doesNotContain("hunter2-secret");
        assertThat(out()).doesNotContain("hunter2-secret");
    }

    @Test
    void withoutADatabaseItSaysWhereToGiveIt() {
        assertThat(run(Map.of(), "list")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err()).contains("--jdbc-url").contains("QHTRACK_OUTBOX_JDBC_URL");
    }

    @Test
    void missingTableIsNotCreatedAndNamesTheTableSetting() {
        assertThat(run("list", "--table", "no_such_outbox")).isEqualTo(Main.EXIT_USAGE);
        assertThat(run("list", "--table", "no_such_outbox")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err()).contains("no_such_outbox").contains("QHTRACK_OUTBOX_TABLE");
    }

    // ---- --platform -------------------------------------------------------------------------------------------

    /** A Baidu upload as stored: the platform, its one line, the newType and Baidu's item JSON. */
    private static PlatformUpload baidu(String bdVid, String key) {
        String json = "{\"logidUrl\":\"https://shop.example.com/?bd_vid=" + bdVid + "\",\"newType\":3,"
                + "\"convertTime\":" + NOW.getEpochSecond() + ",\"outerEventId\":\"" + key + "\"}";
        return PlatformUpload.builder("baidu", bdVid).line("default").event("3").conversionKey(key).eventTime(NOW)
                .origin(SERVER).payload(json).build();
    }

    /** Adds a Baidu entry and settles it dead (as status 2) or parked (as status 3); returns its id. */
    private String baiduEntry(String bdVid, String key, boolean parked) {
        outbox.add(baidu(bdVid, key), NOW, NOW.plus(Duration.ofDays(1)), NO_LIMIT);
        OutboxEntry claimed = outbox.claimDue(10, NOW, Duration.ofMinutes(1)).stream()
                .filter(e -> e.upload().clickId().equals(bdVid)).findFirst().orElseThrow();
        if (parked) {
            outbox.markParked(claimed, NOW, "status 3: token invalid", true);
        } else {
            outbox.markDead(claimed, NOW, "status 2: refused", true);
        }
        return claimed.id();
    }

    @Test
    void listByPlatformShowsThatPlatformsEntriesOnly() {
        baiduEntry("bdvid0001", "baidu-dead-1", false);

        assertThat(run("list", "--platform", "baidu")).isEqualTo(Main.EXIT_OK);

        assertThat(out()).contains("1 dead entry of baidu").contains("bdvid0001").doesNotContain(" dead-1 |")
                .doesNotContain("9356596331006111412");
    }

    @Test
    void listShowsParkedEntries() {
        baiduEntry("bdvid0002", "baidu-parked-1", true);

        assertThat(run("list", "--state", "parked")).isEqualTo(Main.EXIT_OK);

        assertThat(out()).contains("parked 1").contains("1 parked entry").contains("status 3: token invalid");
    }

    @Test
    void replayByPlatformMakesItsDeadAndParkedEntriesPendingAndNoOtherPlatforms() {
        String dead = baiduEntry("bdvid0003", "baidu-dead-2", false);
        String parked = baiduEntry("bdvid0004", "baidu-parked-2", true);

        assertThat(run("replay", "--platform", "baidu")).as(err()).isEqualTo(Main.EXIT_OK);

        assertThat(out()).contains("1 dead and 1 parked entries of baidu made pending again");
        assertThat(outbox.find(dead).orElseThrow().state()).isEqualTo(OutboxState.PENDING);
        assertThat(outbox.find(parked).orElseThrow().state()).isEqualTo(OutboxState.PENDING);
        assertThat(outbox.find(deadId).orElseThrow().state()).as("360's dead letter").isEqualTo(OutboxState.DEAD);
    }

    @Test
    void purgeByPlatformIsRefusedNamingWhy() {
        assertThat(run("purge", "--state", "dead", "--platform", "baidu")).isEqualTo(Main.EXIT_USAGE);

        assertThat(err()).contains("purge is by state");
        assertThat(outbox.find(deadId)).isPresent();
    }
}
