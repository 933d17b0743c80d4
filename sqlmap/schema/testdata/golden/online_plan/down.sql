-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: add foreign key posts_user_id_fkey on posts
ALTER TABLE posts DROP CONSTRAINT posts_user_id_fkey;

-- undo: add check constraint users_age_check on users
ALTER TABLE users DROP CONSTRAINT users_age_check;

-- undo: alter column users.nick: set not null
ALTER TABLE users DROP CONSTRAINT sqlmap_nn_nick;
