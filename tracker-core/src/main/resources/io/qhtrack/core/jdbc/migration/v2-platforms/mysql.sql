-- qhtrack JDBC outbox, MySQL 8 / MariaDB: from a table of a version before the platform seam (360 only) to one that
-- holds every platform's conversions. ${table} is the table name (qhtrack.outbox.table, default qhtrack_outbox); with
-- Flyway, copy this file as V<n>__qhtrack_platforms.sql and set the placeholder table (flyway.placeholders.table).
-- qhtrack runs the same statements at start-up when qhtrack.outbox.create-schema is true (the default).
-- Existing rows are 360's, for the default tenant, and keep their upload exactly. Nodes of the earlier version go on
-- adding and sending 360's rows meanwhile (MySQL's ON DUPLICATE KEY takes any unique key).
ALTER TABLE ${table} ADD COLUMN platform VARBINARY(16) NOT NULL DEFAULT 'qihoo360', ADD COLUMN tenant VARBINARY(64) NOT NULL DEFAULT 'default', ADD COLUMN event_time BIGINT, DROP INDEX ${table}_key, ADD CONSTRAINT ${table}_key UNIQUE (platform, tenant, line, click_id, event, trans_id, deadline);
ALTER TABLE ${table}_clicks ADD COLUMN platform VARBINARY(16) NOT NULL DEFAULT 'qihoo360', ADD COLUMN tenant VARBINARY(64) NOT NULL DEFAULT 'default', DROP PRIMARY KEY, ADD PRIMARY KEY (platform, tenant, line, click_id, event, deadline);
