-- Undoes the up file, in reverse order: `sqlmap migrate down`.

-- undo: rename column users.name to full_name
ALTER TABLE users RENAME COLUMN full_name TO name;
