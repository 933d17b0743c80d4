CREATE TYPE old_status AS ENUM ('new', 'done');
CREATE TABLE tasks (id bigint PRIMARY KEY, status old_status NOT NULL, history old_status[] NOT NULL DEFAULT '{}');
INSERT INTO tasks VALUES (1, 'new', '{new}'), (2, 'done', '{new,done}');
