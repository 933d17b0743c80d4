-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- drop foreign key posts_user_id_fkey on posts
ALTER TABLE posts DROP CONSTRAINT posts_user_id_fkey;

-- add column users.best_post_id
ALTER TABLE users ADD COLUMN best_post_id bigint;

-- add foreign key posts_user_id_fkey on posts
ALTER TABLE posts ADD CONSTRAINT posts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;

-- add foreign key users_best_post_id_fkey on users
ALTER TABLE users ADD CONSTRAINT users_best_post_id_fkey FOREIGN KEY (best_post_id) REFERENCES posts(id) ON DELETE SET NULL;
