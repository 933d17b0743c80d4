-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: create index events_ops on events
DROP INDEX events_ops;

-- undo: create index events_lower on events
DROP INDEX events_lower;

-- undo: create index events_kind_at on events
DROP INDEX events_kind_at;

-- undo: create index events_hash on events
DROP INDEX events_hash;

-- undo: create index events_fill on events
DROP INDEX events_fill;

-- undo: create index events_cover on events
DROP INDEX events_cover;

-- undo: create index events_coll on events
DROP INDEX events_coll;

-- undo: drop index events_kind_at on events
CREATE INDEX events_kind_at ON events (kind, at);

-- undo: drop index events_cover on events
CREATE INDEX events_cover ON events (kind);
