-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: add foreign key posts_user_id_fkey on posts
ALTER TABLE posts DROP CONSTRAINT posts_user_id_fkey;

-- undo: alter column users.id: type integer → text
-- CAUTION: changes users.id back from text to integer, which converts with an explicit cast (USING id::integer), there being no assignment cast: it fails on values that do not convert, and may turn others into values you do not expect (check it on a copy of the data)
ALTER TABLE users ALTER COLUMN id TYPE integer USING id::integer;
ANALYZE users (id);

-- undo: alter column posts.user_id: type integer → text
-- CAUTION: changes posts.user_id back from text to integer, which converts with an explicit cast (USING user_id::integer), there being no assignment cast: it fails on values that do not convert, and may turn others into values you do not expect (check it on a copy of the data)
ALTER TABLE posts ALTER COLUMN user_id TYPE integer USING user_id::integer;
ANALYZE posts (user_id);

-- undo: drop foreign key posts_user_id_fkey on posts
-- CAUTION: re-adds foreign key posts_user_id_fkey, which fails if rows written since the up break it
ALTER TABLE posts ADD CONSTRAINT posts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;
