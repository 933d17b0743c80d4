CREATE TABLE events (
    id bigint PRIMARY KEY,
    kind text NOT NULL,
    at timestamptz NOT NULL,
    body text,
    score integer
);
CREATE INDEX events_kind_at ON events (kind, at);
CREATE INDEX events_kind_cover ON events (kind);
CREATE INDEX events_at_fill ON events (at);
CREATE INDEX events_body_ops ON events (body);
CREATE INDEX events_kind_coll ON events (kind);
CREATE INDEX events_score_hash ON events (score);
CREATE INDEX events_same ON events (score DESC);
INSERT INTO events VALUES (1, 'a', now(), 'x', 1), (2, 'b', now(), NULL, NULL);
