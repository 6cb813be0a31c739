package io.qhtrack.core.jdbc;

import io.qhtrack.core.Origin;
import io.qhtrack.core.OutboxEntry;
import io.qhtrack.core.OutboxState;
import io.qhtrack.core.Upload;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/** How a row of the outbox table is read into an {@link OutboxEntry}, and how values are written to it. */
final class Rows {

    private static final Logger LOG = Logger.getLogger(JdbcOutbox.class.getName());

    /** The columns {@link #entry} reads. */
    static final String COLUMNS = "id, upload, origin, accepted_at, deadline, state, attempts, next_attempt_at, "
            + "last_error, claim";

    private Rows() {
    }

    /**
     * The entry in the current row, under {@code claim}.
     *
     * @throws IllegalArgumentException when the stored upload or state cannot be read (edited by hand?)
     */
    static OutboxEntry entry(ResultSet rs, String claim) throws SQLException {
        String id = Long.toString(rs.getLong("id"));
        Upload upload = Upload.fromStorageJson(rs.getString("upload"));
        OutboxState state = state(rs.getString("state")).orElseThrow(
                () -> new IllegalArgumentException("unknown state"));
        Origin origin = Origin.BROWSER.name().equals(rs.getString("origin")) ? Origin.BROWSER : Origin.SERVER;
        return new OutboxEntry(id, upload, origin, Instant.ofEpochMilli(rs.getLong("accepted_at")),
                Instant.ofEpochMilli(rs.getLong("deadline")), state, rs.getInt("attempts"),
                Instant.ofEpochMilli(rs.getLong("next_attempt_at")), rs.getString("last_error"), claim);
    }

    /** The entry in the current row under its stored claim, or empty (with a warning) when it cannot be read. */
    static Optional<OutboxEntry> readable(ResultSet rs) throws SQLException {
        try {
            return Optional.of(entry(rs, rs.getString("claim")));
        } catch (IllegalArgumentException e) {
            long id = rs.getLong("id");
            LOG.log(Level.WARNING, () -> "qhtrack: outbox row " + id + " is skipped: its stored upload cannot be read: "
                    + e.getMessage());
            return Optional.empty();
        }
    }

    /** The state stored as {@code name}, or empty when it is none. */
    static Optional<OutboxState> state(String name) {
        try {
            return Optional.of(OutboxState.valueOf(name.trim()));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

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
