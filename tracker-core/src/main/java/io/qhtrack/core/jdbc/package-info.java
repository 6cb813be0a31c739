/**
 * The durable {@link io.qhtrack.core.Outbox}: {@link io.qhtrack.core.jdbc.JdbcOutbox}, one table in the
 * application's own database, shared by every node of a cluster. Configure it with
 * {@link io.qhtrack.core.jdbc.JdbcOutbox#builder()} or with the {@code qhtrack.outbox.*} settings
 * ({@link io.qhtrack.core.jdbc.JdbcOutbox#fromSettings}, which {@code qhtrack.outbox=jdbc} uses).
 *
 * <h2>The table</h2>
 * One row per accepted conversion ({@code qhtrack.outbox.table}, default {@code qhtrack_outbox}):
 * <ul>
 *   <li>{@code id}: generated key; it is the entry id the CLI and {@code replay} use;</li>
 *   <li>{@code line}, {@code click_id}, {@code event}, {@code trans_id} and {@code deadline} (the end of the
 *       conversion's natural day): the unique key, so the same conversion is stored once a day whichever node
 *       reports it ({@code ''} stands for an absent {@code trans_id});</li>
 *   <li>{@code upload}: the unsigned upload as JSON, never a secret; the signature and {@code request_time} are made at
 *       each send;</li>
 *   <li>{@code state} ({@code PENDING}, {@code DELIVERED}, {@code DEAD}, {@code EXPIRED}), {@code attempts},
 *       {@code next_attempt_at} (when a pending row is due; when a settled one was settled), {@code last_error};</li>
 *   <li>{@code accepted_at}; {@code claim} and {@code lease_until}: who is working on the row, and until when.</li>
 * </ul>
 * An index on ({@code state}, {@code next_attempt_at}, {@code id}) serves the claims and the counts. Times are epoch
 * milliseconds taken from the tracker's clock, never from the database's. Delivered rows are deleted after the
 * retention period ({@code qhtrack.outbox.retention}, default 7 days).
 *
 * <h2>Dialects</h2>
 * {@link io.qhtrack.core.jdbc.Dialect}: PostgreSQL 9.5+, MySQL 8 / MariaDB (InnoDB) and H2 2.x, detected from the
 * connection (or set with {@code qhtrack.outbox.dialect}). They differ in their schema script, in how a query is
 * limited, in how a duplicate key is reported, and in whether {@code SKIP LOCKED} is used for claims.
 *
 * <h2>Claims and leases</h2>
 * A dispatcher claims due rows for a lease (a token and {@code lease_until} written to the row), sends them outside
 * any lock or transaction, and settles each under its claim ({@code … WHERE id = ? AND claim = ?}). On PostgreSQL,
 * MySQL 8 and MariaDB 10.6+ the claim is a short {@code SELECT … FOR UPDATE SKIP LOCKED} transaction; on H2 and older
 * MySQL/MariaDB a conditional {@code UPDATE … WHERE id = ? AND (lease_until IS NULL OR lease_until <= ?)} that only
 * one claimer can win. A node that dies mid-send leaves its claims behind; they lapse at the end of their lease
 * ({@code qhtrack.outbox.lease}) and another node finishes the work, while the late node's result is refused.
 *
 * <h2>Creating the schema</h2>
 * By default ({@code qhtrack.outbox.create-schema=true}) the outbox runs its dialect's script at start-up; the
 * scripts only create what is absent. They ship in the jar as {@code /io/qhtrack/core/jdbc/schema/postgresql.sql},
 * {@code mysql.sql} and {@code h2.sql} ({@link io.qhtrack.core.jdbc.Dialect#schemaResource()}). Applications that
 * manage their schema with Flyway or Liquibase can run the script as a migration instead, with {@code ${table}}
 * replaced by the table name (by hand, or as a placeholder: Flyway's {@code flyway.placeholders.table}), and set
 * {@code qhtrack.outbox.create-schema=false}; the outbox then only checks that the table has its columns.
 *
 * <h2>Secrets</h2>
 * A password, given apart or inside the JDBC URL, is used only to connect: it never appears in a message, a log, a
 * {@code toString()} or the causes of an exception.
 */
package io.qhtrack.core.jdbc;
