-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: drop column users.legacy_code
-- IRREVERSIBLE: the column users.legacy_code comes back, its data does not
-- CAUTION: re-adds users.legacy_code NOT NULL without a default, which fails while users has rows: give the ADD COLUMN a DEFAULT (and DROP DEFAULT after it) before running this down on a table with rows
ALTER TABLE users ADD COLUMN legacy_code text NOT NULL;

-- undo: drop column users.bio
-- IRREVERSIBLE: the column users.bio comes back, its data does not
ALTER TABLE users ADD COLUMN bio text NOT NULL DEFAULT ''::text;
COMMENT ON COLUMN users.bio IS 'About me';
