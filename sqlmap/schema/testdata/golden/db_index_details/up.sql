-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- drop index events_at_fill on events
DROP INDEX events_at_fill;

-- drop index events_body_ops on events
DROP INDEX events_body_ops;

-- drop index events_kind_at on events
DROP INDEX events_kind_at;

-- drop index events_kind_coll on events
DROP INDEX events_kind_coll;

-- drop index events_kind_cover on events
DROP INDEX events_kind_cover;

-- drop index events_score_hash on events
DROP INDEX events_score_hash;

-- create index events_at_fill on events
-- CAUTION: building index events_at_fill blocks writes to events until it is done: for a large table, build it with CREATE INDEX CONCURRENTLY in a migration of its own marked -- sqlmap:no-transaction
CREATE INDEX events_at_fill ON events (at) WITH (fillfactor='70');

-- create index events_body_ops on events
-- CAUTION: building index events_body_ops blocks writes to events until it is done: for a large table, build it with CREATE INDEX CONCURRENTLY in a migration of its own marked -- sqlmap:no-transaction
CREATE INDEX events_body_ops ON events (body text_pattern_ops);

-- create index events_kind_at on events
-- CAUTION: building index events_kind_at blocks writes to events until it is done: for a large table, build it with CREATE INDEX CONCURRENTLY in a migration of its own marked -- sqlmap:no-transaction
CREATE INDEX events_kind_at ON events (kind, at DESC NULLS LAST);

-- create index events_kind_coll on events
-- CAUTION: building index events_kind_coll blocks writes to events until it is done: for a large table, build it with CREATE INDEX CONCURRENTLY in a migration of its own marked -- sqlmap:no-transaction
CREATE INDEX events_kind_coll ON events (kind COLLATE "C");

-- create index events_kind_cover on events
-- CAUTION: building index events_kind_cover blocks writes to events until it is done: for a large table, build it with CREATE INDEX CONCURRENTLY in a migration of its own marked -- sqlmap:no-transaction
CREATE INDEX events_kind_cover ON events (kind) INCLUDE (score);

-- create index events_score_hash on events
-- CAUTION: building index events_score_hash blocks writes to events until it is done: for a large table, build it with CREATE INDEX CONCURRENTLY in a migration of its own marked -- sqlmap:no-transaction
CREATE INDEX events_score_hash ON events USING hash (score);
