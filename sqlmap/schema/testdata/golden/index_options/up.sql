-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- drop index events_cover on events
DROP INDEX events_cover;

-- drop index events_kind_at on events
DROP INDEX events_kind_at;

-- create index events_coll on events
-- CAUTION: building index events_coll blocks writes to events until it is done: for a large table, build it with CREATE INDEX CONCURRENTLY in a migration of its own marked -- sqlmap:no-transaction
CREATE INDEX events_coll ON events (kind COLLATE "C");

-- create index events_cover on events
-- CAUTION: building index events_cover blocks writes to events until it is done: for a large table, build it with CREATE INDEX CONCURRENTLY in a migration of its own marked -- sqlmap:no-transaction
CREATE INDEX events_cover ON events (kind) INCLUDE (score);

-- create index events_fill on events
-- CAUTION: building index events_fill blocks writes to events until it is done: for a large table, build it with CREATE INDEX CONCURRENTLY in a migration of its own marked -- sqlmap:no-transaction
CREATE INDEX events_fill ON events (at) WITH (fillfactor='70');

-- create index events_hash on events
-- CAUTION: building index events_hash blocks writes to events until it is done: for a large table, build it with CREATE INDEX CONCURRENTLY in a migration of its own marked -- sqlmap:no-transaction
CREATE INDEX events_hash ON events USING hash (score);

-- create index events_kind_at on events
-- CAUTION: building index events_kind_at blocks writes to events until it is done: for a large table, build it with CREATE INDEX CONCURRENTLY in a migration of its own marked -- sqlmap:no-transaction
CREATE INDEX events_kind_at ON events (kind, at DESC NULLS LAST);

-- create index events_lower on events
-- CAUTION: building index events_lower blocks writes to events until it is done: for a large table, build it with CREATE INDEX CONCURRENTLY in a migration of its own marked -- sqlmap:no-transaction
CREATE INDEX events_lower ON events (lower(body) DESC) WHERE score > 0;

-- create index events_ops on events
-- CAUTION: building index events_ops blocks writes to events until it is done: for a large table, build it with CREATE INDEX CONCURRENTLY in a migration of its own marked -- sqlmap:no-transaction
CREATE INDEX events_ops ON events (body text_pattern_ops);
