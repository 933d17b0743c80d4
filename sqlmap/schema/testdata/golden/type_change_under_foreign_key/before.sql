CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE posts (
    id bigint PRIMARY KEY,
    user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    title text NOT NULL
);
INSERT INTO users VALUES (1, 'ann'), (2, 'bob');
INSERT INTO posts VALUES (10, 1, 'hello'), (11, 2, 'again');
