-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- drop foreign key posts_user_id_fkey on posts
ALTER TABLE posts DROP CONSTRAINT posts_user_id_fkey;

-- alter column posts.user_id: type integer → text
-- CAUTION: changing the type of posts.user_id rewrites posts, every row copied under an ACCESS EXCLUSIVE lock (reads and writes wait)
ALTER TABLE posts ALTER COLUMN user_id TYPE text;
ANALYZE posts (user_id);

-- alter column users.id: type integer → text
-- CAUTION: changing the type of users.id rewrites users, every row copied under an ACCESS EXCLUSIVE lock (reads and writes wait)
ALTER TABLE users ALTER COLUMN id TYPE text;
ANALYZE users (id);

-- add foreign key posts_user_id_fkey on posts
-- CAUTION: adding foreign key posts_user_id_fkey checks every row of posts, blocking writes to it and to users
ALTER TABLE posts ADD CONSTRAINT posts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;
