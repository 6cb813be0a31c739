package io.qhtrack.core.jdbc;

import static io.qhtrack.core.Origin.BROWSER;
import static io.qhtrack.core.Origin.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qhtrack.core.Account;
import io.qhtrack.core.Click;
import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Conversion;
import io.qhtrack.core.Credentials;
import io.qhtrack.core.Event;
import io.qhtrack.core.Fixtures;
import io.qhtrack.core.OutboxState;
import io.qhtrack.core.ProductLine;
import io.qhtrack.core.RetryPolicy;
import io.qhtrack.core.TrackerHarness;
import io.qhtrack.core.spi.Outbox;
import io.qhtrack.core.spi.OutboxEntry;
import io.qhtrack.core.spi.PlatformUpload;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Outbox} contract, checked against a real database by each subclass ({@code JdbcOutbox*Test}). Every
 * test works on a table of its own.
 *
 * <p>The SPI's generic contract is published as {@code io.qhtrack.testkit.outbox.OutboxContract}
 * ({@code tracker-outbox-testkit}, run there on the JDBC outbox in H2, PostgreSQL and MariaDB). The generic tests here
 * stay: they also run on H2 files, with skip-locked claims on H2 and with several nodes on one table, next to what is
 * the JDBC outbox's alone (rows, columns and indexes, group commit, the spill, dead-lettered rows, pruning, schema
 * upgrades).
 */
abstract class JdbcOutboxContract {

    /** No per-click limit: these tests are about other rules. */
    static final int NO_LIMIT = Integer.MAX_VALUE;

    static final Instant T0 = Instant.parse("2026-03-02T04:00:00Z"); // noon in Shanghai
    static final Instant DEADLINE = RetryPolicy.defaults().endOfNaturalDay(T0);
    static final Duration LEASE = Duration.ofMinutes(2);
    /**
     * The outbox timeout of the tests that are not about it: a commit that a loaded machine's disk makes slow must
     * not turn an add they expect ADDED into HELD. The spill tests set their own.
     */
    static final Duration PATIENT = Duration.ofSeconds(30);

    private final List<JdbcOutbox> opened = new ArrayList<>();
    String table;

    /** The database's JDBC URL. */
    abstract String url();

    /** The database user. */
    abstract String user();

    /** Adjusts the builder for the variant under test. */
    JdbcOutbox.Builder configure(JdbcOutbox.Builder b) {
        return b;
    }

    @BeforeEach
    void freshTable() {
        table = JdbcTestDatabases.freshTable();
    }

    @AfterEach
    void closeOutboxes() {
        opened.forEach(JdbcOutbox::close);
    }

    JdbcOutbox open() {
        return open(b -> b);
    }

    JdbcOutbox open(java.util.function.UnaryOperator<JdbcOutbox.Builder> more) {
        JdbcOutbox o = more.apply(configure(JdbcOutbox.builder().url(url()).user(user()).table(table)
                .timeout(PATIENT))).build();
        opened.add(o);
        return o;
    }

    static PlatformUpload upload(int i) {
        return Fixtures.stored(ProductLine.PC_SEARCH, Conversion.builder(Event.SUBMIT).transId("t-" + i).build());
    }

    /** A PC-search SUBMIT for {@code clickId} with {@code transId}. */
    static PlatformUpload upload(String clickId, String transId) {
        return Fixtures.stored(clickId, Conversion.builder(Event.SUBMIT).transId(transId).build());
    }

    static PlatformUpload uploadWithoutTransId() {
        return Fixtures.stored(ProductLine.PC_SEARCH, Conversion.builder(Event.CALL).build());
    }

    long count(String sql) {
        return query(sql, rs -> {
            rs.next();
            return rs.getLong(1);
        });
    }

    /** Runs {@code adds} at once from their own threads while the outbox holds its commits, then lets them go. */
    static List<Outbox.AddResult> inOneBatch(JdbcOutbox o, List<Callable<Outbox.AddResult>> adds) throws Exception {
        o.holdCommits();
        long before = o.batchesWritten();
        ExecutorService callers = Executors.newFixedThreadPool(adds.size());
        try {
            List<Future<Outbox.AddResult>> results = new ArrayList<>();
            for (Callable<Outbox.AddResult> add : adds) {
                results.add(callers.submit(add));
            }
            TrackerHarness.await("the adds to queue up", () -> o.queuedAdds() == adds.size(),
                    () -> o.queuedAdds() + " queued");
            assertThat(results).noneMatch(Future::isDone); // nothing answers before its commit
            o.releaseCommits();
            List<Outbox.AddResult> answers = new ArrayList<>();
            for (Future<Outbox.AddResult> r : results) {
                answers.add(r.get(60, TimeUnit.SECONDS));
            }
            assertThat(o.batchesWritten() - before).as("transactions written").isEqualTo(1);
            return answers;
        } finally {
            o.releaseCommits();
            callers.shutdownNow();
        }
    }

