package io.qhtrack.core.jdbc;

import io.qhtrack.core.Origin;
import io.qhtrack.core.OutboxState;
import io.qhtrack.core.spi.Outbox.AddResult;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How a batch of conversions is written, in one transaction, with the rules of {@link io.qhtrack.core.spi.Outbox#add}
 * holding across every node that shares the table and inside the batch as if its adds came one after the other:
 *
 * <ol>
 *   <li><b>Lock the clicks.</b> For each (platform, tenant, line, click, event, window) of the batch, in one order (so that two
 *       nodes never wait for each other), create its row in {@code <table>_clicks} or lock the one that is there
 *       (PostgreSQL {@code INSERT … ON CONFLICT DO UPDATE}, MySQL {@code INSERT … ON DUPLICATE KEY UPDATE}, H2
 *       {@code MERGE … KEY}), many rows per statement. Until this transaction ends, no other node can add a
 *       conversion for those clicks.</li>
 *   <li><b>Read what they have.</b> The rows those clicks already have (trans_id, natural day and acceptance
 *       time): one query per platform, tenant and line of the batch, each click looked up in the unique key's index
 *       (PostgreSQL: a nested loop over an array of click ids; MySQL: {@code platform = ? AND tenant = ? AND line = ?
 *       AND click_id IN (…)}; H2, which would use only
 *       the index's first column for either: one query per click).</li>
 *   <li><b>Decide</b>, in the batch's order: a key already stored, or already added earlier in the batch, is
 *       {@link AddResult#DUPLICATE}; else a click that has {@code limitPerClick} rows that day is
 *       {@link AddResult#LIMITED}; else {@link AddResult#FULL} beyond the capacity (except for an entry the caller was
 *       told is {@link AddResult#HELD}: that one is written in any case); else {@link AddResult#ADDED}, and it counts
 *       for the next ones of its click. The duplicate check comes first, so a repeat never uses up the limit.</li>
 *   <li><b>Insert</b> the added ones, many rows per statement, commit, and on H2 force the file out once for the
 *       batch.</li>
 * </ol>
 *
 * <p>Since each click's count is read while its lock is held, and every writer takes the lock before inserting, the
 * count is exact: no two nodes can both add the last conversion a click is allowed. The count is of the rows in the
 * table, whatever their state, so purging or pruning rows needs no bookkeeping.
 *
 * <p>Statements of many rows are made in sizes that are powers of two (37 rows: 32, 4 and 1), so that the driver and
 * the database see few distinct statements and keep them prepared.
 *
 * <p>A batch whose commit failed without saying whether it happened is written again with its entries marked
 * {@linkplain PendingAdd#ambiguous ambiguous}: a stored row with the same key, acceptance time and upload is then its
 * own, so it is {@link AddResult#ADDED}, never written twice, and never mistaken for a duplicate.
 */
final class Adds {

    /** Rows per statement, at most; a power of two. */
    static final int MAX_ROWS_PER_STATEMENT = 256;
    /** The standard SQLState of a transaction that should simply be tried again. */
    private static final String SERIALIZATION_FAILURE = "40001";

    private final String table;
    private final Dialect dialect;
    private final Transactions db;
    private final PendingEstimate pending;
    private final String clicks;
    /** Statements by their number of rows (without group commit, adds are written by many threads at once). */
    private final Map<Integer, String> lockSql = new ConcurrentHashMap<>();
    private final Map<Integer, String> insertSql = new ConcurrentHashMap<>();
    private final Map<Integer, String> readSql = new ConcurrentHashMap<>();

    Adds(String table, Dialect dialect, Transactions db, PendingEstimate pending) {
        this.table = table;
        this.dialect = dialect;
        this.db = db;
        this.pending = pending;
        this.clicks = clicksTable(table);
    }

    /** The per-click limit's lock table of {@code table}. */
    static String clicksTable(String table) {
        return table + "_clicks";
    }

    /**
     * Writes {@code batch} in one transaction and answers for each entry, in order.
     *
     * @throws JdbcFailure when the transaction failed (then nothing of it was written, unless the failure is
     *     {@linkplain JdbcFailure#ambiguous() ambiguous})
     */
    AddResult[] write(List<PendingAdd> batch) {
        Instant now = batch.get(0).acceptedAt;
        if (beyondTheBrowsersShare(batch, now)) {
            AddResult[] full = new AddResult[batch.size()];
            Arrays.fill(full, AddResult.FULL);
            return full; // a flood of browser events costs the database nothing once their share is used
        }
        Written written = db.transaction("add", c -> write(c, batch, now), true);
        pending.added(written.inserted, written.browser);
        return written.results;
    }

    /**
     * Whether every add of {@code batch} is a browser event beyond the browser's share, as last counted (and not due
     * for a count): they are then {@link AddResult#FULL} without a transaction.
     */
    private boolean beyondTheBrowsersShare(List<PendingAdd> batch, Instant now) {
        for (PendingAdd a : batch) {
            if (a.origin != Origin.BROWSER || a.held) {
                return false;
            }
        }
        return !pending.neverCounted() && !pending.admitsBrowser(0) && !pending.mayRecountWhenFull(now);
    }

    private static final class Written {
        final AddResult[] results;
        final int inserted;
        /** The browser's share it used: browser rows inserted and click locks created for browser events. */
        final long browser;

        Written(AddResult[] results, int inserted, long browser) {
            this.results = results;
            this.inserted = inserted;
            this.browser = browser;
        }
    }

    /** A row a click already has: its acceptance time, and (for an ambiguous batch) its upload. */
    private static final class Stored {
        final long acceptedAt;
        final String upload;

        Stored(long acceptedAt, String upload) {
            this.acceptedAt = acceptedAt;
            this.upload = upload;
        }

        /** Whether this row is {@code a}'s own, written by a commit that failed to say it succeeded. */
        boolean isOf(PendingAdd a) {
            return acceptedAt == a.acceptedAt.toEpochMilli() && a.upload.payload().equals(upload);
        }
    }

    /**
     * Writes {@code a} on {@code c}, in the transaction {@code c} is in (the application's), without committing it: the
     * same rules as a batch of one. With {@code lockingReads}, a click's rows are read with a shared lock (MySQL above
     * READ COMMITTED, where a plain read sees the transaction's snapshot, not what other nodes committed since).
     *
     * @throws SQLException as the database says; nothing is rolled back here
     */
    AddResult writeIn(Connection c, PendingAdd a, boolean lockingReads) throws SQLException {
        List<PendingAdd> batch = one(a);
        if (beyondTheBrowsersShare(batch, a.acceptedAt)) {
            return AddResult.FULL;
        }
        Written written = write(c, batch, a.acceptedAt, lockingReads);
        pending.added(written.inserted, written.browser);
        return written.results[0];
    }

    private Written write(Connection c, List<PendingAdd> batch, Instant now) throws SQLException {
        return write(c, batch, now, false);
    }

    private Written write(Connection c, List<PendingAdd> batch, Instant now, boolean lockingReads)
            throws SQLException {
        if (pending.neverCounted()) {
            count(c, now);
        }
        AddResult[] results = new AddResult[batch.size()];
        boolean recounted = false;
        // the browser's share first: a browser event beyond it is FULL before it locks (or creates) a click's row
        long browserAdmitted = 0;
        for (int i = 0; i < batch.size(); i++) {
            PendingAdd a = batch.get(i);
            if (a.origin != Origin.BROWSER || a.held) {
                continue;
            }
            if (!pending.admitsBrowser(browserAdmitted) && !recounted && pending.mayRecountWhenFull(now)) {
                count(c, now);
                recounted = true;
            }
            if (pending.admitsBrowser(browserAdmitted)) {
                browserAdmitted += 2; // its row, and perhaps its click's lock
            } else {
                results[i] = AddResult.FULL;
            }
        }
        // the clicks in one order, each locked with the origin of the first server-side add for it, if any
        TreeMap<String, PendingAdd> clicks = new TreeMap<>();
        boolean ambiguous = false;
        for (int i = 0; i < batch.size(); i++) {
            PendingAdd a = batch.get(i);
            if (results[i] == null) {
                clicks.merge(a.clickKey(), a, (first, next) -> first.origin == Origin.SERVER ? first : next);
                ambiguous |= a.ambiguous;
            }
        }
        List<PendingAdd> ordered = new ArrayList<>(clicks.values());
        lock(c, ordered);
        Map<String, Integer> perClick = new HashMap<>();
        Map<String, Stored> stored = new HashMap<>();
        read(c, ordered, ambiguous, lockingReads, perClick, stored);
        long browserLocks = 0;
        for (PendingAdd a : ordered) {
            browserLocks += a.origin == Origin.BROWSER && !perClick.containsKey(a.clickKey()) ? 1 : 0; // new ones
        }

        Map<String, AddResult> earlier = new HashMap<>();
        List<Integer> toInsert = new ArrayList<>();
        int ownFound = 0;
        for (int i = 0; i < batch.size(); i++) {
            PendingAdd a = batch.get(i);
            if (results[i] != null) {
                continue; // beyond the browser's share
            }
            String key = a.key();
            AddResult before = earlier.get(key);
            Stored row = stored.get(key);
            AddResult result;
            if (before != null) {
                result = before == AddResult.ADDED ? AddResult.DUPLICATE : before;
            } else if (row != null) {
                boolean own = a.ambiguous && row.isOf(a);
                ownFound += own ? 1 : 0;
                result = own ? AddResult.ADDED : AddResult.DUPLICATE;
            } else if (perClick.getOrDefault(a.clickKey(), 0) >= a.limitPerClick) {
                result = AddResult.LIMITED;
            } else {
                if (!a.held && !recounted && !pending.admits(toInsert.size()) && pending.mayRecountWhenFull(now)) {
                    count(c, now);
                    recounted = true;
                }
                if (!a.held && !pending.admits(toInsert.size())) {
                    result = AddResult.FULL;
                } else {
                    result = AddResult.ADDED;
                    toInsert.add(i);
                    perClick.merge(a.clickKey(), 1, Integer::sum);
                }
            }
            results[i] = result;
            earlier.put(key, result);
        }
        int inserted = insert(c, batch, toInsert, results);
        long browserRows = 0;
        for (int i : toInsert) {
            browserRows += batch.get(i).origin == Origin.BROWSER && results[i] == AddResult.ADDED ? 1 : 0;
        }
        return new Written(results, inserted + ownFound, browserRows + browserLocks);
    }

    private void count(Connection c, Instant now) throws SQLException {
        long[] counted = Upkeep.count(db, c, table);
        pending.counted(counted[0], counted[1], now);
    }

    private void lock(Connection c, List<PendingAdd> ordered) throws SQLException {
        try {
            for (List<PendingAdd> part : inPowersOfTwo(ordered)) {
                String sql = lockSql.computeIfAbsent(part.size(), n -> dialect.lockClicksSql(clicks, n));
                try (PreparedStatement ps = db.prepare(c, sql)) {
                    for (int i = 0; i < part.size(); i++) {
                        bindClick(ps, 1 + 7 * i, part.get(i));
                        ps.setString(7 + 7 * i, part.get(i).origin.name());
                    }
                    ps.executeUpdate();
                }
            }
        } catch (SQLException e) {
            if (Dialect.isUniqueViolation(e)) {
                // H2's MERGE when another node created the same click's row at the same moment: it is there now. Not
                // chained: the unique violation would read as a data error, which only the conversion's own values are
                throw new SQLException("another transaction created the same click lock at once (" + e.getMessage()
                        + ")", SERIALIZATION_FAILURE);
            }
            throw e;
        }
    }

    /** {@code all} in consecutive parts whose sizes are powers of two, largest first, at most the maximum. */
    static <T> List<List<T>> inPowersOfTwo(List<T> all) {
        List<List<T>> parts = new ArrayList<>();
        int from = 0;
        while (from < all.size()) {
            int n = Math.min(MAX_ROWS_PER_STATEMENT, Integer.highestOneBit(all.size() - from));
            parts.add(all.subList(from, from + n));
            from += n;
        }
        return parts;
    }

    private void read(Connection c, List<PendingAdd> ordered, boolean withUpload, boolean locking,
            Map<String, Integer> perClick, Map<String, Stored> stored) throws SQLException {
        String lock = locking ? " LOCK IN SHARE MODE" : "";
        String columns = "SELECT platform, tenant, line, click_id, event, deadline, trans_id, accepted_at"
                + (withUpload ? ", upload" : "")
                + " FROM " + table + " WHERE ";
        Set<String> wanted = new HashSet<>();
        for (PendingAdd a : ordered) {
            wanted.add(a.clickKey());
        }
        if (!dialect.readsManyClicksAtOnce()) {
            try (PreparedStatement ps = db.prepare(c, columns
                    + "platform = ? AND tenant = ? AND line = ? AND click_id = ? AND event = ? AND deadline = ?" + lock)) {
                for (PendingAdd a : ordered) {
                    bindClick(ps, 1, a);
                    collect(ps, withUpload, wanted, perClick, stored);
                }
            }
            return;
        }
        // by platform, tenant and line, then the click ids in one IN list, padded to a power of two by repeating the
        // last one
        Map<List<String>, List<String>> clickIdsByLine = new TreeMap<>(Adds::compareLines);
        for (PendingAdd a : ordered) {
            List<String> ids = clickIdsByLine.computeIfAbsent(Arrays.asList(a.upload.platform(), a.upload.tenant(),
                    a.upload.line()), l -> new ArrayList<>());
            if (ids.isEmpty() || !ids.get(ids.size() - 1).equals(a.upload.clickId())) {
                ids.add(a.upload.clickId());
            }
        }
        for (Map.Entry<List<String>, List<String>> line : clickIdsByLine.entrySet()) {
            List<String> ids = line.getValue();
            List<String> of = line.getKey();
            if (dialect.readsClickIdsAsArray()) {
                String sql = readSql.computeIfAbsent(withUpload ? -1 : 0, k -> arrayReadSql(withUpload));
                try (PreparedStatement ps = db.prepare(c, sql)) {
                    ps.setArray(1, c.createArrayOf("varchar", ids.toArray()));
                    ps.setString(2, of.get(0));
                    ps.setString(3, of.get(1));
                    ps.setString(4, of.get(2));
                    collect(ps, withUpload, wanted, perClick, stored);
                }
                continue;
            }
            for (int from = 0; from < ids.size(); from += MAX_ROWS_PER_STATEMENT) {
                List<String> part = ids.subList(from, Math.min(ids.size(), from + MAX_ROWS_PER_STATEMENT));
                int n = Integer.highestOneBit(part.size());
                int padded = n == part.size() ? n : n * 2;
                String sql = readSql.computeIfAbsent(padded * (withUpload ? -1 : 1), k -> columns + "platform = ? AND "
                        + "tenant = ? AND line = ? AND click_id IN (" + placeholders(padded) + ")") + lock;
                try (PreparedStatement ps = db.prepare(c, sql)) {
                    ps.setString(1, of.get(0));
                    ps.setString(2, of.get(1));
                    ps.setString(3, of.get(2));
                    for (int i = 0; i < padded; i++) {
                        ps.setString(4 + i, part.get(Math.min(i, part.size() - 1)));
                    }
                    collect(ps, withUpload, wanted, perClick, stored);
                }
            }
        }
    }

    /**
     * PostgreSQL's read of many clicks: a nested loop over an array of click ids, each looked up in the unique key's
     * index. ({@code OFFSET 0} keeps the planner from flattening it into a join that, on a table without statistics
     * yet, would read every row of the line.)
     */
    private String arrayReadSql(boolean withUpload) {
        String columns = "platform, tenant, line, click_id, event, deadline, trans_id, accepted_at"
                + (withUpload ? ", upload" : "");
        return "SELECT r.* FROM unnest(CAST(? AS VARCHAR[])) AS k(click_id), LATERAL (SELECT " + columns + " FROM "
                + table + " t WHERE t.platform = ? AND t.tenant = ? AND t.line = ? AND t.click_id = k.click_id "
                + "OFFSET 0) r";
    }

    private static int compareLines(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static String placeholders(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "?" : ", ?");
        }
        return s.toString();
    }

    /** The rows of the clicks {@code wanted} (a click's other events and days are read too, and skipped here). */
    private static void collect(PreparedStatement ps, boolean withUpload, Set<String> wanted,
            Map<String, Integer> perClick, Map<String, Stored> stored) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String click = PendingAdd.clickKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getLong(6));
                if (!wanted.contains(click)) {
                    continue;
                }
                String key = click + '\u0000' + rs.getString(7);
                if (stored.put(key, new Stored(rs.getLong(8), withUpload ? rs.getString(9) : null)) == null) {
                    perClick.merge(click, 1, Integer::sum);
                }
            }
        }
    }

    private int insert(Connection c, List<PendingAdd> batch, List<Integer> toInsert, AddResult[] results)
            throws SQLException {
        List<Integer> rows = new ArrayList<>(toInsert);
        int inserted = 0;
        for (List<Integer> part : inPowersOfTwo(rows)) {
            String sql = insertSql.computeIfAbsent(part.size(), this::insertSql);
            try (PreparedStatement ps = db.prepare(c, sql)) {
                for (int j = 0; j < part.size(); j++) {
                    PendingAdd a = batch.get(part.get(j));
                    int p = 1 + 13 * j;
                    ps.setString(p, a.upload.platform());
                    ps.setString(p + 1, a.upload.tenant());
                    ps.setString(p + 2, a.upload.line());
                    ps.setString(p + 3, a.upload.clickId());
                    ps.setString(p + 4, a.upload.event());
                    ps.setString(p + 5, a.upload.conversionKey());
                    ps.setLong(p + 6, a.upload.eventTime().toEpochMilli());
                    ps.setString(p + 7, a.upload.payload());
                    ps.setString(p + 8, Rows.stored(OutboxState.PENDING, a.upload.platform()));
                    ps.setString(p + 9, a.origin.name());
                    ps.setLong(p + 10, a.acceptedAt.toEpochMilli());
                    ps.setLong(p + 11, a.deadline.toEpochMilli());
                    ps.setLong(p + 12, a.acceptedAt.toEpochMilli());
                }
                if (!dialect.returnsInsertedKeys()) {
                    ps.executeUpdate();
                    inserted += part.size();
                    continue;
                }
                Set<String> written = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        written.add(PendingAdd.clickKey(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getLong(7)) + '\u0000' + rs.getString(6));
                    }
                }
                for (int i : part) {
                    if (written.contains(batch.get(i).key())) {
                        inserted++;
                    } else {
                        // PostgreSQL's ON CONFLICT DO NOTHING met a row this transaction could not see: one written
                        // without the click's lock (by hand?). It is a duplicate all the same.
                        results[i] = AddResult.DUPLICATE;
                    }
                }
            }
        }
        return inserted;
    }

    /** The columns a new row is inserted with. */
    private static final String INSERTED_COLUMNS = "platform, tenant, line, click_id, event, trans_id, event_time, "
            + "upload, state, origin, accepted_at, deadline, attempts, next_attempt_at, last_error";

    /**
     * The INSERT of {@code rows} pending rows, skipping a duplicate key (PostgreSQL also says which rows it inserted).
     */
    private String insertSql(int rows) {
        String sql = dialect.insertIfAbsent(table, INSERTED_COLUMNS,
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, NULL)", rows);
        return dialect.returnsInsertedKeys() ? sql + " RETURNING platform, tenant, line, click_id, event, trans_id, "
                + "deadline" : sql;
    }

    /**
     * Writes {@code a}, which the database refused on its own merits, as a {@code DEAD} row that it can store: the
     * upload as JSON with every character outside printable ASCII escaped (the same JSON once read), and, with
     * {@code replaceKey}, the click id and trans_id replaced by a digest of each (the upload still holds them, and a
     * replay sends it). Skipped when a row with that key exists (the same conversion refused before).
     *
     * @throws JdbcFailure when the database refused this row too ({@link JdbcFailure.Kind#DATA}), or is unavailable
     */
    void writeDead(PendingAdd a, String why, boolean replaceKey) {
        String sql = dialect.insertIfAbsent(table, INSERTED_COLUMNS,
                "(?, ?, ?, ?, ?, ?, ?, ?, 'DEAD', ?, ?, ?, 0, ?, ?)", 1);
        db.transaction("dead letter", c -> {
            try (PreparedStatement ps = db.prepare(c, sql)) {
                ps.setString(1, a.upload.platform());
                ps.setString(2, a.upload.tenant());
                ps.setString(3, a.upload.line());
                ps.setString(4, replaceKey ? digest(a.upload.clickId()) : a.upload.clickId());
                ps.setString(5, a.upload.event());
                ps.setString(6, replaceKey ? digest(a.upload.conversionKey()) : a.upload.conversionKey());
                ps.setLong(7, a.upload.eventTime().toEpochMilli());
                ps.setString(8, DeadLetterRows.stored(a.upload, replaceKey));
                ps.setString(9, a.origin.name());
                ps.setLong(10, a.acceptedAt.toEpochMilli());
                ps.setLong(11, a.deadline.toEpochMilli());
                ps.setLong(12, a.acceptedAt.toEpochMilli());
                ps.setString(13, Rows.truncate(why));
                return ps.execute();
            }
        }, true);
    }

    /** A key value replaced by its digest: {@code dead-} and 32 hexadecimal digits, storable in any column. */
    static String digest(String value) {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(value.getBytes(StandardCharsets.UTF_8));
            return "dead-" + String.format(Locale.ROOT, "%032x", new BigInteger(1, md5));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every Java platform has MD5
        }
    }

    private static void bindClick(PreparedStatement ps, int first, PendingAdd a) throws SQLException {
        ps.setString(first, a.upload.platform());
        ps.setString(first + 1, a.upload.tenant());
        ps.setString(first + 2, a.upload.line());
        ps.setString(first + 3, a.upload.clickId());
        ps.setString(first + 4, a.upload.event());
        ps.setLong(first + 5, a.deadline.toEpochMilli());
    }

    /** An unmodifiable batch of one, for the path without group commit. */
    static List<PendingAdd> one(PendingAdd a) {
        return Collections.singletonList(a);
    }
}
