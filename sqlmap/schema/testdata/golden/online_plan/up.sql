-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- alter column users.nick: set not null
-- CAUTION: the second migration's VALIDATE fails if a row of users holds NULL in nick: backfill it between the two
ALTER TABLE users ADD CONSTRAINT sqlmap_nn_nick CHECK (nick IS NOT NULL) NOT VALID;

-- add check constraint users_age_check on users
ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age >= 0) NOT VALID;

-- add foreign key posts_user_id_fkey on posts
ALTER TABLE posts ADD CONSTRAINT posts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) NOT VALID;
