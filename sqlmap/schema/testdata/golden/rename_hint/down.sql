-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: drop column users.name
-- IRREVERSIBLE: the column users.name comes back, its data does not
ALTER TABLE users ADD COLUMN name text;

-- undo: add column users.full_name
ALTER TABLE users DROP COLUMN full_name;
