package io.qhtrack.core.jdbc;

import io.qhtrack.core.ConfigurationException;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The SQL flavours {@link JdbcOutbox} speaks; normally detected from the connection's metadata, or set with
 * {@link JdbcOutbox.Builder#dialect(Dialect)} ({@code qhtrack.outbox.dialect}) to use one of them on a compatible
 * database. Each has its schema script, {@link #schemaResource()}.
 */
public enum Dialect {
    /** PostgreSQL 9.5 or newer. */
    POSTGRESQL("postgresql"),
    /** MySQL 8 or MariaDB (10.6+ for {@code SKIP LOCKED}; older versions claim by conditional update). */
    MYSQL("mysql"),
    /** H2 2.x (claims by conditional update). */
    H2("h2");

    /** SQLState of a unique-key violation (PostgreSQL, H2, and the standard). */
    private static final String UNIQUE_VIOLATION_STATE = "23505";
    /** MySQL's and MariaDB's error code for a duplicate key ({@code ER_DUP_ENTRY}). */
    private static final int MYSQL_DUPLICATE_KEY = 1062;

    private final String schemaName;

    Dialect(String schemaName) {
        this.schemaName = schemaName;
    }

    /**
     * The classpath resource with this dialect's schema, e.g. {@code /io/qhtrack/core/jdbc/schema/h2.sql}; its
     * {@code ${table}} stands for the table name.
     */
    public String schemaResource() {
        return "/io/qhtrack/core/jdbc/schema/" + schemaName + ".sql";
    }

    /**
     * The classpath resource with this dialect's migration of a table of a version before the platform seam (360
     * only) to one that holds every platform's conversions, e.g.
     * {@code /io/qhtrack/core/jdbc/migration/v2-platforms/h2.sql}; its {@code ${table}} stands for the table name. The
     * outbox runs it at start-up when {@code qhtrack.outbox.create-schema} is on; Flyway and Liquibase users run it
     * themselves.
     */
    public String platformsMigrationResource() {
        return "/io/qhtrack/core/jdbc/migration/v2-platforms/" + schemaName + ".sql";
    }

    /** The clause that limits a query to its first {@code n} rows. */
    String limit(int n) {
        return this == H2 ? " FETCH FIRST " + n + " ROWS ONLY" : " LIMIT " + n;
    }

    /** The outbox table's unique key: one conversion per platform, tenant, line, click, event, key and window. */
    static final String KEY_COLUMNS = "platform, tenant, line, click_id, event, trans_id, deadline";
    /** The per-click lock table's key. */
    static final String CLICK_KEY_COLUMNS = "platform, tenant, line, click_id, event, deadline";

    /**
     * An insert of {@code rows} rows into {@code table} that skips a row whose unique key ({@link #KEY_COLUMNS}) is
     * taken instead of failing: PostgreSQL {@code ON CONFLICT DO NOTHING}, MySQL {@code ON DUPLICATE KEY UPDATE id = id}
     * (not {@code INSERT IGNORE}, which would also turn a refused value into a warning and store it cut), H2
     * {@code MERGE … WHEN NOT MATCHED THEN INSERT}. Never a caught unique-key violation: on PostgreSQL one aborts the
     * whole transaction, which may be the application's.
     *
     * @param columns the columns, comma-separated
     * @param row one row's values, in parentheses: {@code ?} for parameters, literals allowed
     */
    String insertIfAbsent(String table, String columns, String row, int rows) {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            values.append(i == 0 ? "" : ", ").append(row);
        }
        switch (this) {
            case POSTGRESQL:
                return "INSERT INTO " + table + " (" + columns + ") VALUES " + values + " ON CONFLICT (" + KEY_COLUMNS
                        + ") DO NOTHING";
            case MYSQL:
                return "INSERT INTO " + table + " (" + columns + ") VALUES " + values
                        + " ON DUPLICATE KEY UPDATE id = id";
            default:
                StringBuilder on = new StringBuilder();
                for (String k : KEY_COLUMNS.split(", ")) {
                    on.append(on.length() == 0 ? "" : " AND ").append("t.").append(k).append(" = v.").append(k);
                }
                StringBuilder inserted = new StringBuilder();
                for (String column : columns.split(",")) {
                    inserted.append(inserted.length() == 0 ? "" : ", ").append("v.").append(column.trim());
                }
                return "MERGE INTO " + table + " t USING (VALUES " + values + ") AS v(" + columns + ") ON " + on
                        + " WHEN NOT MATCHED THEN INSERT (" + columns + ") VALUES (" + inserted + ")";
        }
    }

    /**
     * The statement that creates the rows of {@code rows} clicks in the per-click limit's lock table ({@code clicks})
     * when they are absent, and in any case locks them, in their order, until the transaction ends; its parameters
     * are platform, tenant, line, click id, event, deadline and origin of each click in turn (the clicks distinct). A row keeps the
     * origin {@code SERVER} once a server-side conversion used it ({@code 'SERVER' > 'BROWSER'}): a click the browser
     * created counts towards the browser's share only until the application reports for it.
     */
    String lockClicksSql(String clicks, int rows) {
        String columns = "(" + CLICK_KEY_COLUMNS + ", origin)";
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            values.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?)");
        }
        switch (this) {
            case POSTGRESQL:
                return "INSERT INTO " + clicks + " AS k " + columns + " VALUES " + values + " ON CONFLICT ("
                        + CLICK_KEY_COLUMNS + ") DO UPDATE SET origin = GREATEST(k.origin, EXCLUDED.origin)";
            case MYSQL:
                return "INSERT INTO " + clicks + " " + columns + " VALUES " + values + " ON DUPLICATE KEY UPDATE "
                        + "origin = GREATEST(origin, VALUES(origin))";
            default:
                StringBuilder on = new StringBuilder();
                StringBuilder inserted = new StringBuilder();
                for (String k : CLICK_KEY_COLUMNS.split(", ")) {
                    on.append(on.length() == 0 ? "" : " AND ").append("k.").append(k).append(" = v.").append(k);
                    inserted.append("v.").append(k).append(", ");
                }
                return "MERGE INTO " + clicks + " k USING (VALUES " + values + ") AS v" + columns + " ON " + on
                        + " WHEN MATCHED THEN UPDATE SET origin = GREATEST(k.origin, v.origin) WHEN NOT MATCHED THEN "
                        + "INSERT " + columns + " VALUES (" + inserted + "v.origin)";
        }
    }

    /**
     * A {@code DELETE} of at most {@code n} rows of {@code table} that match {@code where}: PostgreSQL has no
     * {@code DELETE … LIMIT}, so it deletes the rows whose {@code ctid} a limited query found; MySQL
     * {@code DELETE … LIMIT}; H2 {@code DELETE … FETCH FIRST}.
     */
    String deleteSome(String table, String where, int n) {
        switch (this) {
            case POSTGRESQL:
                return "DELETE FROM " + table + " WHERE ctid = ANY (ARRAY(SELECT ctid FROM " + table + " WHERE " + where
                        + " LIMIT " + n + "))";
            case MYSQL:
                return "DELETE FROM " + table + " WHERE " + where + " LIMIT " + n;
            default:
                return "DELETE FROM " + table + " WHERE " + where + " FETCH FIRST " + n + " ROWS ONLY";
        }
    }

    /** Whether many clicks are read with an array of their ids (PostgreSQL; MySQL takes an {@code IN} list). */
    boolean readsClickIdsAsArray() {
        return this == POSTGRESQL;
    }

    /** Whether an {@code INSERT} can say which of its rows it inserted ({@code RETURNING}; PostgreSQL). */
    boolean returnsInsertedKeys() {
        return this == POSTGRESQL;
    }

    /**
     * Whether one query may read the rows of many clicks ({@code platform = ? AND tenant = ? AND line = ? AND
     * click_id IN (…)}): PostgreSQL and MySQL
     * use both columns of the unique key's index for it; H2 only the first, so it is asked click by click
     * (in-process, at no round-trip's cost).
     */
    boolean readsManyClicksAtOnce() {
        return this != H2;
    }

    /** Whether the failure (or one chained to it) is a unique-key violation, in any of the dialects. */
    static boolean isUniqueViolation(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (UNIQUE_VIOLATION_STATE.equals(x.getSQLState()) || x.getErrorCode() == MYSQL_DUPLICATE_KEY) {
                return true;
            }
        }
        return false;
    }

    /** The dialect of the database, from its product name. */
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

    /** Whether due rows are best claimed with {@code SELECT … FOR UPDATE SKIP LOCKED} on this database's version. */
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