    <T> T query(String sql, SqlReader<T> reader) {
        try (Connection c = DriverManager.getConnection(url(), user(), "");
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            return reader.read(rs);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    interface SqlReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    // ------------------------------------------------------------------------------------------------ add

    @Test
    void addedConversionIsPendingAndSurvivesReopeningTheOutbox() {
        JdbcOutbox first = open();
        assertThat(first.add(upload(1), T0, DEADLINE, NO_LIMIT)).isEqualTo(Outbox.AddResult.ADDED);
        first.close();

        OutboxEntry e = open().list(OutboxState.PENDING, 10).get(0);
        assertThat(e.upload()).isEqualTo(upload(1));
        assertThat(e.acceptedAt()).isEqualTo(T0);
        assertThat(e.deadline()).isEqualTo(DEADLINE);
        assertThat(e.nextAttemptAt()).isEqualTo(T0);
        assertThat(e.attempts()).isZero();
        assertThat(e.claim()).isNull();
    }

    @Test
    void sameLineClickEventAndTransIdIsRefusedAsDuplicate() {
        JdbcOutbox o = open();
        o.add(upload(1), T0, DEADLINE, NO_LIMIT);
        assertThat(o.add(upload(1), T0.plusSeconds(5), DEADLINE, NO_LIMIT))
                .isEqualTo(Outbox.AddResult.DUPLICATE);
        assertThat(o.add(upload(2), T0, DEADLINE, NO_LIMIT)).isEqualTo(Outbox.AddResult.ADDED);
        assertThat(o.counts().get(OutboxState.PENDING)).isEqualTo(2);
    }

    @Test
    void duplicateIsRefusedByAnotherNodeAndAfterDelivery() {
        JdbcOutbox a = open();
        JdbcOutbox b = open();
        a.add(upload(1), T0, DEADLINE, NO_LIMIT);
        OutboxEntry claimed = a.claimDue(1, T0, LEASE).get(0);
        a.markDelivered(claimed, T0.plusSeconds(1));
        assertThat(b.add(upload(1), T0.plusSeconds(60), DEADLINE, NO_LIMIT))
                .isEqualTo(Outbox.AddResult.DUPLICATE);
    }

    @Test
    void theSameConversionOnAnotherNaturalDayIsANewEntry() {
        JdbcOutbox o = open();
        o.add(upload(1), T0, DEADLINE, NO_LIMIT);
        Instant tomorrow = T0.plus(Duration.ofDays(1));
        assertThat(o.add(upload(1), tomorrow, RetryPolicy.defaults().endOfNaturalDay(tomorrow), NO_LIMIT))
                .isEqualTo(Outbox.AddResult.ADDED);
    }

    @Test
    void absentTransIdTakesPartInTheUniqueKeyAsEmpty() {
        JdbcOutbox o = open();
        assertThat(o.add(uploadWithoutTransId(), T0, DEADLINE, NO_LIMIT)).isEqualTo(Outbox.AddResult.ADDED);
        assertThat(o.add(uploadWithoutTransId(), T0, DEADLINE, NO_LIMIT)).isEqualTo(Outbox.AddResult.DUPLICATE);
    }

    @Test
    void transIdsDifferingOnlyInCaseOrTrailingSpaceAreDistinct() {
        JdbcOutbox o = open();
        PlatformUpload lower = Fixtures.stored(ProductLine.PC_SEARCH, Conversion.builder(Event.SUBMIT).transId("abc").build());
        PlatformUpload upper = Fixtures.stored(ProductLine.PC_SEARCH, Conversion.builder(Event.SUBMIT).transId("ABC").build());
        PlatformUpload spaced = Fixtures.stored(ProductLine.PC_SEARCH, Conversion.builder(Event.SUBMIT).transId("a c").build());
        PlatformUpload unspaced = Fixtures.stored(ProductLine.PC_SEARCH, Conversion.builder(Event.SUBMIT).transId("a").build());
        assertThat(List.of(o.add(lower, T0, DEADLINE, NO_LIMIT), o.add(upper, T0, DEADLINE, NO_LIMIT),
                o.add(spaced, T0, DEADLINE, NO_LIMIT), o.add(unspaced, T0, DEADLINE, NO_LIMIT)))
                .containsOnly(Outbox.AddResult.ADDED);
    }

    @Test
    void rowHoldsTheUnsignedUploadWithoutSecretOrRequestTime() {
        open().add(upload(1), T0, DEADLINE, NO_LIMIT);
        String stored = query("SELECT upload FROM " + table, rs -> {
            rs.next();
            return rs.getString(1);
        });
        assertThat(stored).isEqualTo(upload(1).payload()).doesNotContain("request_time")
                .doesNotContain(Fixtures.SEARCH_SECRET);
    }

    @Test
    void addAnswersFullAtCapacity() {
        JdbcOutbox o = open(b -> b.capacity(2));
        assertThat(o.add(upload(1), T0, DEADLINE, NO_LIMIT)).isEqualTo(Outbox.AddResult.ADDED);
        assertThat(o.add(upload(2), T0, DEADLINE, NO_LIMIT)).isEqualTo(Outbox.AddResult.ADDED);
        assertThat(o.add(upload(3), T0, DEADLINE, NO_LIMIT)).isEqualTo(Outbox.AddResult.FULL);
        o.markDelivered(o.claimDue(1, T0, LEASE).get(0), T0);
        assertThat(o.add(upload(3), T0, DEADLINE, NO_LIMIT)).isEqualTo(Outbox.AddResult.ADDED);
    }

    // ------------------------------------------------------------------------------------------------ per-click limit

    @Test
    void aClickGetsAtMostTheLimitOfConversionsOfAnEventPerDay() {
        JdbcOutbox o = open();
        assertThat(List.of(o.add(upload("lim1", "a"), T0, DEADLINE, 2),
                o.add(upload("lim1", "b"), T0, DEADLINE, 2),
                o.add(upload("lim1", "c"), T0, DEADLINE, 2),
                o.add(upload("lim2", "a"), T0, DEADLINE, 2)))
                .containsExactly(Outbox.AddResult.ADDED, Outbox.AddResult.ADDED, Outbox.AddResult.LIMITED,
                        Outbox.AddResult.ADDED);
        Instant tomorrow = T0.plus(Duration.ofDays(1));
        assertThat(o.add(upload("lim1", "c"), tomorrow, RetryPolicy.defaults().endOfNaturalDay(tomorrow), 2))
                .isEqualTo(Outbox.AddResult.ADDED);
    }

    @Test
    void aDuplicateNeverUsesUpTheLimitAndStaysADuplicateAtTheLimit() {
        JdbcOutbox o = open();
        assertThat(o.add(upload("dup1", "a"), T0, DEADLINE, 2)).isEqualTo(Outbox.AddResult.ADDED);
        for (int i = 0; i < 3; i++) {
            assertThat(o.add(upload("dup1", "a"), T0, DEADLINE, 2)).isEqualTo(Outbox.AddResult.DUPLICATE);
        }
        assertThat(o.add(upload("dup1", "b"), T0, DEADLINE, 2)).isEqualTo(Outbox.AddResult.ADDED);
        assertThat(o.add(upload("dup1", "b"), T0, DEADLINE, 2)).isEqualTo(Outbox.AddResult.DUPLICATE);
        assertThat(o.add(upload("dup1", "c"), T0, DEADLINE, 2)).isEqualTo(Outbox.AddResult.LIMITED);
    }

    @Test
    void theLimitHoldsExactlyForTwoNodesRacingOnOneClick() throws Exception {
        int limit = 5;
        int adds = 200;
        List<JdbcOutbox> nodes = List.of(open(), open());
        ExecutorService visitors = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Outbox.AddResult>> results = new ArrayList<>();
            for (int i = 0; i < adds; i++) {
                int n = i;
                results.add(visitors.submit(() -> {
                    start.await();
                    return nodes.get(n % 2).add(upload("race", "t-" + n), T0, DEADLINE, limit);
                }));
            }
            start.countDown();
            List<Outbox.AddResult> answers = new ArrayList<>();
            for (Future<Outbox.AddResult> r : results) {
                answers.add(r.get(120, TimeUnit.SECONDS));
            }
            assertThat(answers).filteredOn(r -> r == Outbox.AddResult.ADDED).hasSize(limit);
            assertThat(answers).filteredOn(r -> r == Outbox.AddResult.LIMITED).hasSize(adds - limit);
        } finally {
            visitors.shutdownNow();
        }
        assertThat(count("SELECT COUNT(*) FROM " + table + " WHERE click_id = 'race'")).isEqualTo(limit);
    }

    @Test
    void clickLocksOfEndedDaysArePruned() {
        JdbcOutbox o = open();
        o.add(upload("old", "a"), T0, DEADLINE, NO_LIMIT);
        assertThat(count("SELECT COUNT(*) FROM " + table + "_clicks")).isEqualTo(1);

        o.claimDue(1, DEADLINE.plus(Duration.ofHours(23)), LEASE);
        assertThat(count("SELECT COUNT(*) FROM " + table + "_clicks")).isEqualTo(1);

        o.claimDue(1, DEADLINE.plus(Duration.ofDays(1)).plusSeconds(120), LEASE);
        assertThat(count("SELECT COUNT(*) FROM " + table + "_clicks")).isZero();
    }

    // ------------------------------------------------------------------------------------------------ group commit

    @Test
    void addsThatArriveTogetherShareOneTransactionAndEachAnswersOnceCommitted() throws Exception {
        JdbcOutbox o = open();
        List<Callable<Outbox.AddResult>> adds = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int n = i;
            adds.add(() -> o.add(upload("gc" + n, "t"), T0, DEADLINE, NO_LIMIT));
        }
        assertThat(inOneBatch(o, adds)).hasSize(40).containsOnly(Outbox.AddResult.ADDED);
        assertThat(count("SELECT COUNT(*) FROM " + table)).isEqualTo(40);
    }

