CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, kind text NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE INDEX events_kind_idx ON events (kind);
CREATE TABLE marks (
    id bigint PRIMARY KEY,
    event_id bigint NOT NULL,
    event_at date NOT NULL,
    note text,
    FOREIGN KEY (event_id, event_at) REFERENCES events (id, at)
);
CREATE TABLE readings (sensor int NOT NULL, at timestamptz NOT NULL, value float8) PARTITION BY LIST (sensor);
