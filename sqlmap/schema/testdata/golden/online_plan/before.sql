CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, nick text, age integer);
CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint NOT NULL, title text NOT NULL);
CREATE INDEX posts_title_idx ON posts (title);
INSERT INTO users VALUES (1, 'a@x', 'ann', 30), (2, 'b@x', 'bob', 40);
INSERT INTO posts VALUES (10, 1, 'hello'), (11, 2, 'again');
