package io.qhtrack.core.jdbc;

import io.qhtrack.core.Origin;
import io.qhtrack.core.OutboxState;
import io.qhtrack.core.spi.OutboxEntry;
import io.qhtrack.core.spi.PlatformUpload;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How a row of the outbox table is read into an {@link OutboxEntry}, and how values are written to it.
 *
 * <p><b>States as stored.</b> Versions before the platform seam know one platform, 360, and claim rows in state
 * {@code PENDING}, reading their {@code upload} as 360's JSON. So that such a node, during a rolling upgrade, never
 * claims a row it cannot send, a pending row of another platform is stored as {@value #QUEUED} (which earlier versions
 * never claim), and a parked row as {@code PARKED}; both read back as {@link OutboxState#PENDING} and
 * {@link OutboxState#PARKED}. 360's pending rows stay {@code PENDING}, sendable by either version.
 */
final class Rows {

    private static final Logger LOG = Logger.getLogger(JdbcOutbox.class.getName());

    /** The platform every row of an earlier version belongs to (the columns' default). */
    static final String EARLIER_PLATFORM = "qihoo360";
    /** The tenant every row of an earlier version belongs to. */
    static final String EARLIER_TENANT = "default";
    /** How a pending row of a platform other than {@value #EARLIER_PLATFORM} is stored. */
    static final String QUEUED = "QUEUED";
    /** The stored states that read as {@link OutboxState#PENDING}, for {@code IN (…)}. */
    static final String PENDING_STATES = "'PENDING', '" + QUEUED + "'";

    /** The columns {@link #entry} reads. */
    static final String COLUMNS = "id, platform, tenant, line, click_id, event, trans_id, event_time, upload, origin, "
            + "accepted_at, deadline, state, attempts, next_attempt_at, last_error, claim";

    private Rows() {
    }

    /**
     * The entry in the current row, under {@code claim}.
     *
     * @throws IllegalArgumentException when the row's values or state cannot be read (edited by hand?)
     */
    static OutboxEntry entry(ResultSet rs, String claim) throws SQLException {
        String id = Long.toString(rs.getLong("id"));
        long accepted = rs.getLong("accepted_at");
        long eventTime = rs.getLong("event_time");
        boolean noEventTime = rs.wasNull();
        String upload = rs.getString("upload");
        if (upload == null) {
            throw new IllegalArgumentException("the stored upload is empty");
        }
        DeadLetterRows.Restored kept = DeadLetterRows.read(upload, rs.getString("click_id"), rs.getString("trans_id"));
        PlatformUpload u = PlatformUpload.builder(rs.getString("platform"), kept.clickId)
                .tenant(rs.getString("tenant")).line(rs.getString("line")).event(rs.getString("event"))
                .conversionKey(emptyAsNone(kept.conversionKey))
                // a row of an earlier version has no event time of its own: its upload holds it
                .eventTime(Instant.ofEpochMilli(noEventTime ? accepted : eventTime))
                .origin(Origin.BROWSER.name().equals(rs.getString("origin")) ? Origin.BROWSER : Origin.SERVER)
                .payload(kept.payload).build();
        OutboxState state = state(rs.getString("state")).orElseThrow(
                () -> new IllegalArgumentException("unknown state"));
        return new OutboxEntry(id, u, Instant.ofEpochMilli(accepted), Instant.ofEpochMilli(rs.getLong("deadline")),
                state, rs.getInt("attempts"), Instant.ofEpochMilli(rs.getLong("next_attempt_at")),
                rs.getString("last_error"), claim);
    }

    private static String emptyAsNone(String key) {
        return key == null || key.isEmpty() ? null : key;
    }

    /** The entry in the current row under its stored claim, or empty (with a warning) when it cannot be read. */
    static Optional<OutboxEntry> readable(ResultSet rs) throws SQLException {
        try {
            return Optional.of(entry(rs, rs.getString("claim")));
        } catch (IllegalArgumentException | NullPointerException e) {
            long id = rs.getLong("id");
            LOG.log(Level.WARNING, () -> "qhtrack: outbox row " + id + " is skipped: it cannot be read: "
                    + e.getMessage());
            return Optional.empty();
        }
    }

    /** The state stored as {@code name}, or empty when it is none ({@value #QUEUED} reads as pending). */
    static Optional<OutboxState> state(String name) {
        if (QUEUED.equals(name)) {
            return Optional.of(OutboxState.PENDING);
        }
        try {
            return Optional.of(OutboxState.valueOf(name.trim()));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /** How {@code state} is stored for a row of {@code platform}. */
    static String stored(OutboxState state, String platform) {
        return state == OutboxState.PENDING && !EARLIER_PLATFORM.equals(platform) ? QUEUED : state.name();
    }

    /** SQL for the stored pending state of the row's own platform, in an {@code UPDATE … SET state = }. */
    static final String PENDING_FOR_PLATFORM = "CASE WHEN platform = '" + EARLIER_PLATFORM + "' THEN 'PENDING' ELSE '"
            + QUEUED + "' END";

    /** The row id an entry id stands for, or {@code null} when it is not one (never an SQL fragment). */
    static Long parseId(String id) {
        if (id == null || !id.matches("[0-9]{1,18}")) {
            return null;
        }
        return Long.parseLong(id);
    }

    /**
     * An error message cut to the {@code last_error} column's {@value JdbcOutbox#MAX_ERROR_LENGTH} characters, with
     * NUL characters (which PostgreSQL's text refuses) replaced.
     */
    static String truncate(String s) {
        String storable = s.replace('\u0000', '\ufffd');
        if (storable.length() <= JdbcOutbox.MAX_ERROR_LENGTH) {
            return storable;
        }
        int end = JdbcOutbox.MAX_ERROR_LENGTH - 1;
        if (Character.isHighSurrogate(storable.charAt(end - 1))) {
            end--;
        }
        return storable.substring(0, end) + "…";
    }
}
