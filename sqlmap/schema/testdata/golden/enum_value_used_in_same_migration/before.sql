CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE TABLE people (id bigint PRIMARY KEY, mood mood NOT NULL DEFAULT 'sad');
INSERT INTO people VALUES (1, 'happy');
