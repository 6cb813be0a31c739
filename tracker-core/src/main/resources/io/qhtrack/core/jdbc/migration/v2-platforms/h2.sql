-- qhtrack JDBC outbox, H2 2.x: from a table of a version before the platform seam (360 only) to one that holds every
-- platform's conversions. ${table} is the table name (qhtrack.outbox.table, default qhtrack_outbox); with Flyway, copy
-- this file as V<n>__qhtrack_platforms.sql and set the placeholder table (flyway.placeholders.table).
-- qhtrack runs the same statements at start-up when qhtrack.outbox.create-schema is true (the default).
-- Existing rows are 360's, for the default tenant, and keep their upload exactly. Running it again after a failure
-- finishes what is left: the column platform comes last, with the key that names it.
ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS event_time BIGINT;
ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS tenant VARCHAR(64) DEFAULT 'default' NOT NULL;
ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${table}_key;
ALTER TABLE ${table} ADD (platform VARCHAR(16) DEFAULT 'qihoo360' NOT NULL, CONSTRAINT ${table}_key UNIQUE (platform, tenant, line, click_id, event, trans_id, deadline));
ALTER TABLE ${table}_clicks ADD COLUMN IF NOT EXISTS tenant VARCHAR(64) DEFAULT 'default' NOT NULL;
ALTER TABLE ${table}_clicks DROP CONSTRAINT IF EXISTS ${table}_clicks_key;
ALTER TABLE ${table}_clicks ADD (platform VARCHAR(16) DEFAULT 'qihoo360' NOT NULL, CONSTRAINT ${table}_clicks_key PRIMARY KEY (platform, tenant, line, click_id, event, deadline));
