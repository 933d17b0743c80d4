-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: drop column users.bio
-- IRREVERSIBLE: the column users.bio comes back, its data does not
ALTER TABLE users ADD COLUMN bio text NOT NULL DEFAULT ''::text;
COMMENT ON COLUMN users.bio IS 'About me';
