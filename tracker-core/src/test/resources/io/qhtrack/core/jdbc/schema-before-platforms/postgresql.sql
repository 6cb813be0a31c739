-- qhtrack JDBC outbox, PostgreSQL 9.5+. ${table} is replaced by the configured table name
-- (qhtrack.outbox.table, default qhtrack_outbox). Times are epoch milliseconds (UTC).
-- upload holds the unsigned conversion (no secret, no request_time); the signature is made at each send.
-- origin is SERVER (the application's own code) or BROWSER (a browser event): claims take due SERVER rows first, and
-- BROWSER rows (with the per-click locks they create) hold at most qhtrack.outbox.browser-share of the capacity.
CREATE TABLE IF NOT EXISTS ${table} (
    id              BIGSERIAL     PRIMARY KEY,
    line            VARCHAR(8)    NOT NULL,
    click_id        VARCHAR(256)  NOT NULL,
    event           VARCHAR(64)   NOT NULL,
    trans_id        VARCHAR(256)  NOT NULL DEFAULT '',
    upload          TEXT          NOT NULL,
    state           VARCHAR(16)   NOT NULL,
    origin          VARCHAR(8)    NOT NULL DEFAULT 'SERVER',
    accepted_at     BIGINT        NOT NULL,
    deadline        BIGINT        NOT NULL,
    attempts        INTEGER       NOT NULL DEFAULT 0,
    next_attempt_at BIGINT        NOT NULL,
    last_error      VARCHAR(1000),
    claim           VARCHAR(64),
    lease_until     BIGINT,
    CONSTRAINT ${table}_key UNIQUE (line, click_id, event, trans_id, deadline)
);
CREATE INDEX IF NOT EXISTS ${table}_claim ON ${table} (state, origin, next_attempt_at, id);
-- One row per (line, click, event, natural day) that has conversions: the per-click limit's lock. Adding a conversion
-- first locks its click's row (creating it when absent), so that nodes sharing the database count the click's rows one
-- at a time and qhtrack.limit.per-click holds across all of them.
CREATE TABLE IF NOT EXISTS ${table}_clicks (
    line            VARCHAR(8)    NOT NULL,
    click_id        VARCHAR(256)  NOT NULL,
    event           VARCHAR(64)   NOT NULL,
    deadline        BIGINT        NOT NULL,
    origin          VARCHAR(8)    NOT NULL DEFAULT 'SERVER',
    CONSTRAINT ${table}_clicks_key PRIMARY KEY (line, click_id, event, deadline)
);
CREATE INDEX IF NOT EXISTS ${table}_clicks_day ON ${table}_clicks (deadline);
CREATE INDEX IF NOT EXISTS ${table}_clicks_origin ON ${table}_clicks (origin, deadline);
