-- qhtrack JDBC outbox, MySQL 8 / MariaDB 10.6+ (InnoDB). ${table} is replaced by the configured table name
-- (qhtrack.outbox.table, default qhtrack_outbox). Times are epoch milliseconds (UTC).
-- upload holds the unsigned conversion (no secret, no request_time); the signature is made at each send.
-- origin is SERVER (the application's own code) or BROWSER (a browser event): claims take due SERVER rows first, and
-- BROWSER rows (with the per-click locks they create) hold at most qhtrack.outbox.browser-share of the capacity.
-- The key columns are VARBINARY so that the unique key compares exactly: MySQL's default collations ignore
-- case and trailing spaces, which would make two different click ids or trans_ids collide.
-- MySQL has no CREATE INDEX IF NOT EXISTS, so the index is declared in the table.
CREATE TABLE IF NOT EXISTS ${table} (
    id              BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    line            VARBINARY(8)   NOT NULL,
    click_id        VARBINARY(512) NOT NULL,
    event           VARBINARY(64)  NOT NULL,
    trans_id        VARBINARY(512) NOT NULL DEFAULT '',
    upload          TEXT          NOT NULL,
    state           VARCHAR(16)   NOT NULL,
    origin          VARCHAR(8)    NOT NULL DEFAULT 'SERVER',
    accepted_at     BIGINT        NOT NULL,
    deadline        BIGINT        NOT NULL,
    attempts        INT           NOT NULL DEFAULT 0,
    next_attempt_at BIGINT        NOT NULL,
    last_error      VARCHAR(1000),
    claim           VARCHAR(64),
    lease_until     BIGINT,
    CONSTRAINT ${table}_key UNIQUE (line, click_id, event, trans_id, deadline),
    INDEX ${table}_claim (state, origin, next_attempt_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
-- One row per (line, click, event, natural day) that has conversions: the per-click limit's lock. Adding a conversion
-- first locks its click's row (creating it when absent), so that nodes sharing the database count the click's rows one
-- at a time and qhtrack.limit.per-click holds across all of them.
CREATE TABLE IF NOT EXISTS ${table}_clicks (
    line            VARBINARY(8)   NOT NULL,
    click_id        VARBINARY(512) NOT NULL,
    event           VARBINARY(64)  NOT NULL,
    deadline        BIGINT        NOT NULL,
    origin          VARCHAR(8)    NOT NULL DEFAULT 'SERVER',
    CONSTRAINT ${table}_clicks_key PRIMARY KEY (line, click_id, event, deadline),
    INDEX ${table}_clicks_day (deadline),
    INDEX ${table}_clicks_origin (origin, deadline)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
