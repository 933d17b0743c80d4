CREATE TABLE users (
    id bigint PRIMARY KEY,
    email text,
    nick text NOT NULL,
    status text NOT NULL DEFAULT 'new',
    score integer DEFAULT 0
);
INSERT INTO users VALUES (1, 'a@example.com', 'a', 'new', 1);
