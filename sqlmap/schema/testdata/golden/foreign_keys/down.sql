-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: add foreign key users_best_post_id_fkey on users
ALTER TABLE users DROP CONSTRAINT users_best_post_id_fkey;

-- undo: add foreign key posts_user_id_fkey on posts
ALTER TABLE posts DROP CONSTRAINT posts_user_id_fkey;

-- undo: add column users.best_post_id
ALTER TABLE users DROP COLUMN best_post_id;

-- undo: drop foreign key posts_user_id_fkey on posts
-- CAUTION: re-adds foreign key posts_user_id_fkey, which fails if rows written since the up break it
ALTER TABLE posts ADD CONSTRAINT posts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id);
