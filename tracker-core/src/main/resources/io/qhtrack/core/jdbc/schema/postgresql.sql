-- qhtrack JDBC outbox, PostgreSQL 9.5+. ${table} is replaced by the configured table name
-- (qhtrack.outbox.table, default qhtrack_outbox). Times are epoch milliseconds (UTC).
-- platform and tenant say whose conversion it is (rows of versions before them are 360's, for the default tenant);
-- line, event and trans_id are the platform's line id, event and conversion key; upload holds the platform's stored
-- form of the conversion (360's: the body without request_time), never a secret: the request is made at each send.
-- state is PENDING (360's pending rows, as earlier versions store them), QUEUED (other platforms' pending rows, which
-- earlier versions never claim), DELIVERED, DEAD, EXPIRED or PARKED (the platform refused the credentials).
-- origin is SERVER (the application's own code) or BROWSER (a browser event): claims take due SERVER rows first, and
-- BROWSER rows (with the per-click locks they create) hold at most qhtrack.outbox.browser-share of the capacity.
CREATE TABLE IF NOT EXISTS ${table} (
    id              BIGSERIAL     PRIMARY KEY,
    platform        VARCHAR(16)   NOT NULL DEFAULT 'qihoo360',
    tenant          VARCHAR(64)   NOT NULL DEFAULT 'default',
    line            VARCHAR(8)    NOT NULL,
    click_id        VARCHAR(256)  NOT NULL,
    event           VARCHAR(64)   NOT NULL,
    trans_id        VARCHAR(256)  NOT NULL DEFAULT '',
    event_time      BIGINT,
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
    CONSTRAINT ${table}_key UNIQUE (platform, tenant, line, click_id, event, trans_id, deadline)
);
CREATE INDEX IF NOT EXISTS ${table}_claim ON ${table} (state, origin, next_attempt_at, id);
-- One row per (platform, tenant, line, click, event, window) that has conversions: the per-click limit's lock.
-- Adding a conversion first locks its click's row (creating it when absent), so that nodes sharing the database
-- count the click's rows one at a time and qhtrack.limit.per-click holds across all of them.
CREATE TABLE IF NOT EXISTS ${table}_clicks (
    platform        VARCHAR(16)   NOT NULL DEFAULT 'qihoo360',
    tenant          VARCHAR(64)   NOT NULL DEFAULT 'default',
    line            VARCHAR(8)    NOT NULL,
    click_id        VARCHAR(256)  NOT NULL,
    event           VARCHAR(64)   NOT NULL,
    deadline        BIGINT        NOT NULL,
    origin          VARCHAR(8)    NOT NULL DEFAULT 'SERVER',
    CONSTRAINT ${table}_clicks_key PRIMARY KEY (platform, tenant, line, click_id, event, deadline)
);
CREATE INDEX IF NOT EXISTS ${table}_clicks_day ON ${table}_clicks (deadline);
CREATE INDEX IF NOT EXISTS ${table}_clicks_origin ON ${table}_clicks (origin, deadline);
