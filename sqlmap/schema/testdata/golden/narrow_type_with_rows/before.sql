CREATE TABLE posts (
    id bigint PRIMARY KEY,
    title varchar(200) NOT NULL,
    code text NOT NULL,
    votes integer NOT NULL,
    price numeric(10,2) NOT NULL
);
-- Each row has one value the models' narrower types cannot hold.
INSERT INTO posts VALUES (1, repeat('t', 150), 'ok', 1, 1.50);
INSERT INTO posts VALUES (2, 'short', 'far too long a code', 1, 1.50);
INSERT INTO posts VALUES (3, 'short', 'ok', 70000, 1.50);
INSERT INTO posts VALUES (4, 'short', 'ok', 1, 12345.67);
