-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: add foreign key posts_user_id_fkey on posts
ALTER TABLE posts DROP CONSTRAINT posts_user_id_fkey;

-- undo: drop unique constraint accounts_name_key on users
-- CAUTION: re-adds unique constraint accounts_name_key, which fails if rows written since the up break it
ALTER TABLE users ADD CONSTRAINT accounts_name_key UNIQUE (full_name);

-- undo: drop unique constraint accounts_email_key on users
-- CAUTION: re-adds unique constraint accounts_email_key, which fails if rows written since the up break it
ALTER TABLE users ADD CONSTRAINT accounts_email_key UNIQUE (email);

-- undo: drop foreign key posts_user_id_fkey on posts
-- CAUTION: re-adds foreign key posts_user_id_fkey, which fails if rows written since the up break it
ALTER TABLE posts ADD CONSTRAINT posts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id);

-- undo: rename column users.name to full_name
ALTER TABLE users RENAME COLUMN full_name TO name;

-- undo: rename table accounts to users
ALTER TABLE users RENAME TO accounts;
