-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: create index users_lower_email on users
DROP INDEX users_lower_email;

-- undo: create index users_live_by_org on users
DROP INDEX users_live_by_org;

-- undo: add unique constraint users_org_username on users
ALTER TABLE users DROP CONSTRAINT users_org_username;

-- undo: add check constraint users_org_not_blank on users
ALTER TABLE users DROP CONSTRAINT users_org_not_blank;

-- undo: drop check constraint users_org_check on users
-- CAUTION: re-adds check constraint users_org_check, which fails if rows written since the up break it
ALTER TABLE users ADD CONSTRAINT users_org_check CHECK (org <> 'x'::text);

-- undo: drop index users_old_idx on users
CREATE INDEX users_old_idx ON users (org, deleted);

-- undo: drop unique constraint users_email_key on users
-- CAUTION: re-adds unique constraint users_email_key, which fails if rows written since the up break it
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);
