package io.qhtrack.core.jdbc;

import io.qhtrack.core.Outbox.AddResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a batch of conversions is written, in one transaction, with the rules of {@link io.qhtrack.core.Outbox#add}
 * holding across every node that shares the table and inside the batch as if its adds came one after the other:
 *
 * <ol>
 *   <li><b>Lock the clicks.</b> For each (line, click, event, natural day) of the batch, in one order (so that two
 *       nodes never wait for each other), create its row in {@code <table>_clicks} or lock the one that is there
 *       (PostgreSQL {@code INSERT … ON CONFLICT DO UPDATE}, MySQL {@code INSERT … ON DUPLICATE KEY UPDATE}, H2
 *       {@code MERGE … KEY}). Until this transaction ends, no other node can add a conversion for those clicks.</li>
 *   <li><b>Read what they have.</b> The rows those clicks already have that day (trans_id and acceptance time): one
 *       query for the batch (H2: one per click, H2 would not use the index for an {@code OR} of keys).</li>
 *   <li><b>Decide</b>, in the batch's order: a key already stored, or already added earlier in the batch, is
 *       {@link AddResult#DUPLICATE}; else a click that has {@code limitPerClick} rows that day is
 *       {@link AddResult#LIMITED}; else {@link AddResult#FULL} beyond the capacity (except for an entry the caller was
 *       told is {@link AddResult#HELD}: that one is written in any case); else {@link AddResult#ADDED}, and it counts
 *       for the next ones of its click. The duplicate check comes first, so a repeat never uses up the limit.</li>
 *   <li><b>Insert</b> the added ones (one JDBC batch), commit, and on H2 force the file out once for the batch.</li>
 * </ol>
 *
 * <p>Since each click's count is read while its lock is held, and every writer takes the lock before inserting, the
 * count is exact: no two nodes can both add the last conversion a click is allowed. The count is of the rows in the
 * table, whatever their state, so purging or pruning rows needs no bookkeeping.
 *
 * <p>A batch whose commit failed without saying whether it happened is written again with its entries marked
 * {@linkplain PendingAdd#ambiguous ambiguous}: a stored row with the same key, acceptance time and upload is then its
 * own, so it is {@link AddResult#ADDED}, never written twice, and never mistaken for a duplicate.
 */
final class Adds {

    /** Clicks read with one query, at most; the {@code OR} lists are padded to powers of two up to it. */
    static final int MAX_CLICKS_PER_QUERY = 256;
    /** The standard SQLState of a transaction that should simply be tried again. */
    private static final String SERIALIZATION_FAILURE = "40001";

    private final String table;
    private final Dialect dialect;
    private final Transactions db;
    private final PendingEstimate pending;
    private final String lockSql;
    private final String insertSql;

    Adds(String table, Dialect dialect, Transactions db, PendingEstimate pending) {
        this.table = table;
        this.dialect = dialect;
        this.db = db;
        this.pending = pending;
        this.lockSql = dialect.lockClickSql(clicksTable(table));
        this.insertSql = "INSERT INTO " + table + " (line, click_id, event, trans_id, upload, state, accepted_at, "
                + "deadline, attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, 'PENDING', ?, ?, 0, ?)"
                + dialect.onDuplicateKeyDoNothing();
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
        Written written = db.transaction("add", c -> write(c, batch, now), true);
        pending.added(written.inserted);
        return written.results;
    }

    private static final class Written {
        final AddResult[] results;
        final int inserted;

        Written(AddResult[] results, int inserted) {
            this.results = results;
            this.inserted = inserted;
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
            return acceptedAt == a.acceptedAt.toEpochMilli() && a.upload.toStorageJson().equals(upload);
        }
    }

    private Written write(Connection c, List<PendingAdd> batch, Instant now) throws SQLException {
        TreeMap<String, PendingAdd> clicks = new TreeMap<>();
        boolean ambiguous = false;
        for (PendingAdd a : batch) {
            clicks.putIfAbsent(a.clickKey(), a);
            ambiguous |= a.ambiguous;
        }
        List<PendingAdd> ordered = new ArrayList<>(clicks.values());
        lock(c, ordered);
        Map<String, Integer> perClick = new HashMap<>();
        Map<String, Stored> stored = new HashMap<>();
        read(c, ordered, ambiguous, perClick, stored);

        AddResult[] results = new AddResult[batch.size()];
        Map<String, AddResult> earlier = new HashMap<>();
        List<Integer> toInsert = new ArrayList<>();
        int ownFound = 0;
        boolean recounted = false;
        for (int i = 0; i < batch.size(); i++) {
            PendingAdd a = batch.get(i);
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
                if (!a.held && !recounted && (pending.neverCounted()
                        || !pending.admits(toInsert.size()) && pending.mayRecountWhenFull(now))) {
                    pending.counted(countPending(c), now);
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
        return new Written(results, inserted + ownFound);
    }

    private void lock(Connection c, List<PendingAdd> clicks) throws SQLException {
        try (PreparedStatement ps = db.prepare(c, lockSql)) {
            for (PendingAdd a : clicks) {
                bindClick(ps, 1, a);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            if (Dialect.isUniqueViolation(e)) {
                // H2's MERGE when another node created the same click's row at the same moment: it is there now
                SQLException conflict = new SQLException("another transaction created the same click lock at once",
                        SERIALIZATION_FAILURE);
                conflict.initCause(e);
                throw conflict;
            }
            throw e;
        }
    }

    private void read(Connection c, List<PendingAdd> clicks, boolean withUpload, Map<String, Integer> perClick,
            Map<String, Stored> stored) throws SQLException {
        String columns = "SELECT line, click_id, event, deadline, trans_id, accepted_at" + (withUpload ? ", upload" : "")
                + " FROM " + table + " WHERE ";
        String one = "(line = ? AND click_id = ? AND event = ? AND deadline = ?)";
        if (!dialect.readsManyClicksAtOnce()) {
            try (PreparedStatement ps = db.prepare(c, columns + one)) {
                for (PendingAdd a : clicks) {
                    bindClick(ps, 1, a);
                    collect(ps, withUpload, perClick, stored);
                }
            }
            return;
        }
        for (int from = 0; from < clicks.size(); from += MAX_CLICKS_PER_QUERY) {
            List<PendingAdd> part = clicks.subList(from, Math.min(clicks.size(), from + MAX_CLICKS_PER_QUERY));
            // padded to a power of two, repeating the last click, so that the driver and the database see few
            // distinct statements and can keep them prepared
            int groups = Integer.highestOneBit(part.size());
            groups = groups == part.size() ? groups : groups * 2;
            StringBuilder sql = new StringBuilder(columns);
            for (int g = 0; g < groups; g++) {
                sql.append(g == 0 ? "" : " OR ").append(one);
            }
            try (PreparedStatement ps = db.prepare(c, sql.toString())) {
                for (int g = 0; g < groups; g++) {
                    bindClick(ps, 1 + 4 * g, part.get(Math.min(g, part.size() - 1)));
                }
                collect(ps, withUpload, perClick, stored);
            }
        }
    }

    private static void collect(PreparedStatement ps, boolean withUpload, Map<String, Integer> perClick,
            Map<String, Stored> stored) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String click = PendingAdd.clickKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4));
                String key = click + '\u0000' + rs.getString(5);
                if (stored.put(key, new Stored(rs.getLong(6), withUpload ? rs.getString(7) : null)) == null) {
                    perClick.merge(click, 1, Integer::sum);
                }
            }
        }
    }

    private int insert(Connection c, List<PendingAdd> batch, List<Integer> toInsert, AddResult[] results)
            throws SQLException {
        if (toInsert.isEmpty()) {
            return 0;
        }
        int[] counts;
        try (PreparedStatement ps = db.prepare(c, insertSql)) {
            for (int i : toInsert) {
                PendingAdd a = batch.get(i);
                ps.setString(1, a.upload.line().shortName());
                ps.setString(2, a.upload.clickId());
                ps.setString(3, a.upload.event().wireName());
                ps.setString(4, a.upload.transId().orElse(""));
                ps.setString(5, a.upload.toStorageJson());
                ps.setLong(6, a.acceptedAt.toEpochMilli());
                ps.setLong(7, a.deadline.toEpochMilli());
                ps.setLong(8, a.acceptedAt.toEpochMilli());
                ps.addBatch();
            }
            counts = ps.executeBatch();
        }
        int inserted = 0;
        for (int j = 0; j < toInsert.size(); j++) {
            if (counts.length > j && counts[j] == 0) {
                // PostgreSQL's ON CONFLICT DO NOTHING met a row this transaction could not see: one written without
                // the click's lock (by hand?). It is a duplicate all the same.
                results[toInsert.get(j)] = AddResult.DUPLICATE;
            } else {
                inserted++;
            }
        }
        return inserted;
    }

    private static void bindClick(PreparedStatement ps, int first, PendingAdd a) throws SQLException {
        ps.setString(first, a.upload.line().shortName());
        ps.setString(first + 1, a.upload.clickId());
        ps.setString(first + 2, a.upload.event().wireName());
        ps.setLong(first + 3, a.deadline.toEpochMilli());
    }

    private long countPending(Connection c) throws SQLException {
        try (Statement st = db.statement(c);
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table + " WHERE state = 'PENDING'")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Deletes the click locks of natural days that ended before {@code before}: no conversion is added to them. */
    int pruneClicks(Instant before) {
        return db.autoCommit("prune clicks", c -> {
            try (PreparedStatement ps = db.prepare(c, "DELETE FROM " + clicksTable(table) + " WHERE deadline < ?")) {
                ps.setLong(1, before.toEpochMilli());
                int n = ps.executeUpdate();
                db.flushH2(c);
                return n;
            }
        });
    }

    /** An unmodifiable batch of one, for the path without group commit. */
    static List<PendingAdd> one(PendingAdd a) {
        return Collections.singletonList(a);
    }
}
