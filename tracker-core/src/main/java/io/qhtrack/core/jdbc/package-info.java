/**
 * The durable {@link io.qhtrack.core.spi.Outbox}: {@link io.qhtrack.core.jdbc.JdbcOutbox}, one table in the
 * application's own database, shared by every node of a cluster. Configure it with
 * {@link io.qhtrack.core.jdbc.JdbcOutbox#builder()} or with the {@code qhtrack.outbox.*} settings
 * ({@link io.qhtrack.core.jdbc.JdbcOutbox#fromSettings}, which {@code qhtrack.outbox=jdbc} uses).
 *
 * <h2>The tables</h2>
 * One row per accepted conversion ({@code qhtrack.outbox.table}, default {@code qhtrack_outbox}):
 * <ul>
 *   <li>{@code id}: generated key; it is the entry id the CLI and {@code replay} use;</li>
 *   <li>{@code line}, {@code click_id}, {@code event}, {@code trans_id} and {@code deadline} (the end of the
 *       conversion's natural day): the unique key, so the same conversion is stored once a day whichever node
 *       reports it ({@code ''} stands for an absent {@code trans_id});</li>
 *   <li>{@code upload}: the unsigned upload as JSON, never a secret; the signature and {@code request_time} are made at
 *       each send;</li>
 *   <li>{@code origin}: {@code SERVER} (the application's own code: a form, an order, a payment) or {@code BROWSER}
 *       (a browser event, which a script can send too);</li>
 *   <li>{@code state} ({@code PENDING}, {@code DELIVERED}, {@code DEAD}, {@code EXPIRED}), {@code attempts},
 *       {@code next_attempt_at} (when a pending row is due; when a settled one was settled), {@code last_error};</li>
 *   <li>{@code accepted_at}; {@code claim} and {@code lease_until}: who is working on the row, and until when.</li>
 * </ul>
 * An index on ({@code state}, {@code origin}, {@code next_attempt_at}, {@code id}) serves the claims and the counts.
 * Times are epoch milliseconds taken from the tracker's clock, never from the database's. Delivered rows are deleted
 * after the retention period ({@code qhtrack.outbox.retention}, default 7 days), dead and expired ones after
 * {@code qhtrack.outbox.dead-retention} (default 30 days), in batches, once a minute, by whichever node claims.
 *
 * <p>And {@code <table>_clicks}: one row per ({@code line}, {@code click_id}, {@code event}, {@code deadline}) that has
 * conversions, the per-click limit's lock (below), with the {@code origin} of the add that created it ({@code SERVER}
 * once a server-side conversion used it); rows of natural days that ended more than a day ago are deleted, in
 * batches.
 *
 * <h2>The browser's share</h2>
 * What the browser can cause holds at most {@code qhtrack.outbox.browser-share} (default 0.2) of the capacity: its
 * pending rows plus the click locks its events created, counted with the pending rows (below, "Capacity"). A browser
 * event beyond it is {@code FULL} before it locks or creates anything, and a batch of nothing but such events does not
 * even open a transaction; a server-side conversion still has the whole remaining capacity. Claims take the due
 * {@code SERVER} rows first, then the due {@code BROWSER} rows, so a lead queued behind thousands of browser events
 * is sent first.
 *
 * <h2>The per-click limit, across nodes</h2>
 * A click has at most {@code qhtrack.limit.per-click} conversions of one event per natural day, in any state. Every
 * add first creates its click's row in {@code <table>_clicks}, or locks it when it is there, in one statement that
 * cannot race (PostgreSQL {@code INSERT … ON CONFLICT DO UPDATE}, MySQL/MariaDB
 * {@code INSERT … ON DUPLICATE KEY UPDATE}, H2 {@code MERGE … KEY}); only then does it count the click's rows in the
 * outbox table, and insert. The lock is held until the transaction commits, so two nodes adding for the same click
 * take turns, and the second counts the first one's row: the limit is exact on every node sharing the database, with
 * no counter to keep right (purging or pruning rows needs no bookkeeping). The duplicate check comes first, so a
 * repeat is {@code DUPLICATE}, never {@code LIMITED}, and never uses up the limit. Clicks are locked in one order,
 * so two nodes never wait for each other.
 *
 * <h2>Group commit</h2>
 * Concurrent adds share transactions. {@link io.qhtrack.core.jdbc.JdbcOutbox#add} queues the conversion for the
 * outbox's one committer thread and waits. The committer takes everything queued (up to 256), writes it in one
 * transaction (lock the clicks, read their rows, decide each add in order, insert the added ones, many rows per
 * statement), commits, and answers each waiting add; what arrives meanwhile goes into the next transaction. So a
 * conversion is committed before its add returns {@code ADDED}, exactly as with a transaction per report, but the
 * database commits (and flushes its log) once per batch. Inside a batch the rules hold as if the adds came one after
 * the other: the same conversion twice is {@code ADDED} once and {@code DUPLICATE} once, and the limit counts what the
 * batch adds. How a failure is handled depends on what it says (below, "Failures"). On H2, which writes
 * commits to its file in the background, the committer forces them out with one {@code CHECKPOINT} per batch (unless
 * the database runs with {@code WRITE_DELAY=0}), so a killed JVM loses nothing that was answered {@code ADDED}.
 *
 * <h2>Bounded waits</h2>
 * {@code qhtrack.outbox.timeout} (default 2 s) is the longest a visitor's request waits on the database: an add
 * answers {@code HELD} when its conversion is not committed by then. The request thread itself never touches JDBC,
 * so this holds whatever the connections do, also with an application's {@code DataSource}. The database work is
 * bounded too: every statement has the timeout (rounded up to whole seconds) as its query timeout; connections the
 * outbox opens from its URL get the driver's login, connect and cancel timeouts (the same) and socket timeout (twice
 * it, so that a cancelled statement still reports its own error), unless the URL sets them: PostgreSQL's
 * {@code loginTimeout}, {@code connectTimeout}, {@code cancelSignalTimeout}, {@code socketTimeout}, MariaDB's and
 * MySQL's {@code connectTimeout}, {@code socketTimeout}. Its pool holds at most {@code qhtrack.outbox.pool-size}
 * (default 10) connections and waits at most the timeout for a free one. Connections of an application's data source
 * get {@link java.sql.Connection#setNetworkTimeout} (twice the timeout) while the outbox holds them, when they have
 * none, reset when given back. Borrowing from an application's (or a JNDI) data source is bounded by the timeout too,
 * whatever the pool's own setting (Hikari's {@code connectionTimeout} is 30 s): the borrow runs on a helper thread (at
 * most four wait at once) and the outbox stops waiting for it after the timeout, treating the database as
 * unavailable; a connection lent later goes straight back to the pool. (The pool's settings are left alone:
 * {@code DataSource.setLoginTimeout} would change them for the whole application.) {@code close()} gives the committer
 * twice the timeout to write what it holds, then aborts the connections still waiting.
 *
 * <h2>The spill</h2>
 * An add answered {@code HELD} stays with the committer, in memory: the spill, at most
 * {@code qhtrack.outbox.spill-capacity} (default 10,000) conversions; beyond, adds answer {@code FULL}. While the spill
 * holds anything, new adds join it at once instead of waiting (the database is known not to answer), and when the
 * committer learns that the database is unavailable (refused connections, read-only, full, a timeout) it answers its
 * waiting adds {@code HELD} at once. It keeps trying (backing off up to a second) and writes the spill when the database answers
 * again; a held conversion that then turns out {@code DUPLICATE} or {@code LIMITED} is logged at INFO (a held one is
 * written whatever the capacity). The spill's start is logged at WARNING, its drain at INFO,
 * {@link io.qhtrack.core.jdbc.JdbcOutbox#spilled()} says how many it holds, and the dispatcher keeps delivering what
 * the database holds meanwhile. What the spill holds is lost only if the JVM dies, or the outbox is closed, before the
 * database answers again (the latter is logged at SEVERE, naming the conversions).
 *
 * <p><b>Never written twice.</b> Only the committer writes an add, so an add whose caller stopped waiting is not
 * written again by anyone else; the committer knows the fate of each transaction it ran. The one case it cannot know
 * is a commit whose answer was lost (the connection broke during {@code COMMIT}): it then writes the batch again with
 * its entries marked, and a row found with the same key, acceptance time and upload is recognised as the entry's own:
 * {@code ADDED}, not inserted again, not mistaken for a duplicate. The unique key would refuse a second row in any
 * case.
 *
 * <h2>Failures: unavailable, not refused</h2>
 * A failover is not the conversions' fault. A database that is down or unreachable, <b>read-only</b> (PostgreSQL's
 * SQLState class 25, as when a failover reaches the old primary or a standby is promoted late; MySQL's and MariaDB's
 * errors 1290, 1836 and 1792; H2's 90097), out of disk, memory or connections (PostgreSQL class 53, MySQL 1114 "table
 * full" and 1021, H2's I/O errors), shutting down (PostgreSQL 57P, MySQL 1053, H2 90098 and 90121), behind a lock or
 * statement timeout, or in serialization failures or deadlocks that do not end (class 40, MySQL 1213, tried again at
 * once a few times first) is <i>unavailable</i>: what it could not take is held in the spill and written when it can,
 * each conversion once, and reports meanwhile answer {@code HELD} (never {@code OUTBOX_FULL} unless the spill is full,
 * never an exception). So is any other failure that is not a data error (a table dropped by hand, a permission
 * revoked): an operator fixes those, and nothing is lost meanwhile.
 *
 * <p>Only a data error (SQLState class 22 or 23: a value or constraint the database refuses; MySQL's 1366, 3819 …)
 * is about the conversion, and only for a conversion that fails <i>alone</i> (a batch that fails so is split until it
 * does). It is dead-lettered, kept and visible, never dropped: a {@code DEAD} row with its upload stored as ASCII JSON
 * (the same upload once read back); if that row is refused too, one with its click id and trans_id replaced by
 * digests (the upload still holds them); if even that is refused, in this JVM's memory (at most 1,000, listed,
 * counted and found with the others as {@code m1}, {@code m2} …, lost with the JVM, and said so at close). Each is
 * logged once at SEVERE, naming the conversion, and {@code add} answers {@code DEAD_LETTERED} (the report
 * {@code INVALID}). A row is what the CLI, the other nodes and the metrics see, which an in-memory list alone would
 * not be. The insert itself never relies on a caught unique-key violation: each dialect's insert-if-absent skips a
 * row whose key is taken (PostgreSQL {@code ON CONFLICT DO NOTHING}, MySQL {@code ON DUPLICATE KEY UPDATE id = id},
 * H2 {@code MERGE … WHEN NOT MATCHED}).
 *
 * <p>Settling is retried too: a batch of settles (delivered, retry, dead, expired) that fails is written again at
 * once after a conflict, split in halves after a data error (so that one broken settle does not make the dispatcher
 * send the whole batch again), and written again with a backoff while the database is unavailable, for as long as
 * the claim's lease lasts (the claim token carries the lease's end). Past it the settle fails and the lease lapses:
 * the entry is then sent again once the database answers, which is the claim contract. While claims fail, the dispatcher logs once at WARNING and once at INFO when the
 * outbox answers again.
 *
 * <h2>The transactional outbox</h2>
 * When the outbox lives in the application's own database and the report is made inside the application's
 * transaction ({@link io.qhtrack.core.jdbc.JdbcOutbox#joining(java.sql.Connection)} for plain JDBC, a
 * {@link io.qhtrack.core.jdbc.TransactionJoiner} such as the Spring Boot starter's for {@code @Transactional}), the
 * conversion's row is written in that transaction, on the reporting thread: it commits or rolls back with the lead,
 * and the add answers {@code JOINED} (the report {@code QUEUED}, and the tracker does not remember it as reported:
 * the transaction may still roll back, and its retry is no repeat). The application's transaction is never broken by
 * it:
 * <ul>
 *   <li>the statements are the outbox's own (lock the click's row, read its rows, insert), de-duplicating with the
 *       dialect's insert-if-absent, never a caught unique-key violation (PostgreSQL aborts the whole transaction on
 *       one);</li>
 *   <li>they run under a savepoint: on any failure the transaction is rolled back to it, and the conversion is
 *       written by the outbox itself (group commit), and so reported whatever the transaction does;</li>
 *   <li>each has the statement timeout; the per-click limit holds, and the click's lock row is held until the
 *       application's transaction ends (another report for the same click and event waits for it, within the
 *       timeout); on MySQL above READ COMMITTED the click's rows are read with a shared lock.</li>
 * </ul>
 * A connection with auto-commit on is in no transaction, and nothing is joined. The dispatcher learns of the row when
 * the transaction commits if the joiner can tell it ({@link io.qhtrack.core.jdbc.TransactionJoiner#afterCommit}; the
 * Spring one does), else at its next look.
 *
 * <h2>Capacity</h2>
 * {@code qhtrack.outbox.capacity} bounds the pending rows (default 1,000,000; {@code JdbcOutbox.UNBOUNDED} for no
 * bound). The pending rows are counted in the database off the request path (by the dispatcher's claims: every second
 * when the outbox is more than half full, every ten seconds otherwise) and kept up to date with this node's adds and
 * settlements in between; so other nodes may exceed it slightly. The browser's use (its pending rows and click locks)
 * is counted with them, from the indexes on ({@code state}, {@code origin}, …) and ({@code origin}, {@code deadline}).
 *
 * <h2>Dialects</h2>
 * {@link io.qhtrack.core.jdbc.Dialect}: PostgreSQL 9.5+, MySQL 8 / MariaDB (InnoDB) and H2 2.x, detected from the
 * connection (or set with {@code qhtrack.outbox.dialect}). They differ in their schema script, in how a query is
 * limited, in how a duplicate key is reported, in how a click is locked and read, and in whether {@code SKIP LOCKED} is
 * used for claims.
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
 * scripts only create what is absent (so an outbox table made by an earlier version gets its {@code _clicks} table
 * then), and tables of an earlier version get the {@code origin} column (existing rows read as {@code SERVER}) and its
 * index ({@code ALTER TABLE … ADD COLUMN origin VARCHAR(8) NOT NULL DEFAULT 'SERVER'}; the old index
 * {@code <table>_due} is no longer used and may be dropped). They ship in the jar as
 * {@code /io/qhtrack/core/jdbc/schema/postgresql.sql}, {@code mysql.sql} and {@code h2.sql}
 * ({@link io.qhtrack.core.jdbc.Dialect#schemaResource()}). Applications that manage their schema with
 * Flyway or Liquibase can run the script as a migration instead, with {@code ${table}} replaced by the table name (by
 * hand, or as a placeholder: Flyway's {@code flyway.placeholders.table}), and set
 * {@code qhtrack.outbox.create-schema=false}; the outbox then only checks that both tables have their columns, and a
 * missing {@code origin} column fails the start-up naming the statements to run.
 *
 * <h2>Secrets</h2>
 * A password, given apart or inside the JDBC URL, is used only to connect: it never appears in a message, a log, a
 * {@code toString()} or the causes of an exception. Every parameter whose name holds {@code password},
 * {@code passwd}, {@code pwd}, {@code secret} or {@code token} ({@code password1}/{@code password2} of MySQL's
 * multi-factor authentication, {@code sslpassword}, key and trust store passwords, H2's {@code PASSWORD=} …) is
 * hidden, plain, in braces or quoted, and so is the user information of {@code //user:password@host}.
 */
package io.qhtrack.core.jdbc;
