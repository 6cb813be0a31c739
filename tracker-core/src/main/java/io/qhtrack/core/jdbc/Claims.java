package io.qhtrack.core.jdbc;

import io.qhtrack.core.Origin;
import io.qhtrack.core.spi.OutboxEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How due rows are claimed, each by exactly one dispatcher at a time, for a lease: the claim token and the lease end
 * are written to the row, and no lock or transaction is held after the claim while the upload is in flight.
 *
 * <ul>
 *   <li><b>SKIP LOCKED</b> (PostgreSQL, MySQL 8, MariaDB 10.6+): in one short transaction,
 *       {@code SELECT … FOR UPDATE SKIP LOCKED} the first due rows, write the claim to them, commit. Claimers on other
 *       nodes skip the rows locked by this one instead of waiting.</li>
 *   <li><b>Conditional update</b> (H2, older MySQL and MariaDB): read a few more due ids than wanted, then claim each
 *       with {@code UPDATE … SET claim = ? WHERE id = ? AND (lease_until IS NULL OR lease_until <= ?)}, which only one
 *       claimer can win.</li>
 * </ul>
 *
 * <p>Pending rows are stored as {@code PENDING} (360's) or {@code QUEUED} (other platforms': {@link Rows}); both are
 * claimed, merged by due time. A row that cannot be read is dead-lettered on the way, so it never blocks the rows
 * behind it (a stored upload its platform cannot send is dead-lettered by the dispatcher, when its codec says so).
 */
final class Claims {

    private static final Logger LOG = Logger.getLogger(JdbcOutbox.class.getName());
    /** Extra candidates the conditional update reads, at most: another claimer may take some of them first. */
    private static final int EXTRA_CANDIDATES = 64;
    /** Candidates the conditional update reads, at most, per entry wanted. */
    private static final int CANDIDATES_PER_ENTRY = 4;
    /** A claim that met a deadlock or serialization failure (rolled back) is made again at once, at most so often. */
    private static final int CONFLICT_RETRIES = 5;

    private final String table;
    private final Dialect dialect;
    private final Transactions db;
    private final boolean skipLocked;

    Claims(String table, Dialect dialect, Transactions db, boolean skipLocked) {
        this.table = table;
        this.dialect = dialect;
        this.db = db;
        this.skipLocked = skipLocked;
    }

    /**
     * A new claim token: random, and ending with the lease's end ({@code <uuid>@<epoch millis>}, at most 56
     * characters), so that whoever settles under it knows how long the claim is worth holding on to.
     */
    static String token(long leaseUntil) {
        return UUID.randomUUID() + "@" + leaseUntil;
    }

