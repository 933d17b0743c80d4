-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- rename table accounts to users
ALTER TABLE accounts RENAME TO users;

-- rename column users.name to full_name
ALTER TABLE users RENAME COLUMN name TO full_name;

-- drop foreign key posts_user_id_fkey on posts
ALTER TABLE posts DROP CONSTRAINT posts_user_id_fkey;

-- drop unique constraint accounts_email_key on users
ALTER TABLE users DROP CONSTRAINT accounts_email_key;

-- drop unique constraint accounts_name_key on users
ALTER TABLE users DROP CONSTRAINT accounts_name_key;

-- add foreign key posts_user_id_fkey on posts
-- CAUTION: adding foreign key posts_user_id_fkey checks every row of posts, blocking writes to it and to users
ALTER TABLE posts ADD CONSTRAINT posts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;
