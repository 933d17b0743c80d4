-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: create index events_score_hash on events
DROP INDEX events_score_hash;

-- undo: create index events_kind_cover on events
DROP INDEX events_kind_cover;

-- undo: create index events_kind_coll on events
DROP INDEX events_kind_coll;

-- undo: create index events_kind_at on events
DROP INDEX events_kind_at;

-- undo: create index events_body_ops on events
DROP INDEX events_body_ops;

-- undo: create index events_at_fill on events
DROP INDEX events_at_fill;

-- undo: drop index events_score_hash on events
CREATE INDEX events_score_hash ON events (score);

-- undo: drop index events_kind_cover on events
CREATE INDEX events_kind_cover ON events (kind);

-- undo: drop index events_kind_coll on events
CREATE INDEX events_kind_coll ON events (kind);

-- undo: drop index events_kind_at on events
CREATE INDEX events_kind_at ON events (kind, at);

-- undo: drop index events_body_ops on events
CREATE INDEX events_body_ops ON events (body);

-- undo: drop index events_at_fill on events
CREATE INDEX events_at_fill ON events (at);
