CREATE TYPE mood AS ENUM ('sad', 'meh', 'ok', 'happy');
CREATE TABLE people (
    id bigint PRIMARY KEY,
    mood mood NOT NULL DEFAULT 'ok',
    past mood[] NOT NULL DEFAULT '{}'
);
CREATE INDEX people_mood_idx ON people (mood);
INSERT INTO people VALUES (1, 'meh', '{}');
