-- sqlmap:no-transaction
-- The second half of an online migration: it runs statement by statement, without a transaction, after the first.

-- alter column users.nick: set not null
ALTER TABLE users VALIDATE CONSTRAINT sqlmap_nn_nick;
ALTER TABLE users ALTER COLUMN nick SET NOT NULL;
ALTER TABLE users DROP CONSTRAINT sqlmap_nn_nick;

-- add check constraint users_age_check on users
ALTER TABLE users VALIDATE CONSTRAINT users_age_check;

-- replace index posts_title_idx on posts
CREATE INDEX CONCURRENTLY sqlmap_new_posts_title_idx ON posts (lower(title));
DROP INDEX CONCURRENTLY posts_title_idx;
ALTER INDEX sqlmap_new_posts_title_idx RENAME TO posts_title_idx;

-- create index users_email_idx on users
CREATE INDEX CONCURRENTLY users_email_idx ON users (email);

-- add foreign key posts_user_id_fkey on posts
ALTER TABLE posts VALIDATE CONSTRAINT posts_user_id_fkey;
