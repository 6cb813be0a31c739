package io.qhtrack.core.jdbc;

import io.qhtrack.core.Origin;
import io.qhtrack.core.OutboxEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * <p>A row whose stored upload cannot be read is dead-lettered on the way, so it never blocks the rows behind it.
 */
final class Claims {

    private static final Logger LOG = Logger.getLogger(JdbcOutbox.class.getName());
    /** Extra candidates the conditional update reads, at most: another claimer may take some of them first. */
    private static final int EXTRA_CANDIDATES = 64;
    /** Candidates the conditional update reads, at most, per entry wanted. */
    private static final int CANDIDATES_PER_ENTRY = 4;

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
        return skipLocked ? claimSkippingLocked(max, now, lease) : claimByConditionalUpdate(max, now, lease);
    }

    /**
     * Due rows of one origin, oldest first. {@code state} and {@code origin} lead the ORDER BY (they are constant
     * here) so that the order is exactly the claim index's ({@code state, origin, next_attempt_at, id}) and the
     * database reads the first rows of the index instead of sorting every due row (H2 needs it).
     */
    private String dueSql(Origin origin, int max, boolean forUpdate) {
        return "SELECT " + Rows.COLUMNS + " FROM " + table + " WHERE state = 'PENDING' AND origin = '" + origin.name()
                + "' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?) ORDER BY state, origin, "
                + "next_attempt_at, id" + dialect.limit(max) + (forUpdate ? " FOR UPDATE SKIP LOCKED" : "");
    }

    /** Server-side conversions first: a lead is never queued behind browser events that are due too. */
    private static final Origin[] CLAIM_ORDER = {Origin.SERVER, Origin.BROWSER};

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
                try (PreparedStatement ps = db.prepare(c, dueSql(origin, wanted, true))) {
                    ps.setLong(1, now.toEpochMilli());
                    ps.setLong(2, now.toEpochMilli());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            try {
                                due.add(Rows.entry(rs, token));
                            } catch (IllegalArgumentException e) {
                                unreadable.add(rs.getLong("id"));
                                problems.add(e.getMessage());
                            }
                        }
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
                try (PreparedStatement ps = db.prepare(c, dueSql(origin, wanted - candidates.size(), false))) {
                    ps.setLong(1, now.toEpochMilli());
                    ps.setLong(2, now.toEpochMilli());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            candidates.add(rs.getLong("id"));
                        }
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
                String token = token(leaseUntil);
                int n;
                try (PreparedStatement ps = db.prepare(c, "UPDATE " + table + " SET claim = ?, lease_until = ? "
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
                    try (PreparedStatement ps = db.prepare(c, "SELECT " + Rows.COLUMNS + " FROM " + table
                            + " WHERE id = ? AND claim = ?")) {
                        ps.setLong(1, id);
                        ps.setString(2, token);
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next()) {
                                try {
                                    claimed.add(Rows.entry(rs, token));
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
