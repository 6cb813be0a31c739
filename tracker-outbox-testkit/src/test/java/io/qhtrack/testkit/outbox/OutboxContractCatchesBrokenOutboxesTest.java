package io.qhtrack.testkit.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.qhtrack.core.OutboxState;
import io.qhtrack.core.Outboxes;
import io.qhtrack.core.spi.Outbox;
import io.qhtrack.core.spi.OutboxEntry;
import io.qhtrack.core.spi.PlatformUpload;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The contract fails an outbox that breaks it: each broken outbox below (the in-memory outbox with one rule broken)
 * is run through {@link OutboxContract}, and the tests of that rule, and only those, must fail. So no test of the
 * contract passes whatever the outbox does.
 */
class OutboxContractCatchesBrokenOutboxesTest {

    /** Whether {@link #failures} is running the broken outboxes' contracts: they run from there only. */
    private static volatile boolean running;

    /** Runs the contract on {@code contract} and returns the names of the tests that failed. */
    private static synchronized Set<String> failures(Class<? extends OutboxContract> contract) {
        Set<String> failed = new TreeSet<>();
        List<String> succeeded = new ArrayList<>();
        Launcher launcher = LauncherFactory.create();
        running = true;
        try {
            run(launcher, contract, failed, succeeded);
        } finally {
            running = false;
        }
        assertThat(succeeded).as("the contract ran on %s", contract.getSimpleName()).isNotEmpty();
        return failed;
    }

