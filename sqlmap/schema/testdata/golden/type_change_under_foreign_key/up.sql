-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- drop foreign key posts_user_id_fkey on posts
ALTER TABLE posts DROP CONSTRAINT posts_user_id_fkey;

-- alter column posts.user_id: type integer → text
ALTER TABLE posts ALTER COLUMN user_id TYPE text;

-- alter column users.id: type integer → text
ALTER TABLE users ALTER COLUMN id TYPE text;

-- add foreign key posts_user_id_fkey on posts
ALTER TABLE posts ADD CONSTRAINT posts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;
