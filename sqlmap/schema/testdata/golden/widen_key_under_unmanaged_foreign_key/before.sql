CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE audit (id bigint PRIMARY KEY, user_id integer REFERENCES users(id));
INSERT INTO users VALUES (1, 'ann');
INSERT INTO audit VALUES (1, 1);