    /** The end of the lease a {@linkplain #token token} was made for, or null when it does not say. */
    static Instant leaseUntil(String token) {
        int at = token == null ? -1 : token.lastIndexOf('@');
        if (at < 0) {
            return null;
        }
        try {
            return Instant.ofEpochMilli(Long.parseLong(token.substring(at + 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether claims are made with {@code SELECT … FOR UPDATE SKIP LOCKED} (else by conditional update). */
    boolean skipLocked() {
        return skipLocked;
    }

    /**
     * Claims up to {@code max} rows due at {@code now} (max positive), until {@code now + lease}: due {@code SERVER}
     * rows first, then due {@code BROWSER} rows, each oldest due first.
     */
    List<OutboxEntry> claim(int max, Instant now, Duration lease) {
        for (int conflicts = 0;; conflicts++) {
            try {
                return skipLocked ? claimSkippingLocked(max, now, lease) : claimByConditionalUpdate(max, now, lease);
            } catch (JdbcFailure f) {
                if (f.kind() != JdbcFailure.Kind.CONFLICT || conflicts >= CONFLICT_RETRIES) {
                    throw f;
                }
                // MariaDB's SKIP LOCKED can still deadlock two claimers on the claim index: the claim was rolled back
                int n = conflicts + 1;
                LOG.log(Level.FINE, () -> "qhtrack: a claim met another claimer's locks (" + f.getMessage()
                        + "); claiming again at once (" + n + " of " + CONFLICT_RETRIES + ")");
            }
        }
    }

    /**
     * Due rows of one origin in one stored state, oldest first. {@code state} and {@code origin} lead the ORDER BY
     * (they are constant here) so that the order is exactly the claim index's ({@code state, origin, next_attempt_at,
     * id}) and the database reads the first rows of the index instead of sorting every due row (H2 needs it).
     */
    private String dueSql(String columns, Origin origin, String state, int max, boolean forUpdate) {
        return "SELECT " + columns + " FROM " + table + " WHERE state = '" + state + "' AND origin = '" + origin.name()
                + "' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?) ORDER BY state, origin, "
                + "next_attempt_at, id" + dialect.limit(max) + (forUpdate ? " FOR UPDATE SKIP LOCKED" : "");
    }

    /** Server-side conversions first: a lead is never queued behind browser events that are due too. */
    private static final Origin[] CLAIM_ORDER = {Origin.SERVER, Origin.BROWSER};
    /** The stored states of pending rows: 360's (as earlier versions store them) and other platforms'. */
    private static final String[] PENDING = {"PENDING", Rows.QUEUED};

    /** A due row: its id and due time (to merge the states' rows by), and the entry or why it cannot be read. */
    private static final class Due implements Comparable<Due> {
        final long id;
        final long dueAt;
        final OutboxEntry entry;
        final String problem;

        Due(long id, long dueAt, OutboxEntry entry, String problem) {
            this.id = id;
            this.dueAt = dueAt;
            this.entry = entry;
            this.problem = problem;
        }

        @Override
        public int compareTo(Due o) {
            int byDue = Long.compare(dueAt, o.dueAt);
            return byDue != 0 ? byDue : Long.compare(id, o.id);
        }
    }

    /** The first {@code wanted} due rows of {@code origin}, whatever their platform, oldest due first. */
    private List<Due> due(Connection c, Origin origin, int wanted, Instant now, boolean locking, String token)
            throws SQLException {
        List<Due> due = new ArrayList<>();
        for (String state : PENDING) {
            String columns = locking ? Rows.COLUMNS : "id, next_attempt_at";
            try (PreparedStatement ps = db.prepare(c, dueSql(columns, origin, state, wanted, locking))) {
                ps.setLong(1, now.toEpochMilli());
                ps.setLong(2, now.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong("id");
                        long dueAt = rs.getLong("next_attempt_at");
                        if (!locking) {
                            due.add(new Due(id, dueAt, null, null));
                            continue;
                        }
                        try {
                            due.add(new Due(id, dueAt, Rows.entry(rs, token), null));
                        } catch (IllegalArgumentException | NullPointerException e) {
                            due.add(new Due(id, dueAt, null, String.valueOf(e.getMessage())));
                        }
                    }
                }
            }
        }
        Collections.sort(due);
        return due.size() > wanted ? new ArrayList<>(due.subList(0, wanted)) : due;
    }

    private List<OutboxEntry> claimSkippingLocked(int max, Instant now, Duration lease) {
        long leaseUntil = now.plus(lease).toEpochMilli();
        String token = token(leaseUntil);
        return db.transaction("claim", c -> {
            List<OutboxEntry> due = new ArrayList<>();
            List<Long> unreadable = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (Origin origin : CLAIM_ORDER) {
                int wanted = max - due.size() - unreadable.size();
                if (wanted <= 0) {
                    break;
                }
                for (Due d : due(c, origin, wanted, now, true, token)) {
                    if (d.entry != null) {
                        due.add(d.entry);
                    } else {
                        unreadable.add(d.id);
                        problems.add(d.problem);
                    }
                }
            }
            if (!due.isEmpty()) {
                try (PreparedStatement ps = db.prepare(c, "UPDATE " + table + " SET claim = ?, lease_until = ? "
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

    private List<OutboxEntry> claimByConditionalUpdate(int max, Instant now, Duration lease) {
        long leaseUntil = now.plus(lease).toEpochMilli();
        return db.autoCommit("claim", c -> {
            List<Long> candidates = new ArrayList<>();
            int wanted = Math.min(max * CANDIDATES_PER_ENTRY, max + EXTRA_CANDIDATES);
            for (Origin origin : CLAIM_ORDER) {
                if (candidates.size() >= wanted) {
                    break;
                }
                for (Due d : due(c, origin, wanted - candidates.size(), now, false, null)) {
                    candidates.add(d.id);
                }
            }
            List<OutboxEntry> claimed = new ArrayList<>();
            List<Long> unreadable = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (long id : candidates) {
                if (claimed.size() + unreadable.size() >= max) {
                    break;
                }
                String token = token(leaseUntil);
                int n;
                try (PreparedStatement ps = db.prepare(c, "UPDATE " + table + " SET claim = ?, lease_until = ? "
                        + "WHERE id = ? AND state IN (" + Rows.PENDING_STATES + ") AND next_attempt_at <= ? "
                        + "AND (lease_until IS NULL OR lease_until <= ?)")) {
                    ps.setString(1, token);
                    ps.setLong(2, leaseUntil);
                    ps.setLong(3, id);
                    ps.setLong(4, now.toEpochMilli());
                    ps.setLong(5, now.toEpochMilli());
                    n = ps.executeUpdate();
                }
                if (n == 1) {
                    try (PreparedStatement ps = db.prepare(c, "SELECT " + Rows.COLUMNS + " FROM " + table
                            + " WHERE id = ? AND claim = ?")) {
                        ps.setLong(1, id);
                        ps.setString(2, token);
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next()) {
                                try {
                                    claimed.add(Rows.entry(rs, token));
                                } catch (IllegalArgumentException | NullPointerException e) {
                                    unreadable.add(id);
                                    problems.add(String.valueOf(e.getMessage()));
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

    /** A row that cannot be read (edited by hand?) is dead-lettered instead of blocking the rest. */
    private void deadLetterUnreadable(Connection c, List<Long> ids, List<String> problems, Instant now)
            throws SQLException {
        for (int i = 0; i < ids.size(); i++) {
            long id = ids.get(i);
            String why = "the stored row cannot be read: " + problems.get(i);
            LOG.log(Level.SEVERE, () -> "qhtrack: outbox row " + id + " is dead-lettered: " + why);
            try (PreparedStatement ps = db.prepare(c, "UPDATE " + table + " SET state = 'DEAD', last_error = ?, "
                    + "next_attempt_at = ?, claim = NULL, lease_until = NULL WHERE id = ?")) {
                ps.setString(1, Rows.truncate(why));
                ps.setLong(2, now.toEpochMilli());
                ps.setLong(3, id);
                ps.executeUpdate();
            }
        }
    }
}
