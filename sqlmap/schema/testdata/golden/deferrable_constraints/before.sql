CREATE TABLE nodes (
    id bigint PRIMARY KEY,
    parent_id bigint REFERENCES nodes(id),
    pos integer NOT NULL,
    CONSTRAINT nodes_pos_key UNIQUE (pos)
);
INSERT INTO nodes VALUES (1, NULL, 1), (2, 1, 2);