    private static void run(Launcher launcher, Class<?> contract, Set<String> failed, List<String> succeeded) {
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(contract)).build(),
                new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                        if (!test.isTest()) {
                            return;
                        }
                        if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                            failed.add(test.getDisplayName().replace("()", ""));
                        } else if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                            succeeded.add(test.getDisplayName());
                        }
                    }
                });
    }

    /**
     * Disables the broken outboxes' contracts unless {@link #failures} runs them: a build that selects them by name
     * (surefire's {@code -Dtest=OutboxContractCatches*}) must not report their deliberate failures.
     */
    static final class OnlyFromFailures implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return running ? ConditionEvaluationResult.enabled("run by failures(…)")
                    : ConditionEvaluationResult.disabled("a broken outbox: run by OutboxContractCatchesBrokenOutboxesTest");
        }
    }

    @Test
    void theUnbrokenInMemoryOutboxPassesEveryTest() {
        assertThat(failures(Unbroken.class)).isEmpty();
    }

    @Test
    void anOutboxThatCountsNoAttemptOnRetryFailsTheRetryTests() {
        assertThat(failures(RetryWithoutAttempt.class)).containsExactlyInAnyOrder(
                "aRetryIsPendingAgainAtItsTimeWithOneMoreAttemptAndItsError", "aRetryIsNotClaimedBeforeItsTime");
    }

    @Test
    void anOutboxThatClaimsBrowserEventsFirstFailsTheOrderOfClaims() {
        assertThat(failures(BrowserFirst.class)).containsExactlyInAnyOrder(
                "dueServerSideEntriesAreClaimedBeforeBrowserEventsDueEarlier",
                "aBrowserEventRetriedIsStillClaimedAfterTheServerSideEntriesDueWithIt");
    }

    @Test
    void anOutboxThatUnparksEveryTenantFailsTheTenantsUnpark() {
        assertThat(failures(UnparkEveryTenant.class)).containsExactly("unparkOfATenantLeavesTheOtherTenantsParked");
    }

    @Test
    void anOutboxThatLeavesAStateOutOfItsCountsFailsTheCounts() {
        assertThat(failures(NoParkedCount.class)).contains("countsHaveEveryStateAtZeroWhenEmpty",
                "countsFollowEveryState", "aParkedEntryKeepsItsDeadlineAndReason");
    }

    @Test
    void anOutboxThatPrintsItsEntriesFailsTheTestOfWhatIsPrinted() {
        assertThat(failures(PrintsPayloads.class)).containsExactly("neitherTheOutboxNorItsEntriesPrintThePayload");
    }

    @Test
    void anOutboxThatClaimsToBeDurableWithoutBeingSoFailsTheDurabilityTests() {
        assertThat(failures(FalselyDurable.class)).containsExactlyInAnyOrder(
                "aDurableOutboxsEntriesAreThereForTheNextOutboxOnItsStore",
                "aDurableOutboxsLeasesHoldForTheNextOutboxOnItsStore");
    }

    @Test
    void anOutboxWithoutCapacityHasItsCapacityTestsSkippedNotFailed() {
        assertThat(failures(Unbounded.class)).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ the outboxes

    /** The in-memory outbox, with {@link #broken} in front of it. */
    @ExtendWith(OnlyFromFailures.class)
    abstract static class OnInMemory extends OutboxContract {
        @Override
        protected Outbox newOutbox(Clock clock) {
            return broken(Outboxes.inMemory(10_000));
        }

        @Override
        protected boolean durable() {
            return false;
        }

        @Override
        protected Optional<Outbox> newBoundedOutbox(Clock clock, int capacity) {
            return Optional.of(broken(Outboxes.inMemory(capacity)));
        }

        abstract Outbox broken(Outbox sound);
    }

    static final class Unbroken extends OnInMemory {
        @Override
        Outbox broken(Outbox sound) {
            return new Delegating(sound);
        }
    }

    static final class Unbounded extends OnInMemory {
        @Override
        Outbox broken(Outbox sound) {
            return sound;
        }

        @Override
        protected Optional<Outbox> newBoundedOutbox(Clock clock, int capacity) {
            return Optional.empty();
        }
    }

    static final class RetryWithoutAttempt extends OnInMemory {
        @Override
        Outbox broken(Outbox sound) {
            return new Delegating(sound) {
                @Override
                public boolean markRetry(OutboxEntry claimed, Instant nextAttemptAt, String error) {
                    return sound.postpone(claimed, nextAttemptAt, error);
                }
            };
        }
    }

    static final class BrowserFirst extends OnInMemory {
        @Override
        Outbox broken(Outbox sound) {
            return new Delegating(sound) {
                @Override
                public List<OutboxEntry> claimDue(int max, Instant now, Duration lease) {
                    List<OutboxEntry> claimed = new ArrayList<>(sound.claimDue(max, now, lease));
                    claimed.sort((a, b) -> a.origin() == b.origin() ? 0 : a.origin().compareTo(b.origin()) > 0 ? -1
                            : 1);
                    return claimed;
                }
            };
        }
    }

    static final class UnparkEveryTenant extends OnInMemory {
        @Override
        Outbox broken(Outbox sound) {
            return new Delegating(sound) {
                @Override
                public int unpark(String platform, String tenant, Instant now) {
                    return sound.unpark(platform, null, now);
                }
            };
        }
    }

    static final class NoParkedCount extends OnInMemory {
        @Override
        Outbox broken(Outbox sound) {
            return new Delegating(sound) {
                @Override
                public Map<OutboxState, Long> counts() {
                    Map<OutboxState, Long> counts = new EnumMap<>(sound.counts());
                    counts.remove(OutboxState.PARKED);
                    return counts;
                }
            };
        }
    }

    static final class PrintsPayloads extends OnInMemory {
        @Override
        Outbox broken(Outbox sound) {
            return new Delegating(sound) {
                @Override
                public String toString() {
                    StringBuilder s = new StringBuilder("Outbox[");
                    for (OutboxEntry e : sound.list(OutboxState.PENDING, 10)) {
                        s.append(e.upload().payload());
                    }
                    return s.append(']').toString();
                }
            };
        }
    }

    static final class FalselyDurable extends OnInMemory {
        @Override
        Outbox broken(Outbox sound) {
            return new Delegating(sound) {
                @Override
                public boolean isDurable() {
                    return true;
                }
            };
        }

        @Override
        protected boolean durable() {
            return true;
        }

        @Override
        protected Outbox reopen(Clock clock) {
            return newOutbox(clock); // a new, empty store: nothing survived
        }
    }

    /** Hands every call to another outbox. */
    static class Delegating implements Outbox {
        private final Outbox to;

        Delegating(Outbox to) {
            this.to = to;
        }

        @Override
        public AddResult add(PlatformUpload upload, Instant acceptedAt, Instant deadline, int limitPerClick) {
            return to.add(upload, acceptedAt, deadline, limitPerClick);
        }

        @Override
        public List<OutboxEntry> claimDue(int max, Instant now, Duration lease) {
            return to.claimDue(max, now, lease);
        }

        @Override
        public boolean markDelivered(OutboxEntry claimed, Instant at) {
            return to.markDelivered(claimed, at);
        }

        @Override
        public boolean markRetry(OutboxEntry claimed, Instant nextAttemptAt, String error) {
            return to.markRetry(claimed, nextAttemptAt, error);
        }

        @Override
        public boolean postpone(OutboxEntry claimed, Instant nextAttemptAt, String why) {
            return to.postpone(claimed, nextAttemptAt, why);
        }

        @Override
        public boolean markDead(OutboxEntry claimed, Instant at, String error, boolean countAttempt) {
            return to.markDead(claimed, at, error, countAttempt);
        }

        @Override
        public boolean markExpired(OutboxEntry claimed, Instant at, String error, boolean countAttempt) {
            return to.markExpired(claimed, at, error, countAttempt);
        }

        @Override
        public boolean markParked(OutboxEntry claimed, Instant at, String why, boolean countAttempt) {
            return to.markParked(claimed, at, why, countAttempt);
        }

        @Override
        public int unpark(String platform, String tenant, Instant now) {
            return to.unpark(platform, tenant, now);
        }

        @Override
        public List<OutboxEntry> list(OutboxState state, int limit) {
            return to.list(state, limit);
        }

        @Override
        public Optional<OutboxEntry> find(String id) {
            return to.find(id);
        }

        @Override
        public Map<OutboxState, Long> counts() {
            return to.counts();
        }

        @Override
        public Optional<Instant> oldestPending() {
            return to.oldestPending();
        }

        @Override
        public int replay(List<String> ids, Instant now) {
            return to.replay(ids, now);
        }

        @Override
        public int replay(String platform, Instant now) {
            return to.replay(platform, now);
        }

        @Override
        public int purge(OutboxState state, Instant before) {
            return to.purge(state, before);
        }

        @Override
        public boolean isDurable() {
            return to.isDurable();
        }

        @Override
        public void close() {
            to.close();
        }

        @Override
        public String toString() {
            return to.toString();
        }
    }
}
