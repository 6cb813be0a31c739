package io.qhtrack.core.jdbc;

import io.qhtrack.core.internal.Text;
import io.qhtrack.core.ConfigurationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The outbox table: created at start-up from the dialect's shipped script ({@link Dialect#schemaResource()}, with
 * {@code ${table}} replaced) when asked, and checked for qhtrack's columns in any case.
 */
final class Schema {

    private static final Logger LOG = Logger.getLogger(JdbcOutbox.class.getName());
    private static final String TABLE_PLACEHOLDER = "${table}";
    private static final int READ_BUFFER = 4096;

    private Schema() {
    }

    /**
     * Runs the dialect's script, statement by statement, with auto-commit on. The scripts only create what is
     * absent; a statement that fails (another node may be creating the same table right now) is logged and the
     * {@linkplain #check table check} decides.
     */
    static void create(Connection c, Dialect dialect, String table, int timeoutSeconds) throws SQLException {
        String script = script(dialect, table);
        boolean wasAuto = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            st.setQueryTimeout(timeoutSeconds);
            for (String sql : statements(script)) {
                try {
                    st.execute(sql);
                } catch (SQLException e) {
                    LOG.log(Level.FINE, () -> "qhtrack: creating the outbox schema: " + Redaction.redact(e.getMessage()));
                }
            }
        } finally {
            c.setAutoCommit(wasAuto);
        }
    }

    /** The dialect's schema script with {@code ${table}} replaced. */
    static String script(Dialect dialect, String table) {
        return resource(dialect.schemaResource(), table);
    }

    /** A shipped script with {@code ${table}} replaced. */
    static String resource(String name, String table) {
        try (InputStream in = Schema.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] buffer = new byte[READ_BUFFER];
            for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                bytes.write(buffer, 0, n);
            }
            return new String(bytes.toByteArray(), StandardCharsets.UTF_8).replace(TABLE_PLACEHOLDER, table);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The statements of a script: comment lines dropped, split at {@code ;}. */
    static List<String> statements(String script) {
        StringBuilder sql = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!Text.strip(line).startsWith("--")) {
                sql.append(line).append('\n');
            }
        }
        List<String> result = new ArrayList<>();
        for (String s : sql.toString().split(";")) {
            String statement = Text.strip(s);
            if (!statement.isEmpty()) {
                result.add(statement);
            }
        }
        return result;
    }


    /**
     * Brings a table made by an earlier version up to date, when {@code qhtrack.outbox.create-schema} allows it: adds
     * the {@code origin} column to the outbox table and its per-click lock table (existing rows read as
     * {@code SERVER}) with the indexes that use it, then the platform seam's columns and keys
     * ({@link Dialect#platformsMigrationResource()}: existing rows are 360's, for the default tenant). Each table's
     * statements run only when its column is missing; when another node upgrades the same table at the same moment,
     * its work counts.
     */
    static void upgrade(Connection c, Dialect dialect, String table, int timeoutSeconds) throws SQLException {
        upgradeOrigin(c, dialect, table, timeoutSeconds);
        upgradeToPlatforms(c, dialect, table, timeoutSeconds);
    }

    /** The statements of the platforms migration for {@code t}, the outbox table or its per-click lock table. */
    static List<String> platformsMigration(Dialect dialect, String table, String t) {
        List<String> mine = new ArrayList<>();
        String clicks = "ALTER TABLE " + Adds.clicksTable(table) + " ";
        for (String sql : statements(resource(dialect.platformsMigrationResource(), table))) {
            if (sql.startsWith(clicks) == !t.equals(table)) {
                mine.add(sql);
            }
        }
        return mine;
    }

    private static void upgradeToPlatforms(Connection c, Dialect dialect, String table, int timeoutSeconds)
            throws SQLException {
        for (String t : new String[] {table, Adds.clicksTable(table)}) {
            if (hasColumn(c, t, "platform", timeoutSeconds)) {
                continue;
            }
            boolean wasAuto = c.getAutoCommit();
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                st.setQueryTimeout(timeoutSeconds);
                for (String sql : platformsMigration(dialect, table, t)) {
                    st.execute(sql);
                }
            } catch (SQLException e) {
                if (!hasColumn(c, t, "platform", timeoutSeconds)) {
                    throw e;
                }
                LOG.log(Level.FINE, () -> "qhtrack: the outbox table " + t + " was upgraded meanwhile by another node: "
                        + Redaction.redact(e.getMessage()));
                continue;
            } finally {
                c.setAutoCommit(wasAuto);
            }
            LOG.log(Level.INFO, () -> "qhtrack: the outbox table " + t + " holds every platform's conversions now "
                    + "(new columns platform and tenant; its rows are 360's, for the default tenant)");
        }
    }

    private static void upgradeOrigin(Connection c, Dialect dialect, String table, int timeoutSeconds)
            throws SQLException {
        for (String t : new String[] {table, Adds.clicksTable(table)}) {
            if (hasOrigin(c, t, timeoutSeconds)) {
                continue;
            }
            boolean wasAuto = c.getAutoCommit();
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                st.setQueryTimeout(timeoutSeconds);
                for (String sql : addOrigin(dialect, table, t)) {
                    st.execute(sql);
                }
            } finally {
                c.setAutoCommit(wasAuto);
            }
            LOG.log(Level.INFO, () -> "qhtrack: the outbox table " + t + " has a new column, origin (its rows are "
                    + "SERVER)" + (t.equals(table) ? "; its index " + table + "_due is no longer used and may be "
                    + "dropped" : ""));
        }
    }

    private static boolean hasOrigin(Connection c, String table, int timeoutSeconds) {
        return hasColumn(c, table, "origin", timeoutSeconds);
    }

    private static boolean hasColumn(Connection c, String table, String column, int timeoutSeconds) {
        try (Statement st = c.createStatement()) {
            st.setQueryTimeout(timeoutSeconds);
            st.executeQuery("SELECT " + column + " FROM " + table + " WHERE 1 = 0").close();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** The statements that add the {@code origin} column (and its index) to {@code t}, the outbox or its clicks. */
    static List<String> addOrigin(Dialect dialect, String table, String t) {
        boolean clicks = !t.equals(table);
        String index = clicks ? t + "_origin" : table + "_claim";
        String indexed = clicks ? "(origin, deadline)" : "(state, origin, next_attempt_at, id)";
        List<String> sql = new ArrayList<>();
        switch (dialect) {
            case MYSQL:
                sql.add("ALTER TABLE " + t + " ADD COLUMN origin VARCHAR(8) NOT NULL DEFAULT 'SERVER', ADD INDEX "
                        + index + " " + indexed);
                break;
            case H2:
                sql.add("ALTER TABLE " + t + " ADD COLUMN origin VARCHAR(8) DEFAULT 'SERVER' NOT NULL");
                sql.add("CREATE INDEX IF NOT EXISTS " + index + " ON " + t + " " + indexed);
                break;
            default:
                sql.add("ALTER TABLE " + t + " ADD COLUMN origin VARCHAR(8) NOT NULL DEFAULT 'SERVER'");
                sql.add("CREATE INDEX IF NOT EXISTS " + index + " ON " + t + " " + indexed);
        }
        return sql;
    }

    /**
     * Checks that the table and its per-click lock table ({@code <table>_clicks}) exist with every column the outbox
     * uses.
     *
     * @throws ConfigurationException naming {@code qhtrack.outbox.table} when they do not (the driver's words
     *     {@linkplain Redaction redacted}: some quote the URL); when only the {@code origin} column is missing (a table
     *     of an earlier version, with {@code qhtrack.outbox.create-schema=false}), naming it and the statements to run
     */
    static void check(Connection c, Dialect dialect, String table, int timeoutSeconds) {
        String clicks = Adds.clicksTable(table);
        String checking = table;
        try (Statement st = c.createStatement()) {
            st.setQueryTimeout(timeoutSeconds);
            st.executeQuery("SELECT id, line, click_id, event, trans_id, upload, state, accepted_at, deadline, "
                    + "attempts, next_attempt_at, last_error, claim, lease_until FROM " + table + " WHERE 1 = 0").close();
            checking = clicks;
            st.executeQuery("SELECT line, click_id, event, deadline FROM " + clicks + " WHERE 1 = 0").close();
        } catch (SQLException e) {
            throw new ConfigurationException("qhtrack.outbox.table", "table " + checking + " is missing or lacks "
                    + "qhtrack's columns (" + Redaction.redact(e.getMessage()) + "); create it with "
                    + dialect.schemaResource() + " or set qhtrack.outbox.create-schema=true");
        }
        List<String> missing = new ArrayList<>();
        for (String t : new String[] {table, clicks}) {
            if (!hasOrigin(c, t, timeoutSeconds)) {
                missing.addAll(addOrigin(dialect, table, t));
            }
        }
        if (!missing.isEmpty()) {
            throw new ConfigurationException("qhtrack.outbox.table", "the outbox tables of an earlier version lack the "
                    + "column origin (SERVER or BROWSER); add it with: " + String.join("; ", missing) + "; or set "
                    + "qhtrack.outbox.create-schema=true to have it added at start-up");
        }
        for (String t : new String[] {table, clicks}) {
            if (!hasColumn(c, t, "platform", timeoutSeconds) || t.equals(table)
                    && (!hasColumn(c, t, "tenant", timeoutSeconds) || !hasColumn(c, t, "event_time", timeoutSeconds))) {
                missing.addAll(platformsMigration(dialect, table, t));
            }
        }
        if (!missing.isEmpty()) {
            throw new ConfigurationException("qhtrack.outbox.table", "the outbox tables of an earlier version hold 360's "
                    + "conversions only: they lack the columns platform and tenant; migrate them with "
                    + dialect.platformsMigrationResource() + " (" + String.join("; ", missing) + "), or set "
                    + "qhtrack.outbox.create-schema=true to have it done at start-up");
        }
    }
}
