package io.qhtrack.core.jdbc;

import io.qhtrack.core.Origin;
import io.qhtrack.core.spi.OutboxEntry;
import io.qhtrack.core.OutboxState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The outbox's reads and upkeep, outside the delivery path: listing and finding entries, counting them, the oldest
 * pending one, making dead letters pending again, purging and pruning settled rows. Each is one short statement or
 * transaction; none takes part in claims, adds or settles.
 */
final class Upkeep {

    private static final Logger LOG = Logger.getLogger(JdbcOutbox.class.getName());
    /** Rows deleted per statement when pruning, and statements per pruning call. */
    private static final int PRUNE_BATCH = 500;
    private static final int PRUNE_BATCHES_PER_CALL = 40;

    private final Transactions db;
    private final String table;
    private final Dialect dialect;
    private final PendingEstimate pending;

    Upkeep(Transactions db, String table, Dialect dialect, PendingEstimate pending) {
        this.db = db;
        this.table = table;
        this.dialect = dialect;
        this.pending = pending;
    }

    List<OutboxEntry> list(OutboxState state, int limit) {
        Objects.requireNonNull(state, "state");
        if (limit <= 0) {
            return Collections.emptyList();
        }
        return db.autoCommit("list", c -> {
            List<OutboxEntry> result = new ArrayList<>();
            String which = state == OutboxState.PENDING ? "state IN (" + Rows.PENDING_STATES + ")" : "state = ?";
            try (PreparedStatement ps = db.prepare(c, "SELECT " + Rows.COLUMNS + " FROM " + table
                    + " WHERE " + which + " ORDER BY accepted_at, id" + dialect.limit(limit))) {
                if (state != OutboxState.PENDING) {
                    ps.setString(1, state.name());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Rows.readable(rs).ifPresent(result::add);
                    }
                }
            }
            return result;
        });
    }

    Optional<OutboxEntry> find(String id) {
        Long key = Rows.parseId(id);
        if (key == null) {
            return Optional.empty();
        }
        return db.autoCommit("find", c -> {
            try (PreparedStatement ps = db.prepare(c, "SELECT " + Rows.COLUMNS + " FROM " + table + " WHERE id = ?")) {
                ps.setLong(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Rows.readable(rs) : Optional.empty();
                }
            }
        });
    }

    /** One {@code GROUP BY state} query; with the index on (state, next_attempt_at) the database counts from it. */
    Map<OutboxState, Long> counts() {
        return db.autoCommit("count", c -> {
            Map<OutboxState, Long> counts = new EnumMap<>(OutboxState.class);
            for (OutboxState s : OutboxState.values()) {
                counts.put(s, 0L);
            }
            try (Statement st = db.statement(c);
                    ResultSet rs = st.executeQuery("SELECT state, COUNT(*) FROM " + table + " GROUP BY state")) {
                while (rs.next()) {
                    Rows.state(rs.getString(1)).ifPresent(s -> counts.put(s, counts.get(s) + longValue(rs, 2)));
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

    Optional<Instant> oldestPending() {
        return db.autoCommit("oldestPending", c -> {
            try (Statement st = db.statement(c);
                    ResultSet rs = st.executeQuery("SELECT MIN(accepted_at) FROM " + table
                            + " WHERE state IN (" + Rows.PENDING_STATES + ")")) {
                if (rs.next()) {
                    long t = rs.getLong(1);
                    return rs.wasNull() ? Optional.<Instant>empty() : Optional.of(Instant.ofEpochMilli(t));
                }
                return Optional.<Instant>empty();
            }
        });
    }

    /** Counts the pending rows and the browser's use (pending browser rows and browser click locks) into {@code e}. */
    void count(PendingEstimate e, Instant now) {
        long[] counted = db.autoCommit("count pending", c -> count(db, c, table));
        e.counted(counted[0], counted[1], now);
    }

    /**
     * The rows waiting (pending and parked), and the browser's use of the outbox: its pending rows plus the per-click
     * locks its events created. Two queries, each served by an index ({@code state, origin, …} and
     * {@code origin, deadline}).
     */
    static long[] count(Transactions db, Connection c, String table) throws SQLException {
        long pending = 0;
        long browser = 0;
        try (Statement st = db.statement(c)) {
            try (ResultSet rs = st.executeQuery("SELECT origin, COUNT(*) FROM " + table + " WHERE state IN ("
                    + Rows.PENDING_STATES + ", 'PARKED') GROUP BY origin")) {
                while (rs.next()) {
                    pending += rs.getLong(2);
                    browser += Origin.BROWSER.name().equals(rs.getString(1)) ? rs.getLong(2) : 0;
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + Adds.clicksTable(table) + " WHERE origin = '"
                    + Origin.BROWSER.name() + "'")) {
                browser += rs.next() ? rs.getLong(1) : 0;
            }
        }
        return new long[] {pending, browser};
    }

    int replay(List<String> ids, Instant now) {
        Objects.requireNonNull(ids, "ids");
        int replayed = db.transaction("replay", c -> {
            int n = 0;
            String set = "UPDATE " + table + " SET state = " + Rows.PENDING_FOR_PLATFORM + ", next_attempt_at = ?, "
                    + "claim = NULL, lease_until = NULL WHERE ";
            if (ids.isEmpty()) {
                try (PreparedStatement ps = db.prepare(c, set + "state = 'DEAD'")) {
                    ps.setLong(1, now.toEpochMilli());
                    n = ps.executeUpdate();
                }
            } else {
                try (PreparedStatement ps = db.prepare(c, set + "id = ? AND state IN ('DEAD', 'EXPIRED', 'PARKED')")) {
                    for (String id : ids) {
                        Long key = Rows.parseId(id);
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
        pending.added(replayed, 0); // the next count sees whose they are
        return replayed;
    }

    /** The dead rows of {@code platform} pending again, due {@code now}. */
    int replay(String platform, Instant now) {
        int replayed = db.transaction("replay", c -> {
            try (PreparedStatement ps = db.prepare(c, "UPDATE " + table + " SET state = " + Rows.PENDING_FOR_PLATFORM
                    + ", next_attempt_at = ?, claim = NULL, lease_until = NULL WHERE state = 'DEAD' AND platform = ?")) {
                ps.setLong(1, now.toEpochMilli());
                ps.setString(2, platform);
                return ps.executeUpdate();
            }
        }, true);
        pending.added(replayed, 0);
        return replayed;
    }

    /**
     * The parked rows of {@code platform} (and {@code tenant}, or every tenant when {@code null}) pending again, due
     * {@code now}, if their deadline is still ahead; the others {@code EXPIRED}, their last error kept.
     */
    int unpark(String platform, String tenant, Instant now) {
        String of = " WHERE state = 'PARKED' AND platform = ?" + (tenant == null ? "" : " AND tenant = ?");
        int unparked = db.transaction("unpark", c -> {
            try (PreparedStatement ps = db.prepare(c, "UPDATE " + table + " SET state = 'EXPIRED', next_attempt_at = ?, "
                    + "claim = NULL, lease_until = NULL" + of + " AND deadline <= ?")) {
                ps.setLong(1, now.toEpochMilli());
                ps.setString(2, platform);
                if (tenant != null) {
                    ps.setString(3, tenant);
                }
                ps.setLong(tenant == null ? 3 : 4, now.toEpochMilli());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = db.prepare(c, "UPDATE " + table + " SET state = " + Rows.PENDING_FOR_PLATFORM
                    + ", next_attempt_at = ?, claim = NULL, lease_until = NULL" + of)) {
                ps.setLong(1, now.toEpochMilli());
                ps.setString(2, platform);
                if (tenant != null) {
                    ps.setString(3, tenant);
                }
                return ps.executeUpdate();
            }
        }, true);
        return unparked; // parked rows were counted as waiting already: the estimate is unchanged
    }

    /** Parked rows whose deadline passed end {@code EXPIRED}: nothing would send them any more. */
    int expireParked(Instant now) {
        return db.autoCommit("expire parked", c -> {
            try (PreparedStatement ps = db.prepare(c, "UPDATE " + table + " SET state = 'EXPIRED', next_attempt_at = ?, "
                    + "claim = NULL, lease_until = NULL WHERE state = 'PARKED' AND deadline <= ?")) {
                ps.setLong(1, now.toEpochMilli());
                ps.setLong(2, now.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    int purge(OutboxState state, Instant before) {
        Objects.requireNonNull(state, "state");
        if (state == OutboxState.PENDING || state == OutboxState.PARKED) {
            return 0;
        }
        return db.autoCommit("purge", c -> {
            int n;
            try (PreparedStatement ps = db.prepare(c, "DELETE FROM " + table
                    + " WHERE state = ? AND next_attempt_at < ?")) {
                ps.setString(1, state.name());
                ps.setLong(2, before.toEpochMilli());
                n = ps.executeUpdate();
            }
            db.flushH2(c);
            return n;
        });
    }

    /** The states {@link #prune} deletes together. */
    static final List<OutboxState> DELIVERED = Collections.singletonList(OutboxState.DELIVERED);
    /** Dead and expired rows, pruned after the dead retention. */
    static final List<OutboxState> DEAD_OR_EXPIRED = Collections.unmodifiableList(Arrays.asList(OutboxState.DEAD,
            OutboxState.EXPIRED));

    /**
     * Deletes the rows in {@code states} settled before {@code before}, in small batches so that no lock is held long
     * and no statement runs into the statement timeout on a big table.
     */
    int prune(List<OutboxState> states, Instant before) {
        StringBuilder in = new StringBuilder();
        for (OutboxState s : states) {
            in.append(in.length() == 0 ? "'" : ", '").append(s.name()).append('\'');
        }
        String which = "state IN (" + in + ")";
        int total = 0;
        for (int batch = 0; batch < PRUNE_BATCHES_PER_CALL; batch++) {
            int n = db.autoCommit("prune", c -> {
                List<Long> ids = new ArrayList<>();
                try (PreparedStatement ps = db.prepare(c, "SELECT id FROM " + table + " WHERE " + which
                        + " AND next_attempt_at < ?" + dialect.limit(PRUNE_BATCH))) {
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
                StringBuilder sql = new StringBuilder("DELETE FROM ").append(table).append(" WHERE ").append(which)
                        .append(" AND id IN (");
                for (int i = 0; i < ids.size(); i++) {
                    sql.append(i == 0 ? "?" : ", ?");
                }
                sql.append(')');
                int deleted;
                try (PreparedStatement ps = db.prepare(c, sql.toString())) {
                    for (int i = 0; i < ids.size(); i++) {
                        ps.setLong(i + 1, ids.get(i));
                    }
                    deleted = ps.executeUpdate();
                }
                db.flushH2(c);
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
            LOG.log(Level.FINE, () -> "qhtrack: pruned " + pruned + " outbox rows " + states + " settled before "
                    + before);
        }
        return total;
    }

    /**
     * Deletes the per-click locks of natural days that ended before {@code before} (no conversion is added to them),
     * in batches of {@value #PRUNE_BATCH} like {@link #prune}: a day's locks can be many.
     */
    int pruneClicks(Instant before) {
        String sql = dialect.deleteSome(Adds.clicksTable(table), "deadline < ?", PRUNE_BATCH);
        int total = 0;
        for (int batch = 0; batch < PRUNE_BATCHES_PER_CALL; batch++) {
            int n = db.autoCommit("prune clicks", c -> {
                try (PreparedStatement ps = db.prepare(c, sql)) {
                    ps.setLong(1, before.toEpochMilli());
                    int deleted = ps.executeUpdate();
                    db.flushH2(c);
                    return deleted;
                }
            });
            total += n;
            if (n < PRUNE_BATCH) {
                break;
            }
        }
        return total;
    }
}