    @Test
    void theSameConversionTwiceInOneBatchIsAddedOnceAndRefusedOnce() throws Exception {
        JdbcOutbox o = open();
        List<Outbox.AddResult> answers = inOneBatch(o, List.of(
                () -> o.add(upload("twice", "t"), T0, DEADLINE, NO_LIMIT),
                () -> o.add(upload("twice", "t"), T0.plusMillis(1), DEADLINE, NO_LIMIT)));
        assertThat(answers).containsExactlyInAnyOrder(Outbox.AddResult.ADDED, Outbox.AddResult.DUPLICATE);
        assertThat(count("SELECT COUNT(*) FROM " + table)).isEqualTo(1);
    }

    @Test
    void theLimitIsCountedInsideABatch() throws Exception {
        JdbcOutbox o = open();
        o.add(upload("within", "before"), T0, DEADLINE, 3);
        List<Callable<Outbox.AddResult>> adds = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            adds.add(() -> o.add(upload("within", "t" + n), T0, DEADLINE, 3));
        }
        List<Outbox.AddResult> answers = inOneBatch(o, adds);
        assertThat(answers).filteredOn(r -> r == Outbox.AddResult.ADDED).hasSize(2);
        assertThat(answers).filteredOn(r -> r == Outbox.AddResult.LIMITED).hasSize(3);
        assertThat(count("SELECT COUNT(*) FROM " + table)).isEqualTo(3);
    }

    @Test
    void anEntryTheDatabaseRefusesIsDeadLetteredAloneAndTheRestOfItsBatchIsWritten() throws Exception {
        JdbcOutbox o = open();
        JdbcTestDatabases.execute(url(), user(), "ALTER TABLE " + table + " ADD CONSTRAINT " + table
                + "_no_poison CHECK (trans_id <> 'poison')");
        List<Callable<Outbox.AddResult>> adds = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String transId = i == 2 ? "poison" : "fine-" + i;
            adds.add(() -> o.add(upload("refused", transId), T0, DEADLINE, NO_LIMIT));
        }
        List<Outbox.AddResult> answers = inOneBatch(o, adds);
        assertThat(answers).containsExactly(Outbox.AddResult.ADDED, Outbox.AddResult.ADDED,
                Outbox.AddResult.DEAD_LETTERED, Outbox.AddResult.ADDED, Outbox.AddResult.ADDED);
        assertThat(o.counts()).containsEntry(OutboxState.PENDING, 4L).containsEntry(OutboxState.DEAD, 1L);

        // kept, visible and replayable: a DEAD row whose trans_id the constraint refused is stored as a digest
        OutboxEntry dead = o.list(OutboxState.DEAD, 10).get(0);
        assertThat(dead.upload()).isEqualTo(upload("refused", "poison"));
        assertThat(dead.lastErrorMessage()).hasValueSatisfying(m -> assertThat(m).contains("refused")
                .contains("replaced by digests"));
        assertThat(o.find(dead.id())).contains(dead);
        assertThat(o.claimDue(10, T0, LEASE)).extracting(e -> e.upload().conversionKey())
                .containsExactlyInAnyOrder("fine-0", "fine-1", "fine-3", "fine-4");
    }

    @Test
    void aRefusedValueTheTableCannotHoldIsDeadLetteredWithItsOwnKeyAndReadBackWhole() {
        JdbcOutbox o = open();
        // a column that takes ASCII only, as a legacy character set would: the upload is stored escaped
        JdbcTestDatabases.execute(url(), user(), "ALTER TABLE " + table + " ADD CONSTRAINT " + table
                + "_ascii CHECK (upload NOT LIKE '%界%')");
        PlatformUpload wide = Fixtures.stored(ProductLine.PC_SEARCH, Conversion.builder(Event.SUBMIT).transId("wide")
                .outerUserId("用户界").build());

        assertThat(o.add(wide, T0, DEADLINE, NO_LIMIT)).isEqualTo(Outbox.AddResult.DEAD_LETTERED);

        OutboxEntry dead = o.list(OutboxState.DEAD, 10).get(0);
        assertThat(dead.upload()).isEqualTo(wide);
        assertThat(count("SELECT COUNT(*) FROM " + table + " WHERE trans_id = 'wide' AND state = 'DEAD'")).isEqualTo(1);
        assertThat(o.add(wide, T0.plusSeconds(1), DEADLINE, NO_LIMIT)).isEqualTo(Outbox.AddResult.DUPLICATE);
    }

    @Test
    void aDeadLetterWhoseEveryRowIsRefusedIsKeptInMemoryVisibleAndReplayable() {
        JdbcOutbox o = open();
        String constraint = table + "_no_poison_anywhere";
        JdbcTestDatabases.execute(url(), user(), "ALTER TABLE " + table + " ADD CONSTRAINT " + constraint
                + " CHECK (upload NOT LIKE '%poison%')");

        assertThat(o.add(upload("mem", "poison"), T0, DEADLINE, NO_LIMIT))
                .isEqualTo(Outbox.AddResult.DEAD_LETTERED);

        assertThat(o.counts()).containsEntry(OutboxState.DEAD, 1L).containsEntry(OutboxState.PENDING, 0L);
        OutboxEntry dead = o.list(OutboxState.DEAD, 10).get(0);
        assertThat(dead.id()).isEqualTo("m1");
        assertThat(dead.upload()).isEqualTo(upload("mem", "poison"));
        assertThat(o.find("m1")).contains(dead);

        JdbcTestDatabases.execute(url(), user(), "ALTER TABLE " + table + " DROP CONSTRAINT " + constraint);
        assertThat(o.replay(List.of("m1"), T0.plusSeconds(60))).isEqualTo(1);
        TrackerHarness.await("the replayed dead letter written", () -> o.spilled() == 0, () -> o.spilled() + " held");
        assertThat(o.counts()).containsEntry(OutboxState.DEAD, 0L).containsEntry(OutboxState.PENDING, 1L);
        assertThat(o.list(OutboxState.PENDING, 10)).extracting(OutboxEntry::upload)
                .containsExactly(upload("mem", "poison"));
    }

    @Test
    void aBatchWrittenAgainAfterItsCommitFailedToAnswerFindsItsOwnRowsInsteadOfDuplicates() {
        JdbcOutbox o = open();
        PendingAdd first = new PendingAdd(upload("amb", "a"), T0, DEADLINE, NO_LIMIT);
        PendingAdd second = new PendingAdd(upload("amb", "b"), T0.plusMillis(1), DEADLINE, NO_LIMIT);
        assertThat(o.adds().write(List.of(first, second))).containsExactly(Outbox.AddResult.ADDED,
                Outbox.AddResult.ADDED);

        // the commit happened, but the connection broke before it said so: the committer writes the batch again
        first.ambiguous = true;
        second.ambiguous = true;
        assertThat(o.adds().write(List.of(first, second))).containsExactly(Outbox.AddResult.ADDED,
                Outbox.AddResult.ADDED);
        PendingAdd repeat = new PendingAdd(upload("amb", "a"), T0.plusMillis(7), DEADLINE, NO_LIMIT);
        repeat.ambiguous = true;
        assertThat(o.adds().write(List.of(repeat))).containsExactly(Outbox.AddResult.DUPLICATE);
        assertThat(count("SELECT COUNT(*) FROM " + table)).isEqualTo(2);
    }

    // ------------------------------------------------------------------------------------------------ the spill

    @Test
    void aConversionTheDatabaseDoesNotTakeInTimeIsHeldAndWrittenOnceWhenItAnswers() throws Exception {
        // the click's row, written by a patient node: a slow first commit must not make it HELD too
        assertThat(open().add(upload("locked", "first"), T0, DEADLINE, NO_LIMIT))
                .isEqualTo(Outbox.AddResult.ADDED);
        JdbcOutbox o = open(b -> b.timeout(Duration.ofMillis(300)));
        try (Connection other = DriverManager.getConnection(url(), user(), "")) {
            other.setAutoCommit(false);
            try (Statement st = other.createStatement()) {
                // another node's transaction holds the click: the committer waits for it past the timeout
                st.executeQuery("SELECT * FROM " + table + "_clicks WHERE click_id = 'locked' FOR UPDATE").close();
            }
            assertThat(o.add(upload("locked", "second"), T0, DEADLINE, NO_LIMIT))
                    .isEqualTo(Outbox.AddResult.HELD);
            assertThat(o.add(upload("elsewhere", "third"), T0, DEADLINE, NO_LIMIT))
                    .isEqualTo(Outbox.AddResult.HELD);
            assertThat(o.add(upload("locked", "second"), T0, DEADLINE, NO_LIMIT))
                    .isEqualTo(Outbox.AddResult.HELD);
            assertThat(o.spilled()).isEqualTo(3);
            assertThat(count("SELECT COUNT(*) FROM " + table)).isEqualTo(1);
            other.commit();
        }
        TrackerHarness.await("the spill to drain", () -> o.spilled() == 0, () -> o.spilled() + " held");
        List<String> stored = query("SELECT trans_id FROM " + table + " ORDER BY trans_id", rs -> {
            List<String> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            return ids;
        });
        assertThat(stored).containsExactly("first", "second", "third"); // the repeat turned out a duplicate
    }

    // ------------------------------------------------------------------------------------------------ the browser's share

    @Test
    void browserEventsHoldAtMostTheirShareAndALeadStillGetsInAndIsClaimedFirst() {
        JdbcOutbox o = open(b -> b.capacity(100)); // the browser's share, 0.2: 20, a row and a click lock each
        List<Outbox.AddResult> flood = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            flood.add(o.add(upload("flood" + i, "t").withOrigin(BROWSER), T0, DEADLINE, NO_LIMIT));
        }
        assertThat(flood.subList(0, 10)).containsOnly(Outbox.AddResult.ADDED);
        assertThat(flood.subList(10, 1000)).containsOnly(Outbox.AddResult.FULL);
        assertThat(count("SELECT COUNT(*) FROM " + table + "_clicks")).as("no lock for a refused one").isEqualTo(10);

        assertThat(o.add(upload("lead", "t"), T0.plusSeconds(1), DEADLINE, NO_LIMIT))
                .isEqualTo(Outbox.AddResult.ADDED);
        assertThat(o.claimDue(1, T0.plusSeconds(1), LEASE)).extracting(e -> e.upload().clickId())
                .containsExactly("lead");
        assertThat(o.claimDue(20, T0.plusSeconds(1), LEASE)).hasSize(10)
                .allSatisfy(e -> assertThat(e.origin()).isEqualTo(BROWSER));
    }

    @Test
    void serverSideConversionsKeepTheWholeRemainingCapacity() {
        JdbcOutbox o = open(b -> b.capacity(30)); // the browser's share: 6 (3 events)
        for (int i = 0; i < 5; i++) {
            o.add(upload("b" + i, "t").withOrigin(BROWSER), T0, DEADLINE, NO_LIMIT);
        }
        List<Outbox.AddResult> leads = new ArrayList<>();
        for (int i = 0; i < 28; i++) {
            leads.add(o.add(upload("s" + i, "t"), T0, DEADLINE, NO_LIMIT));
        }
        assertThat(leads.subList(0, 27)).containsOnly(Outbox.AddResult.ADDED); // 30 - 3 browser rows
        assertThat(leads.get(27)).isEqualTo(Outbox.AddResult.FULL);
    }

    @Test
    void aClickTheBrowserCreatedStopsCountingForItOnceAServerSideConversionUsesIt() {
        JdbcOutbox o = open();
        o.add(upload("shared", "from-the-page").withOrigin(BROWSER), T0, DEADLINE, NO_LIMIT);
        assertThat(count("SELECT COUNT(*) FROM " + table + "_clicks WHERE origin = 'BROWSER'")).isEqualTo(1);

        o.add(upload("shared", "the-lead"), T0, DEADLINE, NO_LIMIT);

        assertThat(count("SELECT COUNT(*) FROM " + table + "_clicks WHERE origin = 'SERVER'")).isEqualTo(1);
        assertThat(o.list(OutboxState.PENDING, 5)).extracting(OutboxEntry::origin).containsExactly(BROWSER, SERVER);
    }

    @Test
    void aTableWithoutTheOriginColumnIsUpgradedAtStartUpAndItsRowsReadAsServer() {
        createTablesWithoutOrigin();
        JdbcTestDatabases.execute(url(), user(), "INSERT INTO " + table + " (line, click_id, event, trans_id, upload, "
                + "state, accepted_at, deadline, attempts, next_attempt_at) VALUES ('ps', 'old', 'SUBMIT', 't', '"
                + upload("old", "t").payload() + "', 'PENDING', " + T0.toEpochMilli() + ", "
                + DEADLINE.toEpochMilli() + ", 0, " + T0.toEpochMilli() + ")");

        JdbcOutbox o = open();

        assertThat(o.claimDue(5, T0, LEASE)).singleElement().satisfies(e -> assertThat(e.origin()).isEqualTo(SERVER));
        assertThat(o.add(upload("new", "t").withOrigin(BROWSER), T0, DEADLINE, NO_LIMIT)).isEqualTo(Outbox.AddResult.ADDED);
        assertThat(count("SELECT COUNT(*) FROM " + table + "_clicks WHERE origin = 'BROWSER'")).isEqualTo(1);
    }

    @Test
    void aTableWithoutTheOriginColumnAndNoSchemaCreationFailsNamingTheColumnAndTheStatement() {
        createTablesWithoutOrigin();
        assertThatThrownBy(() -> open(b -> b.createSchema(false)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("qhtrack.outbox.table")
                .hasMessageContaining("column origin")
                .hasMessageContaining("ALTER TABLE " + table + " ADD COLUMN origin VARCHAR(8)")
                .hasMessageContaining("ALTER TABLE " + table + "_clicks ADD COLUMN origin VARCHAR(8)");
    }

    /** The tables as qhtrack made them before the origin column (its schema script then). */
    private void createTablesWithoutOrigin() {
        String dialect = url().startsWith("jdbc:postgresql:") ? "postgresql" : url().startsWith("jdbc:h2:") ? "h2"
                : "mysql";
        String script;
        try (java.io.InputStream in = getClass().getResourceAsStream("schema-without-origin/" + dialect + ".sql")) {
            script = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).replace("${table}", table);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (String sql : Schema.statements(script)) {
            JdbcTestDatabases.execute(url(), user(), sql);
        }
    }

    // ------------------------------------------------------------------------------------------------ claim

    @Test
    void claimDueTakesDueEntriesOldestFirstUpToMax() {
        JdbcOutbox o = open();
        o.add(upload(1), T0.plusSeconds(2), DEADLINE, NO_LIMIT);
        o.add(upload(2), T0, DEADLINE, NO_LIMIT);
        o.add(upload(3), T0.plusSeconds(1), DEADLINE, NO_LIMIT);
        o.add(upload(4), T0.plusSeconds(100), DEADLINE, NO_LIMIT);

        List<OutboxEntry> claimed = o.claimDue(2, T0.plusSeconds(10), LEASE);

        assertThat(claimed).extracting(OutboxEntry::upload).containsExactly(upload(2), upload(3));
        assertThat(claimed).allSatisfy(e -> assertThat(e.claim()).isNotNull());
        assertThat(o.claimDue(10, T0.plusSeconds(10), LEASE)).extracting(OutboxEntry::upload)
                .containsExactly(upload(1));
    }

    @Test
    void claimedEntryIsNotClaimedAgainUntilItsLeaseLapses() {
        JdbcOutbox a = open();
        JdbcOutbox b = open();
        a.add(upload(1), T0, DEADLINE, NO_LIMIT);
        assertThat(a.claimDue(5, T0, LEASE)).hasSize(1);

        assertThat(b.claimDue(5, T0.plus(LEASE).minusMillis(1), LEASE)).isEmpty();
        assertThat(b.claimDue(5, T0.plus(LEASE), LEASE)).hasSize(1);
    }

    @Test
    void settlingUnderALapsedClaimThatAnotherNodeTookFails() {
        JdbcOutbox a = open();
        JdbcOutbox b = open();
        a.add(upload(1), T0, DEADLINE, NO_LIMIT);
        OutboxEntry byA = a.claimDue(1, T0, LEASE).get(0);
        OutboxEntry byB = b.claimDue(1, T0.plus(LEASE), LEASE).get(0);

        assertThat(a.markDelivered(byA, T0.plus(LEASE).plusSeconds(1))).isFalse();
        assertThat(b.markDelivered(byB, T0.plus(LEASE).plusSeconds(1))).isTrue();
        assertThat(a.markRetry(byA, T0.plus(LEASE).plusSeconds(9), "late")).isFalse();
        assertThat(a.find(byA.id()).orElseThrow().state()).isEqualTo(OutboxState.DELIVERED);
    }

    @Test
    void settlingUnderALapsedClaimNobodyTookStillSucceeds() {
        JdbcOutbox o = open();
        o.add(upload(1), T0, DEADLINE, NO_LIMIT);
        OutboxEntry claimed = o.claimDue(1, T0, LEASE).get(0);
        assertThat(o.markDelivered(claimed, T0.plus(LEASE).plusSeconds(30))).isTrue();
    }

    @Test
    void settledClaimCannotBeSettledTwice() {
        JdbcOutbox o = open();
        o.add(upload(1), T0, DEADLINE, NO_LIMIT);
        OutboxEntry claimed = o.claimDue(1, T0, LEASE).get(0);
        assertThat(o.markRetry(claimed, T0.plusSeconds(5), "HTTP 503")).isTrue();
        assertThat(o.markDelivered(claimed, T0.plusSeconds(1))).isFalse();
    }

    @Test
    void concurrentClaimersNeverShareAnEntry() throws Exception {
        JdbcOutbox seed = open();
        int n = 200;
        for (int i = 0; i < n; i++) {
            seed.add(upload(i), T0, DEADLINE, NO_LIMIT);
        }
        List<JdbcOutbox> nodes = List.of(open(), open(), open(), open());
        ConcurrentLinkedQueue<String> claimedIds = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                JdbcOutbox node = nodes.get(t % nodes.size());
                work.add(pool.submit(() -> {
                    start.await();
                    List<OutboxEntry> got;
                    do {
                        got = node.claimDue(3, T0, LEASE);
                        got.forEach(e -> claimedIds.add(e.id()));
                    } while (!got.isEmpty());
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : work) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(claimedIds).hasSize(n).doesNotHaveDuplicates();
    }

    @Test
    void anUploadItsPlatformCannotReadIsHandedOverAsStoredForTheDispatcherToDeadLetter() {
        // the payload is the platform's: the outbox stores and returns it, byte for byte, without judging it (the
        // dispatcher dead-letters what the codec cannot read: JdbcOutboxTrackerTest, unreadable upload)
        JdbcOutbox o = open();
        o.add(upload(1), T0, DEADLINE, NO_LIMIT);
        o.add(upload(2), T0.plusSeconds(1), DEADLINE, NO_LIMIT);
        JdbcTestDatabases.execute(url(), user(), "UPDATE " + table + " SET upload = '{\"data\":{}}' WHERE trans_id = 't-1'");

        List<OutboxEntry> claimed = o.claimDue(5, T0.plusSeconds(5), LEASE);

        assertThat(claimed).extracting(e -> e.upload().payload()).containsExactly("{\"data\":{}}",
                upload(2).payload());
    }

    // ------------------------------------------------------------------------------------------------ settle

    @Test
    void aBatchOfSettlesWithOneBrokenSettleIsSplitSoThatOnlyThatOneFails() throws Exception {
        JdbcOutbox o = open();
        JdbcTestDatabases.execute(url(), user(), "ALTER TABLE " + table + " ADD CONSTRAINT " + table
                + "_no_poison_error CHECK (last_error <> 'poison')");
        for (int i = 0; i < 4; i++) {
            o.add(upload(i), T0, DEADLINE, NO_LIMIT);
        }
        List<OutboxEntry> claimed = o.claimDue(4, T0, LEASE);
        o.holdSettles();
        ExecutorService dispatchers = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> settled = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                OutboxEntry e = claimed.get(i);
                String error = i == 2 ? "poison" : "HTTP 503";
                settled.add(dispatchers.submit(() -> o.markRetry(e, T0.plusSeconds(30), error)));
            }
            TrackerHarness.await("the settles to queue up", () -> o.queuedSettles() == 4,
                    () -> o.queuedSettles() + " queued");
            o.releaseSettles();
            for (int i = 0; i < 4; i++) {
                if (i == 2) {
                    Future<Boolean> broken = settled.get(i);
                    assertThatThrownBy(() -> broken.get(60, TimeUnit.SECONDS)).hasCauseInstanceOf(
                            IllegalStateException.class);
                } else {
                    assertThat(settled.get(i).get(60, TimeUnit.SECONDS)).isTrue();
                }
            }
        } finally {
            o.releaseSettles();
            dispatchers.shutdownNow();
        }
        // the three settled are not sent again before their retry; the broken one waits for its lease to lapse
        assertThat(o.claimDue(10, T0.plusSeconds(30), LEASE)).extracting(OutboxEntry::id)
                .containsExactlyInAnyOrder(claimed.get(0).id(), claimed.get(1).id(), claimed.get(3).id());
        assertThat(o.find(claimed.get(2).id()).orElseThrow().attempts()).isZero();
        assertThat(o.claimDue(10, T0.plus(LEASE), LEASE)).extracting(OutboxEntry::id)
                .containsExactly(claimed.get(2).id());
    }

    @Test
    void retryMakesTheEntryPendingLaterWithOneMoreAttemptAndTheError() {
        JdbcOutbox o = open();
        o.add(upload(1), T0, DEADLINE, NO_LIMIT);
        OutboxEntry claimed = o.claimDue(1, T0, LEASE).get(0);

        assertThat(o.markRetry(claimed, T0.plusSeconds(30), "HTTP 503")).isTrue();

        OutboxEntry e = o.find(claimed.id()).orElseThrow();
        assertThat(e.state()).isEqualTo(OutboxState.PENDING);
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.nextAttemptAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(e.lastErrorMessage()).contains("HTTP 503");
        assertThat(e.claim()).isNull();
        assertThat(o.claimDue(1, T0.plusSeconds(29), LEASE)).isEmpty();
        assertThat(o.claimDue(1, T0.plusSeconds(30), LEASE)).hasSize(1);
    }

    @Test
    void deadLetterKeepsTheErrorAndCountsTheAttemptWhenOneWasMade() {
        JdbcOutbox o = open();
        o.add(upload(1), T0, DEADLINE, NO_LIMIT);
        o.add(upload(2), T0, DEADLINE, NO_LIMIT);
        List<OutboxEntry> claimed = o.claimDue(2, T0, LEASE);

        o.markDead(claimed.get(0), T0.plusSeconds(1), "errno 2: Parameter [app_sign] is unverified", true);
        o.markDead(claimed.get(1), T0.plusSeconds(1), "no credentials", false);

        List<OutboxEntry> dead = o.list(OutboxState.DEAD, 10);
        assertThat(dead).extracting(OutboxEntry::attempts).containsExactly(1, 0);
        assertThat(dead.get(0).lastErrorMessage()).contains("errno 2: Parameter [app_sign] is unverified");
        assertThat(dead.get(0).nextAttemptAt()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void expiredEntryIsNeitherPendingNorClaimable() {
        JdbcOutbox o = open();
        o.add(upload(1), T0, DEADLINE, NO_LIMIT);
        OutboxEntry claimed = o.claimDue(1, T0, LEASE).get(0);

        assertThat(o.markExpired(claimed, DEADLINE, "the natural day ended", false)).isTrue();

        assertThat(o.find(claimed.id()).orElseThrow().state()).isEqualTo(OutboxState.EXPIRED);
        assertThat(o.claimDue(1, DEADLINE.plusSeconds(3600), LEASE)).isEmpty();
    }

    @Test
    void longErrorIsCutToTheColumnSize() {
        JdbcOutbox o = open();
        o.add(upload(1), T0, DEADLINE, NO_LIMIT);
        OutboxEntry claimed = o.claimDue(1, T0, LEASE).get(0);
        o.markDead(claimed, T0, "界".repeat(3000), true);
        assertThat(o.find(claimed.id()).orElseThrow().lastError()).hasSize(JdbcOutbox.MAX_ERROR_LENGTH);
    }

    // ------------------------------------------------------------------------------------------------ inspect

    @Test
    void countsAndOldestPendingReflectEveryState() {
        JdbcOutbox o = open();
        assertThat(o.oldestPending()).isEmpty();
        for (int i = 0; i < 5; i++) {
            o.add(upload(i), T0.plusSeconds(i), DEADLINE, NO_LIMIT);
        }
        List<OutboxEntry> c = o.claimDue(3, T0.plusSeconds(10), LEASE);
        o.markDelivered(c.get(0), T0.plusSeconds(11));
        o.markDead(c.get(1), T0.plusSeconds(11), "errno 3", true);
        o.markExpired(c.get(2), T0.plusSeconds(11), "late", true);

        assertThat(o.counts()).isEqualTo(Map.of(OutboxState.PENDING, 2L, OutboxState.DELIVERED, 1L,
                OutboxState.DEAD, 1L, OutboxState.EXPIRED, 1L, OutboxState.PARKED, 0L));
        assertThat(o.oldestPending()).contains(T0.plusSeconds(3));
    }

    @Test
    void listIsOldestFirstAndLimited() {
        JdbcOutbox o = open();
        for (int i = 0; i < 5; i++) {
            o.add(upload(i), T0.plusSeconds(10 - i), DEADLINE, NO_LIMIT);
        }
        assertThat(o.list(OutboxState.PENDING, 2)).extracting(OutboxEntry::upload).containsExactly(upload(4), upload(3));
        assertThat(o.list(OutboxState.DEAD, 10)).isEmpty();
    }

    @Test
    void findUnknownOrMalformedIdIsEmpty() {
        JdbcOutbox o = open();
        assertThat(o.find("987654")).isEmpty();
        assertThat(o.find("x' OR '1'='1")).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ replay, purge, prune

    @Test
    void replayWithoutIdsMakesEveryDeadLetterPendingAndDueNow() {
        JdbcOutbox o = open();
        o.add(upload(1), T0, DEADLINE, NO_LIMIT);
        o.add(upload(2), T0, DEADLINE, NO_LIMIT);
        List<OutboxEntry> c = o.claimDue(2, T0, LEASE);
        o.markDead(c.get(0), T0, "errno 2", true);
        o.markExpired(c.get(1), T0, "late", true);

        assertThat(o.replay(List.of(), T0.plusSeconds(60))).isEqualTo(1);

        OutboxEntry replayed = o.find(c.get(0).id()).orElseThrow();
        assertThat(replayed.state()).isEqualTo(OutboxState.PENDING);
        assertThat(replayed.attempts()).isEqualTo(1);
        assertThat(replayed.deadline()).isEqualTo(DEADLINE);
        assertThat(o.claimDue(5, T0.plusSeconds(60), LEASE)).extracting(OutboxEntry::id).containsExactly(c.get(0).id());
        assertThat(o.find(c.get(1).id()).orElseThrow().state()).isEqualTo(OutboxState.EXPIRED);
    }

    @Test
    void replayByIdTakesDeadOrExpiredEntriesOnly() {
        JdbcOutbox o = open();
        for (int i = 0; i < 3; i++) {
            o.add(upload(i), T0, DEADLINE, NO_LIMIT);
        }
        List<OutboxEntry> c = o.claimDue(3, T0, LEASE);
        o.markExpired(c.get(0), T0, "late", true);
        o.markDelivered(c.get(1), T0);

        int n = o.replay(List.of(c.get(0).id(), c.get(1).id(), c.get(2).id(), "nonsense"), T0.plusSeconds(1));

        assertThat(n).isEqualTo(1);
        assertThat(o.find(c.get(0).id()).orElseThrow().state()).isEqualTo(OutboxState.PENDING);
        assertThat(o.find(c.get(1).id()).orElseThrow().state()).isEqualTo(OutboxState.DELIVERED);
    }

    @Test
    void purgeDeletesOnlyEntriesOfTheStateSettledBeforeTheCutoff() {
        JdbcOutbox o = open();
        for (int i = 0; i < 4; i++) {
            o.add(upload(i), T0, DEADLINE, NO_LIMIT);
        }
        List<OutboxEntry> c = o.claimDue(3, T0, LEASE);
        o.markDead(c.get(0), T0.plusSeconds(10), "errno 3", true);
        o.markDead(c.get(1), T0.plusSeconds(20), "errno 3", true);
        o.markDelivered(c.get(2), T0.plusSeconds(10));

        assertThat(o.purge(OutboxState.DEAD, T0.plusSeconds(15))).isEqualTo(1);
        assertThat(o.purge(OutboxState.PENDING, T0.plusSeconds(3600))).isZero();
        assertThat(o.counts()).containsEntry(OutboxState.DEAD, 1L).containsEntry(OutboxState.DELIVERED, 1L)
                .containsEntry(OutboxState.PENDING, 1L);
    }

    @Test
    void deliveredRowsArePrunedAfterTheRetentionPeriod() {
        JdbcOutbox o = open(b -> b.retention(Duration.ofDays(2)));
        o.add(upload(1), T0, DEADLINE, NO_LIMIT);
        o.add(upload(2), T0, DEADLINE, NO_LIMIT);
        List<OutboxEntry> c = o.claimDue(2, T0, LEASE);
        o.markDelivered(c.get(0), T0);
        o.markDead(c.get(1), T0, "errno 1", true);

        o.claimDue(1, T0.plus(Duration.ofDays(2)).minusSeconds(1), LEASE);
        assertThat(o.counts().get(OutboxState.DELIVERED)).isEqualTo(1);

        o.claimDue(1, T0.plus(Duration.ofDays(2)).plusSeconds(120), LEASE);
        assertThat(o.counts()).containsEntry(OutboxState.DELIVERED, 0L).containsEntry(OutboxState.DEAD, 1L);
        assertThat(o.add(upload(1), T0.plus(Duration.ofDays(3)), DEADLINE, NO_LIMIT))
                .isEqualTo(Outbox.AddResult.ADDED);
    }

    @Test
    void deadAndExpiredRowsArePrunedAfterTheDeadRetentionAndDeliveredOnesAfterTheRetention() {
        JdbcOutbox o = open(b -> b.retention(Duration.ofDays(2)).deadRetention(Duration.ofDays(3)));
        for (int i = 0; i < 4; i++) {
            o.add(upload(i), T0, DEADLINE, NO_LIMIT);
        }
        List<OutboxEntry> c = o.claimDue(3, T0, LEASE);
        o.markDelivered(c.get(0), T0);
        o.markDead(c.get(1), T0, "errno 2", true);
        o.markExpired(c.get(2), T0, "the natural day ended", true);

        o.claimDue(1, T0.plus(Duration.ofDays(2)).plusSeconds(120), LEASE);
        assertThat(o.counts()).containsEntry(OutboxState.DELIVERED, 0L).containsEntry(OutboxState.DEAD, 1L)
                .containsEntry(OutboxState.EXPIRED, 1L);

        o.claimDue(1, T0.plus(Duration.ofDays(3)).minusSeconds(1), LEASE);
        assertThat(o.counts()).containsEntry(OutboxState.DEAD, 1L).containsEntry(OutboxState.EXPIRED, 1L);

        o.claimDue(1, T0.plus(Duration.ofDays(3)).plusSeconds(120), LEASE);
        assertThat(o.counts()).containsEntry(OutboxState.DEAD, 0L).containsEntry(OutboxState.EXPIRED, 0L);
        assertThat(o.find(c.get(1).id())).isEmpty();
        assertThat(o.counts().get(OutboxState.PENDING)).as("pending rows are never pruned").isEqualTo(1);
    }

    @Test
    void aDaysClickLocksArePrunedInBatchesHoweverManyThereAre() {
        JdbcOutbox o = open();
        for (int i = 0; i < 1200; i++) { // more than two pruning batches (500 each)
            o.add(upload("many" + i, "t"), T0, DEADLINE, NO_LIMIT);
        }
        assertThat(count("SELECT COUNT(*) FROM " + table + "_clicks")).isEqualTo(1200);

        o.claimDue(1, DEADLINE.plus(Duration.ofDays(1)).plusSeconds(120), LEASE);

        assertThat(count("SELECT COUNT(*) FROM " + table + "_clicks")).isZero();
    }

    // ------------------------------------------------------------------------------------------------ schema

    @Test
    void schemaIsCreatedOnceAndReopeningKeepsTheRows() {
        JdbcOutbox first = open();
        first.add(upload(1), T0, DEADLINE, NO_LIMIT);
        JdbcOutbox second = open();
        assertThat(second.counts().get(OutboxState.PENDING)).isEqualTo(1);
        assertThat(second.isDurable()).isTrue();
    }

    @Test
    void missingTableWithoutSchemaCreationFailsNamingTheTableSetting() {
        assertThatThrownBy(() -> open(b -> b.createSchema(false)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("qhtrack.outbox.table").hasMessageContaining(table);
    }

    @Test
    void tableIsIndexedForDueClaimsAndUniqueOnTheConversionKey() {
        open();
        Set<String> indexed = new HashSet<>();
        try (Connection c = DriverManager.getConnection(url(), user(), "")) {
            for (String name : List.of(table, table.toUpperCase(java.util.Locale.ROOT))) {
                try (ResultSet rs = c.getMetaData().getIndexInfo(null, null, name, false, false)) {
                    while (rs.next()) {
                        if (rs.getString("COLUMN_NAME") != null) {
                            indexed.add((rs.getBoolean("NON_UNIQUE") ? "index:" : "unique:")
                                    + rs.getString("COLUMN_NAME").toLowerCase(java.util.Locale.ROOT) + "@"
                                    + rs.getShort("ORDINAL_POSITION"));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        assertThat(indexed).contains("unique:platform@1", "unique:tenant@2", "unique:line@3", "unique:click_id@4",
                "unique:event@5", "unique:trans_id@6", "unique:deadline@7",
                "index:state@1", "index:origin@2", "index:next_attempt_at@3", "index:id@4");
    }
}
