package io.qhtrack.core.jdbc;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.OutboxState;
import io.qhtrack.core.Setting;
import io.qhtrack.core.Settings;
import io.qhtrack.core.internal.Text;
import io.qhtrack.core.spi.Outbox;
import io.qhtrack.core.spi.OutboxEntry;
import io.qhtrack.core.spi.PlatformUpload;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The durable {@link Outbox}: one table in the application's own database (PostgreSQL, MySQL 8 / MariaDB 10.6+,
 * or H2), shared by every node of a cluster. A conversion is committed before {@link #add} returns
 * {@link AddResult#ADDED}, so it survives a crash or a restart; its row holds the unsigned upload (never a secret),
 * and the signature and {@code request_time} are made at each send. The
 * {@linkplain io.qhtrack.core.jdbc package documentation} describes the table, the per-click limit, the timeouts, the
 * spill, group commit, the dialects, and how to create the schema with Flyway or Liquibase instead.
 *
 * <pre>{@code
 * Outbox outbox = JdbcOutbox.builder()
 *     .dataSource(applicationDataSource)      // or .jndi("java:comp/env/jdbc/app"), or .url(…).user(…).password(…)
 *     .table("qhtrack_outbox")
 *     .build();
 * Tracker tracker = Tracker.builder().settings(Settings.system()).outbox(outbox).build();
 * }</pre>
 *
 * <p><b>Several nodes.</b> Each due row is claimed by exactly one dispatcher at a time, for a lease: by
 * {@code SELECT … FOR UPDATE SKIP LOCKED} on PostgreSQL, MySQL 8 and MariaDB 10.6+, by a conditional update on H2
 * and older MySQL/MariaDB ({@link #claimsWithSkipLocked()} tells which). No lock or transaction is held while the
 * upload is in flight. A node that dies mid-send leaves its claims behind; they lapse at the end of their lease and
 * another node finishes the work. Results are recorded only under the claim that was taken, so a node whose lease
 * lapsed cannot overwrite another node's result.
 *
 * <p><b>Group commit, bounded waits, the spill.</b> Concurrent adds share transactions: one committer thread writes
 * what arrives while the previous commit is under way in the next one, and each {@link #add} returns once its own
 * conversion is committed. No add waits longer than {@linkplain Builder#timeout(Duration) the timeout}
 * ({@code qhtrack.outbox.timeout}, default 2 s): when the database does not answer in time (it hangs, is down,
 * refuses), {@link #add} answers {@link AddResult#HELD} and the conversion is held in memory
 * ({@linkplain Builder#spillCapacity(int) at most} {@value #DEFAULT_SPILL_CAPACITY} by default; beyond,
 * {@link AddResult#FULL}) until the database answers again: {@link #spilled()} says how many. What is held is lost
 * only if the JVM dies (or the outbox is closed) before then.
 *
 * <p><b>Per-click limits across nodes.</b> A click has at most {@code limitPerClick} conversions of one event per
 * natural day, counted in the table while the click's row in {@code <table>_clicks} is locked, so the limit holds
 * exactly across every node.
 *
 * <p><b>No double delivery by design.</b> The table has a unique key on (line, click id, event, trans_id, natural
 * day; an absent trans_id is stored as {@code ''} and the day as its deadline), so a double submit, a replay or the
 * same conversion reported on two nodes on one day is stored once: {@link #add} answers
 * {@link AddResult#DUPLICATE}. The same conversion on another day is another conversion, as for the tracker's
 * de-duplication cache and the in-memory outbox. Delivered rows are deleted after the
 * {@linkplain Builder#retention(Duration) retention period}.
 *
 * <p><b>States.</b> Rows are {@code PENDING}, {@code DELIVERED}, {@code DEAD} (last error and attempt count kept)
 * or {@code EXPIRED} (their natural day ended); {@link #list}, {@link #counts()} and the CLI
 * ({@code qhtrack outbox list|replay|purge}) show them, and {@link #replay} makes dead letters pending again.
 *
 * <p><b>Schema.</b> The dialect's script ({@link Dialect#schemaResource()}) is run at start-up when
 * {@link Builder#createSchema(boolean)} is on (the default); it only creates what is absent. Times are stored as
 * epoch milliseconds, always taken from the instants the tracker passes in (its injected clock), never from the
 * database's clock.
 *
 * <p><b>H2.</b> H2 writes committed transactions to its file in the background (by default up to half a second
 * later), so a killed JVM would lose the last conversions it had accepted. Unless the database runs with
 * {@code WRITE_DELAY=0}, this outbox forces its writes to the file with {@code CHECKPOINT}: once per transaction, so
 * once per batch of conversions with group commit. An in-memory H2
 * database ({@code jdbc:h2:mem:}) works but is not {@linkplain #isDurable() durable}.
 *
 * <p><b>The transactional outbox.</b> A conversion reported inside the application's own transaction on the same
 * database ({@link #joining(Connection)}, or a {@link TransactionJoiner} set with {@link Builder#transactions}) is
 * written in it, under a savepoint, and commits or rolls back with the lead ({@link AddResult#JOINED}).
 *
 * <p><b>Failures.</b> A database that is down, read-only (a failover), full, shutting down or in conflicts is
 * unavailable, not a refusal: {@link #add} answers {@link AddResult#HELD} and writes the conversion when it can. Only a
 * conversion the database refuses on its own merits (a data error, alone) is dead-lettered
 * ({@link AddResult#DEAD_LETTERED}), kept and visible; see the package documentation.
 *
 * <p>Thread-safe. The other operations throw database failures as {@link IllegalStateException}s whose message never
 * holds the password; the dispatcher tries again shortly.
 */
public final class JdbcOutbox implements Outbox {

    private static final Logger LOG = Logger.getLogger(JdbcOutbox.class.getName());

    /** Default table name: {@value}. */
    public static final String DEFAULT_TABLE = "qhtrack_outbox";
    /** By default the schema is created at start-up when absent: {@value}. */
    public static final boolean DEFAULT_CREATE_SCHEMA = true;
    /** Default time delivered rows are kept (and their duplicates refused) before they are deleted: 7 days. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    /** Default time dead and expired rows stay visible and replayable before they are deleted: 30 days. */
    public static final Duration DEFAULT_DEAD_RETENTION = Duration.ofDays(30);
    /** A {@linkplain Builder#capacity(long) capacity} without a bound (the database's disk is the limit). */
    public static final long UNBOUNDED = Long.MAX_VALUE;
    /** Default capacity: at most {@value} pending rows; beyond, {@link #add} answers {@link AddResult#FULL}. */
    public static final long DEFAULT_CAPACITY = 1_000_000;
    /** Default share of the capacity that what the browser causes may hold: {@value}. */
    public static final double DEFAULT_BROWSER_SHARE = 0.2;
    /** Default longest wait of a visitor's request on the database: 2 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /** Default size of the pool of an outbox configured with a JDBC URL: {@value} connections. */
    public static final int DEFAULT_POOL_SIZE = 10;
    /** Default number of conversions held in memory while the database does not answer: {@value}. */
    public static final int DEFAULT_SPILL_CAPACITY = 10_000;

    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
    private static final int MIN_POOL_SIZE = 2;
    private static final int MAX_POOL_SIZE = 1000;
    private static final int MAX_SPILL_CAPACITY = 10_000_000;
    /** Days after a natural day's end that its click locks are kept: no conversion is added to an ended day. */
    private static final Duration CLICK_LOCKS_KEPT = Duration.ofDays(1);
    /** Once the committer is stuck at close, how long it is given to notice that its connection was aborted. */
    private static final long CLOSE_ABORT_WAIT_NANOS = 1_000_000_000L;
    /** Characters of an error message kept: the size of the {@code last_error} column. */
    static final int MAX_ERROR_LENGTH = 1000;
    private static final Duration PRUNE_INTERVAL = Duration.ofMinutes(1);
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,47}");

    private final String table;
    private final Dialect dialect;
    private final Transactions db;
    private final Claims claims;
    private final Duration retention;
    private final Duration deadRetention;
    private final Timeouts timeouts;
    private final PendingEstimate pending;
    private final Adds adds;
    /** Conversions the database refused on their own merits. */
    private final DeadLetters deadLetters;
    /** Rows written in the application's own transaction. */
    private final Joins joins;
    /** The committer of group commit; {@code null} when each add is its own transaction (the benchmark's baseline). */
    private final GroupCommit committer;
    private final boolean durable;
    private final String description;
    private volatile Instant nextPrune = Instant.MIN;

    private final Settles settles;
    private final Upkeep upkeep;

    private JdbcOutbox(Builder b, JdbcConnections connections, String source) {
        this.table = b.table;
        this.retention = b.retention;
        this.deadRetention = b.deadRetention;
        this.timeouts = new Timeouts(b.timeout);
        this.pending = new PendingEstimate(b.capacity, b.browserShare);
        Connection c = null;
        boolean broken = false;
        try {
            c = connections.borrow();
            DatabaseMetaData md = c.getMetaData();
            this.dialect = b.dialect != null ? b.dialect : Dialect.detect(md);
            boolean skipLocked = b.skipLocked != null ? b.skipLocked : Dialect.supportsSkipLocked(dialect, md);
            boolean memory = dialect == Dialect.H2 && String.valueOf(md.getURL()).startsWith("jdbc:h2:mem:");
            this.durable = !memory;
            if (b.createSchema) {
                Schema.create(c, dialect, table, timeouts.statementSeconds());
                Schema.upgrade(c, dialect, table, timeouts.statementSeconds());
            }
            Schema.check(c, dialect, table, timeouts.statementSeconds());
            this.db = new Transactions(connections, Transactions.mustCheckpoint(c, dialect, memory), timeouts);
            this.claims = new Claims(table, dialect, db, skipLocked);
            this.description = "JdbcOutbox[" + dialect.name().toLowerCase(Locale.ROOT) + " " + md.getDatabaseMajorVersion()
                    + "." + md.getDatabaseMinorVersion() + ", table " + table + ", " + source
                    + (skipLocked ? "" : ", claims by conditional update") + (durable ? "" : ", NOT durable")
                    + ", timeout " + timeouts + (b.groupCommit ? "" : ", a transaction per add") + "]";
        } catch (SQLException e) {
            broken = true;
            connections.close();
            throw new ConfigurationException(b.connectionSetting(), "cannot use the outbox database " + source + ": "
                    + Redaction.redact(e.getMessage()));
        } catch (RuntimeException e) {
            broken = true;
            connections.close();
            throw e;
        } finally {
            if (c != null) {
                connections.release(c, broken);
            }
        }
        this.adds = new Adds(table, dialect, db, pending);
        this.deadLetters = new DeadLetters(adds);
        this.joins = new Joins(new Adds(table, dialect, db.forForeignConnections(), pending), dialect, b.transactions);
        this.committer = b.groupCommit ? new GroupCommit(adds::write, deadLetters, timeouts, b.spillCapacity,
                description) : null;
        this.settles = new Settles(db, table, pending);
        this.upkeep = new Upkeep(db, table, dialect, pending);
        LOG.log(Level.INFO, () -> "qhtrack: " + description + " ready");
    }

    /** A builder; one of {@link Builder#dataSource}, {@link Builder#jndi} or {@link Builder#url} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * An outbox configured by the contract's settings: {@code qhtrack.outbox.jdbc-url} with
     * {@code qhtrack.outbox.user} and {@code qhtrack.outbox.password}, or {@code qhtrack.outbox.jndi} (a container's
     * data source, e.g. {@code java:comp/env/jdbc/app}); {@code qhtrack.outbox.table},
     * {@code qhtrack.outbox.create-schema} ({@code true}/{@code false}), {@code qhtrack.outbox.retention} and
     * {@code qhtrack.outbox.dead-retention} (ISO-8601 such as {@code P7D}, or milliseconds),
     * {@code qhtrack.outbox.capacity}, {@code qhtrack.outbox.browser-share}, {@code qhtrack.outbox.timeout},
     * {@code qhtrack.outbox.pool-size} and
     * {@code qhtrack.outbox.spill-capacity}.
     *
     * @throws ConfigurationException naming the setting that is missing or wrong (never quoting the password)
     */
    public static JdbcOutbox fromSettings(Settings s) {
        return builder().settings(s).build();
    }

    /** {@code n} as an int, out-of-range values clamped so that the setter's range check names them. */
    private static int clampToInt(long n) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, n));
    }

    @Override
    public boolean isDurable() {
        return durable;
    }

    /** The SQL dialect in use. */
    public Dialect dialect() {
        return dialect;
    }

    /** The table name. */
    public String table() {
        return table;
    }

    /** How long delivered rows are kept. */
    public Duration retention() {
        return retention;
    }

    /** How long dead and expired rows are kept. */
    public Duration deadRetention() {
        return deadRetention;
    }

    /** Whether due rows are claimed with {@code SELECT … FOR UPDATE SKIP LOCKED} (else by conditional update). */
    public boolean claimsWithSkipLocked() {
        return claims.skipLocked();
    }

    /** The longest a visitor's request waits on the database ({@code qhtrack.outbox.timeout}). */
    public Duration timeout() {
        return timeouts.duration();
    }

    /** The most pending rows; beyond, {@link #add} answers {@link AddResult#FULL}. */
    public long capacity() {
        return pending.capacity();
    }

    /**
     * The most that browser events may use of the capacity ({@code qhtrack.outbox.browser-share} of it): their pending
     * rows and the per-click locks they created; beyond, a browser event is {@link AddResult#FULL}.
     */
    public long browserCapacity() {
        return pending.browserCapacity();
    }

    /**
     * How many conversions are held in memory right now: answered {@link AddResult#HELD} because the database did not
     * answer in time, and not yet written. Zero while the database answers.
     */
    public int spilled() {
        return committer == null ? 0 : committer.spilled();
    }

    // ------------------------------------------------------------------------------------------------ Outbox

    /**
     * {@inheritDoc} With group commit (the default) the conversion joins the next transaction of the committer
     * thread, and this returns once it is committed, or with {@link AddResult#HELD} after {@link #timeout()} (at once
     * while conversions are already held, or when the database is known to be unavailable) when the database does not
     * take it; with {@link AddResult#FULL} when the spill is full too; with {@link AddResult#DEAD_LETTERED} when the
     * database refused this conversion on its own merits (the others of its batch are not affected).
     *
     * @throws IllegalStateException when the outbox is closed
     */
    @Override
    public AddResult add(PlatformUpload upload, Instant acceptedAt, Instant deadline, int limitPerClick) {
        PendingAdd a = new PendingAdd(Objects.requireNonNull(upload, "upload"),
                Objects.requireNonNull(acceptedAt, "acceptedAt"), Objects.requireNonNull(deadline, "deadline"),
                limitPerClick);
        AddResult joined = joins.add(a);
        if (joined != null) {
            return joined;
        }
        return committer != null ? committer.add(a) : adds.write(Adds.one(a))[0];
    }

    /** Wakes the dispatcher once a row written in an application's transaction is committed (if that can be told). */
    @Override
    public void wakeUpWith(Runnable dispatcherWakeUp) {
        joins.wakeUpWith(Objects.requireNonNull(dispatcherWakeUp, "dispatcherWakeUp"));
    }

    /**
     * Names {@code transaction} as the current thread's transaction until the scope is closed: a conversion reported
     * meanwhile is written in it, and commits or rolls back with it (the transactional outbox, for plain JDBC; under
     * Spring the starter's {@link TransactionJoiner} finds the transaction by itself). The connection must be to the
     * outbox's database, with auto-commit off.
     *
     * <pre>{@code
     * connection.setAutoCommit(false);
     * try (JdbcOutbox.Joining joining = JdbcOutbox.joining(connection)) {
     *     saveLead(connection, form);                       // the application's own statements
     *     tracker.report(click, Conversion.builder(Event.SUBMIT).transId(leadId).build());   // QUEUED, in it
     *     connection.commit();                              // both, or (rollback) neither
     * }
     * }</pre>
     *
     * <p>The row is written under a savepoint, with the statement timeout, and the application's transaction is
     * never broken by it: on any failure it is rolled back to the savepoint, and the conversion is written by the
     * outbox itself instead (then it is reported whatever the transaction does). The click's per-click lock is held
     * until the transaction ends. The dispatcher finds the committed row at its next look ({@code qhtrack.poll-interval}).
     * Scopes nest: closing one restores the transaction named before it.
     */
    public static Joining joining(Connection transaction) {
        return new Joining(Joins.name(Objects.requireNonNull(transaction, "transaction")));
    }

    /** The scope of {@link #joining(Connection)}: closing it ends the joining on this thread. */
    public static final class Joining implements AutoCloseable {
        private final Connection previous;
        private boolean closed;

        private Joining(Connection previous) {
            this.previous = previous;
        }

        /** Conversions reported on this thread from now on are written by the outbox itself again. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                Joins.restore(previous);
            }
        }
    }

    @Override
    public List<OutboxEntry> claimDue(int max, Instant now, Duration lease) {
        if (max <= 0) {
            return Collections.emptyList();
        }
        List<OutboxEntry> claimed = claims.claim(max, now, lease);
        if (pending.recountDue(now)) {
            try {
                upkeep.count(pending, now);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "qhtrack: counting the pending outbox rows failed; will try again later", e);
            }
        }
        if (!now.isBefore(nextPrune)) {
            nextPrune = now.plus(PRUNE_INTERVAL);
            prune(now);
        }
        return claimed;
    }

    @Override
    public boolean markDelivered(OutboxEntry claimed, Instant at) {
        return settle(claimed, OutboxState.DELIVERED, claimed.attempts() + 1, at, null);
    }

    @Override
    public boolean markRetry(OutboxEntry claimed, Instant nextAttemptAt, String error) {
        return settle(claimed, OutboxState.PENDING, claimed.attempts() + 1, nextAttemptAt, error);
    }

    @Override
    public boolean postpone(OutboxEntry claimed, Instant nextAttemptAt, String why) {
        return settle(claimed, OutboxState.PENDING, claimed.attempts(), nextAttemptAt, why);
    }

    @Override
    public boolean markParked(OutboxEntry claimed, Instant at, String why, boolean countAttempt) {
        return settle(claimed, OutboxState.PARKED, claimed.attempts() + (countAttempt ? 1 : 0), at, why);
    }

    /** {@inheritDoc} One statement for those still in their window, one for those past it. */
    @Override
    public int unpark(String platform, String tenant, Instant now) {
        return upkeep.unpark(Objects.requireNonNull(platform, "platform"), tenant, now);
    }

    @Override
    public int replay(String platform, Instant now) {
        return upkeep.replay(Objects.requireNonNull(platform, "platform"), now);
    }

    @Override
    public boolean markDead(OutboxEntry claimed, Instant at, String error, boolean countAttempt) {
        return settle(claimed, OutboxState.DEAD, claimed.attempts() + (countAttempt ? 1 : 0), at, error);
    }

    @Override
    public boolean markExpired(OutboxEntry claimed, Instant at, String error, boolean countAttempt) {
        return settle(claimed, OutboxState.EXPIRED, claimed.attempts() + (countAttempt ? 1 : 0), at, error);
    }

    private boolean settle(OutboxEntry claimed, OutboxState state, int attempts, Instant at, String error) {
        Long id = Rows.parseId(claimed.id());
        if (id == null || claimed.claim() == null) {
            return false;
        }
        return settles.settle(new Settles.Item(id, claimed.claim(), claimed.platform(), claimed.origin(), state,
                attempts, at, error, Claims.leaseUntil(claimed.claim())));
    }

    @Override
    public List<OutboxEntry> list(OutboxState state, int limit) {
        List<OutboxEntry> listed = upkeep.list(state, limit);
        if (state != OutboxState.DEAD || listed.size() >= limit || deadLetters.count() == 0) {
            return listed;
        }
        List<OutboxEntry> all = new ArrayList<>(listed);
        all.addAll(deadLetters.list(limit - listed.size()));
        return all;
    }

    /** {@inheritDoc} Dead letters kept in memory (their rows were refused) have ids {@code m1}, {@code m2} …. */
    @Override
    public Optional<OutboxEntry> find(String id) {
        return DeadLetters.isInMemory(id) ? deadLetters.find(id) : upkeep.find(id);
    }

    /**
     * {@inheritDoc} One {@code GROUP BY state} query; with the index on (state, next_attempt_at) the database counts
     * from the index.
     */
    @Override
    public Map<OutboxState, Long> counts() {
        Map<OutboxState, Long> counts = upkeep.counts();
        counts.merge(OutboxState.DEAD, (long) deadLetters.count(), Long::sum);
        return counts;
    }

    @Override
    public Optional<Instant> oldestPending() {
        return upkeep.oldestPending();
    }

    @Override
    public int replay(List<String> ids, Instant now) {
        int replayed = upkeep.replay(ids, now);
        for (PendingAdd a : deadLetters.takeForReplay(ids)) {
            if (committer != null) {
                committer.requeue(a);
            } else {
                adds.write(Adds.one(a));
            }
            replayed++;
        }
        return replayed;
    }

    @Override
    public int purge(OutboxState state, Instant before) {
        return upkeep.purge(state, before);
    }

    /**
     * Deletes what has outlived its retention, each part on its own (one that fails does not stop the others): delivered
     * rows settled more than {@link #retention()} ago, dead and expired rows settled more than {@link #deadRetention()}
     * ago, and the per-click locks of natural days that ended more than a day ago.
     */
    private void prune(Instant now) {
        try {
            upkeep.prune(Upkeep.DELIVERED, now.minus(retention));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "qhtrack: pruning delivered outbox rows failed; will try again later", e);
        }
        try {
            upkeep.prune(Upkeep.DEAD_OR_EXPIRED, now.minus(deadRetention));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "qhtrack: pruning dead and expired outbox rows failed; will try again later", e);
        }
        try {
            upkeep.expireParked(now);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "qhtrack: expiring parked outbox rows past their window failed; will try again "
                    + "later", e);
        }
        try {
            upkeep.pruneClicks(now.minus(CLICK_LOCKS_KEPT));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "qhtrack: pruning the outbox's per-click locks failed; will try again later", e);
        }
    }

    /**
     * Stops taking conversions, gives the committer up to twice {@link #timeout()} to write what it holds, then
     * aborts what is still waiting on the database and closes the connections (an application's data source stays
     * open). Conversions held in memory that could not be written are logged at SEVERE as lost, and so are dead letters
     * kept only in memory. A settle still waiting for the database to answer again fails at once. Never waits longer
     * than about twice the timeout plus a second.
     */
    @Override
    public void close() {
        settles.close();
        if (committer != null && !committer.close(timeouts.duration().multipliedBy(2))) {
            committer.interrupt(); // a connection attempt waiting for the database
            db.close(); // a statement waiting for the database
            committer.join(CLOSE_ABORT_WAIT_NANOS);
        }
        if (committer != null) {
            committer.reportLost();
        }
        deadLetters.reportLost();
        db.close();
    }

    // ------------------------------------------------------------------------------------------------ for tests

    /** Makes adds pile up instead of being written (tests: to see what one batch does). */
    void holdCommits() {
        committer.pause();
    }

    /** Writes what piled up, in batches of at most {@value GroupCommit#MAX_BATCH}. */
    void releaseCommits() {
        committer.resume();
    }

    /** Makes settles pile up instead of being written (tests: to see what one batch of them does). */
    void holdSettles() {
        settles.pause();
    }

    /** Writes the settles that piled up, in one batch. */
    void releaseSettles() {
        settles.resume();
    }

    /** Settles waiting to be written. */
    int queuedSettles() {
        return settles.queued();
    }

    /** Adds waiting to be taken into a batch. */
    int queuedAdds() {
        return committer.queued();
    }

    /** Batches the committer has taken so far. */
    long batchesWritten() {
        return committer.batches();
    }

    /** How batches are written. */
    Adds adds() {
        return adds;
    }

    @Override
    public String toString() {
        return description;
    }

    // ------------------------------------------------------------------------------------------------ builder

    /**
     * Configures a {@link JdbcOutbox}; each setter validates its value at once and names the setting. Exactly one of
     * {@link #dataSource}, {@link #jndi} and {@link #url} says where the database is.
     */
    public static final class Builder {
        private DataSource dataSource;
        private String jndi;
        private String url;
        private String user;
        private String password;
        private String table = DEFAULT_TABLE;
        private boolean createSchema = DEFAULT_CREATE_SCHEMA;
        private Dialect dialect;
        private Duration retention = DEFAULT_RETENTION;
        private Duration deadRetention = DEFAULT_DEAD_RETENTION;
        private long capacity = DEFAULT_CAPACITY;
        private double browserShare = DEFAULT_BROWSER_SHARE;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Integer poolSize;
        private int spillCapacity = DEFAULT_SPILL_CAPACITY;
        private boolean groupCommit = true;
        private Boolean skipLocked;
        private TransactionJoiner transactions;

        private Builder() {
        }

        /**
         * Reads every {@code qhtrack.outbox.*} setting that is given: where the database is
         * ({@code jdbc-url} with {@code user} and {@code password}, or {@code jndi}), {@code table}, {@code dialect},
         * {@code create-schema}, {@code retention}, {@code dead-retention}, {@code capacity}, {@code browser-share},
         * {@code timeout}, {@code pool-size} and {@code spill-capacity}. An adapter that brings its own
         * {@link #dataSource(DataSource)} (the Spring Boot starter: the application's pool) sets it instead of a URL or
         * JNDI name.
         *
         * @throws ConfigurationException naming the first setting whose value cannot be used
         */
        public Builder settings(Settings s) {
            s.get(Setting.OUTBOX_JDBC_URL).ifPresent(this::url);
            s.get(Setting.OUTBOX_USER).ifPresent(this::user);
            String password = s.raw(Setting.OUTBOX_PASSWORD.key());
            if (password != null && !password.isEmpty()) {
                password(password);
            }
            s.get(Setting.OUTBOX_JNDI).ifPresent(this::jndi);
            s.get(Setting.OUTBOX_TABLE).ifPresent(this::table);
            s.choice(Setting.OUTBOX_DIALECT, Dialect.class).ifPresent(this::dialect);
            s.bool(Setting.OUTBOX_CREATE_SCHEMA).ifPresent(this::createSchema);
            s.duration(Setting.OUTBOX_RETENTION).ifPresent(this::retention);
            s.duration(Setting.OUTBOX_DEAD_RETENTION).ifPresent(this::deadRetention);
            s.integer(Setting.OUTBOX_CAPACITY).ifPresent(this::capacity);
            s.decimal(Setting.OUTBOX_BROWSER_SHARE).ifPresent(this::browserShare);
            s.duration(Setting.OUTBOX_TIMEOUT).ifPresent(this::timeout);
            s.integer(Setting.OUTBOX_POOL_SIZE).ifPresent(n -> poolSize(clampToInt(n)));
            s.integer(Setting.OUTBOX_SPILL_CAPACITY).ifPresent(n -> spillCapacity(clampToInt(n)));
            return this;
        }

        /** The application's data source (its pool is used; connections are closed after each operation). */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "qhtrack.outbox dataSource");
            return this;
        }

        /**
         * A data source looked up in JNDI at {@link #build()}, the servlet-container way
         * ({@code qhtrack.outbox.jndi}), e.g. {@code java:comp/env/jdbc/app}; a name without {@code java:} is also
         * tried under {@code java:comp/env/}.
         */
        public Builder jndi(String name) {
            if (name == null || Text.isBlank(name)) {
                throw new ConfigurationException("qhtrack.outbox.jndi", "is blank");
            }
            this.jndi = name.trim();
            return this;
        }

        /**
         * A JDBC URL ({@code qhtrack.outbox.jdbc-url}) opened with the driver that accepts it (found through
         * {@link java.sql.DriverManager}, else {@link java.util.ServiceLoader} on the context class loader, as in a web
         * application's {@code WEB-INF/lib}); the outbox keeps a small pool of its own. The driver must be on the
         * classpath.
         */
        public Builder url(String url) {
            if (url == null || !url.trim().startsWith("jdbc:")) {
                throw new ConfigurationException("qhtrack.outbox.jdbc-url", "'" + Redaction.redact(url)
                        + "' is not a JDBC URL (jdbc:postgresql://host/db, jdbc:mariadb://…, jdbc:h2:file:…)");
            }
            this.url = url.trim();
            return this;
        }

        /** The database user for {@link #url} ({@code qhtrack.outbox.user}). */
        public Builder user(String user) {
            if (user == null || Text.isBlank(user)) {
                throw new ConfigurationException("qhtrack.outbox.user", "is blank");
            }
            this.user = user.trim();
            return this;
        }

        /** The database password for {@link #url} ({@code qhtrack.outbox.password}); never logged or shown. */
        public Builder password(String password) {
            this.password = Objects.requireNonNull(password, "qhtrack.outbox.password");
            return this;
        }

        /** The table ({@code qhtrack.outbox.table}); default {@value #DEFAULT_TABLE}. A plain SQL identifier. */
        public Builder table(String table) {
            if (table == null || !IDENTIFIER.matcher(table.trim()).matches()) {
                throw new ConfigurationException("qhtrack.outbox.table", "'" + table + "' is not 1-48 of "
                        + "[A-Za-z0-9_] starting with a letter or _ (schema-qualified names are not accepted: set the "
                        + "schema in the connection)");
            }
            this.table = table.trim();
            return this;
        }

        /**
         * Whether to create the table and its index at start-up when absent ({@code qhtrack.outbox.create-schema});
         * default {@value #DEFAULT_CREATE_SCHEMA}. When off, the table must exist.
         */
        public Builder createSchema(boolean create) {
            this.createSchema = create;
            return this;
        }

        /** The SQL dialect; default detected from the database's metadata. */
        public Builder dialect(Dialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "qhtrack.outbox.dialect");
            return this;
        }

        /**
         * How long delivered rows are kept before they are deleted ({@code qhtrack.outbox.retention}); default 7
         * days. While a row is kept, the same conversion is refused as a duplicate. At least 1 day, so that a
         * conversion's own natural day is always covered.
         */
        public Builder retention(Duration retention) {
            Objects.requireNonNull(retention, "qhtrack.outbox.retention");
            if (retention.compareTo(Duration.ofDays(1)) < 0) {
                throw new ConfigurationException("qhtrack.outbox.retention", retention + " is shorter than 1 day "
                        + "(P1D): a delivered conversion must be remembered at least for its natural day");
            }
            this.retention = retention;
            return this;
        }

        /**
         * How long dead and expired rows stay visible and replayable before they are deleted
         * ({@code qhtrack.outbox.dead-retention}); default 30 days, at least 1 day. Counted from when they were
         * settled so.
         */
        public Builder deadRetention(Duration deadRetention) {
            Objects.requireNonNull(deadRetention, "qhtrack.outbox.dead-retention");
            if (deadRetention.compareTo(Duration.ofDays(1)) < 0) {
                throw new ConfigurationException("qhtrack.outbox.dead-retention", deadRetention + " is shorter than 1 "
                        + "day (P1D): a dead letter must stay replayable at least for its natural day");
            }
            this.deadRetention = deadRetention;
            return this;
        }

        /**
         * At most this many pending rows ({@code qhtrack.outbox.capacity}); beyond it {@link #add} answers
         * {@link AddResult#FULL}. Counted in the database every few seconds per node and kept up to date with this
         * node's own work in between, so other nodes may exceed it slightly. Default {@value #DEFAULT_CAPACITY};
         * {@link #UNBOUNDED} for no bound but the disk's.
         */
        public Builder capacity(long capacity) {
            if (capacity <= 0) {
                throw new ConfigurationException("qhtrack.outbox.capacity", capacity + " is not positive");
            }
            this.capacity = capacity;
            return this;
        }

        /**
         * The most of the {@linkplain #capacity(long) capacity} that browser events may use
         * ({@code qhtrack.outbox.browser-share}), 0 to 1; default {@value #DEFAULT_BROWSER_SHARE}. What they use is
         * their pending rows plus the per-click locks ({@code <table>_clicks} rows) they created and that are not yet
         * pruned; beyond it a browser event is {@link AddResult#FULL} (decided before it touches the database), while
         * a server-side conversion still has the whole remaining capacity. With an {@link #UNBOUNDED} capacity there
         * is no share to keep.
         */
        public Builder browserShare(double share) {
            if (!(share >= 0 && share <= 1)) {
                throw new ConfigurationException("qhtrack.outbox.browser-share", share + " is not between 0 and 1");
            }
            this.browserShare = share;
            return this;
        }

        /**
         * The longest a visitor's request waits on the database ({@code qhtrack.outbox.timeout}); default 2 seconds.
         * {@link #add} answers {@link AddResult#HELD} when its conversion is not committed by then. It also bounds the
         * database work itself: each statement's query timeout, and for connections the outbox opens from a URL the
         * driver's login, connect and cancel timeouts, are this rounded up to whole seconds; the socket timeout
         * (or, for an application's data source, {@link java.sql.Connection#setNetworkTimeout}) is twice that. More
         * than zero, at most 10 minutes.
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "qhtrack.outbox.timeout");
            if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
                throw new ConfigurationException("qhtrack.outbox.timeout", timeout + " is not between 1 ms and "
                        + MAX_TIMEOUT);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * The most connections the outbox opens from its JDBC URL ({@code qhtrack.outbox.pool-size}); default
         * {@value #DEFAULT_POOL_SIZE}, 2 to 1000: one for the committer of
         * group commit, the others for the dispatcher's claims and results. With a data source, the application's
         * pool decides.
         */
        public Builder poolSize(int size) {
            if (size < MIN_POOL_SIZE || size > MAX_POOL_SIZE) {
                throw new ConfigurationException("qhtrack.outbox.pool-size", size + " is not between "
                        + MIN_POOL_SIZE + " and " + MAX_POOL_SIZE);
            }
            this.poolSize = size;
            return this;
        }

        /**
         * The most conversions held in memory while the database does not answer
         * ({@code qhtrack.outbox.spill-capacity}); default {@value #DEFAULT_SPILL_CAPACITY}, 1 to 10,000,000. Beyond,
         * {@link #add} answers {@link AddResult#FULL}. They are written when the database answers again, and lost if
         * the JVM dies first.
         */
        public Builder spillCapacity(int capacity) {
            if (capacity < 1 || capacity > MAX_SPILL_CAPACITY) {
                throw new ConfigurationException("qhtrack.outbox.spill-capacity", capacity + " is not between 1 and "
                        + MAX_SPILL_CAPACITY);
            }
            this.spillCapacity = capacity;
            return this;
        }

        /**
         * Makes conversions join the application's transaction when the reporting thread is in one that
         * {@code joiner} knows (the transactional outbox): their rows commit or roll back with it, and a rolled-back
         * lead reports nothing; see {@link JdbcOutbox#joining(Connection)} for how. The Spring Boot starter sets one
         * for the application's {@code DataSource}. Default: none ({@link JdbcOutbox#joining(Connection)} still works).
         */
        public Builder transactions(TransactionJoiner joiner) {
            this.transactions = Objects.requireNonNull(joiner, "transactions");
            return this;
        }

        /**
         * With {@code false}, each {@link #add} is a transaction of its own, run on the caller's thread, without the
         * timeout or the spill: the way before group commit, kept as the benchmarks' baseline. Default {@code true}.
         */
        Builder groupCommit(boolean on) {
            this.groupCommit = on;
            return this;
        }

        /** Forces (true) or forbids (false) {@code SKIP LOCKED} claiming; default by database version. For tests. */
        Builder claimWithSkipLocked(boolean on) {
            this.skipLocked = on;
            return this;
        }

        private String connectionSetting() {
            return jndi != null ? "qhtrack.outbox.jndi" : "qhtrack.outbox.jdbc-url";
        }

        /**
         * Connects, detects the dialect, creates the schema if asked, and checks the table.
         *
         * @throws ConfigurationException naming the setting when the database cannot be reached or used
         */
        public JdbcOutbox build() {
            int sources = (dataSource != null ? 1 : 0) + (jndi != null ? 1 : 0) + (url != null ? 1 : 0);
            if (sources == 0) {
                throw new ConfigurationException("qhtrack.outbox.jdbc-url", "is required for the JDBC outbox (or "
                        + "qhtrack.outbox.jndi, or a DataSource)");
            }
            if (sources > 1) {
                throw new ConfigurationException(jndi != null ? "qhtrack.outbox.jndi" : "qhtrack.outbox.jdbc-url",
                        "give only one of qhtrack.outbox.jdbc-url, qhtrack.outbox.jndi and a DataSource");
            }
            if ((user != null || password != null || poolSize != null) && url == null) {
                throw new ConfigurationException(user != null ? "qhtrack.outbox.user" : password != null
                        ? "qhtrack.outbox.password" : "qhtrack.outbox.pool-size",
                        "only applies with qhtrack.outbox.jdbc-url");
            }
            Timeouts timeouts = new Timeouts(timeout);
            if (dataSource != null) {
                return new JdbcOutbox(this, JdbcConnections.of(dataSource, "data source "
                        + dataSource.getClass().getName(), timeouts), "data source " + dataSource.getClass().getName());
            }
            if (jndi != null) {
                DataSource ds = JdbcConnections.lookup(jndi);
                return new JdbcOutbox(this, JdbcConnections.of(ds, "JNDI " + jndi, timeouts), "JNDI " + jndi);
            }
            java.sql.Driver driver = JdbcConnections.driverFor(url).orElseThrow(() -> new ConfigurationException(
                    "qhtrack.outbox.jdbc-url", "no JDBC driver on the classpath accepts " + Redaction.redact(url)
                            + " (add the database's driver jar)"));
            return new JdbcOutbox(this, JdbcConnections.pool(driver, url, user, password,
                    poolSize != null ? poolSize : DEFAULT_POOL_SIZE, timeouts), Redaction.redact(url));
        }


        /** The settings, never the password. */
        @Override
        public String toString() {
            return "JdbcOutbox.Builder[" + (url != null ? Redaction.redact(url) : jndi != null ? "JNDI " + jndi
                    : dataSource != null ? "data source" : "no database") + (user != null ? ", user " + user : "")
                    + (password != null ? ", password ******" : "") + ", table " + table + ", createSchema "
                    + createSchema + ", retention " + retention + ", dead-retention " + deadRetention + ", capacity "
                    + capacity + ", browser-share " + browserShare + ", timeout " + timeout
                    + (poolSize != null ? ", pool-size " + poolSize : "") + ", spill-capacity " + spillCapacity + "]";
        }
    }
}
