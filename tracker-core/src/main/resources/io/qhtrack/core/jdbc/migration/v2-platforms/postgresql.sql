-- qhtrack JDBC outbox, PostgreSQL: from a table of a version before the platform seam (360 only) to one that holds
-- every platform's conversions. ${table} is the table name (qhtrack.outbox.table, default qhtrack_outbox); with
-- Flyway, copy this file as V<n>__qhtrack_platforms.sql and set the placeholder table (flyway.placeholders.table).
-- qhtrack runs the same statements at start-up when qhtrack.outbox.create-schema is true (the default).
-- Existing rows are 360's, for the default tenant, and keep their upload exactly; each statement is one transaction.
-- Nodes of the earlier version go on sending 360's rows; on PostgreSQL they can no longer add rows once the unique
-- key has changed (their ON CONFLICT names the old key): upgrade every node, or let them finish before this runs.
ALTER TABLE ${table} ADD COLUMN platform VARCHAR(16) NOT NULL DEFAULT 'qihoo360', ADD COLUMN tenant VARCHAR(64) NOT NULL DEFAULT 'default', ADD COLUMN event_time BIGINT, DROP CONSTRAINT ${table}_key, ADD CONSTRAINT ${table}_key UNIQUE (platform, tenant, line, click_id, event, trans_id, deadline);
ALTER TABLE ${table}_clicks ADD COLUMN platform VARCHAR(16) NOT NULL DEFAULT 'qihoo360', ADD COLUMN tenant VARCHAR(64) NOT NULL DEFAULT 'default', DROP CONSTRAINT ${table}_clicks_key, ADD CONSTRAINT ${table}_clicks_key PRIMARY KEY (platform, tenant, line, click_id, event, deadline);
