-- sqlmap:no-transaction
-- Undoes the second half of an online migration, statement by statement.

-- undo: add foreign key posts_user_id_fkey on posts
ALTER TABLE posts DROP CONSTRAINT posts_user_id_fkey;
ALTER TABLE posts ADD CONSTRAINT posts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) NOT VALID;

-- undo: create index users_email_idx on users
DROP INDEX CONCURRENTLY users_email_idx;

-- undo: replace index posts_title_idx on posts
CREATE INDEX CONCURRENTLY sqlmap_old_posts_title_idx ON posts (title);
DROP INDEX CONCURRENTLY posts_title_idx;
ALTER INDEX sqlmap_old_posts_title_idx RENAME TO posts_title_idx;

-- undo: add check constraint users_age_check on users
ALTER TABLE users DROP CONSTRAINT users_age_check;
ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age >= 0) NOT VALID;

-- undo: alter column users.nick: set not null
ALTER TABLE users ALTER COLUMN nick DROP NOT NULL;
ALTER TABLE users ADD CONSTRAINT sqlmap_nn_nick CHECK (nick IS NOT NULL) NOT VALID;
