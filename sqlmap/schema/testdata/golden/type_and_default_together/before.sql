CREATE TABLE items (
    id bigint PRIMARY KEY,
    qty integer NOT NULL DEFAULT 0,
    code integer DEFAULT 7
);
INSERT INTO items VALUES (1, 5, 3), (2, 0, NULL);
