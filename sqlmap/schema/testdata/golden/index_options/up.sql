-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- drop index events_cover on events
DROP INDEX events_cover;

-- drop index events_kind_at on events
DROP INDEX events_kind_at;

-- create index events_coll on events
CREATE INDEX events_coll ON events (kind COLLATE "C");

-- create index events_cover on events
CREATE INDEX events_cover ON events (kind) INCLUDE (score);

-- create index events_fill on events
CREATE INDEX events_fill ON events (at) WITH (fillfactor='70');

-- create index events_hash on events
CREATE INDEX events_hash ON events USING hash (score);

-- create index events_kind_at on events
CREATE INDEX events_kind_at ON events (kind, at DESC NULLS LAST);

-- create index events_lower on events
CREATE INDEX events_lower ON events (lower(body) DESC) WHERE score > 0;

-- create index events_ops on events
CREATE INDEX events_ops ON events (body text_pattern_ops);
