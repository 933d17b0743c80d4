-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- add column users.password
ALTER TABLE users ADD COLUMN password character varying(120);

-- add unique constraint users_password_key on users
ALTER TABLE users ADD CONSTRAINT users_password_key UNIQUE (password);
