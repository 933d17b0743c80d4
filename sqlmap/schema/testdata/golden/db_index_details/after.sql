CREATE TABLE events (
    id bigint PRIMARY KEY,
    kind text NOT NULL,
    at timestamptz NOT NULL,
    body text,
    score integer
);
CREATE INDEX events_kind_at ON events (kind, at DESC NULLS LAST);
CREATE INDEX events_kind_cover ON events (kind) INCLUDE (score);
CREATE INDEX events_at_fill ON events (at) WITH (fillfactor = 70);
CREATE INDEX events_body_ops ON events (body text_pattern_ops);
CREATE INDEX events_kind_coll ON events (kind COLLATE "C");
CREATE INDEX events_score_hash ON events USING hash (score);
CREATE INDEX events_same ON events (score DESC);
