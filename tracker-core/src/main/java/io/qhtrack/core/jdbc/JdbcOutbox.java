package io.qhtrack.core.jdbc;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Outbox;
import io.qhtrack.core.OutboxEntry;
import io.qhtrack.core.OutboxState;
import io.qhtrack.core.Setting;
import io.qhtrack.core.Settings;
import io.qhtrack.core.Upload;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * The durable {@link Outbox}: one table in the application's own database (PostgreSQL, MySQL 8 / MariaDB 10.6+,
 * or H2), shared by every node of a cluster. A conversion is committed before {@link #add} returns, so it survives
 * a crash or a restart; its row holds the unsigned upload (never a secret), and the signature and
 * {@code request_time} are made at each send.
 *
 * <pre>{@code
 * Outbox outbox = JdbcOutbox.builder()
 *     .dataSource(applicationDataSource)      // or .jndi("java:comp/env/jdbc/app"), or .url(…).user(…).password(…)
 *     .table("qhtrack_outbox")
 *     .build();
 * Tracker tracker = Tracker.builder().settings(Settings.system()).outbox(outbox).build();
 * }</pre>
 *
 * <p><b>Several nodes.</b> Each due row is claimed by exactly one dispatcher at a time: in a short transaction
 * ({@code SELECT … FOR UPDATE SKIP LOCKED}, then the claim token and lease end are written and committed) on
 * PostgreSQL, MySQL 8 and MariaDB 10.6+, or by a conditional update ({@code UPDATE … SET claim = ? WHERE id = ? AND
 * (lease_until IS NULL OR lease_until <= ?)}, which only one claimer can win) on H2 and older MySQL/MariaDB. No lock or transaction is held while the upload is
 * in flight. A node that dies mid-send leaves its claims behind; they lapse at the end of their lease and another
 * node finishes the work. Results are recorded only under the claim that was taken ({@code … WHERE id = ? AND
 * claim = ?}), so a node whose lease lapsed cannot overwrite another node's result.
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
 * <p><b>Schema.</b> {@code schema/postgresql.sql}, {@code schema/mysql.sql} and {@code schema/h2.sql} next to this
 * class (with {@code ${table}} for the table name) are run at start-up when {@link Builder#createSchema(boolean)} is
 * on (the default); they only create what is absent. Times are stored as epoch milliseconds, always taken from the
 * instants the tracker passes in (its injected clock), never from the database's clock.
 *
 * <p><b>H2.</b> H2 writes committed transactions to its file in the background (by default up to half a second
 * later), so a killed JVM would lose the last conversions it had accepted. Unless the database runs with
 * {@code WRITE_DELAY=0}, this outbox forces each of its writes to the file with {@code CHECKPOINT}. An in-memory H2
 * database ({@code jdbc:h2:mem:}) works but is not {@linkplain #isDurable() durable}.
 *
 * <p>Thread-safe. Database failures are thrown as {@link IllegalStateException}s whose message never holds the
 * password; the tracker turns them into an outcome for the caller, and its dispatcher tries again shortly.
 */
public final class JdbcOutbox implements Outbox {

    private static final System.Logger LOG = System.getLogger(JdbcOutbox.class.getName());

    /** Default table name: {@value}. */
    public static final String DEFAULT_TABLE = "qhtrack_outbox";
    /** By default the schema is created at start-up when absent: {@value}. */
    public static final boolean DEFAULT_CREATE_SCHEMA = true;
    /** Default time delivered rows are kept (and their duplicates refused) before they are deleted: 7 days. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    /** Default capacity: unbounded (the database's disk is the limit). */
    public static final long UNBOUNDED = Long.MAX_VALUE;
    /** Idle connections kept by the pool of an outbox configured with a JDBC URL: {@value}. */
    public static final int URL_POOL_IDLE_CONNECTIONS = 8;

    static final int MAX_ERROR_LENGTH = 1000;
    private static final int PRUNE_BATCH = 500;
    private static final int PRUNE_BATCHES_PER_CALL = 40;
    private static final Duration PRUNE_INTERVAL = Duration.ofMinutes(1);
    private static final Duration RECOUNT_INTERVAL = Duration.ofSeconds(1);
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,47}");
    private static final String COLUMNS = "id, upload, accepted_at, deadline, state, attempts, next_attempt_at, "
            + "last_error, claim";

    /** The SQL flavours this outbox speaks; normally detected from the connection's metadata. */
    public enum Dialect {
        /** PostgreSQL 9.5 or newer. */
        POSTGRESQL("postgresql"),
        /** MySQL 8 or MariaDB (10.6+ for {@code SKIP LOCKED}; older versions claim by conditional update). */
        MYSQL("mysql"),
        /** H2 2.x (claims by conditional update). */
        H2("h2");

        private final String schemaName;

        Dialect(String schemaName) {
            this.schemaName = schemaName;
        }

        /** The classpath resource with this dialect's schema, e.g. {@code /io/qhtrack/core/jdbc/schema/h2.sql}. */
        public String schemaResource() {
            return "/io/qhtrack/core/jdbc/schema/" + schemaName + ".sql";
        }

        String limit(int n) {
            return this == H2 ? " FETCH FIRST " + n + " ROWS ONLY" : " LIMIT " + n;
        }

        String onDuplicateKeyDoNothing() {
            return this == POSTGRESQL ? " ON CONFLICT (line, click_id, event, trans_id, deadline) DO NOTHING" : "";
        }

        static Dialect detect(DatabaseMetaData md) throws SQLException {
            String product = md.getDatabaseProductName().toLowerCase(Locale.ROOT);
            if (product.contains("postgres")) {
                return POSTGRESQL;
            }
            if (product.contains("mysql") || product.contains("mariadb")) {
                return MYSQL;
            }
            if (product.equals("h2")) {
                return H2;
            }
            throw new ConfigurationException("qhtrack.outbox.jdbc-url", "the database is " + md.getDatabaseProductName()
                    + "; the JDBC outbox speaks PostgreSQL, MySQL 8 / MariaDB and H2 (set its dialect to use one of "
                    + "their schemas on a compatible database)");
        }

        static boolean supportsSkipLocked(Dialect dialect, DatabaseMetaData md) throws SQLException {
            int major = md.getDatabaseMajorVersion();
            int minor = md.getDatabaseMinorVersion();
            switch (dialect) {
                case POSTGRESQL:
                    return major > 9 || (major == 9 && minor >= 5);
                case H2:
                    // H2 2.x has SKIP LOCKED, but with FOR UPDATE it reads every due row instead of the first few
                    // of the index (13 ms per claim with 10,000 due); its conditional update is as safe and cheap
                    return false;
                default:
                    boolean mariaDb = md.getDatabaseProductName().toLowerCase(Locale.ROOT).contains("mariadb")
                            || md.getDatabaseProductVersion().toLowerCase(Locale.ROOT).contains("mariadb");
                    return mariaDb ? major > 10 || (major == 10 && minor >= 6) : major >= 8;
            }
        }
    }

    private final String table;
    private final Dialect dialect;
    private final JdbcConnections connections;
    private final boolean skipLocked;
    private final Duration retention;
    private final long capacity;
    private final boolean durable;
    private final String description;
    private volatile boolean checkpointAfterWrite;
    private volatile Instant nextPrune = Instant.MIN;
    private volatile boolean closed;

    private final Object capacityLock = new Object();
    private long pendingCounted;
    private long addedSinceCount;
    private Instant nextRecount = Instant.MIN;

    private final String insertSql;
    private final String settleSql;

    private JdbcOutbox(Builder b, JdbcConnections connections, String source) {
        this.table = b.table;
        this.connections = connections;
        this.retention = b.retention;
        this.capacity = b.capacity;
        Connection c = null;
        boolean broken = false;
        try {
            c = connections.borrow();
            DatabaseMetaData md = c.getMetaData();
            this.dialect = b.dialect != null ? b.dialect : Dialect.detect(md);
            this.skipLocked = b.skipLocked != null ? b.skipLocked : Dialect.supportsSkipLocked(dialect, md);
            boolean memory = dialect == Dialect.H2 && String.valueOf(md.getURL()).startsWith("jdbc:h2:mem:");
            this.durable = !memory;
            if (b.createSchema) {
                createSchema(c);
            }
            checkTable(c);
            this.checkpointAfterWrite = dialect == Dialect.H2 && !memory && h2WriteDelay(c) != 0;
            this.description = "JdbcOutbox[" + dialect.name().toLowerCase(Locale.ROOT) + " " + md.getDatabaseMajorVersion()
                    + "." + md.getDatabaseMinorVersion() + ", table " + table + ", " + source
                    + (skipLocked ? "" : ", claims by conditional update") + (durable ? "" : ", NOT durable") + "]";
        } catch (SQLException e) {
            broken = true;
            connections.close();
            throw new ConfigurationException(b.connectionSetting(), "cannot use the outbox database " + source + ": "
                    + JdbcConnections.redact(e.getMessage()));
        } catch (RuntimeException e) {
            broken = true;
            connections.close();
            throw e;
        } finally {
            if (c != null) {
                connections.release(c, broken);
            }
        }
        this.insertSql = "INSERT INTO " + table + " (line, click_id, event, trans_id, upload, state, accepted_at, "
                + "deadline, attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, 'PENDING', ?, ?, 0, ?)"
                + dialect.onDuplicateKeyDoNothing();
        this.settleSql = "UPDATE " + table + " SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ?, "
                + "claim = NULL, lease_until = NULL WHERE id = ? AND claim = ?";
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
     * {@code qhtrack.outbox.create-schema} ({@code true}/{@code false}), {@code qhtrack.outbox.retention} (ISO-8601
     * such as {@code P7D}, or milliseconds) and {@code qhtrack.outbox.capacity}.
     *
     * @throws ConfigurationException naming the setting that is missing or wrong (never quoting the password)
     */
    public static JdbcOutbox fromSettings(Settings s) {
        Builder b = builder();
        s.get(Setting.OUTBOX_JDBC_URL).ifPresent(b::url);
        s.get(Setting.OUTBOX_USER).ifPresent(b::user);
        String password = s.raw(Setting.OUTBOX_PASSWORD.key());
        if (password != null && !password.isEmpty()) {
            b.password(password);
        }
        s.get(Setting.OUTBOX_JNDI).ifPresent(b::jndi);
        s.get(Setting.OUTBOX_TABLE).ifPresent(b::table);
        s.choice(Setting.OUTBOX_DIALECT, Dialect.class).ifPresent(b::dialect);
        s.bool(Setting.OUTBOX_CREATE_SCHEMA).ifPresent(b::createSchema);
        s.duration(Setting.OUTBOX_RETENTION).ifPresent(b::retention);
        s.integer(Setting.OUTBOX_CAPACITY).ifPresent(b::capacity);
        return b.build();
    }

    // ------------------------------------------------------------------------------------------------ schema

    private void createSchema(Connection c) throws SQLException {
        String script = schemaScript(dialect, table);
        boolean wasAuto = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            for (String sql : statements(script)) {
                try {
                    st.execute(sql);
                } catch (SQLException e) {
                    // another node may be creating the same table right now; checkTable decides
                    LOG.log(Level.DEBUG, () -> "qhtrack: creating the outbox schema: " + e.getMessage());
                }
            }
        } finally {
            c.setAutoCommit(wasAuto);
        }
    }

    /** The dialect's schema script with {@code ${table}} replaced. */
    static String schemaScript(Dialect dialect, String table) {
        try (InputStream in = JdbcOutbox.class.getResourceAsStream(dialect.schemaResource())) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + dialect.schemaResource());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${table}", table);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The statements of a script: comment lines dropped, split at {@code ;}. */
    static List<String> statements(String script) {
        StringBuilder sql = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.strip().startsWith("--")) {
                sql.append(line).append('\n');
            }
        }
        List<String> result = new ArrayList<>();
        for (String s : sql.toString().split(";")) {
            if (!s.isBlank()) {
                result.add(s.strip());
            }
        }
        return result;
    }

    private void checkTable(Connection c) {
        try (Statement st = c.createStatement()) {
            st.executeQuery("SELECT id, line, click_id, event, trans_id, upload, state, accepted_at, deadline, "
                    + "attempts, next_attempt_at, last_error, claim, lease_until FROM " + table + " WHERE 1 = 0").close();
        } catch (SQLException e) {
            throw new ConfigurationException("qhtrack.outbox.table", "table " + table + " is missing or lacks "
                    + "qhtrack's columns (" + e.getMessage() + "); create it with " + dialect.schemaResource()
                    + " or set qhtrack.outbox.create-schema=true");
        }
    }

    private static long h2WriteDelay(Connection c) {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS "
                        + "WHERE SETTING_NAME = 'WRITE_DELAY'")) {
            return rs.next() ? Long.parseLong(rs.getString(1).trim()) : -1;
        } catch (SQLException | NumberFormatException e) {
            return -1;
        }
    }

    // ------------------------------------------------------------------------------------------------ Outbox

    @Override
    public AddResult add(Upload upload, Instant acceptedAt, Instant deadline) {
        Objects.requireNonNull(upload, "upload");
        if (capacity != UNBOUNDED && isFull(acceptedAt)) {
            return AddResult.FULL;
        }
        AddResult result = run("add", c -> {
            autoCommit(c, true);
            try (PreparedStatement ps = c.prepareStatement(insertSql)) {
                ps.setString(1, upload.line().shortName());
                ps.setString(2, upload.clickId());
                ps.setString(3, upload.event().wireName());
                ps.setString(4, upload.transId().orElse(""));
                ps.setString(5, upload.toStorageJson());
                ps.setLong(6, acceptedAt.toEpochMilli());
                ps.setLong(7, deadline.toEpochMilli());
                ps.setLong(8, acceptedAt.toEpochMilli());
                int n = ps.executeUpdate();
                if (n == 0) {
                    return AddResult.DUPLICATE;
                }
            } catch (SQLException e) {
                if (isUniqueViolation(e)) {
                    return AddResult.DUPLICATE;
                }
                throw e;
            }
            flushH2(c);
            return AddResult.ADDED;
        });
        if (result == AddResult.ADDED && capacity != UNBOUNDED) {
            synchronized (capacityLock) {
                addedSinceCount++;
            }
        }
        return result;
    }

    private boolean isFull(Instant now) {
        synchronized (capacityLock) {
            if (pendingCounted + addedSinceCount >= capacity || !now.isBefore(nextRecount)) {
                pendingCounted = counts().getOrDefault(OutboxState.PENDING, 0L);
                addedSinceCount = 0;
                nextRecount = now.plus(RECOUNT_INTERVAL);
            }
            return pendingCounted + addedSinceCount >= capacity;
        }
    }

    private static boolean isUniqueViolation(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if ("23505".equals(x.getSQLState()) || x.getErrorCode() == 1062) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<OutboxEntry> claimDue(int max, Instant now, Duration lease) {
        if (max <= 0) {
            return List.of();
        }
        List<OutboxEntry> claimed = skipLocked ? claimSkippingLocked(max, now, lease) : claimOptimistically(max, now,
                lease);
        if (!now.isBefore(nextPrune)) {
            nextPrune = now.plus(PRUNE_INTERVAL);
            try {
                pruneDelivered(now.minus(retention));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "qhtrack: pruning delivered outbox rows failed; will try again later", e);
            }
        }
        return claimed;
    }

    /**
     * Due rows, oldest first. {@code state} leads the ORDER BY (it is constant here) so that the order is exactly the
     * due index's and the database reads the first rows of the index instead of sorting every due row (H2 needs it).
     */
    private String dueSql(int max, boolean forUpdate) {
        return "SELECT " + COLUMNS + " FROM " + table + " WHERE state = 'PENDING' AND next_attempt_at <= ? "
                + "AND (lease_until IS NULL OR lease_until <= ?) ORDER BY state, next_attempt_at, id" + dialect.limit(max)
                + (forUpdate ? " FOR UPDATE SKIP LOCKED" : "");
    }

    private List<OutboxEntry> claimSkippingLocked(int max, Instant now, Duration lease) {
        String token = UUID.randomUUID().toString();
        long leaseUntil = now.plus(lease).toEpochMilli();
        return transaction("claim", c -> {
            List<OutboxEntry> due = new ArrayList<>();
            List<Long> unreadable = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(dueSql(max, true))) {
                ps.setLong(1, now.toEpochMilli());
                ps.setLong(2, now.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        try {
                            due.add(entry(rs, token));
                        } catch (IllegalArgumentException e) {
                            unreadable.add(rs.getLong("id"));
                            problems.add(e.getMessage());
                        }
                    }
                }
            }
            if (!due.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET claim = ?, lease_until = ? "
                        + "WHERE id = ?")) {
                    for (OutboxEntry e : due) {
                        ps.setString(1, token);
                        ps.setLong(2, leaseUntil);
                        ps.setLong(3, Long.parseLong(e.id()));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            deadLetterUnreadable(c, unreadable, problems, now);
            return due;
        });
    }

    private List<OutboxEntry> claimOptimistically(int max, Instant now, Duration lease) {
        long leaseUntil = now.plus(lease).toEpochMilli();
        return run("claim", c -> {
            autoCommit(c, true);
            List<Long> candidates = new ArrayList<>();
            // more candidates than wanted: another claimer may take some of them first
            try (PreparedStatement ps = c.prepareStatement(dueSql(Math.min(max * 4, max + 64), false))) {
                ps.setLong(1, now.toEpochMilli());
                ps.setLong(2, now.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        candidates.add(rs.getLong("id"));
                    }
                }
            }
            List<OutboxEntry> claimed = new ArrayList<>();
            List<Long> unreadable = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (long id : candidates) {
                if (claimed.size() + unreadable.size() >= max) {
                    break;
                }
                String token = UUID.randomUUID().toString();
                int n;
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET claim = ?, lease_until = ? "
                        + "WHERE id = ? AND state = 'PENDING' AND next_attempt_at <= ? "
                        + "AND (lease_until IS NULL OR lease_until <= ?)")) {
                    ps.setString(1, token);
                    ps.setLong(2, leaseUntil);
                    ps.setLong(3, id);
                    ps.setLong(4, now.toEpochMilli());
                    ps.setLong(5, now.toEpochMilli());
                    n = ps.executeUpdate();
                }
                if (n == 1) {
                    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + table
                            + " WHERE id = ? AND claim = ?")) {
                        ps.setLong(1, id);
                        ps.setString(2, token);
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next()) {
                                try {
                                    claimed.add(entry(rs, token));
                                } catch (IllegalArgumentException e) {
                                    unreadable.add(id);
                                    problems.add(e.getMessage());
                                }
                            }
                        }
                    }
                }
            }
            deadLetterUnreadable(c, unreadable, problems, now);
            return claimed;
        });
    }

    /** A row whose stored upload cannot be read (edited by hand?) is dead-lettered instead of blocking the rest. */
    private void deadLetterUnreadable(Connection c, List<Long> ids, List<String> problems, Instant now)
            throws SQLException {
        for (int i = 0; i < ids.size(); i++) {
            long id = ids.get(i);
            String why = "the stored upload cannot be read: " + problems.get(i);
            LOG.log(Level.ERROR, () -> "qhtrack: outbox row " + id + " is dead-lettered: " + why);
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET state = 'DEAD', last_error = ?, "
                    + "next_attempt_at = ?, claim = NULL, lease_until = NULL WHERE id = ?")) {
                ps.setString(1, truncate(why));
                ps.setLong(2, now.toEpochMilli());
                ps.setLong(3, id);
                ps.executeUpdate();
            }
        }
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
    public boolean markDead(OutboxEntry claimed, Instant at, String error, boolean countAttempt) {
        return settle(claimed, OutboxState.DEAD, claimed.attempts() + (countAttempt ? 1 : 0), at, error);
    }

    @Override
    public boolean markExpired(OutboxEntry claimed, Instant at, String error, boolean countAttempt) {
        return settle(claimed, OutboxState.EXPIRED, claimed.attempts() + (countAttempt ? 1 : 0), at, error);
    }

    private boolean settle(OutboxEntry claimed, OutboxState state, int attempts, Instant at, String error) {
        Long id = parseId(claimed.id());
        if (id == null || claimed.claim() == null) {
            return false;
        }
        return run("settle", c -> {
            autoCommit(c, true);
            int n;
            try (PreparedStatement ps = c.prepareStatement(settleSql)) {
                ps.setString(1, state.name());
                ps.setInt(2, attempts);
                ps.setLong(3, at.toEpochMilli());
                ps.setString(4, error == null ? null : truncate(error));
                ps.setLong(5, id);
                ps.setString(6, claimed.claim());
                n = ps.executeUpdate();
            }
            if (n == 1) {
                flushH2(c);
            } else {
                LOG.log(Level.DEBUG, () -> "qhtrack: outbox row " + id + " was not marked " + state
                        + ": its claim lapsed and another dispatcher took it");
            }
            return n == 1;
        });
    }

    @Override
    public List<OutboxEntry> list(OutboxState state, int limit) {
        Objects.requireNonNull(state, "state");
        if (limit <= 0) {
            return List.of();
        }
        return run("list", c -> {
            autoCommit(c, true);
            List<OutboxEntry> result = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + table
                    + " WHERE state = ? ORDER BY accepted_at, id" + dialect.limit(limit))) {
                ps.setString(1, state.name());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        readable(rs).ifPresent(result::add);
                    }
                }
            }
            return result;
        });
    }

    @Override
    public Optional<OutboxEntry> find(String id) {
        Long key = parseId(id);
        if (key == null) {
            return Optional.empty();
        }
        return run("find", c -> {
            autoCommit(c, true);
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + table + " WHERE id = ?")) {
                ps.setLong(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? readable(rs) : Optional.empty();
                }
            }
        });
    }

    private static Optional<OutboxEntry> readable(ResultSet rs) throws SQLException {
        try {
            return Optional.of(entry(rs, rs.getString("claim")));
        } catch (IllegalArgumentException e) {
            long id = rs.getLong("id");
            LOG.log(Level.WARNING, () -> "qhtrack: outbox row " + id + " is skipped: its stored upload cannot be read: "
                    + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * {@inheritDoc} One {@code GROUP BY state} query; with the index on (state, next_attempt_at) the database counts
     * from the index.
     */
    @Override
    public Map<OutboxState, Long> counts() {
        return run("count", c -> {
            autoCommit(c, true);
            Map<OutboxState, Long> counts = new EnumMap<>(OutboxState.class);
            for (OutboxState s : OutboxState.values()) {
                counts.put(s, 0L);
            }
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT state, COUNT(*) FROM " + table + " GROUP BY state")) {
                while (rs.next()) {
                    state(rs.getString(1)).ifPresent(s -> counts.put(s, counts.get(s) + longValue(rs, 2)));
                }
            }
            return counts;
        });
    }

    private static long longValue(ResultSet rs, int column) {
        try {
            return rs.getLong(column);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Optional<Instant> oldestPending() {
        return run("oldestPending", c -> {
            autoCommit(c, true);
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT MIN(accepted_at) FROM " + table
                            + " WHERE state = 'PENDING'")) {
                if (rs.next()) {
                    long t = rs.getLong(1);
                    return rs.wasNull() ? Optional.<Instant>empty() : Optional.of(Instant.ofEpochMilli(t));
                }
                return Optional.<Instant>empty();
            }
        });
    }

    @Override
    public int replay(List<String> ids, Instant now) {
        Objects.requireNonNull(ids, "ids");
        return transaction("replay", c -> {
            int n = 0;
            String set = "UPDATE " + table + " SET state = 'PENDING', next_attempt_at = ?, claim = NULL, "
                    + "lease_until = NULL WHERE ";
            if (ids.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(set + "state = 'DEAD'")) {
                    ps.setLong(1, now.toEpochMilli());
                    n = ps.executeUpdate();
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement(set + "id = ? AND state IN ('DEAD', 'EXPIRED')")) {
                    for (String id : ids) {
                        Long key = parseId(id);
                        if (key != null) {
                            ps.setLong(1, now.toEpochMilli());
                            ps.setLong(2, key);
                            n += ps.executeUpdate();
                        }
                    }
                }
            }
            return n;
        }, true);
    }

    @Override
    public int purge(OutboxState state, Instant before) {
        Objects.requireNonNull(state, "state");
        if (state == OutboxState.PENDING) {
            return 0;
        }
        return run("purge", c -> {
            autoCommit(c, true);
            int n;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table
                    + " WHERE state = ? AND next_attempt_at < ?")) {
                ps.setString(1, state.name());
                ps.setLong(2, before.toEpochMilli());
                n = ps.executeUpdate();
            }
            flushH2(c);
            return n;
        });
    }

    /** Deletes delivered rows settled before {@code before}, in small batches so no lock is held long. */
    int pruneDelivered(Instant before) {
        int total = 0;
        for (int batch = 0; batch < PRUNE_BATCHES_PER_CALL; batch++) {
            int n = run("prune", c -> {
                autoCommit(c, true);
                List<Long> ids = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + table
                        + " WHERE state = 'DELIVERED' AND next_attempt_at < ?" + dialect.limit(PRUNE_BATCH))) {
                    ps.setLong(1, before.toEpochMilli());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getLong(1));
                        }
                    }
                }
                if (ids.isEmpty()) {
                    return -1; // nothing (more) to prune: stop
                }
                StringBuilder sql = new StringBuilder("DELETE FROM ").append(table)
                        .append(" WHERE state = 'DELIVERED' AND id IN (");
                for (int i = 0; i < ids.size(); i++) {
                    sql.append(i == 0 ? "?" : ", ?");
                }
                sql.append(')');
                int deleted;
                try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                    for (int i = 0; i < ids.size(); i++) {
                        ps.setLong(i + 1, ids.get(i));
                    }
                    deleted = ps.executeUpdate();
                }
                flushH2(c);
                return ids.size() < PRUNE_BATCH ? -deleted - 1 : deleted;
            });
            if (n < 0) {
                total += -n - 1;
                break;
            }
            total += n;
        }
        if (total > 0) {
            int pruned = total;
            LOG.log(Level.DEBUG, () -> "qhtrack: pruned " + pruned + " delivered outbox rows older than " + retention);
        }
        return total;
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

    /** Whether due rows are claimed with {@code SELECT … FOR UPDATE SKIP LOCKED} (else by conditional update). */
    public boolean claimsWithSkipLocked() {
        return skipLocked;
    }

    @Override
    public void close() {
        closed = true;
        connections.close();
    }

    @Override
    public String toString() {
        return description;
    }

    // ------------------------------------------------------------------------------------------------ rows

    private static OutboxEntry entry(ResultSet rs, String claim) throws SQLException {
        String id = Long.toString(rs.getLong("id"));
        Upload upload = Upload.fromStorageJson(rs.getString("upload"));
        OutboxState state = state(rs.getString("state")).orElseThrow(
                () -> new IllegalArgumentException("unknown state"));
        return new OutboxEntry(id, upload, Instant.ofEpochMilli(rs.getLong("accepted_at")),
                Instant.ofEpochMilli(rs.getLong("deadline")), state, rs.getInt("attempts"),
                Instant.ofEpochMilli(rs.getLong("next_attempt_at")), rs.getString("last_error"), claim);
    }

    private static Optional<OutboxState> state(String name) {
        try {
            return Optional.of(OutboxState.valueOf(name.trim()));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private static Long parseId(String id) {
        if (id == null || !id.matches("[0-9]{1,18}")) {
            return null;
        }
        return Long.parseLong(id);
    }

    static String truncate(String s) {
        if (s.length() <= MAX_ERROR_LENGTH) {
            return s;
        }
        int end = MAX_ERROR_LENGTH - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…";
    }

    // ------------------------------------------------------------------------------------------------ plumbing

    @FunctionalInterface
    private interface Work<T> {
        T apply(Connection c) throws SQLException;
    }

    private <T> T run(String what, Work<T> work) {
        if (closed) {
            throw new IllegalStateException("qhtrack JDBC outbox: " + what + ": the outbox is closed");
        }
        Connection c;
        try {
            c = connections.borrow();
        } catch (SQLException e) {
            throw failure(what, e);
        }
        boolean broken = false;
        try {
            return work.apply(c);
        } catch (SQLException e) {
            broken = true;
            throw failure(what, e);
        } catch (RuntimeException e) {
            broken = true;
            throw e;
        } finally {
            connections.release(c, broken);
        }
    }

    private <T> T transaction(String what, Work<T> work) {
        return transaction(what, work, false);
    }

    private <T> T transaction(String what, Work<T> work, boolean flush) {
        return run(what, c -> {
            boolean wasAuto = c.getAutoCommit();
            int isolation = c.getTransactionIsolation();
            // READ COMMITTED everywhere: on MySQL it avoids gap locks that would make add() wait for a claim
            if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                if (flush) {
                    flushH2(c);
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                throw e;
            } finally {
                c.setAutoCommit(wasAuto);
                if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
                    c.setTransactionIsolation(isolation);
                }
            }
        });
    }

    private static void autoCommit(Connection c, boolean on) throws SQLException {
        if (c.getAutoCommit() != on) {
            c.setAutoCommit(on);
        }
    }

    /** H2 writes commits to its file lazily; force them out so that a killed JVM loses nothing committed. */
    private void flushH2(Connection c) {
        if (!checkpointAfterWrite) {
            return;
        }
        try (Statement st = c.createStatement()) {
            st.execute("CHECKPOINT");
        } catch (SQLException e) {
            checkpointAfterWrite = false;
            LOG.log(Level.WARNING, "qhtrack: cannot force H2 to write the outbox to disk (" + e.getMessage()
                    + "); conversions accepted within H2's write delay before a crash may be lost. Run the outbox "
                    + "as an H2 admin user, or add ;WRITE_DELAY=0 to the H2 URL");
        }
    }

    /**
     * The failure, with the driver's exception chained as a redacted copy: some drivers quote the URL, which may
     * hold a password, and a logged stack trace prints every cause's message.
     */
    private static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("qhtrack JDBC outbox: " + what + " failed: SQLState " + e.getSQLState()
                + ", " + JdbcConnections.redact(e.getMessage()), JdbcConnections.redacted(e));
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
        private long capacity = UNBOUNDED;
        private Boolean skipLocked;

        private Builder() {
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
            if (name == null || name.isBlank()) {
                throw new ConfigurationException("qhtrack.outbox.jndi", "is blank");
            }
            this.jndi = name.trim();
            return this;
        }

        /**
         * A JDBC URL ({@code qhtrack.outbox.jdbc-url}) opened with the driver that accepts it (found through {@link java.sql.DriverManager}, else {@link java.util.ServiceLoader} on the context class loader, as in a web application's {@code WEB-INF/lib}); the outbox keeps
         * a small pool of its own. The driver must be on the classpath.
         */
        public Builder url(String url) {
            if (url == null || !url.trim().startsWith("jdbc:")) {
                throw new ConfigurationException("qhtrack.outbox.jdbc-url", "'" + JdbcConnections.redact(url)
                        + "' is not a JDBC URL (jdbc:postgresql://host/db, jdbc:mariadb://…, jdbc:h2:file:…)");
            }
            this.url = url.trim();
            return this;
        }

        /** The database user for {@link #url} ({@code qhtrack.outbox.user}). */
        public Builder user(String user) {
            if (user == null || user.isBlank()) {
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
         * At most this many pending rows ({@code qhtrack.outbox.capacity}); beyond it {@link #add} answers
         * {@link AddResult#FULL}. Counted about once a second per node, so it may be exceeded slightly. Default
         * unbounded.
         */
        public Builder capacity(long capacity) {
            if (capacity <= 0) {
                throw new ConfigurationException("qhtrack.outbox.capacity", capacity + " is not positive");
            }
            this.capacity = capacity;
            return this;
        }

        /** Forces (true) or forbids (false) {@code SKIP LOCKED} claiming; default by database version. For tests. */
        Builder claimWithSkipLocked(boolean on) {
            this.skipLocked = on;
            return this;
        }

        String connectionSetting() {
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
            if ((user != null || password != null) && url == null) {
                throw new ConfigurationException(user != null ? "qhtrack.outbox.user" : "qhtrack.outbox.password",
                        "only applies with qhtrack.outbox.jdbc-url");
            }
            if (dataSource != null) {
                return new JdbcOutbox(this, JdbcConnections.of(dataSource, "data source "
                        + dataSource.getClass().getName()), "data source " + dataSource.getClass().getName());
            }
            if (jndi != null) {
                DataSource ds = lookup(jndi);
                return new JdbcOutbox(this, JdbcConnections.of(ds, "JNDI " + jndi), "JNDI " + jndi);
            }
            java.sql.Driver driver = JdbcConnections.driverFor(url).orElseThrow(() -> new ConfigurationException(
                    "qhtrack.outbox.jdbc-url", "no JDBC driver on the classpath accepts " + JdbcConnections.redact(url)
                            + " (add the database's driver jar)"));
            return new JdbcOutbox(this, JdbcConnections.pool(driver, url, user, password, URL_POOL_IDLE_CONNECTIONS),
                    JdbcConnections.redact(url));
        }

        private static DataSource lookup(String name) {
            try {
                InitialContext ctx = new InitialContext();
                Object found;
                try {
                    found = ctx.lookup(name);
                } catch (NamingException e) {
                    if (name.startsWith("java:")) {
                        throw e;
                    }
                    found = ctx.lookup("java:comp/env/" + name);
                }
                if (!(found instanceof DataSource)) {
                    throw new ConfigurationException("qhtrack.outbox.jndi", "'" + name + "' is "
                            + (found == null ? "null" : "a " + found.getClass().getName()) + ", not a DataSource");
                }
                return (DataSource) found;
            } catch (NamingException e) {
                throw new ConfigurationException("qhtrack.outbox.jndi", "'" + name + "' cannot be looked up: " + e);
            }
        }

        /** The settings, never the password. */
        @Override
        public String toString() {
            return "JdbcOutbox.Builder[" + (url != null ? JdbcConnections.redact(url) : jndi != null ? "JNDI " + jndi
                    : dataSource != null ? "data source" : "no database") + (user != null ? ", user " + user : "")
                    + (password != null ? ", password ******" : "") + ", table " + table + ", createSchema "
                    + createSchema + ", retention " + retention + "]";
        }
    }
}
