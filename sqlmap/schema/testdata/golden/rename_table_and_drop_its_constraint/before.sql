CREATE TABLE accounts (
    id bigint PRIMARY KEY,
    email text CONSTRAINT accounts_email_key UNIQUE,
    name text CONSTRAINT accounts_name_key UNIQUE
);
CREATE TABLE posts (
    id bigint PRIMARY KEY,
    user_id bigint CONSTRAINT posts_user_id_fkey REFERENCES accounts (id)
);
INSERT INTO accounts VALUES (1, 'a@x', 'a');
INSERT INTO posts VALUES (1, 1);
