-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.

-- drop unique constraint users_email_key on users
ALTER TABLE users DROP CONSTRAINT users_email_key;

-- drop index users_old_idx on users
DROP INDEX users_old_idx;

-- drop check constraint users_org_check on users
ALTER TABLE users DROP CONSTRAINT users_org_check;

-- add check constraint users_org_not_blank on users
ALTER TABLE users ADD CONSTRAINT users_org_not_blank CHECK (length(org) > 0 OR deleted);

-- add unique constraint users_org_username on users
ALTER TABLE users ADD CONSTRAINT users_org_username UNIQUE (org, username);

-- create index users_live_by_org on users
CREATE INDEX users_live_by_org ON users (org) WHERE NOT deleted;

-- create index users_lower_email on users
CREATE INDEX users_lower_email ON users (lower(email::text));
